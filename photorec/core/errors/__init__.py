"""Errors are values: every fault core reports carries a stable code and its arguments.

This package is the lowest layer of photorec: it imports nothing of photorec but itself
(``words``: the table of words).

* :class:`Reason` is a *why* as a value: a ``code`` (a key of :data:`WORDS`) and named
  ``args``. Core reports reasons where a fault is not an exception (the Problems list, why a
  folder is offline, why a duplicate group keeps its photo, a scan's per-file errors). A Reason
  is also a ``str``: its English words, for logs, JSON and anything that only prints it.
* :class:`PhotorecError` is the base of core's exceptions: a stable class ``code``, named
  argument fields (``DiskFull(saved=12).saved``) and the :class:`Reason` that says it
  (``err.reason``). ``str(err)`` is for logs only.
* :data:`WORDS` is the one table of words: code -> (English template, argument names in
  order). The templates are marked ``QT_TRANSLATE_NOOP("core", ...)`` so that
  ``tools/update_translations.py`` puts them into the command line's catalog; the CLI and the
  window translate a reason by its code (``photorec.cli_words.words``), never by its text.

A new why: add its code and words to :data:`WORDS`, raise or report it, run
``tools/update_translations.py``, translate the new "core" entry of ``photorec_cli_pt_BR.ts``
and run it again (tests/test_errors.py checks). A catalog stores reasons with
:meth:`Reason.to_json`; :meth:`Reason.from_stored` also reads 0.2's English words.
"""

from __future__ import annotations

import errno
import json
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any, ClassVar

from photorec.core.errors.words import QT_TRANSLATE_NOOP, WORDS  # noqa: F401 - re-exported

# A code whose words depend on an argument: the code of the words to use.
_VARIANTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "disk_full": lambda a: ("disk_full_unknown" if a.get("saved") is None
                            else "disk_full_one" if a.get("saved") == 1 else "disk_full"),
    "keeper": lambda a: "keeper_offline" if a.get("offline") else "keeper",
    "faces_damaged": lambda a: ("faces_damaged_people" if a.get("people")
                                else "faces_damaged_tables" if a.get("tables")
                                else "faces_damaged_one" if a.get("photos") == 1
                                else "faces_damaged"),
}

CAPITALISED = frozenset({"keeper"})  # codes whose words start with a capital letter


def join_list(items: list[str], and_words: str = "%1 and %2") -> str:
    """``a, b and c``: the items joined, the last two by ``and_words``."""
    if len(items) < 2:
        return "".join(items)
    return fill(and_words, [", ".join(items[:-1]), items[-1]])


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def words_code(code: str, args: Mapping[str, Any]) -> str:
    """The key of :data:`WORDS` whose template says ``code`` with ``args``."""
    pick = _VARIANTS.get(code)
    return pick(args) if pick is not None else code


def fill(template: str, values: list[str]) -> str:
    """``template`` with ``%1``, ``%2``... replaced by ``values``, in one pass."""
    def sub(m: re.Match[str]) -> str:
        i = int(m.group(1)) - 1
        return values[i] if 0 <= i < len(values) else m.group(0)

    return re.sub(r"%(\d+)", sub, template)


def _english(code: str, args: Mapping[str, Any]) -> str:
    key = words_code(code, args)
    if key not in WORDS:
        return f"{code}({', '.join(f'{k}={v!r}' for k, v in args.items())})"
    template, names = WORDS[key]
    text = fill(template, [join_list([str(x) for x in v]) if isinstance(v, list) else str(v)
                           for v in (args.get(n, "") for n in names)])
    return capitalise(text) if code in CAPITALISED else text


class Reason(str):
    """A why as a value: ``code`` and ``args``; as a ``str``, its English words (for logs)."""

    code: str
    args: dict[str, Any]

    def __new__(cls, code: str, **args: Any) -> Reason:
        self = super().__new__(cls, _english(code, args))
        self.code, self.args = code, args
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickling (a queue, a process): code and args
        return (_make_reason, (self.code, self.args))

    def __repr__(self) -> str:
        return f"Reason({self.code!r}, {self.args!r})"

    def has(self, code: str) -> bool:
        """Whether this reason, or a reason among its arguments, has ``code``."""
        return any(r.code == code for r in self.walk())

    def walk(self) -> Iterator[Reason]:
        yield self
        for v in self.args.values():
            for x in v if isinstance(v, list) else [v]:
                if isinstance(x, Reason):
                    yield from x.walk()

    def to_json(self) -> str:
        """The reason as a catalog stores it."""
        return json.dumps(_plain(self), ensure_ascii=False)

    @classmethod
    def from_stored(cls, stored: str | None) -> Reason | None:
        """A reason as a catalog stored it: JSON (:meth:`to_json`), or the English words
        photorec 0.2 and earlier stored: the code whose template they are (a "PATH: why" keeps
        its path and reads its why); words no template has become code ``text``, shown as
        they are."""
        if stored is None or isinstance(stored, Reason):
            return stored
        if stored.startswith("{"):
            try:
                back = _unplain(json.loads(stored))
                if isinstance(back, Reason):
                    return back
            except (ValueError, KeyError, TypeError):
                pass
        return _legacy(stored, 0)


def _make_reason(code: str, args: dict[str, Any]) -> Reason:
    return Reason(code, **args)


def _plain(v: Any) -> Any:
    if isinstance(v, Reason):
        return {"code": v.code, "args": _plain(v.args)}
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def _unplain(data: Any) -> Any:
    if isinstance(data, dict) and set(data) == {"code", "args"}:
        return Reason(str(data["code"]), **{k: _unplain(x) for k, x in dict(data["args"]).items()})
    return [_unplain(x) for x in data] if isinstance(data, list) else data


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(%\d+)", template)
    return re.compile("".join(f"(?P<g{p[1:]}>.+?)" if re.fullmatch(r"%\d+", p) else re.escape(p)
                              for p in parts) + r"\Z", re.S)


# what 0.2 stored (the reasons of files and folders), to read it back
_LEGACY = tuple(WORDS)[:tuple(WORDS).index("cannot_read_folder") + 1]


def _legacy(text: str, depth: int) -> Reason:
    for code in _LEGACY:
        template, names = WORDS[code]
        m = _pattern(template).match(text)
        if m is not None:
            return Reason(code, **{n: m.group(f"g{i + 1}") for i, n in enumerate(names)})
    i = text.find(": ")
    while i >= 0 and depth < 2:  # "PATH: why": the first ": " followed by a known why
        why = _legacy(text[i + 2:], depth + 1)
        if why.code != "text":
            return Reason("path_reason", path=text[:i], reason=why)
        i = text.find(": ", i + 1)
    return Reason("text", text=text)


# -- exceptions --------------------------------------------------------------------------------


class PhotorecError(Exception):
    """Base of core's exceptions: a stable ``code`` (the class's), named argument fields
    (attributes) and :attr:`reason`, the :class:`Reason` that says it (its code may name a
    more precise why, one of the class's). ``str(err)`` is for logs."""

    code: ClassVar[str] = "error"

    def __init__(self, why: str | None = None, /, **args: Any) -> None:
        self.fields = dict(args)
        for k, v in args.items():
            setattr(self, k, v)
        why = why or self.code
        if why not in WORDS and why not in _VARIANTS:  # words, not a code (written before codes)
            self.reason = Reason("text", text=why)
        else:
            self.reason = Reason(why, **args)  # after the fields: one may be "reason"
        super().__init__(str(self.reason))
        self._more()

    def _more(self) -> None:
        """Attributes a subclass derives from its fields (also after unpickling)."""

    def __str__(self) -> str:
        return str(self.reason)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_make_error, (type(self), self.reason.code, self.reason.args))

    def has(self, code: str) -> bool:
        """Whether this error's code, or a code in its reason, is ``code``."""
        return self.code == code or self.reason.has(code)


def _make_error(cls: type[PhotorecError], why: str, args: dict[str, Any]) -> PhotorecError:
    err = cls.__new__(cls)
    PhotorecError.__init__(err, why, **args)
    return err


class CatalogError(PhotorecError):
    """The catalog cannot be opened or written."""
    code = "catalog_io"


class NoLibrary(CatalogError):
    """No catalog at the data folder (nothing indexed yet)."""
    code = "no_library"

    def __init__(self, path: Any) -> None:
        super().__init__(path=str(path))


class CatalogDamaged(CatalogError):
    """The catalog file is damaged (malformed, not a database, tables missing)."""
    code = "catalog_damaged"


class CatalogReadOnly(CatalogError):
    """The catalog (or its disk) cannot be written."""
    code = "catalog_read_only"


class DiskFull(CatalogError, OSError):
    """No space left for the catalog, the index or the thumbnails. What was committed stays.
    ``saved``: how many photos are saved, None when not known. Also an ``OSError`` (ENOSPC)."""
    code = "disk_full"

    def __init__(self, saved: int | None = None) -> None:
        PhotorecError.__init__(self, saved=saved)

    def _more(self) -> None:
        self.errno = errno.ENOSPC
        self.strerror = str(self.reason)


DiskFullError = DiskFull  # the name photorec 0.2 used


class NotAnImage(PhotorecError):
    """A photo that cannot be read: ``reason`` says why (a :class:`Reason`); ``path`` is the
    file's when known."""
    code = "not_an_image"

    def __init__(self, reason: Reason, path: str | None = None) -> None:
        if path is None:
            PhotorecError.__init__(self, reason.code, **reason.args)
        else:
            PhotorecError.__init__(self, "path_reason", path=path, reason=reason)

    def _more(self) -> None:
        r = self.reason
        self.path = r.args.get("path") if r.code == "path_reason" else None
        self.why = r.args["reason"] if r.code == "path_reason" else r


class QueryFileError(PhotorecError, ValueError):
    """A query path that is not a readable image file."""
    code = "query_file"


class ModelError(PhotorecError):
    """The model cannot be found or loaded."""
    code = "model"


class ClassesError(PhotorecError):
    """The classifier head or class names resource is missing or damaged."""
    code = "head_damaged"


class LibraryError(PhotorecError):
    """Something about the library the user can act on."""
    code = "library"


class IndexingElsewhere(LibraryError):
    """Another live process is indexing this library: this run did nothing."""
    code = "indexing_elsewhere"

    def __init__(self, progress: Any) -> None:
        super().__init__(progress=str(progress))


class NotWritable(PhotorecError, PermissionError):
    """A folder photorec needs to write to (its data, cache or log folder) is not writable."""
    code = "not_writable"

    def __init__(self, path: Any) -> None:
        PhotorecError.__init__(self, path=str(path))


class TagError(PhotorecError):
    """Something about tags the user can act on (a bad file, too few tagged photos)."""
    code = "tags"


class IndexSaveError(PhotorecError, OSError):
    """The index could not be written (not for lack of space: that is :class:`DiskFull`)."""
    code = "index_save"

    def __init__(self, path: Any, detail: Any) -> None:
        PhotorecError.__init__(self, path=str(path), detail=str(detail))

    def _more(self) -> None:
        self.errno = errno.EIO
        self.strerror = str(self.reason)
