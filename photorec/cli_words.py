"""The command line's words in the user's language (``photorec_cli_<lang>.qm``), and the
one table of core's words (why a file could not be read, why a keeper is suggested) that the
window uses too (gui/problems.py, gui/duplicates_cards.py).

* :func:`tr` is ``i18n.translate("cli", text)``: CLI code writes ``translate("cli", "...")``
  itself (lupdate only sees that form) and :func:`arg` fills ``%1``, ``%2``... afterwards.
* :func:`core_words` translates the texts core errors carry (core never imports Qt): the
  English templates below are marked with ``QT_TRANSLATE_NOOP("core", ...)`` so lupdate puts
  them in the CLI catalog; a message is matched against them whole, the parts in ``%N`` are
  translated in turn (a "PATH: reason" keeps its path and gets its reason translated), and a
  text no template knows stays as it is.
* :func:`install_argparse_words` makes argparse's own words ("usage:", "error:", "positional
  arguments", "the following arguments are required") go through the ``argparse`` context.

JSON output never goes through here: it stays English for programs.
"""

from __future__ import annotations

import argparse
import re
from functools import lru_cache

from photorec import i18n
from photorec.i18n import plural, translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate knows
    """Marks ``text`` for lupdate; translated later with ``translate(context, text)``."""
    return text


def arg(text: str, *values: object) -> str:
    """``text`` with ``%1``, ``%2``... replaced by ``values`` (in one pass: a value that
    contains "%2" is not replaced again)."""
    def sub(m: re.Match) -> str:
        i = int(m.group(1)) - 1
        return str(values[i]) if 0 <= i < len(values) else m.group(0)

    return re.sub(r"%(\d+)", sub, text)


# -- core errors -------------------------------------------------------------------------------

# The English texts core puts in its errors and in the catalog's per-file problems, as
# templates: %1, %2... are the variable parts (paths, numbers, the system's own words).
CORE_TEMPLATES: tuple[str, ...] = (
    # decode.py and indexer.py: why a file was not read
    QT_TRANSLATE_NOOP("core", "file not found (moved or deleted during the scan)"),
    QT_TRANSLATE_NOOP("core", "permission denied: photorec may not read this file"),
    QT_TRANSLATE_NOOP("core", "is a folder, not a file"),
    QT_TRANSLATE_NOOP("core", "empty file (0 bytes)"),
    QT_TRANSLATE_NOOP("core", "not an image, or a format photorec cannot read"),
    QT_TRANSLATE_NOOP("core", "truncated file (incomplete copy or download?)"),
    QT_TRANSLATE_NOOP("core", "corrupt or unreadable image: %1"),
    QT_TRANSLATE_NOOP("core", "not enough memory to decode this image"),
    QT_TRANSLATE_NOOP("core", "image has no pixels"),
    QT_TRANSLATE_NOOP("core", "image too large: over the %1 MP limit photorec decodes"),
    QT_TRANSLATE_NOOP("core", "image too large: %1x%2 pixels is over the %3 MP limit"),
    QT_TRANSLATE_NOOP("core", "%1 photos need the optional HEIF support: install it with %2"),
    QT_TRANSLATE_NOOP("core", "cannot read the file: %1"),
    QT_TRANSLATE_NOOP("core", "not a regular file (a device, pipe or socket)"),
    QT_TRANSLATE_NOOP("core", "the file kept changing while photorec read it; the next scan "
                              "reads it again"),
    QT_TRANSLATE_NOOP("core", "unexpected error: %1"),
    # scan.py: library folders
    QT_TRANSLATE_NOOP("core", "folder not found (drive unplugged or share not mounted?)"),
    QT_TRANSLATE_NOOP("core", "not a folder"),
    QT_TRANSLATE_NOOP("core", "permission denied"),
    QT_TRANSLATE_NOOP("core", "cannot read the folder: %1"),
    # query.py: query images
    QT_TRANSLATE_NOOP("core", "%1 is a folder: photorec only reads regular image files as a query"),
    QT_TRANSLATE_NOOP("core", "%1 is a folder (it links to %2): photorec only reads regular "
                              "image files as a query"),
    QT_TRANSLATE_NOOP("core", "%1 is %2, not an image file: photorec only reads regular image "
                              "files as a query"),
    QT_TRANSLATE_NOOP("core", "%1 is %2 MB: photorec reads query images of up to %3 MB"),
    QT_TRANSLATE_NOOP("core", "%1 is over %2 MB: photorec reads query images of up to %3 MB"),
    QT_TRANSLATE_NOOP("core", "file not found"),
    QT_TRANSLATE_NOOP("core", "file not found (a link to a file that is gone)"),
    QT_TRANSLATE_NOOP("core", "cannot open the file: %1"),
    # library.py, themes, more-like, tags
    QT_TRANSLATE_NOOP("core", "this library is open read-only"),
    QT_TRANSLATE_NOOP("core", "the library is open read-only"),
    QT_TRANSLATE_NOOP("core", "%1 is not a library folder"),
    QT_TRANSLATE_NOOP("core", "the library has no indexed photos yet"),
    QT_TRANSLATE_NOOP("core", "choose at least one photo to find more like it"),
    QT_TRANSLATE_NOOP("core", "cannot use the data folder %1: %2"),
    QT_TRANSLATE_NOOP("core", "a tag cannot be empty"),
    QT_TRANSLATE_NOOP("core", "a tag is at most 200 characters"),
    QT_TRANSLATE_NOOP("core", "not in the library (index it first): %1"),
    QT_TRANSLATE_NOOP("core", "no such file: %1"),
    QT_TRANSLATE_NOOP("core", "%1 themes is more than %2 photos can fill: at most %3 (%4 photos "
                              "a theme on average)"),
    QT_TRANSLATE_NOOP("core", "tag at least %1 photos (with tags used at least %2 times) to get "
                              "suggestions; %3 so far"),
    QT_TRANSLATE_NOOP("core", "model file not found: %1"),
    # store: the catalog
    QT_TRANSLATE_NOOP("core", "no library at %1 (nothing indexed yet)"),
    QT_TRANSLATE_NOOP("core", "cannot create the data folder %1: %2"),
    QT_TRANSLATE_NOOP("core", "cannot open the catalog %1: %2"),
    QT_TRANSLATE_NOOP("core", "the catalog %1 is damaged (%2); run 'photorec repair' to keep a "
                              "copy of it and recover what can be read"),
    QT_TRANSLATE_NOOP("core", "the catalog %1 cannot be written (%2): the disk or folder is "
                              "read-only; searching still works, changes need a writable disk"),
    QT_TRANSLATE_NOOP("core", "cannot read or write the catalog %1: %2"),
    QT_TRANSLATE_NOOP("core", "disk full: %1 photos saved, run again when there is space"),
    QT_TRANSLATE_NOOP("core", "disk full: 1 photo saved, run again when there is space"),
    QT_TRANSLATE_NOOP("core", "disk full: what was indexed so far is saved, run again when there "
                              "is space"),
    QT_TRANSLATE_NOOP("core", "no library folder with id %1"),
    QT_TRANSLATE_NOOP("core", "no catalog at %1: nothing to repair"),
    # a file's path, then why (the commonest shape of all)
    QT_TRANSLATE_NOOP("core", "%1: %2"),
)

# why a duplicate group keeps the photo it keeps (core.duplicates.keeper), joined with ", " and
# a last " and "
KEEPER_REASONS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("core", "the only photo"),
    QT_TRANSLATE_NOOP("core", "identical files: %1"),
    QT_TRANSLATE_NOOP("core", "largest resolution (%1)"),
    QT_TRANSLATE_NOOP("core", "full resolution (%1)"),
    QT_TRANSLATE_NOOP("core", "less compressed than the others"),
    QT_TRANSLATE_NOOP("core", "less compressed than %1"),
    QT_TRANSLATE_NOOP("core", "has its capture time (EXIF)"),
    QT_TRANSLATE_NOOP("core", "the earliest capture date (%1)"),
    QT_TRANSLATE_NOOP("core", "the oldest file (%1)"),
    QT_TRANSLATE_NOOP("core", "in the folder added first (%1)"),
    QT_TRANSLATE_NOOP("core", "the shorter name"),
    QT_TRANSLATE_NOOP("core", "first by name"),
    QT_TRANSLATE_NOOP("core", "the photo the group was measured from"),
)

# similarity bands (core.similarity's labels) and the words of a scan report
BAND_LABELS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("core", "Same photo"),
    QT_TRANSLATE_NOOP("core", "Near-duplicate"),
    QT_TRANSLATE_NOOP("core", "Very similar"),
    QT_TRANSLATE_NOOP("core", "Similar"),
    QT_TRANSLATE_NOOP("core", "Loosely alike"),
    QT_TRANSLATE_NOOP("core", "Identical file"),
)


@lru_cache(maxsize=None)
def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"(%\d+)", template)
    rx = "".join("(?P<g%s>.+?)" % p[1:] if re.fullmatch(r"%\d+", p) else re.escape(p)
                 for p in parts)
    return re.compile(rx + r"\Z", re.S)


def core_words(message: str, _depth: int = 0) -> str:
    """A core error text in the chosen language (unchanged when no template fits it or the
    language is English)."""
    if i18n.language() == i18n.SOURCE_LANGUAGE or not message or _depth > 3:
        return message
    for template in CORE_TEMPLATES:
        m = _pattern(template).match(message)
        if m is None:
            continue
        groups = {int(k[1:]): v for k, v in m.groupdict().items()}
        if template == "%1: %2":
            # "PATH: reason": only when the reason is one we know, else the whole stays
            reason = core_words(groups[2], _depth + 1)
            if reason == groups[2]:
                i = message.find(": ", len(groups[1]) + 1)  # a path with ": " in it
                if i < 0:
                    return message
                rest = core_words(message[i + 2:], _depth + 1)
                return message if rest == message[i + 2:] else message[:i + 2] + rest
            return arg(translate("core", template), groups[1], reason)
        values = [core_words(groups[i], _depth + 1) for i in sorted(groups)]
        return arg(translate("core", template), *values)
    if message in BAND_LABELS:
        return translate("core", message)
    return message


def _reason(text: str) -> str | None:
    for template in KEEPER_REASONS:
        m = _pattern(template).match(text)
        if m is not None:
            return arg(translate("core", template), *[_reason(v) or v for v in m.groups()])
    return None


def keeper_words(why: str) -> str:
    """The reasons a duplicate group keeps its photo ("sharpest, largest file (2.1 MB) and
    ...") in the chosen language; what is not known stays English."""
    if i18n.language() == i18n.SOURCE_LANGUAGE or not why:
        return why
    text = why[0].lower() + why[1:]  # core capitalises the first reason
    offline = text.endswith(OFFLINE_SUFFIX)
    if offline:
        text = text[:-len(OFFLINE_SUFFIX)]
    out = _reasons(text)
    if out is None:
        return why
    if offline:
        out = arg(translate("core", "%1 (in an offline folder)"), out)
    return out[0].upper() + out[1:] if why[0].isupper() else out


OFFLINE_SUFFIX = " (in an offline folder)"
QT_TRANSLATE_NOOP("core", "%1 (in an offline folder)")


def _reasons(text: str) -> str | None:
    # the parts first: a "%1" would swallow the rest ("largest file (2 MB) and sharpest")
    head, sep, last = text.rpartition(" and ")
    parts = (head.split(", ") if sep else []) + [last]
    out = [_reason(p) for p in parts]
    if any(o is None for o in out):
        return _reason(text)  # one reason with ", " or " and " in its own words
    if len(out) == 1:
        return out[0]
    return arg(translate("cli", "%1 and %2"), ", ".join(out[:-1]), out[-1])


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
