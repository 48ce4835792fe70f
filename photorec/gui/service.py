"""The bridge between the window and the engine.

:class:`LibraryService` owns the :class:`~photorec.core.library.Library` and the window's one
:class:`~photorec.gui.tasks.JobRuntime`. Every core call runs off the GUI thread: short ones
(open, folders, similar, trash) on the runtime's task pool, the organising views' jobs on its
organise pool, the indexing run on a thread of its own (also the runtime's). Results and
progress come back as signals delivered in the GUI thread, so widgets never wait on disk,
decoding or inference, and never see a half-built object. :meth:`LibraryService.shutdown`
cancels and waits for all of them before it closes the library.

The library also changes under the window: the indexer, or ``photorec tags add`` in another
process. A cheap poll of the catalog's ``PRAGMA data_version`` (every 2 s while the window
shows) turns that into ``library_changed``, after which the pages read again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QFile, QObject, QTimer, Signal

from photorec.gui.history import Query
from photorec.gui.queries import SimilarResult, Snapshot, run_similar, snapshot, warm_imports
from photorec.gui.tasks import ORGANIZE, JobRuntime, lower_thread_priority, words

if TYPE_CHECKING:  # the core is imported in the worker, after the window shows
    from photorec.core.library import Library, Progress, ScanReport
    from photorec.core.store import Photo
    from photorec.core.store.watch import CatalogWatch

__all__ = ["LibraryService", "SimilarResult", "Snapshot"]

log = logging.getLogger(__name__)

FOLDER_REFRESH_S = 1.5  # sidebar counts while indexing
WATCH_INTERVAL_MS = 2000  # how often the catalog is asked whether it changed


class LibraryService(QObject):
    opened = Signal()
    open_failed = Signal(str)
    snapshot_ready = Signal(object)  # Snapshot
    folders_changed = Signal(list)  # list[Folder] (counts while indexing)
    photos_added = Signal(list)  # list[Photo] just committed by the indexer
    photos_removed = Signal(list)  # list[str] paths (trash)
    problems_added = Signal(list)  # list[Photo] that failed in this batch
    index_started = Signal()
    index_progress = Signal(object)  # Progress
    index_finished = Signal(object)  # ScanReport, or None when the run failed
    similar_ready = Signal(object)  # SimilarResult
    message = Signal(str)  # a short status-bar note
    error = Signal(str, str)  # title, text: something the user should read
    job_failed = Signal(str, str)  # title, text: a background job failed (status bar + log)
    # The catalog changed (indexing ended, another process wrote). True: "maybe our own page
    # did it" (an organising job ended since the last look): the page on screen, which
    # refreshes itself after its own writes, is left alone; the others read again when shown.
    library_changed = Signal(bool)

    def __init__(self, data_dir: str | os.PathLike[str] | None = None, provider: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.provider = provider
        self.lib: Library | None = None
        self.runtime = JobRuntime(self)
        self.poster = self.runtime.poster
        self.runtime.failed.connect(self.job_failed)
        self._open_lock = threading.Lock()
        self._opening_lib: Library | None = None
        self._opening = False
        self._closed = False
        self._index_thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._pause = threading.Event()
        self._rerun: bool | None = None  # run again when this one ends (retry_failed flag)
        self._after_index: list = []  # folder changes waiting for the indexer to stop
        self._resume = False  # restart the run those changes interrupted
        self._vectors: OrderedDict[str, Any] = OrderedDict()  # query key -> vector
        self._similar_token = 0
        self.last_progress: Progress | None = None
        self.sort_hint: str | None = None  # the grid's order, so a fresh read comes sorted
        # Watching the catalog for changes made elsewhere (see the module's docstring).
        self.watch_active: Callable[[], bool] = lambda: True  # the window: "am I on screen?"
        self._watch_con: CatalogWatch | None = None
        self._data_version: int | None = None
        self._changed_while_indexing = False
        self._organize_seen = 0  # organising jobs finished at the last look
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_INTERVAL_MS)
        self._watch.timeout.connect(self.check_for_changes)

    # -- opening -------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.lib is not None

    def open(self) -> None:
        """Open the library in a worker; ``opened`` or ``open_failed`` follows."""
        if self._opening or self.lib is not None:
            return
        self._opening = True

        def work() -> Library:
            from photorec.core.library import Library

            lib = Library.open(self.data_dir, provider=self.provider)
            warm_imports()
            with self._open_lock:
                if self._closed:
                    lib.close()
                    raise RuntimeError("closed while opening")
                self._opening_lib = lib
            return lib

        self.runtime.submit(work, self._on_opened, self._on_open_failed, key="open",
                            title=self.tr("Opening the library"))

    def _on_opened(self, lib: Library) -> None:
        self._opening = False
        self.lib = lib
        self.opened.emit()
        self.refresh()
        self._watch.start()

    def _on_open_failed(self, exc: BaseException) -> None:
        self._opening = False
        log.error("cannot open the library: %s", exc)
        self.open_failed.emit(words(exc))

    # -- plumbing ------------------------------------------------------------------------------

    def _run(self, fn: Callable[[Library], Any], on_done: Callable[[Any], Any] | None = None,
             title: str = "photorec", on_error: Callable[[BaseException], Any] | None = None,
             key: Any = None) -> bool:
        lib = self.lib
        if lib is None or self._closed:
            return False

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)
            else:
                log.warning("%s: %s", title, exc)
                self.error.emit(title, words(exc))

        return self.runtime.submit(lambda: fn(lib), on_done, failed, key=key, title=title) is not None

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], Any] | None = None, *,
               key: Any = None, title: str = "") -> None:
        """Run ``fn()`` on the runtime's task pool (the grid's model sorts big libraries so)."""
        self.runtime.submit(fn, on_done, key=key, title=title)

    def _snapshot(self, lib: Library) -> Snapshot:
        return snapshot(lib, self.sort_hint)

    def refresh(self) -> None:
        """Read folders, photos and problems again; ``snapshot_ready`` follows (a newer
        refresh supersedes one still running)."""
        self._run(self._snapshot, self.snapshot_ready.emit, self.tr("Reading the library"), key="snapshot")

    # -- folders -------------------------------------------------------------------------------

    def add_folders(self, paths: list[str]) -> None:
        """Add folders, then index (the folders appear in the sidebar at once)."""

        def work(lib: Library) -> tuple[list, list[str]]:
            errors = []
            for p in paths:
                try:
                    lib.add_folder(p)
                except Exception as exc:  # LibraryError or a catalog error
                    errors.append(words(exc))
            return lib.folders(), errors

        def done(res: tuple[list, list[str]]) -> None:
            folders, errors = res
            self.folders_changed.emit(folders)
            if errors:
                self.error.emit(self.tr("Cannot add the folder"), "\n".join(errors))
            if len(errors) < len(paths):
                self.start_indexing()

        self._run(work, done, self.tr("Cannot add the folder"))

    def _structural(self, fn: Callable[[Library], Any], done: Callable[[Any], None], title: str,
                    reindex: bool = False) -> None:
        """Changes to folders wait for the indexer to stop (it may be writing to them); the
        interrupted run starts again after them."""
        op = (fn, done, title)
        if self.indexing:
            self._after_index.append(op)
            self._resume = True
            self._cancel.set()
            self._pause.clear()
            return
        self._run_ops([op], reindex)

    def _run_ops(self, ops: list, reindex: bool, retry_failed: bool = False) -> None:
        def work(lib: Library) -> list:
            out = []
            for fn, done, title in ops:
                try:
                    out.append((done, fn(lib), None, title))
                except Exception as exc:  # told to the user below
                    out.append((done, None, exc, title))
            return out

        def finished(results: list) -> None:
            for done, res, exc, title in results:
                if exc is None:
                    done(res)
                else:
                    log.warning("%s: %s", title, exc)
                    self.error.emit(title, words(exc))
            self.refresh()
            if reindex:
                self.start_indexing(retry_failed)

        self._run(work, finished, "photorec")

    def remove_folder(self, folder_id: int, on_done: Callable[[int], None] | None = None) -> None:
        self._structural(lambda lib: lib.remove_folder(folder_id), on_done or (lambda n: None),
                         self.tr("Cannot remove the folder"))

    def purge_offline(self, on_done: Callable[[int], None] | None = None) -> None:
        self._structural(lambda lib: lib.purge_offline(), on_done or (lambda n: None),
                         self.tr("Cannot forget the offline photos"))

    def relocate_folder(self, folder_id: int, new_path: str) -> None:
        self._structural(lambda lib: lib.relocate_folder(folder_id, new_path), lambda f: None,
                         self.tr("Cannot use that folder"), reindex=True)

    # -- indexing ------------------------------------------------------------------------------

    @property
    def indexing(self) -> bool:
        return self._index_thread is not None and self._index_thread.is_alive()

    @property
    def paused(self) -> bool:
        return self._pause.is_set()

    def start_indexing(self, retry_failed: bool = False) -> bool:
        """Bring the library up to date. While a run is going, another is queued after it."""
        lib = self.lib
        if lib is None or self._closed:
            return False
        if self.indexing:
            self._rerun = bool(self._rerun) or retry_failed
            return True
        self._cancel = threading.Event()
        self._pause = threading.Event()
        self._rerun = None
        self.last_progress = None
        self._index_thread = self.runtime.start_thread(
            self._index_main, "photorec-index", lib, retry_failed, self._cancel, self._pause)
        self.index_started.emit()
        return True

    def set_paused(self, paused: bool) -> None:
        if paused:
            self._pause.set()
        else:
            self._pause.clear()
        if self.last_progress is not None:
            p = self.last_progress
            p.paused = paused
            self.index_progress.emit(p)

    def cancel_indexing(self) -> None:
        self._rerun = None
        self._resume = False
        self._cancel.set()
        self._pause.clear()

    def _index_main(self, lib: Library, retry_failed: bool, cancel: threading.Event,
                    pause: threading.Event) -> None:
        import time

        lower_thread_priority()  # the decoders and the model's threads started here inherit it
        last_folders = [time.monotonic()]

        def progress(p: Progress) -> None:
            self.poster.post(self._on_progress, p)

        def batch(photos: list[Photo]) -> None:
            ok = [p for p in photos if p.status == "ok"]
            bad = [p for p in photos if p.status != "ok"]
            if ok:
                self.poster.post(self.photos_added.emit, ok)
            if bad:
                self.poster.post(self.problems_added.emit, bad)
            now = time.monotonic()
            if now - last_folders[0] > FOLDER_REFRESH_S:
                last_folders[0] = now
                self.poster.post(self.folders_changed.emit, lib.folders())

        report = None
        snap = None
        try:
            report = lib.index_folders(progress=progress, on_batch=batch, cancel=cancel,
                                       pause=pause, retry_failed=retry_failed)
        except Exception as exc:  # told to the user, logged with the traceback
            log.exception("indexing failed")
            self.poster.post(self.error.emit, self.tr("Indexing stopped"), words(exc))
        if not self._closed:
            try:
                snap = self._snapshot(lib)
            except Exception:
                log.exception("cannot read the library after indexing")
        self.poster.post(self._on_index_done, report, snap)

    def _on_progress(self, p: Progress) -> None:
        self.last_progress = p
        self.index_progress.emit(p)

    def _on_index_done(self, report: ScanReport | None, snap: Snapshot | None) -> None:
        if self._index_thread is not None:
            self._index_thread.join(5.0)
        self._index_thread = None
        self._vectors.clear()  # photos may have changed content
        if snap is not None:
            self.snapshot_ready.emit(snap)
        self.index_finished.emit(report)
        self._changed_while_indexing = False
        if not self._closed:
            self.library_changed.emit(False)
        ops, self._after_index = self._after_index, []
        rerun, self._rerun = self._rerun, None
        resume, self._resume = self._resume, False
        if self._closed:
            return
        if ops:
            self._run_ops(ops, reindex=resume or rerun is not None, retry_failed=bool(rerun))
        elif rerun is not None:
            self.start_indexing(retry_failed=rerun)

    # -- similar -------------------------------------------------------------------------------

    def find_similar(self, query: Query, k: int = 40, min_score: float | None = None) -> int:
        """Look for photos like ``query`` in a worker; ``similar_ready`` follows with the
        returned token (later asks make earlier answers stale)."""
        self._similar_token += 1
        token = self._similar_token
        cached = self._vectors.get(query.key)

        def work(lib: Library) -> SimilarResult:
            return run_similar(lib, query, k, min_score, token, cached)

        def done(res: SimilarResult) -> None:
            vec = res.vector
            if vec is not None and query.kind != "paths":
                self._vectors[query.key] = vec
                self._vectors.move_to_end(query.key)
                while len(self._vectors) > 32:
                    self._vectors.popitem(last=False)
            self.similar_ready.emit(res)

        if not self._run(work, done, self.tr("Find similar"), key="similar"):
            return 0
        return token

    @property
    def similar_token(self) -> int:
        return self._similar_token

    # -- trash ---------------------------------------------------------------------------------

    def move_to_trash(self, paths: list[str], on_done: Callable[[list[str], list[str]], None] | None = None) -> None:
        """Move files to the platform trash (the caller asked the user), then forget them."""

        def work(lib: Library) -> tuple[list[str], list[str]]:
            moved, failed = [], []
            for p in paths:
                res = QFile.moveToTrash(p)
                ok = res[0] if isinstance(res, tuple) else bool(res)
                if ok:
                    moved.append(p)
                else:
                    failed.append(p)
                    log.warning("could not move %s to the trash", p)
            if moved:
                lib.forget(moved)
            return moved, failed

        def done(res: tuple[list[str], list[str]]) -> None:
            moved, failed = res
            if moved:
                self.photos_removed.emit(moved)
                self.refresh()
            if failed:
                self.error.emit(self.tr("Cannot move to the trash"),
                                self.tr("These files could not be moved to the trash (no trash on "
                                        "that drive, or no permission):\n") + "\n".join(failed))

            if on_done:
                on_done(moved, failed)

        self._run(work, done, self.tr("Cannot move to the trash"))

    # -- closing -------------------------------------------------------------------------------

    def shutdown(self, timeout_s: float = 30.0) -> bool:
        """Stop indexing, cancel every job and wait for them all (the organising views'
        too), then close the library. True when all stopped (else the library is left open:
        a worker still uses it)."""
        if self._closed:
            return True
        self._closed = True
        self._watch.stop()
        self._cancel.set()
        self._pause.clear()
        if self.indexing:
            log.info("waiting for the indexer to stop")
        clean = self.runtime.shutdown(timeout_s)
        with self._open_lock:
            lib = self.lib or self._opening_lib
            self.lib = None
            self._opening_lib = None
        if self._watch_con is not None:
            self._watch_con.close()
            self._watch_con = None
        if lib is not None and clean:
            lib.close()
        elif lib is not None:
            log.error("the library stays open: background work did not stop (%s)",
                      ", ".join(self.runtime.running_threads()))
        return clean

    # -- changes made elsewhere ------------------------------------------------------------------

    def check_for_changes(self) -> None:
        """Ask the catalog (in a worker) whether it changed; ``library_changed`` follows when
        another connection committed since the last look. While indexing, the end of the run
        says it once instead."""
        lib = self.lib
        if lib is None or self._closed or self.runtime.busy("watch") or not self.watch_active():
            return
        path = lib.paths.catalog

        from photorec.core.store.watch import CatalogWatch

        if self._watch_con is None or self._watch_con.path != path:
            if self._watch_con is not None:
                self._watch_con.close()
            self._watch_con = CatalogWatch(path)
        watch = self._watch_con

        def work() -> int | None:
            return watch.version()

        def done(version: int | None) -> None:
            if version is None:
                return
            organized = self.runtime.finished.get(ORGANIZE, 0)
            ours = organized != self._organize_seen
            self._organize_seen = organized
            before, self._data_version = self._data_version, version
            if before is None or before == version:
                return
            if self.indexing:
                self._changed_while_indexing = True
                return
            log.info("the catalog changed (data_version %s -> %s)%s", before, version,
                     ", maybe by a page of ours" if ours else "")
            self.refresh()
            self.library_changed.emit(ours)

        def failed(exc: BaseException) -> None:
            log.debug("cannot read the catalog's data_version: %s", exc)

        self.runtime.submit(work, done, failed, key="watch", title=self.tr("Watching the catalog"))
