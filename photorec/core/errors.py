"""Errors are values: every fault core reports carries a stable code and its arguments.

This module is the lowest layer of photorec: it imports nothing of photorec.

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
from functools import lru_cache
from typing import Any, Callable, ClassVar, Iterator, Mapping


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate knows
    """Marks ``text`` for lupdate (translated later with ``translate(context, text)``)."""
    return text


# code -> (English template with %1, %2..., the argument names for %1, %2... in order)
WORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    # -- why a file could not be read (decode, the indexer) ---------------------------------
    "file_gone": (QT_TRANSLATE_NOOP("core", "file not found (moved or deleted during the scan)"), ()),
    "no_permission": (QT_TRANSLATE_NOOP("core", "permission denied: photorec may not read this file"), ()),
    "is_folder": (QT_TRANSLATE_NOOP("core", "is a folder, not a file"), ()),
    "empty_file": (QT_TRANSLATE_NOOP("core", "empty file (0 bytes)"), ()),
    "unknown_format": (QT_TRANSLATE_NOOP("core", "not an image, or a format photorec cannot read"), ()),
    "truncated": (QT_TRANSLATE_NOOP("core", "truncated file (incomplete copy or download?)"), ()),
    "corrupt": (QT_TRANSLATE_NOOP("core", "corrupt or unreadable image: %1"), ("detail",)),
    "no_memory": (QT_TRANSLATE_NOOP("core", "not enough memory to decode this image"), ()),
    "no_pixels": (QT_TRANSLATE_NOOP("core", "image has no pixels"), ()),
    "too_large": (QT_TRANSLATE_NOOP("core", "image too large: over the %1 MP limit photorec decodes"),
                  ("limit",)),
    "too_many_pixels": (QT_TRANSLATE_NOOP("core", "image too large: %1x%2 pixels is over the %3 MP limit"),
                        ("width", "height", "limit")),
    "decode_too_large": (QT_TRANSLATE_NOOP("core", "image too large to decode in memory: this %1x%2 %3 needs about "
                                                   "%4 MB at once, and photorec decodes up to %5 MB per image (save "
                                                   "it as JPEG, or as a non-interlaced 8-bit PNG)"),
                         ("width", "height", "kind", "needed", "limit")),
    "needs_extra": (QT_TRANSLATE_NOOP("core", "%1 photos need the optional HEIF support: install it with %2"),
                    ("format", "command")),
    "cannot_read_file": (QT_TRANSLATE_NOOP("core", "cannot read the file: %1"), ("detail",)),
    "not_regular": (QT_TRANSLATE_NOOP("core", "not a regular file (a device, pipe or socket)"), ()),
    "kept_changing": (QT_TRANSLATE_NOOP("core", "the file kept changing while photorec read it; the next "
                                                "scan reads it again"), ()),
    "unexpected": (QT_TRANSLATE_NOOP("core", "unexpected error: %1"), ("detail",)),
    "cancelled": (QT_TRANSLATE_NOOP("core", "cancelled"), ()),
    "lost_vector": (QT_TRANSLATE_NOOP("core", "internal: lost the vector of this content; rescan to "
                                              "retry"), ()),
    "name_not_utf8": (QT_TRANSLATE_NOOP("core", "photorec cannot store this file name in its catalog "
                                                "(it is not valid UTF-8); rename the file and scan "
                                                "again"), ()),
    "unstorable": (QT_TRANSLATE_NOOP("core", "photorec cannot store this file in its catalog: %1"),
                   ("detail",)),
    # -- library folders (scan) ------------------------------------------------------------
    "folder_not_found": (QT_TRANSLATE_NOOP("core", "folder not found (drive unplugged or share not "
                                                   "mounted?)"), ()),
    "not_a_folder": (QT_TRANSLATE_NOOP("core", "not a folder"), ()),
    "folder_no_permission": (QT_TRANSLATE_NOOP("core", "permission denied"), ()),
    "cannot_read_folder": (QT_TRANSLATE_NOOP("core", "cannot read the folder: %1"), ("detail",)),
    # -- query images ------------------------------------------------------------------------
    "query_folder": (QT_TRANSLATE_NOOP("core", "%1 is a folder: photorec only reads regular image files "
                                               "as a query"), ("path",)),
    "query_folder_link": (QT_TRANSLATE_NOOP("core", "%1 is a folder (it links to %2): photorec only "
                                                    "reads regular image files as a query"),
                          ("path", "target")),
    "query_not_file": (QT_TRANSLATE_NOOP("core", "%1 is %2, not an image file: photorec only reads "
                                                 "regular image files as a query"), ("path", "kind")),
    "query_not_file_link": (QT_TRANSLATE_NOOP("core", "%1 is %2, not an image file (it links to %3): "
                                                      "photorec only reads regular image files as a "
                                                      "query"), ("path", "kind", "target")),
    "kind_fifo": (QT_TRANSLATE_NOOP("core", "a named pipe (FIFO)"), ()),
    "kind_char_device": (QT_TRANSLATE_NOOP("core", "a character device"), ()),
    "kind_block_device": (QT_TRANSLATE_NOOP("core", "a block device"), ()),
    "kind_socket": (QT_TRANSLATE_NOOP("core", "a socket"), ()),
    "kind_other": (QT_TRANSLATE_NOOP("core", "not a regular file"), ()),
    "query_too_big": (QT_TRANSLATE_NOOP("core", "%1 is %2 MB: photorec reads query images of up to %3 MB"),
                      ("path", "mb", "limit_mb")),
    "query_grew": (QT_TRANSLATE_NOOP("core", "%1 is over %2 MB: photorec reads query images of up to %3 MB"),
                   ("path", "limit_mb", "limit_mb")),
    "not_found": (QT_TRANSLATE_NOOP("core", "file not found"), ()),
    "dangling_link": (QT_TRANSLATE_NOOP("core", "file not found (a link to a file that is gone)"), ()),
    "cannot_open_file": (QT_TRANSLATE_NOOP("core", "cannot open the file: %1"), ("detail",)),
    # -- the library, themes, more-like, tags ------------------------------------------------
    "library_read_only": (QT_TRANSLATE_NOOP("core", "this library is open read-only"), ()),
    "indexing_elsewhere": (QT_TRANSLATE_NOOP("core", "another photorec process is indexing this library "
                                                     "(%1); wait for it to finish, then run again"),
                           ("progress",)),
    "read_only": (QT_TRANSLATE_NOOP("core", "the library is open read-only"), ()),
    "not_a_library_folder": (QT_TRANSLATE_NOOP("core", "%1 is not a library folder"), ("folder",)),
    "no_indexed_photos": (QT_TRANSLATE_NOOP("core", "the library has no indexed photos yet"), ()),
    "choose_a_photo": (QT_TRANSLATE_NOOP("core", "choose at least one photo to find more like it"), ()),
    "not_writable": (QT_TRANSLATE_NOOP("core", "photorec cannot write to %1"), ("path",)),
    "data_folder": (QT_TRANSLATE_NOOP("core", "cannot use the data folder %1: %2"), ("path", "cause")),
    "model_unusable": (QT_TRANSLATE_NOOP("core", "%1 (reinstall photorec, or unset PHOTOREC_MODEL)"),
                       ("cause",)),
    "model_no_dim": (QT_TRANSLATE_NOOP("core", "the model card of %1 has no output_dim"), ("path",)),
    "tag_empty": (QT_TRANSLATE_NOOP("core", "a tag cannot be empty"), ()),
    "tag_too_long": (QT_TRANSLATE_NOOP("core", "a tag is at most 200 characters"), ()),
    "tag_folder_prefix": (QT_TRANSLATE_NOOP("core", "tags starting with '%1' are the photos' folders; "
                                                    "choose another name"), ("prefix",)),
    "not_indexed": (QT_TRANSLATE_NOOP("core", "not in the library (index it first): %1"), ("paths",)),
    "not_indexed_more": (QT_TRANSLATE_NOOP("core", "not in the library (index it first): %1 and %2 more"),
                         ("paths", "more")),
    "not_in_library": (QT_TRANSLATE_NOOP("core", "not in the library: %1"), ("paths",)),
    "too_few_tagged": (QT_TRANSLATE_NOOP("core", "tag at least %1 photos (with tags used at least %2 "
                                                 "times) to get suggestions; %3 so far"),
                       ("needed", "per_tag", "tagged")),
    "tags_cannot_write": (QT_TRANSLATE_NOOP("core", "cannot write %1: %2"), ("path", "detail")),
    "tags_cannot_read": (QT_TRANSLATE_NOOP("core", "cannot read %1: %2"), ("path", "detail")),
    "tags_no_key": (QT_TRANSLATE_NOOP("core", "not found, and no content key in the file"), ()),
    "tags_csv_header": (QT_TRANSLATE_NOOP("core", "%1: a CSV needs a header with at least 'path' and "
                                                  "'tag'"), ("path",)),
    "tags_not_a_file": (QT_TRANSLATE_NOOP("core", "%1 is not a photorec tags file (%2)"),
                        ("path", "detail")),
    # -- the model ---------------------------------------------------------------------------
    "model_not_found": (QT_TRANSLATE_NOOP("core", "model file not found: %1"), ("path",)),
    "model_card_unreadable": (QT_TRANSLATE_NOOP("core", "model card %1 is unreadable: %2"),
                              ("path", "detail")),
    "model_cannot_load": (QT_TRANSLATE_NOOP("core", "cannot load the model %1: %2"), ("path", "detail")),
    "no_provider": (QT_TRANSLATE_NOOP("core", "execution provider %1 is not available here; available: %2"),
                    ("provider", "available")),
    "head_damaged": (QT_TRANSLATE_NOOP("core", "the classifier head resource is missing or damaged (%1); "
                                               "reinstall photorec"), ("detail",)),
    "class_names_damaged": (QT_TRANSLATE_NOOP("core", "the class names resource is missing or damaged "
                                                      "(%1); reinstall photorec"), ("detail",)),
    "class_names_count": (QT_TRANSLATE_NOOP("core", "the class names resource does not hold 1000 classes; "
                                                    "reinstall photorec"), ()),
    "head_other_model": (QT_TRANSLATE_NOOP("core", "vectors have %1 dimensions, the classifier head wants "
                                                   "%2: they come from another model"), ("dim", "wants")),
    # -- the catalog -------------------------------------------------------------------------
    "no_library": (QT_TRANSLATE_NOOP("core", "no library at %1 (nothing indexed yet)"), ("path",)),
    "data_folder_create": (QT_TRANSLATE_NOOP("core", "cannot create the data folder %1: %2"),
                           ("path", "detail")),
    "catalog_open": (QT_TRANSLATE_NOOP("core", "cannot open the catalog %1: %2"), ("path", "detail")),
    "catalog_damaged": (QT_TRANSLATE_NOOP("core", "the catalog %1 is damaged (%2); run 'photorec repair' "
                                                  "to keep a copy of it and recover what can be read"),
                        ("path", "detail")),
    "catalog_read_only": (QT_TRANSLATE_NOOP("core", "the catalog %1 cannot be written (%2): the disk or "
                                                    "folder is read-only; searching still works, changes "
                                                    "need a writable disk"), ("path", "detail")),
    "library_opened_read_only": (QT_TRANSLATE_NOOP("core", "the library at %1 is open read-only: changes "
                                                           "cannot be saved"), ("path",)),
    "catalog_io": (QT_TRANSLATE_NOOP("core", "cannot read or write the catalog %1: %2"), ("path", "detail")),
    "disk_full": (QT_TRANSLATE_NOOP("core", "disk full: %1 photos saved, run again when there is space"),
                  ("saved",)),
    "disk_full_one": (QT_TRANSLATE_NOOP("core", "disk full: 1 photo saved, run again when there is space"),
                      ("saved",)),
    "disk_full_unknown": (QT_TRANSLATE_NOOP("core", "disk full: what was indexed so far is saved, run again "
                                                    "when there is space"), ("saved",)),
    "index_damaged": (QT_TRANSLATE_NOOP("core", "the index file in %1 was damaged (%2); it is rebuilt from "
                                                "the catalog"), ("folder", "detail")),
    "metadata_problem": (QT_TRANSLATE_NOOP("core", "metadata: %1 (the photo is indexed)"), ("problem",)),
    "index_save": (QT_TRANSLATE_NOOP("core", "cannot save the index in %1: %2"), ("path", "detail")),
    "no_folder_id": (QT_TRANSLATE_NOOP("core", "no library folder with id %1"), ("folder_id",)),
    "nothing_to_repair": (QT_TRANSLATE_NOOP("core", "no catalog at %1: nothing to repair"), ("path",)),
    "repair_no_copy": (QT_TRANSLATE_NOOP("core", "cannot keep a copy of %1 before repairing it (%2); free "
                                                 "some space or copy it elsewhere by hand, then run "
                                                 "repair again"), ("path", "detail")),
    "catalog_too_new": (QT_TRANSLATE_NOOP("core", "the catalog %1 was made by a newer photorec (schema %2, "
                                                  "this one knows %3): update photorec to open it"),
                        ("path", "version", "known")),
    "migration_broke": (QT_TRANSLATE_NOOP("core", "migration %1 of %2 broke %3 references"),
                        ("number", "path", "count")),
    # -- why a duplicate group keeps the photo it keeps (organize.duplicates.keeper) ----------
    # "keeper": its reasons (a list: "a, b and c"), capitalised, and whether it is offline
    "keeper": ("%1", ("reasons",)),
    "keeper_offline": (QT_TRANSLATE_NOOP("core", "%1 (in an offline folder)"), ("reasons",)),
    "keep_only": (QT_TRANSLATE_NOOP("core", "the only photo"), ()),
    "keep_largest_resolution": (QT_TRANSLATE_NOOP("core", "largest resolution (%1)"), ("size",)),
    "keep_full_resolution": (QT_TRANSLATE_NOOP("core", "full resolution (%1)"), ("size",)),
    "keep_sharpest": (QT_TRANSLATE_NOOP("core", "sharpest"), ()),
    "keep_better_format": (QT_TRANSLATE_NOOP("core", "better format: %1"), ("format",)),
    "keep_lossless": (QT_TRANSLATE_NOOP("core", "lossless (%1)"), ("format",)),
    "keep_less_compressed": (QT_TRANSLATE_NOOP("core", "less compressed than the others"), ()),
    "keep_less_compressed_than": (QT_TRANSLATE_NOOP("core", "less compressed than %1"), ("name",)),
    "keep_capture_time": (QT_TRANSLATE_NOOP("core", "has its capture time (EXIF)"), ()),
    "keep_largest_file": (QT_TRANSLATE_NOOP("core", "largest file (%1)"), ("size",)),
    "keep_oldest": (QT_TRANSLATE_NOOP("core", "the oldest file (likely the original)"), ()),
    "keep_exact_copies": (QT_TRANSLATE_NOOP("core", "exact copies: kept the oldest file"), ()),
    "keep_best_overall": (QT_TRANSLATE_NOOP("core", "best overall on resolution, sharpness, size and "
                                                    "format"), ()),
    # -- shapes ------------------------------------------------------------------------------
    "path_reason": (QT_TRANSLATE_NOOP("core", "%1: %2"), ("path", "reason")),
    "text": ("%1", ("text",)),  # words photorec did not write (an old catalog's, the system's)
}

# A code whose words depend on an argument: the code of the words to use.
_VARIANTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "disk_full": lambda a: ("disk_full_unknown" if a.get("saved") is None
                            else "disk_full_one" if a.get("saved") == 1 else "disk_full"),
    "keeper": lambda a: "keeper_offline" if a.get("offline") else "keeper",
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
    def sub(m: "re.Match[str]") -> str:
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

    def __new__(cls, code: str, **args: Any) -> "Reason":
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

    def walk(self) -> Iterator["Reason"]:
        yield self
        for v in self.args.values():
            for x in v if isinstance(v, list) else [v]:
                if isinstance(x, Reason):
                    yield from x.walk()

    def to_json(self) -> str:
        """The reason as a catalog stores it."""
        return json.dumps(_plain(self), ensure_ascii=False)

    @classmethod
    def from_stored(cls, stored: str | None) -> "Reason | None":
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


@lru_cache(maxsize=None)
def _pattern(template: str) -> "re.Pattern[str]":
    parts = re.split(r"(%\d+)", template)
    return re.compile("".join("(?P<g%s>.+?)" % p[1:] if re.fullmatch(r"%\d+", p) else re.escape(p)
                              for p in parts) + r"\Z", re.S)


# what 0.2 stored (the reasons of files and folders), to read it back
_LEGACY = tuple(WORDS)[:tuple(WORDS).index("cannot_read_folder") + 1]


def _legacy(text: str, depth: int) -> Reason:
    for code in _LEGACY:
        template, names = WORDS[code]
        m = _pattern(template).match(text)
        if m is not None:
            return Reason(code, **{n: m.group("g%d" % (i + 1)) for i, n in enumerate(names)})
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
