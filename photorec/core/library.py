"""A photo library: one catalog + one index + one thumbnail cache. The facade the CLI and the
window both use; every method may be called from a worker thread.

Indexing pipeline: walk the folders, compare with the catalog, then for each new or changed
file a worker thread computes its content key and, unless that content already has a vector
(a moved, renamed or copied photo), decodes it once (model input + thumbnail). The calling
thread embeds decoded photos in batches while the workers go on decoding, and commits each
batch in one transaction, so a crash loses at most the batch in flight.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
from PIL import Image

from photorec.core import decode as dec
from photorec.core.catalog import Catalog, CatalogError, Folder, Photo, pack_vector
from photorec.core import projection
from photorec.core.index import VectorIndex  # noqa: F401
from photorec.core.model import Embedder, ModelError, ModelInfo, load_model_info
from photorec.core.paths import LibraryPaths
from photorec.core.scan import FileEntry, content_key, folder_problem, walk

log = logging.getLogger(__name__)

BATCH = 16
SAVE_EVERY_S = 30.0


class LibraryError(Exception):
    """Something the user can act on (a missing folder, an unusable data dir)."""


@dataclass
class Progress:
    phase: str  # "scanning", "indexing", "finishing", "done"
    done: int = 0
    total: int = 0
    rate: float = 0.0  # photos per second
    eta: float | None = None  # seconds left
    current: str = ""
    paused: bool = False


@dataclass
class ScanReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0
    removed: int = 0
    failed: int = 0
    embedded: int = 0  # how many photos went through the CNN
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), this scan
    offline: list[tuple[str, str]] = field(default_factory=list)  # (folder, reason)
    cancelled: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        parts = [f"{self.new} new", f"{self.updated} updated", f"{self.unchanged} unchanged",
                 f"{self.moved} moved", f"{self.removed} removed", f"{self.failed} failed"]
        return ", ".join(parts)


@dataclass
class Match:
    path: str
    score: float
    photo_id: int
    offline: bool = False
    photo: Photo | None = field(default=None, repr=False, compare=False)  # its catalog row


@dataclass
class _Job:
    entry: FileEntry
    folder_id: int
    old_id: int | None


@dataclass
class _Result:
    job: _Job
    ckey: str | None = None
    decoded: dec.Decoded | None = None
    error: str | None = None


class Library:
    """Open with :meth:`open`. ``readonly`` opens an existing library for queries only
    (another process may be indexing it at the same time)."""

    def __init__(self, paths: LibraryPaths, *, provider: str | None = None,
                 readonly: bool = False, model: ModelInfo | None = None) -> None:
        self.paths = paths
        self.readonly = readonly
        self.provider_request = provider
        try:
            self.model = model or load_model_info()
        except ModelError as exc:
            raise LibraryError(f"{exc} (reinstall photorec, or unset PHOTOREC_MODEL)") from exc
        if not self.model.dim:
            raise LibraryError(f"the model card of {self.model.path} has no output_dim")
        try:
            if not readonly:
                paths.ensure()
            self.catalog = Catalog(paths.catalog, readonly=readonly)
        except (OSError, CatalogError) as exc:
            raise LibraryError(f"cannot use the data folder {paths.data_dir}: {exc}") from exc
        self._embedder: Embedder | None = None
        self._embedder_lock = threading.Lock()
        self._index_lock = threading.Lock()  # one indexing run at a time in this process
        self.index = projection.open_index(self.catalog, self.model.dim,
                                           paths.index_file(self.model.key), self.model.key)
        self._open_index()

    @classmethod
    def open(cls, data_dir: str | os.PathLike[str] | None = None, **kw) -> "Library":
        return cls(LibraryPaths.resolve(data_dir), **kw)

    def close(self) -> None:
        if not self.readonly and self.index.dirty:
            try:
                self.index.save()
            except OSError:
                log.exception("could not save the index")
        self.catalog.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- model -------------------------------------------------------------------------------

    @property
    def embedder(self) -> Embedder:
        with self._embedder_lock:
            if self._embedder is None:
                self._embedder = Embedder(self.model, provider=self.provider_request)
            return self._embedder

    def _open_index(self) -> None:
        if not self.readonly:
            stored = self.catalog.get_meta("model")
            if stored != self.model.key:
                if stored:
                    log.info("model changed from %s to %s: photos will be embedded again",
                             stored, self.model.key)
                    with self.catalog.write() as c:
                        c.execute("DELETE FROM vectors WHERE model != ?", (self.model.key,))
                self.catalog.set_meta("model", self.model.key)
        loaded = self.index.load()
        if not loaded and not self.readonly:
            n = self.index.rebuild(self.catalog)
            if n:
                log.info("rebuilt the index from %d vectors in the catalog", n)
                self.index.save()
        else:
            self.index.sync(self.catalog, into_graph=not self.readonly)

    def refresh(self) -> None:
        """Bring in what another process committed since (read-only libraries)."""
        self.index.sync(self.catalog, into_graph=not self.readonly)

    # -- folders -----------------------------------------------------------------------------

    def folders(self) -> list[Folder]:
        return self.catalog.folders()

    def add_folder(self, path: str | os.PathLike[str]) -> Folder:
        p = os.path.abspath(os.path.expanduser(os.fspath(path)))
        problem = folder_problem(p)
        if problem:
            raise LibraryError(f"{p}: {problem}")
        fid = self.catalog.add_folder(p)
        return next(f for f in self.catalog.folders() if f.id == fid)

    def remove_folder(self, path_or_id: str | int) -> int:
        """Forget a folder and its photos (files on disk are untouched). Returns how many."""
        folder = self.folder(path_or_id)
        n = self.catalog.remove_folder(folder.id)
        self._purge_orphans()
        return n

    def relocate_folder(self, path_or_id: str | int, new_path: str) -> Folder:
        """The folder's drive is mounted somewhere else now: point the library there."""
        folder = self.folder(path_or_id)
        p = os.path.abspath(os.path.expanduser(new_path))
        problem = folder_problem(p)
        if problem:
            raise LibraryError(f"{p}: {problem}")
        self.catalog.move_folder(folder.id, p)
        self.catalog.set_folder_state(folder.id, True)
        return self.folder(folder.id)

    def purge_offline(self) -> int:
        """Forget the photos of every offline folder (an explicit user action)."""
        n = 0
        for f in self.catalog.folders():
            if not f.online:
                n += self.catalog.remove_folder(f.id)
        self._purge_orphans()
        return n

    def folder(self, path_or_id: str | int) -> Folder:
        """A library folder by id or path; LibraryError if it is not one."""
        for f in self.catalog.folders():
            if f.id == path_or_id or f.path == path_or_id or (
                isinstance(path_or_id, str)
                and f.path == os.path.abspath(os.path.expanduser(path_or_id))
            ):
                return f
        raise LibraryError(f"{path_or_id} is not a library folder")

    # -- photos ------------------------------------------------------------------------------

    def photos(self, folder_id: int | None = None) -> list[Photo]:
        return self.catalog.photos(folder_id)

    def problems(self) -> list[Photo]:
        return self.catalog.photos(status="error")

    def photo(self, path: str) -> Photo | None:
        return self.catalog.photo_by_path(os.path.abspath(path))

    def thumbnail_path(self, photo: Photo, *, create: bool = True) -> Path | None:
        """The cached thumbnail of a photo, made now from the original if it is missing."""
        if not photo.ckey:
            return None
        p = self.paths.thumb_path(photo.ckey)
        if p.exists() or not create:
            return p if p.exists() else None
        try:
            d = dec.decode(photo.path)
            dec.save_thumbnail(d.thumbnail, p)
            return p
        except (dec.DecodeError, OSError):
            return None

    def forget(self, paths: Iterable[str]) -> int:
        """Drop photos from the catalog (after the user moved them to the trash)."""
        ids = [p.id for p in (self.catalog.photo_by_path(os.path.abspath(x)) for x in paths) if p]
        self.catalog.forget_files(ids)
        self._purge_orphans()
        return len(ids)

    # -- indexing ----------------------------------------------------------------------------

    def index_folders(
        self,
        folders: Iterable[str | os.PathLike[str]] | None = None,
        *,
        progress: Callable[[Progress], None] | None = None,
        on_batch: Callable[[list[Photo]], None] | None = None,
        cancel: threading.Event | None = None,
        pause: threading.Event | None = None,
        retry_failed: bool = False,
        workers: int | None = None,
    ) -> ScanReport:
        """Add ``folders`` (if given) and bring the whole library up to date.

        ``progress`` and ``on_batch`` are called from this thread. Set ``cancel`` to stop after
        the batch in flight (what is committed stays); while ``pause`` is set, work waits.
        """
        if self.readonly:
            raise LibraryError("this library is open read-only")
        for f in folders or ():
            self.add_folder(f)
        with self._index_lock:
            return _Indexer(self, progress, on_batch, cancel, pause, retry_failed, workers).run()

    def _purge_orphans(self) -> None:
        orphans = self.catalog.orphan_vectors(self.model.key)
        if orphans:
            self.catalog.delete_vectors(orphans)
            self.index.remove(orphans)

    # -- similar -----------------------------------------------------------------------------

    def vector_for(self, query: str | os.PathLike[str] | Image.Image | bytes) -> np.ndarray:
        """The embedding of a library photo (stored), or of any image file/PIL image/bytes."""
        if isinstance(query, (str, os.PathLike)):
            path = os.path.abspath(os.fspath(query))
            photo = self.catalog.photo_by_path(path)
            ckey = photo.ckey if photo and photo.ckey else None
            if ckey is None:
                try:
                    ckey = content_key(path)
                except OSError as exc:
                    raise LibraryError(f"{path}: {exc.strerror or exc}") from exc
            stored = self.catalog.vector_of_ckey(ckey, self.model.key)
            if stored is not None:
                return stored[1]
        try:
            d = dec.decode(query)
        except dec.DecodeError as exc:
            name = os.fspath(query) if isinstance(query, (str, os.PathLike)) else "image"
            raise LibraryError(f"{name}: {exc}") from exc
        return self.embedder.embed(d.pixels[None])[0]

    def similar(self, query: str | os.PathLike[str] | Image.Image | bytes, k: int = 20,
                *, min_score: float = -1.0) -> list[Match]:
        """The ``k`` library photos most like ``query``, best first, the query itself excluded."""
        exclude = {os.path.abspath(os.fspath(query))} if isinstance(query, (str, os.PathLike)) else set()
        return self.similar_to_vector(self.vector_for(query), k, exclude=exclude, min_score=min_score)

    def similar_to_vector(self, vec: np.ndarray, k: int = 20, *, exclude: set[str] = frozenset(),
                          min_score: float = -1.0) -> list[Match]:
        if k <= 0:
            return []
        want = k + len(exclude) + 8
        hits = self.index.search(vec, want)
        files = self.catalog.files_of_vectors([h[0] for h in hits], self.model.key)
        out: list[Match] = []
        for vid, score in hits:
            if score < min_score:
                break
            for p in files.get(vid, []):
                if p.path not in exclude:
                    out.append(Match(p.path, round(min(1.0, score), 6), p.id, not p.online, p))
        out.sort(key=lambda m: (-m.score, m.path))
        return out[:k]

    # -- status ------------------------------------------------------------------------------

    def status(self) -> dict:
        counts = self.catalog.counts()
        idx = self.index.path
        try:
            provider = self._embedder.provider if self._embedder else _default_provider(self.provider_request)
        except Exception as exc:  # noqa: BLE001 - status must always answer
            provider = f"unavailable ({exc})"
        return {
            "data_dir": str(self.paths.data_dir),
            "folders": [
                {"path": f.path, "online": f.online, "reason": f.offline_reason,
                 "photos": f.photos, "failed": f.failed, "last_scan": f.last_scan}
                for f in self.catalog.folders()
            ],
            "photos": counts.get("ok", 0),
            "failed": counts.get("error", 0),
            "vectors": len(self.index),
            "model": {"name": self.model.name, "key": self.model.key, "dim": self.model.dim,
                      "sha256": self.model.sha256},
            "provider": provider,
            "index_file": str(idx),
            "index_bytes": idx.stat().st_size if idx.exists() else 0,
            "indexing": self.catalog.get_meta("indexing") or None,
        }


def _default_provider(requested: str | None) -> str:
    from photorec.core.model import choose_providers

    return choose_providers(requested)[0]


class _Indexer:
    """One indexing run (see the module docstring)."""

    def __init__(self, lib: Library, progress, on_batch, cancel, pause, retry_failed, workers):
        self.lib = lib
        self.cat = lib.catalog
        self.model = lib.model.key
        self.progress_cb = progress
        self.on_batch = on_batch
        self.cancel = cancel or threading.Event()
        self.pause = pause
        self.retry_failed = retry_failed
        self.workers = workers or max(1, os.cpu_count() or 1)
        self.report = ScanReport()
        self.known: set[str] = set()  # content keys that have a vector of this model
        self.removed_ckeys: set[str] = set()
        self.t0 = time.monotonic()
        self.t_index = None
        self.done = 0
        self.total = 0
        self.last_progress = 0.0

    # progress ---------------------------------------------------------------------------------

    def emit(self, phase: str, current: str = "", force: bool = False) -> None:
        if not self.progress_cb:
            return
        now = time.monotonic()
        if not force and now - self.last_progress < 0.1:
            return
        self.last_progress = now
        rate = 0.0
        eta = None
        if self.t_index is not None and self.done:
            rate = self.done / max(1e-6, now - self.t_index)
            eta = (self.total - self.done) / rate if rate > 0 else None
        paused = bool(self.pause and self.pause.is_set())
        self.progress_cb(Progress(phase, self.done, self.total, rate, eta, current, paused))

    def wait_if_paused(self) -> None:
        while self.pause is not None and self.pause.is_set() and not self.cancel.is_set():
            self.emit("indexing", force=True)
            time.sleep(0.1)

    # the run ----------------------------------------------------------------------------------

    def _warm_model(self) -> None:
        try:
            self.lib.embedder
        except Exception as exc:  # noqa: BLE001 - the first embed reports it where it matters
            log.debug("model warm-up failed: %s", exc)

    def run(self) -> ScanReport:
        self.emit("scanning", force=True)
        self.known = set(r[0] for r in self.cat.query(
            "SELECT ckey FROM vectors WHERE model = ?", (self.model,)))
        jobs = self.plan()
        self.total = len(jobs)
        self.cat.set_meta("indexing", f"0/{self.total}")
        try:
            if jobs and not self.cancel.is_set():
                self.pipeline(jobs)
        finally:
            self.emit("finishing", force=True)
            if not self.report.cancelled:
                self.lib._purge_orphans()
            self.lib.index.save()
            self.cat.set_meta("indexing", "")
        self.report.seconds = time.monotonic() - self.t0
        self.emit("done", force=True)
        try:  # a big library's index holds projected vectors (core/projection.py)
            projection.refit_if_grown(self.lib)
        except Exception:  # noqa: BLE001 - derived data: the index in use stays
            log.exception("could not learn the index projection; the index keeps full vectors")
        return self.report

    def plan(self) -> list[_Job]:
        """Walk the online folders; mark the others offline; drop what is gone."""
        jobs: list[_Job] = []
        for folder in self.cat.folders():
            if self.cancel.is_set():
                self.report.cancelled = True
                break
            problem = folder_problem(folder.path)
            if problem:
                # Unplugged drive or share down: keep everything, just mark it offline.
                self.cat.set_folder_state(folder.id, False, problem)
                self.report.offline.append((folder.path, problem))
                continue
            self.cat.set_folder_state(folder.id, True, None)
            known = self.cat.file_states(folder.id)
            seen: set[str] = set()
            walk_errors: list[tuple[str, str]] = []
            for entry in walk(folder.path, walk_errors):
                seen.add(entry.path)
                old = known.get(entry.path)
                if old is not None:
                    old_id, size, mtime, ckey, status = old
                    same = size == entry.size and mtime == entry.mtime_ns
                    if same and status == "ok" and ckey in self.known:
                        self.report.unchanged += 1
                        continue
                    if same and status == "error" and not self.retry_failed:
                        self.report.unchanged += 1
                        continue
                    jobs.append(_Job(entry, folder.id, old_id))
                else:
                    jobs.append(_Job(entry, folder.id, None))
                if len(jobs) == 1 and self.lib._embedder is None:
                    # Load the model while the rest is walked: the first batch should not wait.
                    # Not a daemon: a process exiting while onnxruntime builds its session
                    # aborts ("terminate called without an active exception").
                    threading.Thread(target=self._warm_model, name="photorec-model").start()
                if len(jobs) % 500 == 0:
                    self.emit("scanning", entry.path)
            self.report.errors.extend(walk_errors)
            # A sub-folder that could not be read is not proof its photos are gone: keep them.
            unreadable = tuple(d.rstrip(os.sep) + os.sep for d, _ in walk_errors)
            gone = [(v[0], v[3]) for p, v in known.items()
                    if p not in seen and not (unreadable and p.startswith(unreadable))]
            if gone:
                self.removed_ckeys.update(ck for _, ck in gone if ck)
                self.cat.forget_files(i for i, _ in gone)
                self.report.removed += len(gone)
            self.cat.set_folder_state(folder.id, True, None, scanned=True)
        return jobs

    def work(self, job: _Job) -> _Result:
        """In a worker thread: content key, then a decode unless the content is known."""
        if self.cancel.is_set():
            return _Result(job, error="cancelled")
        while self.pause is not None and self.pause.is_set() and not self.cancel.is_set():
            time.sleep(0.1)
        path = job.entry.path
        try:
            ckey = content_key(path, job.entry.size)
        except FileNotFoundError:
            return _Result(job, error="file not found (moved or deleted during the scan)")
        except PermissionError:
            return _Result(job, error="permission denied: photorec may not read this file")
        except OSError as exc:
            return _Result(job, error=f"cannot read the file: {exc.strerror or exc}")
        if ckey in self.known:
            return _Result(job, ckey=ckey)
        try:
            d = dec.decode(path)
        except dec.DecodeError as exc:
            return _Result(job, ckey=ckey, error=str(exc))
        except Exception as exc:  # noqa: BLE001 - a bad photo never stops a scan
            log.exception("unexpected error decoding %s", path)
            return _Result(job, ckey=ckey, error=f"unexpected error: {exc}")
        try:
            dec.save_thumbnail(d.thumbnail, self.lib.paths.thumb_path(ckey))
        except OSError as exc:
            log.warning("cannot write the thumbnail of %s: %s", path, exc)
        d.thumbnail = None  # type: ignore[assignment]  # free it early
        return _Result(job, ckey=ckey, decoded=d)

    def pipeline(self, jobs: list[_Job]) -> None:
        self.t_index = time.monotonic()
        inflight: deque[Future] = deque()
        it = iter(jobs)
        max_inflight = BATCH * 3
        last_save = time.monotonic()
        with ThreadPoolExecutor(self.workers, thread_name_prefix="photorec-decode") as pool:
            def fill() -> None:
                while len(inflight) < max_inflight:
                    job = next(it, None)
                    if job is None:
                        return
                    inflight.append(pool.submit(self.work, job))

            fill()
            while inflight:
                if self.cancel.is_set():
                    self.report.cancelled = True
                    for f in inflight:
                        f.cancel()
                    break
                self.wait_if_paused()
                batch: list[_Result] = []
                while inflight and len(batch) < BATCH:
                    batch.append(inflight.popleft().result())
                    fill()
                    # Commit early when the decoders are slower than the model: keeps the
                    # grid and "similar" fresh without waiting for a full batch.
                    enough = 1 if self.done == 0 else BATCH // 2  # first photos on screen asap
                    if inflight and not inflight[0].done() and len(batch) >= enough:
                        break
                self.commit(batch)
                if time.monotonic() - last_save > SAVE_EVERY_S:
                    self.lib.index.save()
                    last_save = time.monotonic()

    def commit(self, batch: list[_Result]) -> None:
        lib, now = self.lib, time.time()
        to_embed = [r for r in batch if r.decoded is not None and r.ckey not in self.known]
        vecs = None
        if to_embed:
            pixels = np.stack([r.decoded.pixels for r in to_embed])
            vecs = lib.embedder.embed(pixels)
        new_vec_ids: list[int] = []
        new_vecs: list[np.ndarray] = []
        touched: list[str] = []
        with self.cat.write() as c:
            # Vectors first (one per new content), then the file rows.
            meta: dict[str, tuple] = {}
            for r, v in zip(to_embed, vecs if vecs is not None else []):
                if r.ckey in meta:
                    continue
                d = r.decoded
                cur = c.execute(
                    "INSERT OR IGNORE INTO vectors(ckey, model, vec, width, height, taken, added) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (r.ckey, self.model, pack_vector(v), d.width, d.height, d.taken, now),
                )
                if cur.rowcount:
                    new_vec_ids.append(int(cur.lastrowid))
                    new_vecs.append(v)
                meta[r.ckey] = (d.width, d.height, d.taken)
            for r in batch:
                if r.error == "cancelled":
                    continue
                e = r.job.entry
                if r.error is None and r.ckey not in meta:
                    row = c.execute(
                        "SELECT width, height, taken FROM vectors WHERE ckey = ? AND model = ?",
                        (r.ckey, self.model),
                    ).fetchone()
                    if row is None:  # cannot happen unless the catalog changed under us
                        r.error = "internal: lost the vector of this content; rescan to retry"
                    else:
                        meta[r.ckey] = row
                        if r.ckey in self.removed_ckeys:
                            self.report.moved += 1
                if r.error is not None:
                    status, err, w, h, taken = "error", r.error, None, None, None
                    self.report.failed += 1
                    self.report.errors.append((e.path, r.error))
                else:
                    status, err = "ok", None
                    w, h, taken = meta[r.ckey]
                    if r.job.old_id is None:
                        if r.ckey not in self.removed_ckeys or r.decoded is not None:
                            self.report.new += 1
                    else:
                        self.report.updated += 1
                c.execute(
                    "INSERT INTO files(folder_id, path, size, mtime_ns, ckey, status, error, "
                    "width, height, taken, added, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                    "ON CONFLICT(path) DO UPDATE SET folder_id=excluded.folder_id, "
                    "size=excluded.size, mtime_ns=excluded.mtime_ns, ckey=excluded.ckey, "
                    "status=excluded.status, error=excluded.error, width=excluded.width, "
                    "height=excluded.height, taken=excluded.taken, updated=excluded.updated",
                    (r.job.folder_id, e.path, e.size, e.mtime_ns, r.ckey, status, err,
                     w, h, taken, now, now),
                )
                touched.append(e.path)
            c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('indexing', ?)",
                      (f"{self.done + len(batch)}/{self.total}",))
        # Committed: the vectors are now findable in this process too.
        if new_vec_ids:
            lib.index.add(np.array(new_vec_ids), np.stack(new_vecs))
            self.report.embedded += len(new_vec_ids)
        self.known.update(meta)
        self.done += len(batch)
        last = batch[-1].job.entry.path if batch else ""
        self.emit("indexing", last)
        if self.on_batch and touched:
            photos = [p for p in (self.cat.photo_by_path(t) for t in touched) if p]
            self.on_batch(photos)
