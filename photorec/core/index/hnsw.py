"""The vector index: hnswlib (cosine), derived from the catalog and rebuilt from it when needed.

Labels are the catalog's vector ids. On disk an index is a versioned pair committed as one: the
graph ``index-KEY.gN-PID.hnsw`` (hnswlib's own format) and the pointer ``index-KEY.json`` that
names it with its size, its checksum (crc32), the model, and the deleted labels. A save writes
a new graph file, then renames the pointer over the old one (the commit), then deletes the old
graph; a kill at any moment leaves either the old pair or the new one, and stray temp files that
the next save removes. Loading verifies the checksum before hnswlib sees a byte, so a damaged
file is reported and rebuilt from the catalog instead of crashing or answering wrongly.

An index is saved only when it changed (``dirty``), and the search lock is held only while
hnswlib serialises the graph (to the page cache), not while the file is hashed and synced.

On open the index is reconciled with the catalog: vectors committed since the last save are
brought in, vectors deleted since are marked deleted. A process that only reads (the CLI while
the window indexes) keeps those new vectors in a small exact side table instead of growing the
graph, so "similar" answers at once from everything committed so far.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import hnswlib
import numpy as np

from photorec.core.embed.projection import Projection, projected_index_path
from photorec.core.errors import Reason
from photorec.core.index.rescore import FullVectors
from photorec.core.index.rescore import rescore_rows as _rescore_rows
from photorec.core.index.stale import stale_files
from photorec.core.store import Catalog
from photorec.core.store.files import (
    checksum_file as _checksum,
)
from photorec.core.store.files import (
    fsync_dir as _fsync_dir,
)
from photorec.core.store.files import (
    fsync_file as _fsync,
)
from photorec.core.store.files import (
    pointer_names as _names,
)
from photorec.core.store.files import (
    replace_file as _replace,
)
from photorec.core.store.files import (
    save_error as _save_error,
)
from photorec.core.store.files import (
    unlink_quietly as _unlink,
)

log = logging.getLogger(__name__)

M = 16
EF_CONSTRUCTION = 100
EF_SEARCH = 96
INITIAL_CAPACITY = 1024
FORMAT = 2  # of the pointer file; 0.1.0 wrote a sidecar without checksum (format 1)


class IndexFileError(Exception):
    """The saved index cannot be used (damaged, half written, another model's)."""


class VectorIndex:
    def __init__(self, dim: int, path: Path, model_key: str, projection: Projection | None = None) -> None:
        # With a projection (core/embed/projection.py) the graph holds projected vectors: the
        # catalog's full vectors go in through it, queries too, and its identity is part of
        # the file name, so a graph is never read with another projection.
        self.projection = projection
        self.full_dim = dim
        self.base_path = Path(path)
        if projection is not None:
            if projection.input_dim != dim:
                raise ValueError(f"projection for {projection.input_dim}-d vectors, model gives {dim}-d")
            dim, path = projection.dim, projected_index_path(self.base_path, projection)
        self.dim = dim
        self.path = Path(path)  # index-KEY.hnsw: the base name; see :attr:`file`
        self.model_key = model_key
        # ids -> (ids, full vectors), e.g. from the catalog: with a projection, search() ranks
        # its candidates again by their full cosine, so scores stay the model's own.
        self.full_vectors: FullVectors | None = None
        self._lock = threading.RLock()  # the graph and the id sets (searches and updates)
        self._save_lock = threading.Lock()  # one save at a time
        self._graph = self._new_graph(INITIAL_CAPACITY)
        self._ids: set[int] = set()  # live labels in the graph
        self._deleted: set[int] = set()  # labels marked deleted in the graph
        self._extra_ids = np.zeros(0, dtype=np.int64)  # exact side table (readers)
        self._extra_vecs = np.zeros((0, dim), dtype=np.float32)
        self._changes = 0  # updates since this object was made
        self._saved_changes = 0  # ... of which are in the file on disk
        self._generation = 0
        self.file: Path | None = None  # the graph file the pointer names, once loaded/saved
        self.problem: Reason | None = None  # why the saved index could not be used
        self.save_error: tuple[type[OSError], int | None] | None = None  # last failed save's (type, errno): logged once
        self.last_save = 0.0

    # -- life cycle --------------------------------------------------------------------------

    def _new_graph(self, capacity: int) -> hnswlib.Index:
        g = hnswlib.Index(space="cosine", dim=self.dim)
        g.init_index(max_elements=capacity, M=M, ef_construction=EF_CONSTRUCTION,
                     random_seed=100, allow_replace_deleted=False)
        g.set_ef(EF_SEARCH)
        return g

    @property
    def meta_path(self) -> Path:
        """The pointer file: it names the committed graph file."""
        return self.path.with_suffix(".json")

    @property
    def file_bytes(self) -> int:
        try:
            return self.file.stat().st_size if self.file is not None else 0
        except OSError:
            return 0

    def _graph_name(self, generation: int) -> str:
        return f"{self.path.stem}.g{generation}-{os.getpid()}{self.path.suffix}"

    def _read_pointer(self) -> dict[str, Any]:
        meta = json.loads(self.meta_path.read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise IndexFileError("the pointer file is not an object")
        return meta

    def _verified(self, meta: dict[str, Any]) -> Path:
        """The graph file the pointer names, after checking its size and checksum."""
        name = str(meta.get("file", ""))
        if not name or os.path.basename(name) != name:
            raise IndexFileError("the pointer names no graph file")
        f = self.path.with_name(name)
        size = f.stat().st_size  # FileNotFoundError: a save replaced it meanwhile (retried)
        if size != int(meta.get("bytes", -1)):
            raise IndexFileError(f"{f.name} has {size} bytes, {meta.get('bytes')} expected "
                                 f"(truncated or damaged)")
        if _checksum(f) != meta.get("checksum"):
            raise IndexFileError(f"{f.name} does not match its checksum (damaged)")
        return f

    def _pointer_generation(self) -> int:
        """The generation committed on disk (another process may have saved since)."""
        try:
            return int(self._read_pointer().get("generation", 0))
        except (OSError, ValueError, TypeError, IndexFileError):
            return 0

    def _pointer_moved(self, meta: object) -> bool:
        try:
            return isinstance(meta, dict) and self._read_pointer().get("file") != meta.get("file")
        except (OSError, ValueError, IndexFileError):
            return False

    def load(self) -> bool:
        """Load the saved graph if it is sound and belongs to this model; False if there is
        none usable (then :attr:`problem` says why when it was damaged)."""
        self.problem = None
        for attempt in range(3):
            meta = None
            try:
                meta = self._read_pointer()
                if int(meta.get("format", 1)) != FORMAT:
                    log.info("index %s is of an older photorec; rebuilding it from the catalog",
                             self.meta_path)
                    return False
                if meta.get("model") != self.model_key or int(meta.get("dim", -1)) != self.dim:
                    log.info("index %s belongs to another model; rebuilding", self.meta_path)
                    return False
                f = self._verified(meta)
                generation = int(meta.get("generation", 0))
                g = hnswlib.Index(space="cosine", dim=self.dim)
                g.load_index(str(f), max_elements=max(INITIAL_CAPACITY, int(meta["count"]) + 1024))
                g.set_ef(EF_SEARCH)
                ids = set(int(i) for i in g.get_ids_list())
                deleted = set(int(i) for i in meta.get("deleted", []))
                for i in deleted & ids:
                    try:
                        g.mark_deleted(i)
                    except RuntimeError:  # hnswlib kept the mark in the file already
                        pass
                if len(ids) != int(meta.get("count", -1)):
                    raise IndexFileError(f"{f.name} holds {len(ids)} vectors, "
                                         f"{meta.get('count')} expected")
            except FileNotFoundError:
                if attempt < 2 and self.meta_path.exists():
                    continue  # another process committed a new pair meanwhile: read it again
                return False
            except Exception as exc:  # damaged: the catalog has every vector
                if attempt < 2 and self._pointer_moved(meta):
                    continue  # a save elsewhere replaced the file while it was read
                self.problem = Reason("index_damaged", folder=str(self.path.parent), detail=str(exc))
                log.warning("%s", self.problem)
                return False
            break
        with self._lock:
            self._graph = g
            self._ids = ids - deleted
            self._deleted = deleted & ids
            self._saved_changes = self._changes
            self._generation = generation
            self.file = f
        return True

    def save(self, *, force: bool = False, strict: bool = False) -> bool:
        """Commit the graph to disk if it changed since the last save (or ``force``).

        Returns whether it wrote. Readers see the old pair or the new one, never a mix. A
        failed write (disk full...) is logged once and leaves the index dirty: the catalog has
        every vector and the next open catches up. ``strict`` raises it instead
        (:class:`DiskFullError` for no space)."""
        try:
            wrote = self._save(force)
        except OSError as exc:
            if strict:
                raise
            key = (type(exc), getattr(exc, "errno", None))
            if key != self.save_error:
                # Disk full: the catalog's write fails too and says so in words, once; the
                # stderr line would only repeat it.
                level = logging.INFO if getattr(exc, "errno", None) == errno.ENOSPC else logging.WARNING
                log.log(level, "could not save the index (%s); it is brought up to date from "
                        "the catalog next time", exc)
            self.save_error = key
            return False
        self.save_error = None
        return wrote

    def _save(self, force: bool) -> bool:
        with self._save_lock:
            with self._lock:
                if not force and not self.dirty and self.file is not None:
                    return False
                if not force and not self.dirty and not self._ids and not self._deleted:
                    return False  # nothing to keep
                changes = self._changes
                gen = max(self._generation, self._pointer_generation()) + 1
                final = self.path.with_name(self._graph_name(gen))
                tmp = final.with_name(f"{self.path.stem}.{os.getpid()}.g{gen}.tmp")
                meta = {
                    "format": FORMAT,
                    "model": self.model_key,
                    "dim": self.dim,
                    "count": int(self._graph.get_current_count()),
                    "live": len(self._ids),
                    "deleted": sorted(self._deleted),
                    "generation": gen,
                    "file": final.name,
                }
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    # Only the serialisation (into the page cache) holds the search lock.
                    self._graph.save_index(str(tmp))
                except (OSError, RuntimeError) as exc:
                    _unlink(tmp)
                    raise _save_error(exc, self.path) from exc
            old = self.file
            try:
                _fsync(tmp)
                meta["bytes"] = tmp.stat().st_size
                meta["checksum"] = _checksum(tmp)
                meta["saved"] = time.time()
                _replace(tmp, final)
                ptr_tmp = self.meta_path.with_name(f"{self.meta_path.name}.{os.getpid()}.tmp")
                with open(ptr_tmp, "w", encoding="utf-8") as fh:
                    json.dump(meta, fh)
                    fh.flush()
                    os.fsync(fh.fileno())
                _replace(ptr_tmp, self.meta_path)  # the commit
                _fsync_dir(self.path.parent)
            except OSError as exc:
                _unlink(tmp)
                _unlink(self.meta_path.with_name(f"{self.meta_path.name}.{os.getpid()}.tmp"))
                if final != old and not _names(self.meta_path, final):
                    _unlink(final)
                raise _save_error(exc, self.path) from exc
            with self._lock:
                self._saved_changes = changes
                self._generation = gen
                self.file = final
            self.last_save = time.time()
            self.clean_up()
            return True

    def clean_up(self) -> int:
        """Delete what killed or older saves left: graph files the pointer does not name (older
        generations), temp files of processes that are gone, 0.1.0's unversioned graph file.
        Returns how many files went."""
        try:
            current = self._read_pointer()
        except (OSError, ValueError, IndexFileError):
            return 0
        n = sum(_unlink(p) for p in stale_files(self.path, self.meta_path, current, FORMAT))
        if n:
            log.info("removed %d stale index file(s) from %s", n, self.path.parent)
        return n

    def sync(self, catalog: Catalog, *, into_graph: bool = True) -> tuple[int, int]:
        """Reconcile with the catalog's vectors of this model. Returns (added, removed).

        ``into_graph=False`` (read-only processes) keeps new vectors in the exact side table.
        """
        in_catalog = set(int(i) for i in catalog.vector_ids(self.model_key))
        with self._lock:
            missing = sorted(in_catalog - self._ids - set(self._extra_ids.tolist()))
            gone = (self._ids | set(self._extra_ids.tolist())) - in_catalog
        if gone:
            self.remove(gone)
        for ids, vecs in catalog.iter_vectors(self.model_key, missing if missing else []):
            if into_graph:
                self.add(ids, vecs)
            else:
                with self._lock:
                    self._extra_ids = np.concatenate([self._extra_ids, ids])
                    self._extra_vecs = np.concatenate([self._extra_vecs, self._project(vecs)])
        return len(missing), len(gone)

    def rebuild(self, catalog: Catalog) -> int:
        with self._lock:
            n = catalog.vector_count(self.model_key)
            self._graph = self._new_graph(max(INITIAL_CAPACITY, n + 1024))
            self._ids = set()
            self._deleted = set()
            self._extra_ids = np.zeros(0, dtype=np.int64)
            self._extra_vecs = np.zeros((0, self.dim), dtype=np.float32)
            self._changes += 1  # whatever is on disk is not this graph
        for ids, vecs in catalog.iter_vectors(self.model_key):
            self.add(ids, vecs)
        return n

    # -- updates -----------------------------------------------------------------------------

    def _project(self, vecs: np.ndarray) -> np.ndarray:
        """Full model vectors -> what the graph holds (the same, or their projection)."""
        vecs = np.asarray(vecs, dtype=np.float32)
        return vecs if self.projection is None else self.projection.apply(vecs)

    def add(self, ids: np.ndarray, vecs: np.ndarray) -> None:
        """Add the catalog's (full) vectors under their ids."""
        if len(ids) == 0:
            return
        ids = np.asarray(ids, dtype=np.int64)
        vecs = self._project(vecs)
        with self._lock:
            g = self._graph
            need = g.get_current_count() + len(ids)
            if need > g.get_max_elements():
                g.resize_index(max(need, int(g.get_max_elements() * 1.5)))
            deleted = self._deleted
            for i in ids.tolist():
                if i in deleted:  # a label that was deleted comes back
                    g.unmark_deleted(i)
                    deleted.discard(i)
            g.add_items(np.asarray(vecs, dtype=np.float32), ids, num_threads=1)
            self._ids.update(ids.tolist())
            self._changes += len(ids)

    def remove(self, ids: Iterable[int]) -> None:
        with self._lock:
            deleted = self._deleted
            for i in ids:
                i = int(i)
                if i in self._ids:
                    try:
                        self._graph.mark_deleted(i)
                    except RuntimeError:  # already marked in the graph: the same end state
                        log.debug("label %d was marked deleted already", i)
                    self._ids.discard(i)
                    deleted.add(i)
                    self._changes += 1
            if len(self._extra_ids):
                keep = ~np.isin(self._extra_ids, np.fromiter((int(i) for i in ids), dtype=np.int64))
                self._extra_ids = self._extra_ids[keep]
                self._extra_vecs = self._extra_vecs[keep]

    # -- queries -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids) + len(self._extra_ids)

    @property
    def dirty(self) -> int:
        """How many updates the file on disk lacks (0: saving would write the same)."""
        return self._changes - self._saved_changes

    def contains(self, vector_id: int) -> bool:
        return vector_id in self._ids or bool(np.any(self._extra_ids == vector_id))

    def search(self, vec: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k nearest vector ids with their cosine similarity, best first.

        ``vec`` is a full model vector. With a projection, k + 16 or more candidates come from the
        projected graph and are ranked by their full cosine (``full_vectors``), or else by
        the projected one."""
        full = np.asarray(vec, dtype=np.float32).reshape(1, -1)
        vec = self._project(full)
        rescore = self.projection is not None and self.full_vectors is not None
        want, k = k, (k + max(16, k // 2) if rescore else k)
        out: dict[int, float] = {}
        with self._lock:
            n = len(self._ids)
            if n:
                kk = min(k, n)
                self._graph.set_ef(max(EF_SEARCH, kk + 16))
                while kk > 0:
                    try:
                        labels, dists = self._graph.knn_query(vec, k=kk, num_threads=1)
                        break
                    except RuntimeError:  # too few reachable points for kk (many deleted)
                        kk //= 2
                else:
                    labels = dists = np.zeros((1, 0))
                for lab, d in zip(labels[0].tolist(), dists[0].tolist()):
                    out[int(lab)] = 1.0 - float(d)
            if len(self._extra_ids):
                sims = self._extra_vecs @ vec[0]
                top = np.argsort(-sims)[:k]
                for j in top.tolist():
                    out[int(self._extra_ids[j])] = float(sims[j])
        if rescore and out and self.full_vectors is not None:
            try:
                for ids, vecs in self.full_vectors(list(out)):
                    for i, s in zip(np.asarray(ids).tolist(), (vecs @ full[0]).tolist()):
                        out[int(i)] = float(s)
            except Exception as exc:  # the projected cosines still rank
                log.warning("could not read full vectors to rank results (%s)", exc)
        return sorted(out.items(), key=lambda kv: -kv[1])[:want]

    def search_many(self, vecs: np.ndarray, k: int, *, num_threads: int = 0,
                    ef: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Batched :meth:`search`: (labels int64 [n, k], cosine float32 [n, k]), best first.

        Rows with fewer than ``k`` hits are padded with label -1 and cosine -inf. Used by the
        near-duplicate finder to build the k-nearest-neighbour graph of the whole library;
        ``ef`` (default ``EF_SEARCH``) trades recall of far neighbours for speed. With a
        projection, a few more candidates are ranked by their full cosine (as in search).
        """
        full = np.ascontiguousarray(np.atleast_2d(vecs), dtype=np.float32)
        if self.projection is None or self.full_vectors is None or k <= 0 or not len(full):
            return self._knn_many(self._project(full), k, num_threads, ef)
        labels, sims = self._knn_many(self._project(full), k + max(8, k // 2), num_threads, ef)
        try:
            return _rescore_rows(full, labels, sims, k, self.full_vectors)
        except Exception as exc:  # the projected cosines still rank
            log.warning("could not read full vectors to rank results (%s)", exc)
            return labels[:, :k], sims[:, :k]

    def _knn_many(self, vecs: np.ndarray, k: int, num_threads: int,
                  ef: int | None) -> tuple[np.ndarray, np.ndarray]:
        vecs = np.ascontiguousarray(vecs, dtype=np.float32)
        n = len(vecs)
        labels = np.full((n, k), -1, dtype=np.int64)
        sims = np.full((n, k), -np.inf, dtype=np.float32)
        if n == 0 or k <= 0:
            return labels, sims
        threads = num_threads or min(4, os.cpu_count() or 1)
        with self._lock:
            live = len(self._ids)
            if live:
                kk = min(k, live)
                self._graph.set_ef(max(ef or EF_SEARCH, kk + 16))
                while kk > 0:
                    try:
                        lab, dist = self._graph.knn_query(vecs, k=kk, num_threads=threads)
                        labels[:, :kk] = lab
                        sims[:, :kk] = 1.0 - dist
                        break
                    except RuntimeError:  # too few reachable points for kk (many deleted)
                        kk //= 2
            if len(self._extra_ids):  # exact side table (read-only processes), by slices
                for s in range(0, n, 256):
                    ex = vecs[s:s + 256] @ self._extra_vecs.T
                    kx = min(k, ex.shape[1])
                    top = np.argpartition(-ex, kx - 1, axis=1)[:, :kx]
                    lab = np.concatenate([labels[s:s + 256], self._extra_ids[top]], 1)
                    sim = np.concatenate([sims[s:s + 256], np.take_along_axis(ex, top, 1)], 1)
                    order = np.argsort(-sim, axis=1, kind="stable")[:, :k]
                    labels[s:s + 256] = np.take_along_axis(lab, order, 1)
                    sims[s:s + 256] = np.take_along_axis(sim, order, 1)
        return labels, sims

    def vectors(self, ids: Iterable[int]) -> np.ndarray:
        """The stored vectors of some ids (float32, unit length), in the order given: the
        projected ones when the index has a projection (the catalog has the full ones)."""
        with self._lock:
            return np.asarray(self._graph.get_items(list(ids)), dtype=np.float32)

