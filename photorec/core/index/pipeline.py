"""The indexing pipeline: one run of :meth:`Library.index_folders`.

The library asks (it hands over its catalog, its index and how to embed), this pipeline does
the work, and the store keeps the truth (:func:`photorec.core.store.indexing.commit_batch`, one
call per batch). Nothing here reaches back into the library.

Walk the folders, compare with the catalog, then for each new or changed file a worker thread
computes its content key and, unless that content already has a vector (a moved, renamed or
copied photo), decodes it once (model input + thumbnail). The calling thread embeds decoded
photos in batches while the workers go on decoding, and commits each batch in one transaction,
so a crash loses at most the batch in flight.
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np

from photorec.core.errors import Reason
from photorec.core.index.hnsw import VectorIndex
from photorec.core.ingest import decode as dec
from photorec.core.ingest.scan import FileEntry, clamp_ns, content_key_of_bytes, folder_problem, key_of_open_file, walk
from photorec.core.store import Catalog, Photo
from photorec.core.store import indexing as store

if TYPE_CHECKING:
    from photorec.core.people.service import People

log = logging.getLogger(__name__)

BATCH = 16
SAVE_EVERY_S = 30.0
READ_WHOLE_MAX = 64 * 1024 * 1024  # files up to this are read once into memory, keyed, decoded
READ_TRIES = 3
# Opening a FIFO swapped in for a photo must not block the worker forever.
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


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
    errors: list[tuple[str, Reason]] = field(default_factory=list)  # (path, reason), this scan
    offline: list[tuple[str, Reason]] = field(default_factory=list)  # (folder, reason)
    cancelled: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        parts = [f"{self.new} new", f"{self.updated} updated", f"{self.unchanged} unchanged",
                 f"{self.moved} moved", f"{self.removed} removed", f"{self.failed} failed"]
        return ", ".join(parts)


@dataclass
class _Job:
    entry: FileEntry
    folder_id: int
    old_id: int | None
    edited: bool = False  # size or mtime changed at the same path: key every byte (scan.py)


@dataclass
class _Result:
    job: _Job
    ckey: str | None = None
    decoded: dec.Decoded | None = None
    error: Reason | None = None
    # The size and mtime of the bytes the key was taken from (None: the walk's). A file
    # replaced between the walk and the read must not be stored with the walk's stat, or the
    # next scan would call the new content "unchanged".
    size: int | None = None
    mtime_ns: int | None = None


class _Inflight:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.result: _Result | None = None


class _Changed(Exception):
    """The file changed while it was being read: read it again."""


def _unstorable_reason(exc: Exception) -> Reason:
    if isinstance(exc, UnicodeError):
        return Reason("name_not_utf8")
    return Reason("unstorable", detail=str(exc))


def purge_orphans(catalog: Catalog, index: VectorIndex, model: str) -> None:
    """Drop the vectors no file uses any more, from the catalog and the index."""
    orphans = catalog.orphan_vectors(model)
    if orphans:
        catalog.delete_vectors(orphans)
        index.remove(orphans)


class IndexingPipeline:
    """One indexing run (see the module docstring).

    ``embed`` turns a batch of model inputs into vectors; ``warm_up`` (when given) loads the
    model, in a thread of its own while the folders are walked; ``thumb_path`` says where a
    content's thumbnail goes; ``faces`` (``face_size``, ``after_decode(ckey, decoded, path)``)
    looks for faces in the same decode. :meth:`run` sends every progress phase up to
    "finishing"; the caller sends "done" with :meth:`finish` when its own work is done too.
    """

    def __init__(self, catalog: Catalog, index: VectorIndex, model: str, *,
                 embed: Callable[[np.ndarray], np.ndarray], thumb_path: Callable[[str], Path],
                 warm_up: Callable[[], object] | None = None,
                 progress: Callable[[Progress], None] | None = None,
                 on_batch: Callable[[list[Photo]], None] | None = None,
                 cancel: threading.Event | None = None, pause: threading.Event | None = None,
                 retry_failed: bool = False, workers: int | None = None,
                 faces: People | None = None) -> None:
        self.cat = catalog
        self.faces = faces
        self.index = index
        self.model = model
        self.embed = embed
        self.thumb_path = thumb_path
        self.warm_up = warm_up
        self.progress_cb = progress
        self.on_batch = on_batch
        self.cancel = cancel or threading.Event()
        self.pause = pause
        self.retry_failed = retry_failed
        self.workers = workers or max(1, os.cpu_count() or 1)
        self.report = ScanReport()
        self.known: set[str] = set()  # content keys that have a vector of this model
        # Content being decoded, or decoded and not committed yet, by key: a copy of it met
        # meanwhile reuses that decode instead of decoding (and embedding) the same bytes again.
        self._inflight: dict[str, _Inflight] = {}
        self._inflight_lock = threading.Lock()
        self.removed_ckeys: set[str] = set()
        self.t0 = time.monotonic()
        self.t_index: float | None = None
        self.done = 0
        self.total = 0
        self.last_progress = 0.0
        self._thumb_failures: set[object] = set()  # kinds of thumbnail write failure logged this run

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
            if self.warm_up is not None:
                self.warm_up()
        except Exception as exc:  # the first embed reports it where it matters
            log.debug("model warm-up failed: %s", exc)

    def run(self) -> ScanReport:
        self.emit("scanning", force=True)
        self.known = store.known_contents(self.cat, self.model)
        jobs = self.plan()
        self.total = len(jobs)
        self.cat.set_meta("indexing", f"0/{self.total}")
        try:
            if jobs and not self.cancel.is_set():
                self.pipeline(jobs)
        finally:
            self.emit("finishing", force=True)
            if not self.report.cancelled:
                purge_orphans(self.cat, self.index, self.model)
            self.index.save()
            self.cat.set_meta("indexing", "")
        self.report.seconds = time.monotonic() - self.t0
        return self.report

    def finish(self) -> None:
        """Send the "done" progress (the caller's work after :meth:`run` is done too)."""
        self.emit("done", force=True)

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
            walk_errors: list[tuple[str, Reason]] = []
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
                    jobs.append(_Job(entry, folder.id, old_id, not same))
                else:
                    jobs.append(_Job(entry, folder.id, None))
                if len(jobs) == 1 and self.warm_up is not None:
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
        """In a worker thread: content key, then a decode unless the content is known.

        Never raises: whatever goes wrong with one file becomes that file's problem."""
        try:
            return self._work(job)
        except Exception as exc:  # a bad photo never stops a scan
            log.exception("unexpected error reading %r", job.entry.path)
            return _Result(job, error=Reason("unexpected", detail=f"{exc.__class__.__name__}: {exc}"))

    def _work(self, job: _Job) -> _Result:
        if self.cancel.is_set():
            return _Result(job, error=Reason("cancelled"))
        while self.pause is not None and self.pause.is_set() and not self.cancel.is_set():
            time.sleep(0.1)
        for _ in range(READ_TRIES):
            try:
                return self._read(job)
            except _Changed:
                continue
            except FileNotFoundError:
                return _Result(job, error=Reason("file_gone"))
            except PermissionError:
                return _Result(job, error=Reason("no_permission"))
            except IsADirectoryError:
                return _Result(job, error=Reason("is_folder"))
            except OSError as exc:
                return _Result(job, error=Reason("cannot_read_file", detail=exc.strerror or str(exc)))
        # size -1: the next scan sees a change and reads it again.
        return _Result(job, error=Reason("kept_changing"), size=-1, mtime_ns=-1)

    def _read(self, job: _Job) -> _Result:
        """Key and decode the same bytes: one open file (one inode, even if the name is
        replaced meanwhile), read once into memory up to READ_WHOLE_MAX, its fstat before and
        after compared (a change in place means read again)."""
        path = job.entry.path
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return _Result(job, error=Reason("not_regular"))
            size, mtime = st.st_size, clamp_ns(st.st_mtime_ns)

            def unchanged() -> None:
                st2 = os.fstat(fd)
                if st2.st_size != size or clamp_ns(st2.st_mtime_ns) != mtime:
                    raise _Changed

            ckey = key_of_open_file(f, size, full=job.edited)
            if ckey in self.known:
                unchanged()
                return _Result(job, ckey=ckey, size=size, mtime_ns=mtime)
            with self._inflight_lock:
                other = self._inflight.get(ckey)
                mine = None if other is not None else self._inflight.setdefault(ckey, _Inflight())
            if other is not None:  # a copy of a photo another worker is decoding now
                unchanged()
                other.done.wait()
                o = other.result
                if o is not None and o.ckey == ckey and (o.decoded is not None or o.error):
                    return _Result(job, ckey=ckey, decoded=o.decoded, error=o.error,
                                   size=size, mtime_ns=mtime)
                mine = None  # that decode went wrong in its own way: decode this one here
            result: _Result | None = None
            try:
                result = self._decode(job, f, ckey, size, mtime, unchanged)
            finally:
                if mine is not None:  # wake the copies waiting for this decode
                    mine.result = result
                    if result is None or result.ckey != ckey:  # nothing copies can reuse
                        with self._inflight_lock:
                            self._inflight.pop(ckey, None)
                    mine.done.set()  # else it stays until its batch is committed
        if result.decoded is not None and self.faces is not None:
            self.faces.after_decode(result.ckey, result.decoded, path)  # faces (issue 17)
            self._save_thumbnail(result)
        return result

    def _decode(self, job: _Job, f: IO[bytes], ckey: str, size: int, mtime: int,
                unchanged: Callable[[], None]) -> _Result:
        """Decode the open file ``f`` (keyed ``ckey``): from memory, or from the file itself."""
        path = job.entry.path
        name = os.path.basename(path)
        data: bytes | None
        source: bytes | IO[bytes] | None
        if size <= READ_WHOLE_MAX:
            f.seek(0)
            data = f.read(size + 1)
            unchanged()
            if len(data) != size:
                raise _Changed
            ckey = content_key_of_bytes(data, full=job.edited)  # the bytes decoded, whatever happened
            source = data
        else:  # too big to hold: decode from the same open file, then check it
            f.seek(0)
            source = f
        try:
            d = dec.decode(source, name=name, face_size=self.faces.face_size if self.faces else 0)
        except dec.DecodeError as exc:
            if source is f:
                unchanged()
            return _Result(job, ckey=ckey, error=exc.why, size=size, mtime_ns=mtime)
        finally:
            data = source = None  # free the bytes early
        if size > READ_WHOLE_MAX:
            unchanged()
        return _Result(job, ckey=ckey, decoded=d, size=size, mtime_ns=mtime)

    def _save_thumbnail(self, r: _Result) -> None:
        d = r.decoded
        assert d is not None and r.ckey is not None  # only a decoded result has a thumbnail
        try:
            dec.save_thumbnail(d.thumbnail, self.thumb_path(r.ckey))
        except Exception as exc:  # the photo is indexed without a cached thumbnail
            # One warning per run and kind of failure: a full disk would say it for every photo.
            kind = getattr(exc, "errno", None) or type(exc).__name__
            if kind not in self._thumb_failures:
                self._thumb_failures.add(kind)
                log.warning("cannot write the thumbnail of %r: %s (further thumbnails failing "
                            "the same way are not logged in this run)", r.job.entry.path, exc)
        d.thumbnail = None  # type: ignore[assignment]  # free it early

    def pipeline(self, jobs: list[_Job]) -> None:
        self.t_index = time.monotonic()
        inflight: deque[Future[_Result]] = deque()
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
                    self.index.save()
                    last_save = time.monotonic()

    def commit(self, batch: list[_Result]) -> None:
        """Embed the batch's new contents, store the batch (one store call), then count it."""
        stored = store.commit_batch(
            self.cat, self.model, self._embed(batch), [self._row(r) for r in batch
                                                       if r.error is None or r.error.code != "cancelled"],
            progress=f"{self.done + len(batch)}/{self.total}", lost_error=Reason("lost_vector"))
        # Committed: the vectors are now findable in this process too.
        if stored.new_ids:
            self.index.add(np.array(stored.new_ids), np.stack(stored.new_vecs))
            self.report.embedded += len(stored.new_ids)
        self.known.update(stored.ckeys)
        with self._inflight_lock:  # committed: copies met from now on find it in known
            for r in batch:
                if r.ckey:
                    self._inflight.pop(r.ckey, None)
        self._count(batch, stored)
        self.done += len(batch)
        last = batch[-1].job.entry.path if batch else ""
        self.emit("indexing", last)
        if self.on_batch and stored.stored:
            photos = [p for p in (self.cat.photo_by_path(f.path) for f in stored.stored) if p]
            self.on_batch(photos)

    def _embed(self, batch: list[_Result]) -> list[store.NewVector]:
        """One embedding per content first met, however many copies the batch holds."""
        firsts: dict[str, dec.Decoded] = {}
        for r in batch:
            if r.decoded is not None and r.error is None and r.ckey is not None and r.ckey not in self.known:
                firsts.setdefault(r.ckey, r.decoded)
        if not firsts:
            return []
        vecs = self.embed(np.stack([d.pixels for d in firsts.values()]))
        return [store.NewVector(ck, v, d.width, d.height, d.taken)
                for (ck, d), v in zip(firsts.items(), vecs)]

    @staticmethod
    def _row(r: _Result) -> store.FileRow:
        e = r.job.entry
        size = e.size if r.size is None else r.size
        mtime = e.mtime_ns if r.mtime_ns is None else r.mtime_ns
        return store.FileRow(r.job.folder_id, e.path, size, mtime, r.ckey, r.error)

    def _count(self, batch: list[_Result], stored: store.BatchStored) -> None:
        rep = self.report
        for f, exc in stored.unstorable:
            # This file's values cannot be stored: its problem, not the run's.
            rep.failed += 1
            rep.errors.append((f.path, _unstorable_reason(exc)))
        of_path = {r.job.entry.path: r for r in batch}
        for f in stored.stored:
            r = of_path[f.path]
            if f.error is not None:
                rep.failed += 1
                rep.errors.append((f.path, f.error))
                continue
            if r.job.old_id is not None:
                rep.updated += 1
            elif r.ckey not in self.removed_ckeys or r.decoded is not None:
                rep.new += 1
            if f.path in stored.looked_up and r.ckey in self.removed_ckeys:
                rep.moved += 1
