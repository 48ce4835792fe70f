"""The write path of indexing: one batch of the indexing pipeline in one transaction.

The vectors first (one per new content), then the file rows, then the ``indexing`` progress
marker: a crash loses at most the batch in flight, and a file row never names a vector that is
not there.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass, field

import numpy as np

from photorec.core.errors import Reason
from photorec.core.store.catalog import INDEXING_KEY, Catalog, encode_reason, pack_vector

log = logging.getLogger(__name__)


@dataclass
class NewVector:
    """The embedding of a content first met in this batch, with what its decode found."""
    ckey: str
    vec: np.ndarray
    width: int
    height: int
    taken: float | None


@dataclass
class FileRow:
    """One file of a batch as the pipeline found it. ``error`` None: its content has a vector
    (new in this batch, or stored before)."""
    folder_id: int
    path: str
    size: int
    mtime_ns: int
    ckey: str | None
    error: Reason | None


@dataclass
class BatchStored:
    """What :func:`commit_batch` stored."""
    new_ids: list[int] = field(default_factory=list)  # vector ids inserted (not there before)
    new_vecs: list[np.ndarray] = field(default_factory=list)  # ... and their vectors
    ckeys: set[str] = field(default_factory=set)  # contents with a vector, stored or found
    stored: list[FileRow] = field(default_factory=list)  # file rows written, in batch order
    looked_up: set[str] = field(default_factory=set)  # paths whose vector was stored before
    unstorable: list[tuple[FileRow, Exception]] = field(default_factory=list)


def known_contents(catalog: Catalog, model: str) -> set[str]:
    """The content keys that have a vector of ``model``."""
    return {r[0] for r in catalog._query("SELECT ckey FROM vectors WHERE model = ?", (model,))}


def commit_batch(catalog: Catalog, model: str, vectors: list[NewVector], files: list[FileRow],
                 *, progress: str, lost_error: Reason) -> BatchStored:
    """Store a batch in one transaction: ``vectors`` (a content that has one already keeps
    it), then ``files`` (inserted or updated by path), then ``progress`` as the catalog's
    indexing marker. A file whose content has no vector after all is stored as a problem with
    ``lost_error``; a file whose values cannot be stored (a name that is not UTF-8 on a
    catalog that cannot keep it) is left out and returned in ``unstorable``."""
    out = BatchStored()
    now = time.time()
    with catalog._write() as c:
        meta: dict[str, tuple[object, ...]] = {}
        for v in vectors:
            if v.ckey in meta:
                continue
            cur = c.execute(
                "INSERT OR IGNORE INTO vectors(ckey, model, vec, width, height, taken, added) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (v.ckey, model, pack_vector(v.vec), v.width, v.height, v.taken, now),
            )
            if cur.rowcount:
                out.new_ids.append(int(cur.lastrowid or 0))
                out.new_vecs.append(v.vec)
            meta[v.ckey] = (v.width, v.height, v.taken)
        for f in files:
            ckey = f.ckey or ""  # a file without a content key is a problem (error set)
            if f.error is None and ckey not in meta:
                row = c.execute(
                    "SELECT width, height, taken FROM vectors WHERE ckey = ? AND model = ?",
                    (f.ckey, model),
                ).fetchone()
                if row is None:  # cannot happen unless the catalog changed under us
                    f.error = lost_error
                else:
                    meta[ckey] = row
                    out.looked_up.add(f.path)
            if f.error is not None:
                status, w, h, taken = "error", None, None, None
            else:
                status = "ok"
                w, h, taken = meta[ckey]
            try:
                c.execute(
                    "INSERT INTO files(folder_id, path, size, mtime_ns, ckey, status, error, "
                    "width, height, taken, added, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                    "ON CONFLICT(path) DO UPDATE SET folder_id=excluded.folder_id, "
                    "size=excluded.size, mtime_ns=excluded.mtime_ns, ckey=excluded.ckey, "
                    "status=excluded.status, error=excluded.error, width=excluded.width, "
                    "height=excluded.height, taken=excluded.taken, updated=excluded.updated",
                    (f.folder_id, f.path, f.size, f.mtime_ns, f.ckey, status, encode_reason(f.error),
                     w, h, taken, now, now),
                )
            except (ValueError, OverflowError, sqlite3.InterfaceError) as exc:
                log.warning("cannot store %r in the catalog: %s", f.path, exc)
                out.unstorable.append((f, exc))
                continue
            out.stored.append(f)
        c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (INDEXING_KEY, progress))
    out.ckeys = set(meta)
    return out
