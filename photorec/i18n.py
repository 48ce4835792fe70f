"""Translations, with Qt's own machinery: ``.ts`` files made by ``pyside6-lupdate`` from the
sources, compiled to ``.qm`` by ``pyside6-lrelease`` (``python tools/update_translations.py``
does both), loaded here with QTranslator from ``photorec/resources/i18n/`` through
importlib.resources (so a wheel or a frozen build works the same), plus Qt's own
``qtbase_<lang>.qm`` from PySide6's translations folder for the standard dialogs' buttons.

Language: ``--lang`` (or the ``PHOTOREC_LANG`` environment variable) wins, else the system
locale (``QLocale.system()``: LANGUAGE/LC_ALL/LC_MESSAGES/LANG on Linux, the user's UI languages
on Windows and macOS). Any Portuguese locale gets pt_BR (the only Portuguese there is); a
language photorec has no translation for gets the English source strings.

Which calls ``pyside6-lupdate`` (6.11) finds in Python, checked by running it:

* ``self.tr("text")`` in a QObject subclass: context = the class's name. Also
  ``self.tr("text", "disambiguation")`` (and Qt's plurals ``self.tr("%n photo(s)", "", n)``,
  which photorec does not use: see "Counts" below).
  Caveat: at run time the context is the class of ``self``, so a subclass that inherits a
  method calling ``self.tr`` looks under its own name: use ``QCoreApplication.translate``
  with an explicit context in base classes that are meant to be subclassed.
* ``QCoreApplication.translate("Context", "text")`` anywhere.
* ``translate("Context", "text")`` and ``i18n.translate("Context", "text")``: this
  module's :func:`translate` (lupdate matches the bare name ``translate``).
* ``QT_TRANSLATE_NOOP("Context", "text")`` marks a string to translate later.
* Not found: any other wrapper name (``_("text")``, ``tr_cli("text")``), f-strings, strings
  built at run time, and aliases: ``tr = QCoreApplication.translate; tr("C", "t")`` is
  mis-read as a text with a comment. Put the variable parts in with ``%1``, ``%2``
  (``self.tr("%1 photos").replace("%1", str(n))``), never by formatting before the call.

Counts (one mechanism, everywhere): a word next to a number has two source strings, the text
for exactly one and the text for every other count, each a literal call lupdate finds, and
:func:`plural` picks one by ``n == 1``::

    plural(n, self.tr("%1 photo"), self.tr("%1 photos")).replace("%1", str(n))
    arg(plural(n, translate("cli", "%1 problem:"), translate("cli", "%1 problems:")), n)

Where the English does not change with the count but Portuguese does ("%1 new": "1 nova",
"2 novas"), the two share the text and differ by disambiguation, ``"one"`` and ``"other"``
(``translate("cli", "%1 new", "one")``), so the catalog has two entries. A sentence with two
counts is built from counted pieces (each piece keeps the words that agree with its number:
"1 foto pode sair", "3 fotos podem sair") put into a frame with ``%1``/``%2``. Never "(s)".
Why not Qt's numerus forms (``tr("%n photo(s)", "", n)``): English has no catalog, so they
read "1 photo(s)" there unless an English ``-pluralonly`` catalog is built and loaded too, and
Qt's rule for pt_BR is French-style (``n <= 1`` is singular: "0 foto"), while Brazilian usage
(and photorec) says "0 fotos": the singular is for exactly one in both languages, which is what
``n == 1`` says. A language with more forms (Polish, Russian) would need Qt's numerus forms
instead; photorec speaks English and Brazilian Portuguese only.

Command-line messages go through the same ``.qm`` without a QApplication: ``QtCore`` only
(importing it costs some tens of ms, once). ``QCoreApplication.installTranslator`` refuses to
work without an application object, so :func:`translate` asks the loaded QTranslator objects
itself when there is none, and goes through ``QCoreApplication.translate`` when there is.
CLI code writes ``translate("cli", "text")`` after :func:`use_language` (``--lang``).

The command line has its own catalog, ``photorec_cli_<lang>.qm`` (contexts ``cli``, ``core``
for core error texts translated at the CLI boundary, see ``photorec/cli_words.py``, and
``argparse`` for argparse's own words): :func:`translate` asks it for those contexts, with or
without an application; the window's ``photorec_<lang>.qm`` is installed into the application.
"""

from __future__ import annotations

import logging
import os
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "pt_BR")  # what photorec speaks; the sources are in English
ENV_LANG = "PHOTOREC_LANG"
RESOURCE_PACKAGE = "photorec.resources"
RESOURCE_DIR = "i18n"

_translators: list[QTranslator] = []  # what translate() asks when there is no application
_cli_translators: list[QTranslator] = []  # the command line's own catalog
CLI_CONTEXTS = frozenset({"cli", "core", "argparse"})
_language = SOURCE_LANGUAGE


def normalise(tag: str | None) -> str | None:
    """A language tag from the user or the system ("pt", "pt-BR", "pt_PT.UTF-8", "en_GB") as
    one photorec speaks; None when it names none of them."""
    if not tag:
        return None
    t = tag.strip().split(".")[0].split("@")[0].replace("-", "_")
    low = t.lower()
    if low.startswith("pt"):
        return "pt_BR"
    if low.startswith("en") or low in ("c", "posix"):
        return "en"
    return None


def system_language() -> str:
    """The best language for this user's system locale (English when photorec lacks it)."""
    env = os.environ.get("LANGUAGE", "")  # GNU: a priority list, "pt_BR:en"
    for part in env.split(":"):
        lang = normalise(part)
        if lang:
            return lang
    loc = QLocale.system()
    for tag in [*loc.uiLanguages(), loc.name()]:
        lang = normalise(tag)
        if lang:
            return lang
    return SOURCE_LANGUAGE


def choose_language(override: str | None = None) -> str:
    """``--lang`` (``override``), else ``PHOTOREC_LANG``, else the system's language."""
    for tag in (override, os.environ.get(ENV_LANG)):
        if tag:
            lang = normalise(tag)
            if lang is None:
                log.warning("photorec has no translation for %r; using English", tag)
                return SOURCE_LANGUAGE
            return lang
    return system_language()


def qm_name(lang: str, catalog: str = "photorec") -> str:
    return f"{catalog}_{lang}.qm"


def _load_own(lang: str, catalog: str) -> list[QTranslator]:
    ref = resources.files(RESOURCE_PACKAGE).joinpath(RESOURCE_DIR).joinpath(qm_name(lang, catalog))
    try:
        data = ref.read_bytes()
    except OSError as exc:
        log.warning("no %s translation of %s (%s): the text stays in English", lang, catalog, exc)
        return []
    t = QTranslator()
    if data and t.load(data):
        t._data = data  # Qt does not copy the buffer: keep it alive with the translator
        return [t]
    log.warning("the %s translation of %s is damaged; reinstall photorec", lang, catalog)
    return []


def load_cli_translators(lang: str) -> list[QTranslator]:
    """The command line's translator for ``lang`` (``photorec_cli_<lang>.qm``); empty for English."""
    return [] if lang == SOURCE_LANGUAGE else _load_own(lang, "photorec_cli")


class AcceleratorFallback(QTranslator):
    """Qt's own strings that gained a keyboard accelerator ("&Look in:", "Files of &type:" in
    the file dialog of Qt 6.11) after Qt's translations were made: looked up without the "&"
    in Qt's catalog. Installed before it, so asked only when nothing else knows the string."""

    def __init__(self, qt: QTranslator) -> None:
        super().__init__()
        self.qt = qt

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        # None, not "": Qt takes an empty string for a translation, and a null one for none.
        if source and "&" in source:
            found = self.qt.translate(context, source.replace("&&", "\0").replace("&", "").replace("\0", "&"),
                                      disambiguation, n)
            if found:
                return found
        return None

    def isEmpty(self) -> bool:  # noqa: N802
        return False


def load_translators(lang: str) -> list[QTranslator]:
    """photorec's translator for ``lang`` and Qt's own (qtbase) one; empty for English."""
    if lang == SOURCE_LANGUAGE:
        return []
    out: list[QTranslator] = _load_own(lang, "photorec")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator()
    if qt.load(f"qtbase_{lang}", qt_dir):
        out.insert(0, AcceleratorFallback(qt))  # installed first: asked last
        out.append(qt)
    else:
        log.info("Qt's own %s translation is not in %s (standard buttons stay in English)", lang, qt_dir)
    return out


def use_language(lang: str | None = None, app: QCoreApplication | None = None) -> str:
    """Load the translations for ``lang`` (see :func:`choose_language`; None: the system's)
    and install them into ``app`` (or the running application, if any). Returns the language."""
    global _translators, _cli_translators, _language
    lang = choose_language(lang)
    app = app or QCoreApplication.instance()
    if app is not None:
        for t in _translators:
            app.removeTranslator(t)
    _translators = load_translators(lang)
    _cli_translators = load_cli_translators(lang)
    _language = lang
    if app is not None:
        for t in _translators:
            app.installTranslator(t)
        QLocale.setDefault(QLocale(lang))
    log.debug("language: %s (%d translator(s))", lang, len(_translators))
    return lang


def language() -> str:
    """The language :func:`use_language` chose last (English until it is called)."""
    return _language


def plural(n: int, one: str, other: str) -> str:
    """``one`` (the text, already translated, for exactly one) when ``n == 1``, else ``other``
    (0, 2, 3... in English and in Brazilian Portuguese alike). See "Counts" above."""
    return one if n == 1 else other


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the chosen language; works with or without a Q(Core)Application."""
    if context in CLI_CONTEXTS:
        asked = _cli_translators
    elif QCoreApplication.instance() is not None:
        return QCoreApplication.translate(context, text, disambiguation, n)
    else:
        asked = _translators
    for t in asked:
        out = t.translate(context, text, disambiguation, n)
        if out:
            return out.replace("%n", str(n)) if n >= 0 else out
    return text.replace("%n", str(n)) if n >= 0 else text
