"""SQLite connections of a catalog: one per thread, closed when the thread ends or on close().

Paths go in and out as ``str`` exactly as :func:`os.fsdecode` gives them (surrogateescape for
bytes that are not UTF-8). SQLite's TEXT must be valid UTF-8, so a path that is not is stored as
a BLOB of its raw bytes (:func:`os.fsencode`); columns declared ``TEXT_PATH`` are decoded back
with :func:`os.fsdecode`, whichever way they were stored. Every ``str`` parameter of every
statement goes through :func:`adapt_param`, so callers never need to know.

SQLite errors a user can act on become :class:`CatalogError` subclasses with words.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import sys
import threading
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from photorec.core.errors import CatalogDamaged, CatalogError, CatalogReadOnly, DiskFull, DiskFullError, NoLibrary  # noqa: F401 - the catalog's errors, named here too
from photorec.core.store.display import display_path  # noqa: F401 - re-exported

log = logging.getLogger(__name__)

# one row of the catalog's photo columns (catalog._PHOTO_COLS): a files row and its folder's online flag
PhotoRow = tuple[int, int, str, int, int, str | None, str, str | None, int | None, int | None, float | None, int]

PATH_TYPE = "TEXT_PATH"  # declared column type of paths (TEXT affinity, decoded by fsdecode)


def _decode_path(b: bytes) -> str:
    return os.fsdecode(b)


sqlite3.register_converter(PATH_TYPE, _decode_path)


def adapt_param(v: Any) -> Any:
    """A str that cannot be UTF-8 (surrogate-escaped bytes from os.fsdecode) becomes its bytes."""
    if isinstance(v, str) and not v.isascii():
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            try:
                return os.fsencode(v)
            except UnicodeEncodeError:  # a lone surrogate no file system gave us
                return v.encode("utf-8", "surrogatepass")
    return v


def _adapt(params: Any) -> Any:
    if isinstance(params, dict):
        return {k: adapt_param(v) for k, v in params.items()}
    return tuple(adapt_param(v) for v in params)


class StoreConnection(sqlite3.Connection):
    """A connection whose statements store non-UTF-8 paths losslessly (see the module doc)."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return super().execute(sql, _adapt(parameters))

    def executemany(self, sql: str, seq: Iterable[Any], /) -> sqlite3.Cursor:
        return super().executemany(sql, (_adapt(p) for p in seq))


# -- errors ------------------------------------------------------------------------------------

_DAMAGED = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}

# Python 3.10's sqlite3 errors carry no code (``sqlite_errorname`` came in 3.11). There the
# message is SQLite's own text for the code (``sqlite3_errstr()``, fixed by SQLite for each
# primary code), so an exact match of the whole text gives the code back; any other text
# gives no code. Python 3.11 and later never look at the text.
_ERRORS_HAVE_CODES = sys.version_info >= (3, 11)
_ERRSTR = {
    "database or disk is full": "SQLITE_FULL",
    "database disk image is malformed": "SQLITE_CORRUPT",
    "file is not a database": "SQLITE_NOTADB",
    "attempt to write a readonly database": "SQLITE_READONLY",
    "unable to open database file": "SQLITE_CANTOPEN",
    "access permission denied": "SQLITE_PERM",
    "disk I/O error": "SQLITE_IOERR",
}


def sqlite_code(exc: BaseException) -> str:
    """SQLite's primary result code of ``exc`` by name ("SQLITE_FULL"), "" when none."""
    if not isinstance(exc, sqlite3.Error):
        return ""
    name = getattr(exc, "sqlite_errorname", None)
    if name:
        parts = str(name).split("_")
        return "_".join(parts[:2])  # SQLITE_IOERR_WRITE -> SQLITE_IOERR
    if not _ERRORS_HAVE_CODES and len(exc.args) == 1 and isinstance(exc.args[0], str):
        return _ERRSTR.get(exc.args[0], "")
    return ""


def translate(exc: BaseException, path: Path, *, saved: int | None = None) -> BaseException:
    """The CatalogError a user can act on for an sqlite3/OS error, or ``exc`` itself."""
    if isinstance(exc, CatalogError):
        return exc
    name = sqlite_code(exc)
    detail = str(exc)  # SQLite's or the system's own words, shown as they are
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        name = "SQLITE_FULL"
    if name == "SQLITE_FULL":
        return DiskFull(saved)
    if name in _DAMAGED:
        return CatalogDamaged(path=str(path), detail=detail)
    if name == "SQLITE_READONLY":
        return CatalogReadOnly(path=str(path), detail=detail)
    if name == "SQLITE_IOERR" or isinstance(exc, OSError):
        return CatalogError("catalog_io", path=str(path), detail=detail)
    return exc


def disk_full(saved: int | None) -> DiskFull:
    return DiskFull(saved)


# -- connections -------------------------------------------------------------------------------


def connect(path: Path, *, readonly: bool, immutable: bool = False) -> sqlite3.Connection:
    """One connection, set up for the catalog (WAL when writable, path decoding, FKs on)."""
    if readonly:
        uri = Path(path).resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
        con = sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None,
                              check_same_thread=False, detect_types=sqlite3.PARSE_DECLTYPES,
                              factory=StoreConnection)
    else:
        con = sqlite3.connect(str(path), timeout=30.0, isolation_level=None,
                              check_same_thread=False, detect_types=sqlite3.PARSE_DECLTYPES,
                              factory=StoreConnection)
    try:
        con.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA foreign_keys = ON")
        if readonly:  # "unable to open database file" shows here, not at connect()
            con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except BaseException:
        con.close()
        raise
    return con


def _cannot_make_wal_index(path: Path, exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says a read-only open failed because nothing can be written beside the
    catalog (a read-only disk or folder). Only then is ``immutable=1`` safe: no one can be
    writing there. A busy or locked catalog is another matter and must not be read immutable
    (it would ignore the WAL and could read pages while a writer moves them)."""
    if sqlite_code(exc) not in ("SQLITE_CANTOPEN", "SQLITE_READONLY") and (
            _ERRORS_HAVE_CODES or not isinstance(exc, sqlite3.OperationalError)):
        return False  # (3.10 may not know the code: the folder and -shm decide below)
    folder = Path(path).parent
    shm = Path(str(path) + "-shm")
    if shm.exists():
        return not os.access(shm, os.W_OK) or not os.access(folder, os.W_OK)
    return not os.access(folder, os.W_OK)


class _Holder:
    """Lives in a thread-local slot: when the thread ends, the slot goes and so does the
    connection (closed here, from whichever thread drops the last reference)."""

    __slots__ = ("con", "__weakref__")

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con: sqlite3.Connection | None = con

    def close(self) -> None:
        con, self.con = self.con, None
        if con is not None:
            try:
                con.close()
            except sqlite3.Error:
                pass

    def __del__(self) -> None:
        self.close()


class Connections:
    """Per-thread connections to one database file; :meth:`close_all` closes every one."""

    def __init__(self, path: Path, *, readonly: bool) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.immutable = False
        self._local = threading.local()
        self._holders: weakref.WeakSet[_Holder] = weakref.WeakSet()
        self._lock = threading.Lock()

    def get(self) -> sqlite3.Connection:
        h: _Holder | None = getattr(self._local, "holder", None)
        if h is not None and h.con is not None:
            return h.con
        try:
            try:
                con = connect(self.path, readonly=self.readonly, immutable=self.immutable)
            except sqlite3.OperationalError as exc:
                if not self.readonly or self.immutable or not _cannot_make_wal_index(self.path, exc):
                    raise
                # A read-only disk: not even the WAL index (-shm) can be made. Nobody can be
                # writing there, so read the file as it is.
                con = connect(self.path, readonly=True, immutable=True)
                self.immutable = True
                log.info("catalog %s opened immutable (read-only disk)", self.path)
        except sqlite3.Error as exc:
            err = translate(exc, self.path)
            if err is exc:
                err = CatalogError("catalog_open", path=str(self.path), detail=str(exc))
            raise err from exc
        h = _Holder(con)
        self._local.holder = h
        with self._lock:
            self._holders.add(h)
        return con

    def open_count(self) -> int:
        with self._lock:
            return sum(1 for h in list(self._holders) if h.con is not None)

    def close_all(self) -> None:
        with self._lock:
            holders = list(self._holders)
            self._holders = weakref.WeakSet()
        for h in holders:
            h.close()
        self._local = threading.local()
