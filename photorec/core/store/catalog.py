"""The catalog: the SQLite file that is the truth of a library.

Folders, files (path, size, mtime, content key, status, error), and the vectors by content
key and model, so the index can always be rebuilt. WAL mode: one writer, many readers, also
from other processes; every write is a transaction, so a crash loses at most the batch in
flight. Each thread gets its own connection (:mod:`.db`), closed when the thread ends. The
schema is versioned and upgraded by numbered migrations (:mod:`.migrations`).

Paths are ``str`` as :func:`os.fsdecode` gives them, non-UTF-8 names included (see :mod:`.db`).
A read-only library on a read-only disk is opened ``mode=ro`` (``immutable=1`` when even the WAL
index cannot be made): it answers, and writes fail with words.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np

from photorec.core.errors import CatalogDamaged, CatalogError, CatalogReadOnly, NoLibrary, Reason
from photorec.core.store import owner as _owner
from photorec.core.store.db import Connections, PhotoRow, sqlite_code, translate
from photorec.core.store.migrations import migrate, version_of

log = logging.getLogger(__name__)

CORE_TABLES = ("meta", "folders", "files", "vectors")
INDEXING_KEY = "indexing"
INDEXING_OWNER_KEY = "indexing_owner"

VECTOR_DTYPE = np.float16


@dataclass
class Folder:
    id: int
    path: str
    online: bool
    offline_reason: str | None
    last_scan: float | None
    photos: int = 0  # indexed (status ok)
    failed: int = 0

    def __post_init__(self) -> None:  # stored as Reason.to_json() (0.2: English words)
        self.offline_reason = Reason.from_stored(self.offline_reason)


@dataclass
class Photo:
    id: int
    folder_id: int
    path: str
    size: int
    mtime_ns: int
    ckey: str | None
    status: str
    error: str | None
    width: int | None
    height: int | None
    taken: float | None
    online: bool = True

    def __post_init__(self) -> None:  # stored as Reason.to_json() (0.2: English words)
        if self.error is not None:
            self.error = Reason.from_stored(self.error)

    @property
    def name(self) -> str:
        return os.path.basename(self.path)

    @property
    def date(self) -> float:
        """When the photo was taken (EXIF), else its modification time."""
        return self.taken if self.taken is not None else self.mtime_ns / 1e9


_PHOTO_COLS = (
    "f.id, f.folder_id, f.path, f.size, f.mtime_ns, f.ckey, f.status, f.error, "
    "f.width, f.height, f.taken, d.online"
)


def encode_reason(reason: str | None) -> str | None:
    """A reason as the catalog stores it: :meth:`Reason.to_json`; a plain text as it is."""
    return reason.to_json() if isinstance(reason, Reason) else reason


def _photo(row: PhotoRow) -> Photo:
    return Photo(*row[:11], online=bool(row[11]))


class Catalog:
    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._write_lock = threading.RLock()
        self._cons = Connections(self.path, readonly=readonly)
        if not readonly:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CatalogError("data_folder_create", path=str(self.path.parent),
                                   detail=str(exc)) from exc
        elif not self.path.exists():
            raise NoLibrary(self.path.parent)
        con = self._connection()
        try:
            if not readonly:
                with self._write_lock:
                    migrate(con, self.path)
            self.schema_version = version_of(con)
            names = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = [t for t in CORE_TABLES if t not in names]
            if missing:
                raise CatalogDamaged(path=str(self.path), detail=f"no such table: {', '.join(missing)}")
            con.execute("SELECT 1 FROM files LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            self.close()
            err = translate(exc, self.path)
            if err is exc:
                err = CatalogError("catalog_open", path=str(self.path), detail=str(exc))
            raise err from exc
        except BaseException:
            self.close()
            raise

    # -- connections -------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        return self._cons.get()

    @property
    def immutable(self) -> bool:
        """Opened ``immutable=1``: a read-only disk, nobody can be writing."""
        return self._cons.immutable

    def open_connections(self) -> int:
        return self._cons.open_count()

    def _saved(self) -> int | None:
        try:
            return int(self._connection().execute(
                "SELECT COUNT(*) FROM files WHERE status = 'ok'").fetchone()[0])
        except sqlite3.Error:
            return None

    def error(self, exc: BaseException) -> BaseException:
        """The words for an sqlite3 error of this catalog (see :func:`.db.translate`)."""
        saved = None
        if sqlite_code(exc) == "SQLITE_FULL":
            saved = self._saved()
        return translate(exc, self.path, saved=saved)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE ... COMMIT), serialised within the process.

        Disk full, a damaged file or a read-only disk raise :class:`CatalogError` subclasses
        with words (:class:`DiskFullError` is also an ``OSError`` with errno ENOSPC); the
        transaction is rolled back, what was committed before stays."""
        if self.readonly:
            raise CatalogReadOnly("library_opened_read_only", path=str(self.path.parent))
        con = self._connection()
        with self._write_lock:
            try:
                con.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self.error(exc) from exc
            try:
                yield con
            except BaseException as exc:
                try:
                    con.execute("ROLLBACK")
                except sqlite3.Error:  # SQLite may have rolled back already (disk full)
                    pass
                if isinstance(exc, sqlite3.Error):
                    err = self.error(exc)
                    if err is not exc:
                        raise err from exc
                raise
            else:
                try:
                    con.execute("COMMIT")
                except sqlite3.Error as exc:
                    try:
                        con.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                    raise self.error(exc) from exc

    def close(self) -> None:
        """Close every thread's connection."""
        self._cons.close_all()

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._connection().execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            err = self.error(exc)
            if err is exc:
                raise
            raise err from exc

    # -- meta --------------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        """A meta value. The indexing marker reads as :meth:`indexing` does: a marker whose
        process is gone is no marker (so every reader of it ignores stale progress)."""
        if key == INDEXING_KEY:
            return self.indexing() or default
        row = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return cast("str | None", row[0][0]) if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as c:
            c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
            if key == INDEXING_KEY:  # the progress marker belongs to this live process
                c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                          (INDEXING_OWNER_KEY, _owner.this_owner() if value else ""))

    def indexing(self) -> str | None:
        """The progress of an indexing run in progress ("37/379"), from this process or
        another; None when there is none, or when the process that wrote it is gone (killed)."""
        rows = dict(self._query("SELECT key, value FROM meta WHERE key IN (?, ?)",
                               (INDEXING_KEY, INDEXING_OWNER_KEY)))
        value: str | None = rows.get(INDEXING_KEY) or None
        if not value:
            return None
        if not _owner.owner_alive(rows.get(INDEXING_OWNER_KEY)):
            log.debug("ignoring the indexing marker %s of a process that is gone", value)
            return None
        return value

    def claim_indexing(self, progress: str = "0/0") -> str | None:
        """Claim indexing atomically: None when claimed, else the live indexer's progress."""
        with self._write() as c:
            rows = dict(c.execute("SELECT key, value FROM meta WHERE key IN (?, ?)",
                                  (INDEXING_KEY, INDEXING_OWNER_KEY)).fetchall())
            owner, value = rows.get(INDEXING_OWNER_KEY), rows.get(INDEXING_KEY)
            if value and owner and owner != _owner.this_owner() and _owner.owner_alive(owner):
                return str(value)
            c.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                          ((INDEXING_KEY, progress), (INDEXING_OWNER_KEY, _owner.this_owner())))
        return None

    def release_indexing(self) -> None:
        """Clear the indexing marker if this process holds it."""
        with self._write() as c:
            c.execute("UPDATE meta SET value = '' WHERE key IN (?, ?) AND EXISTS (SELECT 1 FROM meta "
                      "WHERE key = ? AND value = ?)", (INDEXING_KEY, INDEXING_OWNER_KEY,
                                                      INDEXING_OWNER_KEY, _owner.this_owner()))

    def integrity_check(self, limit: int = 20) -> list[str]:
        """``PRAGMA integrity_check``: [] when the file is sound, else SQLite's findings."""
        try:
            rows = self._connection().execute(f"PRAGMA integrity_check({int(limit)})").fetchall()
        except sqlite3.Error as exc:
            return [str(exc)]
        out = [str(r[0]) for r in rows]
        return [] if out == ["ok"] else out

    # -- folders -----------------------------------------------------------------------------

    def folders(self) -> list[Folder]:
        rows = self._query(
            """SELECT d.id, d.path, d.online, d.offline_reason, d.last_scan,
                      COALESCE(SUM(f.status = 'ok'), 0), COALESCE(SUM(f.status = 'error'), 0)
               FROM folders d LEFT JOIN files f ON f.folder_id = d.id
               GROUP BY d.id ORDER BY d.path"""
        )
        return [Folder(r[0], r[1], bool(r[2]), r[3], r[4], int(r[5]), int(r[6])) for r in rows]

    def folder_rows(self) -> list[tuple[int, str, int, str | None]]:
        """(id, path, online as stored by the last scan, why offline) of every folder."""
        return self._query("SELECT id, path, online, offline_reason FROM folders")

    def folder(self, path: str) -> Folder | None:
        return next((f for f in self.folders() if f.path == path), None)

    def add_folder(self, path: str) -> int:
        """Add a library folder; a folder inside one already there is not added twice, and a
        folder that contains library folders takes their photos over. Returns its id."""
        now = time.time()
        with self._write() as c:
            rows = c.execute("SELECT id, path FROM folders").fetchall()
            for fid, fpath in rows:
                if fpath == path or _is_inside(path, fpath):
                    return int(fid)
            cur = c.execute("INSERT INTO folders(path, added) VALUES (?, ?)", (path, now))
            new_id = int(cur.lastrowid or 0)
            for fid, fpath in rows:
                if _is_inside(fpath, path):
                    c.execute("UPDATE files SET folder_id = ? WHERE folder_id = ?", (new_id, fid))
                    c.execute("DELETE FROM folders WHERE id = ?", (fid,))
            return new_id

    def remove_folder(self, folder_id: int) -> int:
        """Forget a folder and its photos (their files are untouched). Returns how many."""
        with self._write() as c:
            n = c.execute("SELECT COUNT(*) FROM files WHERE folder_id = ?", (folder_id,)).fetchone()[0]
            c.execute("DELETE FROM files WHERE folder_id = ?", (folder_id,))
            c.execute("DELETE FROM folders WHERE id = ?", (folder_id,))
        return int(n)

    def set_folder_state(self, folder_id: int, online: bool, reason: str | None = None,
                         scanned: bool = False) -> None:
        with self._write() as c:
            c.execute(
                "UPDATE folders SET online = ?, offline_reason = ? WHERE id = ?",
                (int(online), encode_reason(reason), folder_id),
            )
            if scanned:
                c.execute("UPDATE folders SET last_scan = ? WHERE id = ?", (time.time(), folder_id))

    def move_folder(self, folder_id: int, new_path: str) -> None:
        """The folder is now at ``new_path`` (a drive mounted elsewhere): rewrite its paths."""
        with self._write() as c:
            old = c.execute("SELECT path FROM folders WHERE id = ?", (folder_id,)).fetchone()
            if old is None:
                raise CatalogError("no_folder_id", folder_id=folder_id)
            old_path = old[0]
            c.execute("UPDATE folders SET path = ? WHERE id = ?", (new_path, folder_id))
            rows = c.execute("SELECT id, path FROM files WHERE folder_id = ?", (folder_id,)).fetchall()
            for fid, p in rows:
                c.execute(
                    "UPDATE files SET path = ? WHERE id = ?",
                    (new_path + p[len(old_path):], fid),
                )
                for table in ("file_keywords", "file_metadata"):  # what the file says moves with it
                    c.execute(f"UPDATE OR REPLACE {table} SET path = ? WHERE path = ?",
                              (new_path + p[len(old_path):], p))

    # -- files -------------------------------------------------------------------------------

    def photos(self, folder_id: int | None = None, *, status: str | None = "ok") -> list[Photo]:
        sql = f"SELECT {_PHOTO_COLS} FROM files f JOIN folders d ON d.id = f.folder_id"
        cond, params = [], []  # type: list[str], list[Any]
        if folder_id is not None:
            cond.append("f.folder_id = ?")
            params.append(folder_id)
        if status is not None:
            cond.append("f.status = ?")
            params.append(status)
        if cond:
            sql += " WHERE " + " AND ".join(cond)
        return [_photo(r) for r in self._query(sql + " ORDER BY f.id", params)]

    def photo_by_path(self, path: str) -> Photo | None:
        rows = self._query(
            f"SELECT {_PHOTO_COLS} FROM files f JOIN folders d ON d.id = f.folder_id WHERE f.path = ?",
            (path,),
        )
        return _photo(rows[0]) if rows else None

    def photos_by_id(self, ids: Iterable[int]) -> dict[int, Photo]:
        ids = list(ids)
        out: dict[int, Photo] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = ",".join("?" * len(chunk))
            for r in self._query(
                f"SELECT {_PHOTO_COLS} FROM files f JOIN folders d ON d.id = f.folder_id "
                f"WHERE f.id IN ({q})", chunk
            ):
                out[r[0]] = _photo(r)
        return out

    def file_states(self, folder_id: int) -> dict[str, tuple[int, int, int, str | None, str]]:
        """path -> (id, size, mtime_ns, ckey, status) for one folder."""
        rows = self._query(
            "SELECT path, id, size, mtime_ns, ckey, status FROM files WHERE folder_id = ?",
            (folder_id,),
        )
        return {r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in rows}

    def forget_files(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        with self._write() as c:
            c.executemany("DELETE FROM files WHERE id = ?", [(i,) for i in ids])

    def counts(self) -> dict[str, int]:
        rows = self._query("SELECT status, COUNT(*) FROM files GROUP BY status")
        out = {"ok": 0, "error": 0}
        out.update({r[0]: int(r[1]) for r in rows})
        return out

    # -- vectors -----------------------------------------------------------------------------

    def vector_ids_for(self, ckeys: Iterable[str], model: str) -> dict[str, int]:
        ckeys = list(ckeys)
        out: dict[str, int] = {}
        for i in range(0, len(ckeys), 500):
            chunk = ckeys[i:i + 500]
            q = ",".join("?" * len(chunk))
            for ck, vid in self._query(
                f"SELECT ckey, id FROM vectors WHERE model = ? AND ckey IN ({q})", [model, *chunk]
            ):
                out[ck] = vid
        return out

    def vector_of_ckey(self, ckey: str, model: str) -> tuple[int, np.ndarray] | None:
        rows = self._query("SELECT id, vec FROM vectors WHERE model = ? AND ckey = ?", (model, ckey))
        if not rows:
            return None
        return rows[0][0], np.frombuffer(rows[0][1], dtype=VECTOR_DTYPE).astype(np.float32)

    def vector_ids(self, model: str) -> np.ndarray:
        rows = self._query("SELECT id FROM vectors WHERE model = ?", (model,))
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def iter_vectors(
        self, model: str, ids: Iterable[int] | None = None, chunk: int = 2000
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield (ids, float32 vectors) in chunks: all of a model's, or just ``ids``."""
        try:
            yield from self._iter_vectors(model, ids, chunk)
        except sqlite3.Error as exc:
            err = self.error(exc)
            if err is exc:
                raise
            raise err from exc

    def _iter_vectors(self, model: str, ids: Iterable[int] | None, chunk: int
                      ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        con = self._connection()
        if ids is None:
            cur = con.execute("SELECT id, vec FROM vectors WHERE model = ? ORDER BY id", (model,))
            while True:
                rows = cur.fetchmany(chunk)
                if not rows:
                    return
                yield _unpack(rows)
        ids = list(ids)
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            q = ",".join("?" * len(part))
            rows = con.execute(f"SELECT id, vec FROM vectors WHERE id IN ({q})", part).fetchall()
            if rows:
                yield _unpack(rows)

    def files_of_vectors(self, vector_ids: Iterable[int], model: str) -> dict[int, list[Photo]]:
        """vector id -> the photos (files) whose content it is (exact copies share one)."""
        vector_ids = list(vector_ids)
        out: dict[int, list[Photo]] = {}
        for i in range(0, len(vector_ids), 500):
            part = vector_ids[i:i + 500]
            q = ",".join("?" * len(part))
            for r in self._query(
                f"SELECT v.id, {_PHOTO_COLS} FROM vectors v JOIN files f ON f.ckey = v.ckey "
                f"JOIN folders d ON d.id = f.folder_id "
                f"WHERE v.model = ? AND f.status = 'ok' AND v.id IN ({q}) ORDER BY f.path",
                [model, *part],
            ):
                out.setdefault(r[0], []).append(_photo(r[1:]))
        return out

    def orphan_vectors(self, model: str) -> list[int]:
        """Vectors no file refers to any more (their photos were deleted or forgotten)."""
        return [r[0] for r in self._query(
            "SELECT v.id FROM vectors v WHERE v.model = ? AND NOT EXISTS "
            "(SELECT 1 FROM files f WHERE f.ckey = v.ckey)", (model,)
        )]

    def delete_vectors(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        with self._write() as c:
            c.executemany("DELETE FROM vectors WHERE id = ?", [(i,) for i in ids])

    def delete_other_models(self, model: str) -> None:
        """Forget the vectors of every model but ``model`` (the library changed models)."""
        with self._write() as c:
            c.execute("DELETE FROM vectors WHERE model != ?", (model,))

    def vector_count(self, model: str) -> int:
        return int(self._query("SELECT COUNT(*) FROM vectors WHERE model = ?", (model,))[0][0])


def _unpack(rows: list[tuple[Any, ...]]) -> tuple[np.ndarray, np.ndarray]:
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    vecs = np.frombuffer(b"".join(r[1] for r in rows), dtype=VECTOR_DTYPE)
    return ids, vecs.reshape(len(rows), -1).astype(np.float32)


def pack_vector(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype=VECTOR_DTYPE).tobytes()


def _is_inside(child: str, parent: str) -> bool:
    parent = parent.rstrip(os.sep) + os.sep
    return child.startswith(parent)
