"""Names and metadata text shown to people: the one place that makes them safe for a terminal.

A file name (Linux allows any byte but ``/`` and NUL) or an IPTC/EXIF field is text photorec
did not write: it may carry ESC sequences that set a terminal's title or clear its screen, a
BEL, a CR or BS that overwrite what was printed, a newline that forges a result line, bidi
overrides (U+202E) that show a name reversed, or bytes that are not UTF-8. Every
human-readable line the CLI prints goes through :func:`display_text`, which shows those
characters escaped, the way ``ls -b`` and git do:

* bytes that are not UTF-8 (a path decoded with surrogateescape): ``\\xNN`` (``IMG_\\xe9t\\xe9.jpg``);
* C0 controls and DEL: ``\\n``, ``\\r``, ``\\t``, else ``\\xNN`` (ESC is ``\\x1b``, BEL ``\\x07``);
* C1 controls (U+0080-U+009F, e.g. the one-character CSI U+009B): ``\\u009b``;
* bidi and invisible format characters (U+061C, U+200B, U+200E/F, U+202A-E, U+2066-9, U+2028/9,
  U+FEFF): ``\\u202e``.

Backslashes themselves are left as they are (Windows paths stay readable), so a name that
literally contains ``\\x1b`` prints the same as one that contains ESC: JSON output is the exact
form (see :func:`json_safe`).

JSON (``--json``) keeps every valid character as it is; a string that is not valid UTF-8 (a
non-UTF-8 file name) cannot be JSON text, so :func:`json_safe` gives it as its escaped text and
adds its exact bytes in base64 under ``<key>_bytes`` (a list under ``<key>_bytes`` aligned with
a list of paths, ``null`` where a name is valid UTF-8).
"""

from __future__ import annotations

import base64
import os
import re
from typing import Any

_BIDI = "\u061c\u200b\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI + "\ud800-\udfff]")
_UNSAFE_KEEP_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    c = m.group(0)
    o = ord(c)
    if c in _NAMED:
        return _NAMED[c]
    if o < 0x20 or o == 0x7f:
        return f"\\x{o:02x}"
    if 0xdc80 <= o <= 0xdcff:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{o - 0xdc00:02x}"
    return f"\\u{o:04x}"


def display_text(text: object, keep_lines: bool = False) -> str:
    """``text`` safe to print on a terminal: controls, bidi overrides and bytes that are not
    UTF-8 escaped (see the module's doc). ``keep_lines`` leaves newlines and tabs (for whole
    messages whose line breaks are photorec's own). Idempotent: escaped text stays as it is."""
    s = text if isinstance(text, str) else str(text)
    return (_UNSAFE_KEEP_LINES if keep_lines else _UNSAFE).sub(_escape, s)


def escape_undecodable(text: str) -> str:
    """Only the bytes that are not UTF-8 (lone surrogates) of ``text`` escaped: what JSON
    text cannot carry."""
    return _SURROGATES.sub(_escape, text)


def display_path(path: object) -> str:
    """A path for people: :func:`display_text` of it (``IMG_\\xe9t\\xe9.jpg``)."""
    return display_text(os.fsdecode(path) if isinstance(path, (bytes, os.PathLike)) else path)


def is_exact_text(s: str) -> bool:
    """Whether ``s`` is valid Unicode text (no lone surrogates: no bytes that are not UTF-8)."""
    try:
        s.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def path_bytes(s: str) -> str:
    """The exact bytes of a path (``os.fsencode``) in base64."""
    try:
        raw = os.fsencode(s)
    except UnicodeEncodeError:
        raw = s.encode("utf-8", "surrogatepass")
    return base64.b64encode(raw).decode("ascii")


def json_safe(obj: Any) -> Any:
    """``obj`` ready for ``json.dumps(..., ensure_ascii=False)``: a string that is not valid
    UTF-8 becomes its escaped text, and its exact bytes go beside it in base64 under
    ``<key>_bytes`` (for a list, a list aligned with it, ``null`` for valid names). Valid text
    is left exactly as it is."""
    if isinstance(obj, str):
        return obj if is_exact_text(obj) else display_text(obj)
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    if not isinstance(obj, dict):
        return obj
    out: dict[Any, Any] = {}
    for key, value in obj.items():
        out[key] = json_safe(value)
        if isinstance(value, str) and not is_exact_text(value):
            out[f"{key}_bytes"] = path_bytes(value)
        elif (isinstance(value, (list, tuple)) and any(isinstance(v, str) for v in value)
              and not all(is_exact_text(v) for v in value if isinstance(v, str))):
            out[f"{key}_bytes"] = [path_bytes(v) if isinstance(v, str) and not is_exact_text(v)
                                   else None for v in value]
    return out
