"""The command line's words in the user's language (``photorec_cli_<lang>.qm``), and core's
errors and reasons said by their code (why a file could not be read, why a keeper is
suggested), for the window too (gui/tasks.py, gui/problems.py, gui/duplicates_cards.py).

* :func:`tr` is ``i18n.translate("cli", text)``: CLI code writes ``translate("cli", "...")``
  itself (lupdate only sees that form) and :func:`arg` fills ``%1``, ``%2``... afterwards.
* :func:`words` says core's errors and reasons (core never imports Qt) by their code: the
  one table of their English words is ``photorec.core.errors.WORDS``, marked with
  ``QT_TRANSLATE_NOOP("core", ...)`` so lupdate puts it in the CLI catalog (see
  ``tools/update_translations.py``); arguments that are reasons are said in turn. No text of
  an error is ever parsed.
* :func:`install_argparse_words` makes argparse's own words ("usage:", "error:", "positional
  arguments", "the following arguments are required") go through the ``argparse`` context.

JSON output never goes through here: it stays English for programs.
"""

from __future__ import annotations

import argparse
import re

from photorec.i18n import plural, translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate knows
    """Marks ``text`` for lupdate; translated later with ``translate(context, text)``."""
    return text


def arg(text: str, *values: object) -> str:
    """``text`` with ``%1``, ``%2``... replaced by ``values`` (in one pass: a value that
    contains "%2" is not replaced again). Values are names and metadata text more often than
    not: they go in through ``display_text`` (controls, bidi overrides and bytes that are not
    UTF-8 shown escaped, core.store.display)."""
    from photorec.core.store.display import display_text

    def sub(m: re.Match) -> str:
        i = int(m.group(1)) - 1
        return display_text(values[i]) if 0 <= i < len(values) else m.group(0)

    return re.sub(r"%(\d+)", sub, text)


# -- core errors -------------------------------------------------------------------------------
# Core's errors and reasons carry a code and their arguments (photorec.core.errors); their
# words are the one table there (WORDS: code -> English template, marked for lupdate in the
# "core" context of the CLI catalog), translated here by code. Nothing reads an error's text.


def words(what: object) -> str:
    """An error or reason of core in the chosen language, by its code: a
    :class:`~photorec.core.errors.PhotorecError`, a :class:`~photorec.core.errors.Reason`, any
    other exception (its own text: the system's words), a plain text (as it is) or None ("")."""
    from photorec.core.errors import PhotorecError, Reason

    if isinstance(what, PhotorecError):
        what = what.reason
    if isinstance(what, Reason):
        return _say(what)
    if isinstance(what, BaseException):
        return str(what).strip() or what.__class__.__name__
    return "" if what is None else str(what)


def _say(reason) -> str:
    from photorec.core.errors import CAPITALISED, WORDS, capitalise, fill, words_code

    key = words_code(reason.code, reason.args)
    if key not in WORDS:
        return str(reason)
    template, names = WORDS[key]
    if key != "text":  # "text": words photorec did not write, shown as they are
        template = translate("core", template)
    text = fill(template, [_value(reason.args.get(n, "")) for n in names])
    return capitalise(text) if reason.code in CAPITALISED else text


def _value(v: object) -> str:
    from photorec.core.errors import Reason, join_list

    if isinstance(v, Reason):
        return _say(v)
    if isinstance(v, list):  # reasons one after the other: "a, b and c"
        return join_list([_value(x) for x in v], translate("cli", "%1 and %2"))
    return str(v)


def core_words(what: object) -> str:
    """:func:`words`, and a similarity band's label (core.similarity's) in the chosen language."""
    if isinstance(what, str) and not hasattr(what, "code") and what in BAND_LABELS:
        return translate("core", what)
    return words(what)


# similarity bands (core.similarity's labels) and the words of a scan report
BAND_LABELS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("core", "Same photo"),
    QT_TRANSLATE_NOOP("core", "Near-duplicate"),
    QT_TRANSLATE_NOOP("core", "Very similar"),
    QT_TRANSLATE_NOOP("core", "Similar"),
    QT_TRANSLATE_NOOP("core", "Loosely alike"),
    QT_TRANSLATE_NOOP("core", "Identical file"),
)


def keeper_words(why: object) -> str:
    """Why a duplicate group keeps its photo (core's Reason ``keeper``) in the chosen language:
    :func:`words` (the name the window and ``duplicates`` use)."""
    return words(why)


# -- argparse's own words ----------------------------------------------------------------------

ARGPARSE_WORDS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("argparse", "usage: "),
    QT_TRANSLATE_NOOP("argparse", "positional arguments"),
    QT_TRANSLATE_NOOP("argparse", "options"),
    QT_TRANSLATE_NOOP("argparse", "show this help message and exit"),
    QT_TRANSLATE_NOOP("argparse", "show program's version number and exit"),
    QT_TRANSLATE_NOOP("argparse", "%(prog)s: error: %(message)s\n"),
    QT_TRANSLATE_NOOP("argparse", "unrecognized arguments: %s"),
    QT_TRANSLATE_NOOP("argparse", "the following arguments are required: %s"),
    QT_TRANSLATE_NOOP("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
    QT_TRANSLATE_NOOP("argparse", "invalid %(type)s value: %(value)r"),
    QT_TRANSLATE_NOOP("argparse", "argument %(argument_name)s: %(message)s"),
    QT_TRANSLATE_NOOP("argparse", "expected one argument"),
    QT_TRANSLATE_NOOP("argparse", "expected at least one argument"),
    QT_TRANSLATE_NOOP("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    QT_TRANSLATE_NOOP("argparse", "not allowed with argument %s"),
    QT_TRANSLATE_NOOP("argparse", "one of the arguments %s is required"),
    QT_TRANSLATE_NOOP("argparse", "ignored explicit argument %r"),
)


def _argparse_gettext(text: str) -> str:
    return translate("argparse", text) if text in ARGPARSE_WORDS else text


def _argument_error_str(self) -> str:
    # Python 3.10's ArgumentError.__str__ formats "argument X: ..." without argparse's ``_``
    # (3.11 and later pass it through ``_``): the same text, translated on every version.
    if self.argument_name is None:
        return self.message
    return _argparse_gettext("argument %(argument_name)s: %(message)s") % {
        "message": self.message, "argument_name": self.argument_name}


def install_argparse_words() -> None:
    """Route argparse's own messages (it calls its module-level ``_``) through the CLI
    catalog. Process-wide, so only the ``photorec`` command calls it."""
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    argparse.ArgumentError.__str__ = _argument_error_str  # type: ignore[method-assign]


# -- scan reports ------------------------------------------------------------------------------


def summary(report) -> str:
    """``ScanReport.summary()`` in words of the chosen language."""
    # "unchanged" and "failed" do not change with the count in either language ("sem mudança",
    # "com falha"); the others do in Portuguese ("1 nova", "2 novas")
    words = [plural(report.new, translate("cli", "%1 new", "one"), translate("cli", "%1 new", "other")),
             plural(report.updated, translate("cli", "%1 updated", "one"),
                    translate("cli", "%1 updated", "other")),
             translate("cli", "%1 unchanged"),
             plural(report.moved, translate("cli", "%1 moved", "one"), translate("cli", "%1 moved", "other")),
             plural(report.removed, translate("cli", "%1 removed", "one"),
                    translate("cli", "%1 removed", "other")),
             translate("cli", "%1 failed")]
    counts = (report.new, report.updated, report.unchanged, report.moved, report.removed, report.failed)
    return ", ".join(arg(w, n) for w, n in zip(words, counts))
