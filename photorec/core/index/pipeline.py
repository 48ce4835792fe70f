"""The indexing pipeline: one run of :meth:`Library.index_folders`.

Walk the folders, compare with the catalog, then for each new or changed file a worker thread
computes its content key and, unless that content already has a vector (a moved, renamed or
copied photo), decodes it once (model input + thumbnail). The calling thread embeds decoded
photos in batches while the workers go on decoding, and commits each batch in one transaction,
so a crash loses at most the batch in flight.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

import numpy as np

from photorec.core.ingest import decode as dec
from photorec.core.embed import projection
from photorec.core.store import pack_vector
from photorec.core.ingest.scan import (FileEntry, clamp_ns, content_key_of_bytes, folder_problem,
                                key_of_open_file, walk)

if TYPE_CHECKING:
    from photorec.core.library import Library

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
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), this scan
    offline: list[tuple[str, str]] = field(default_factory=list)  # (folder, reason)
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


@dataclass
class _Result:
    job: _Job
    ckey: str | None = None
    decoded: dec.Decoded | None = None
    error: str | None = None
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


def _unstorable_reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeError):
        return ("photorec cannot store this file name in its catalog (it is not valid UTF-8); "
                "rename the file and scan again")
    return f"photorec cannot store this file in its catalog: {exc}"


class _Indexer:
    """One indexing run (see the module docstring)."""

    def __init__(self, lib: "Library", progress, on_batch, cancel, pause, retry_failed, workers):
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
        # Content being decoded, or decoded and not committed yet, by key: a copy of it met
        # meanwhile reuses that decode instead of decoding (and embedding) the same bytes again.
        self._inflight: dict[str, _Inflight] = {}
        self._inflight_lock = threading.Lock()
        self.removed_ckeys: set[str] = set()
        self.t0 = time.monotonic()
        self.t_index = None
        self.done = 0
        self.total = 0
        self.last_progress = 0.0
        self._thumb_failures: set = set()  # kinds of thumbnail write failure logged this run

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
        """In a worker thread: content key, then a decode unless the content is known.

        Never raises: whatever goes wrong with one file becomes that file's problem."""
        try:
            return self._work(job)
        except Exception as exc:  # noqa: BLE001 - a bad photo never stops a scan
            log.exception("unexpected error reading %r", job.entry.path)
            return _Result(job, error=f"unexpected error: {exc.__class__.__name__}: {exc}")

    def _work(self, job: _Job) -> _Result:
        if self.cancel.is_set():
            return _Result(job, error="cancelled")
        while self.pause is not None and self.pause.is_set() and not self.cancel.is_set():
            time.sleep(0.1)
        for _ in range(READ_TRIES):
            try:
                return self._read(job)
            except _Changed:
                continue
            except FileNotFoundError:
                return _Result(job, error="file not found (moved or deleted during the scan)")
            except PermissionError:
                return _Result(job, error="permission denied: photorec may not read this file")
            except IsADirectoryError:
                return _Result(job, error="is a folder, not a file")
            except OSError as exc:
                return _Result(job, error=f"cannot read the file: {exc.strerror or exc}")
        # size -1: the next scan sees a change and reads it again.
        return _Result(job, error="the file kept changing while photorec read it; the next "
                       "scan reads it again", size=-1, mtime_ns=-1)

    def _read(self, job: _Job) -> _Result:
        """Key and decode the same bytes: one open file (one inode, even if the name is
        replaced meanwhile), read once into memory up to READ_WHOLE_MAX, its fstat before and
        after compared (a change in place means read again)."""
        path = job.entry.path
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return _Result(job, error="not a regular file (a device, pipe or socket)")
            size, mtime = st.st_size, clamp_ns(st.st_mtime_ns)

            def unchanged() -> None:
                st2 = os.fstat(fd)
                if st2.st_size != size or clamp_ns(st2.st_mtime_ns) != mtime:
                    raise _Changed

            ckey = key_of_open_file(f, size)
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
        if result.decoded is not None:
            self.lib.people.after_decode(result.ckey, result.decoded, path)  # faces (issue 17)
            self._save_thumbnail(result)
        return result

    def _decode(self, job: _Job, f, ckey: str, size: int, mtime: int,
                unchanged: Callable[[], None]) -> _Result:
        """Decode the open file ``f`` (keyed ``ckey``): from memory, or from the file itself."""
        path = job.entry.path
        name = os.path.basename(path)
        if size <= READ_WHOLE_MAX:
            f.seek(0)
            data = f.read(size + 1)
            unchanged()
            if len(data) != size:
                raise _Changed
            ckey = content_key_of_bytes(data)  # the bytes decoded, whatever happened
            source: object = data
        else:  # too big to hold: decode from the same open file, then check it
            f.seek(0)
            source = f
        try:
            d = dec.decode(source, name=name, face_size=self.lib.people.face_size)  # type: ignore[arg-type]
        except dec.DecodeError as exc:
            if source is f:
                unchanged()
            return _Result(job, ckey=ckey, error=str(exc), size=size, mtime_ns=mtime)
        finally:
            data = source = None  # type: ignore[assignment]  # free the bytes early
        if size > READ_WHOLE_MAX:
            unchanged()
        return _Result(job, ckey=ckey, decoded=d, size=size, mtime_ns=mtime)

    def _save_thumbnail(self, r: _Result) -> None:
        d = r.decoded
        try:
            dec.save_thumbnail(d.thumbnail, self.lib.paths.thumb_path(r.ckey))
        except Exception as exc:  # noqa: BLE001 - the photo is indexed without a cached thumbnail
            # One warning per run and kind of failure: a full disk would say it for every photo.
            kind = getattr(exc, "errno", None) or type(exc).__name__
            if kind not in self._thumb_failures:
                self._thumb_failures.add(kind)
                log.warning("cannot write the thumbnail of %r: %s (further thumbnails failing "
                            "the same way are not logged in this run)", r.job.entry.path, exc)
        d.thumbnail = None  # type: ignore[assignment]  # free it early

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
        firsts: dict[str, _Result] = {}
        for r in batch:  # one embedding per content, however many copies the batch holds
            if r.decoded is not None and r.error is None and r.ckey not in self.known:
                firsts.setdefault(r.ckey, r)
        to_embed = list(firsts.values())
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
                moved = False
                if r.error is None and r.ckey not in meta:
                    row = c.execute(
                        "SELECT width, height, taken FROM vectors WHERE ckey = ? AND model = ?",
                        (r.ckey, self.model),
                    ).fetchone()
                    if row is None:  # cannot happen unless the catalog changed under us
                        r.error = "internal: lost the vector of this content; rescan to retry"
                    else:
                        meta[r.ckey] = row
                        moved = r.ckey in self.removed_ckeys
                if r.error is not None:
                    status, err, w, h, taken = "error", r.error, None, None, None
                    counter = "failed"
                else:
                    status, err = "ok", None
                    w, h, taken = meta[r.ckey]
                    if r.job.old_id is not None:
                        counter = "updated"
                    elif r.ckey not in self.removed_ckeys or r.decoded is not None:
                        counter = "new"
                    else:
                        counter = None  # moved: counted as such
                size = e.size if r.size is None else r.size
                mtime = e.mtime_ns if r.mtime_ns is None else r.mtime_ns
                try:
                    c.execute(
                        "INSERT INTO files(folder_id, path, size, mtime_ns, ckey, status, error, "
                        "width, height, taken, added, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                        "ON CONFLICT(path) DO UPDATE SET folder_id=excluded.folder_id, "
                        "size=excluded.size, mtime_ns=excluded.mtime_ns, ckey=excluded.ckey, "
                        "status=excluded.status, error=excluded.error, width=excluded.width, "
                        "height=excluded.height, taken=excluded.taken, updated=excluded.updated",
                        (r.job.folder_id, e.path, size, mtime, r.ckey, status, err,
                         w, h, taken, now, now),
                    )
                except (ValueError, OverflowError, sqlite3.InterfaceError) as exc:
                    # This file's values cannot be stored (a name that is not UTF-8 on a
                    # catalog that cannot keep it...): its problem, not the run's.
                    log.warning("cannot store %r in the catalog: %s", e.path, exc)
                    self.report.failed += 1
                    self.report.errors.append((e.path, _unstorable_reason(exc)))
                    continue
                if counter == "failed":
                    self.report.errors.append((e.path, r.error))
                if counter:
                    setattr(self.report, counter, getattr(self.report, counter) + 1)
                if moved:
                    self.report.moved += 1
                touched.append(e.path)
            c.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('indexing', ?)",
                      (f"{self.done + len(batch)}/{self.total}",))
        # Committed: the vectors are now findable in this process too.
        if new_vec_ids:
            lib.index.add(np.array(new_vec_ids), np.stack(new_vecs))
            self.report.embedded += len(new_vec_ids)
        self.known.update(meta)
        with self._inflight_lock:  # committed: copies met from now on find it in known
            for r in batch:
                if r.ckey:
                    self._inflight.pop(r.ckey, None)
        self.done += len(batch)
        last = batch[-1].job.entry.path if batch else ""
        self.emit("indexing", last)
        if self.on_batch and touched:
            photos = [p for p in (self.cat.photo_by_path(t) for t in touched) if p]
            self.on_batch(photos)
