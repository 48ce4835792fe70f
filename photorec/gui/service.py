"""The bridge between the window and the engine.

:class:`LibraryService` owns the :class:`~photorec.core.library.Library`. Every core call runs
off the GUI thread: short ones (open, folders, similar, trash) on a small QThreadPool, the
indexing run on its own thread. Results and progress come back as signals delivered in the
GUI thread (through a :class:`~photorec.gui.tasks.Poster`), so widgets never wait on disk,
decoding or inference, and never see a half-built object.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QFile, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader

from photorec.gui.history import Query
from photorec.gui.tasks import Poster, TaskRunner, lower_thread_priority

if TYPE_CHECKING:  # the core is imported in the worker, after the window shows
    from photorec.core.catalog import Folder, Photo
    from photorec.core.library import Library, Progress, ScanReport

log = logging.getLogger(__name__)

PREVIEW_SIZE = 320
FOLDER_REFRESH_S = 1.5  # sidebar counts while indexing


@dataclass
class Snapshot:
    """What the window shows of the library, read in one go in a worker."""

    folders: list["Folder"]
    photos: list["Photo"]
    problems: list["Photo"]
    vectors: int = 0
    prepared: Any = None  # photorec.gui.models.PreparedPhotos, made in the worker


@dataclass
class SimilarResult:
    query: Query
    photo: "Photo | None" = None  # the query's library photo, if it is one
    preview: QImage | None = None  # a small picture of the query (outside images)
    matches: list[tuple["Photo", float]] = field(default_factory=list)
    searched: int = 0  # photos in the index when asked
    k: int = 0
    min_score: float = 0.0
    error: str | None = None
    token: int = 0


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

    def __init__(self, data_dir: str | os.PathLike[str] | None = None, provider: str | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.provider = provider
        self.lib: Library | None = None
        self.poster = Poster(self)
        self.tasks = TaskRunner(self.poster, 2, "photorec-tasks")
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
            _warm_imports()
            with self._open_lock:
                if self._closed:
                    lib.close()
                    raise RuntimeError("closed while opening")
                self._opening_lib = lib
            return lib

        self.tasks.submit(work, self._on_opened, self._on_open_failed)

    def _on_opened(self, lib: Library) -> None:
        self._opening = False
        self.lib = lib
        self.opened.emit()
        self.refresh()

    def _on_open_failed(self, exc: BaseException) -> None:
        self._opening = False
        log.error("cannot open the library: %s", exc)
        self.open_failed.emit(_words(exc))

    # -- plumbing ------------------------------------------------------------------------------

    def _run(self, fn: Callable[[Library], Any], on_done: Callable[[Any], Any] | None = None,
             title: str = "photorec", on_error: Callable[[BaseException], Any] | None = None) -> bool:
        lib = self.lib
        if lib is None or self._closed:
            return False

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)
            else:
                log.warning("%s: %s", title, exc)
                self.error.emit(title, _words(exc))

        self.tasks.submit(lambda: fn(lib), on_done, failed)
        return True

    def _snapshot(self, lib: Library) -> Snapshot:
        from photorec.gui.models import prepare

        photos = lib.photos()
        return Snapshot(lib.folders(), photos, lib.problems(), len(lib.index),
                        prepare(photos, self.sort_hint))

    def refresh(self) -> None:
        """Read folders, photos and problems again; ``snapshot_ready`` follows."""
        self._run(self._snapshot, self.snapshot_ready.emit, "Reading the library")

    # -- folders -------------------------------------------------------------------------------

    def add_folders(self, paths: list[str]) -> None:
        """Add folders, then index (the folders appear in the sidebar at once)."""

        def work(lib: Library) -> tuple[list, list[str]]:
            errors = []
            for p in paths:
                try:
                    lib.add_folder(p)
                except Exception as exc:  # noqa: BLE001 - LibraryError or a catalog error
                    errors.append(_words(exc))
            return lib.folders(), errors

        def done(res: tuple[list, list[str]]) -> None:
            folders, errors = res
            self.folders_changed.emit(folders)
            if errors:
                self.error.emit("Cannot add the folder", "\n".join(errors))
            if len(errors) < len(paths):
                self.start_indexing()

        self._run(work, done, "Cannot add the folder")

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
                except Exception as exc:  # noqa: BLE001 - told to the user below
                    out.append((done, None, exc, title))
            return out

        def finished(results: list) -> None:
            for done, res, exc, title in results:
                if exc is None:
                    done(res)
                else:
                    log.warning("%s: %s", title, exc)
                    self.error.emit(title, _words(exc))
            self.refresh()
            if reindex:
                self.start_indexing(retry_failed)

        self._run(work, finished, "photorec")

    def remove_folder(self, folder_id: int, on_done: Callable[[int], None] | None = None) -> None:
        self._structural(lambda lib: lib.remove_folder(folder_id), on_done or (lambda n: None),
                         "Cannot remove the folder")

    def purge_offline(self, on_done: Callable[[int], None] | None = None) -> None:
        self._structural(lambda lib: lib.purge_offline(), on_done or (lambda n: None),
                         "Cannot forget the offline photos")

    def relocate_folder(self, folder_id: int, new_path: str) -> None:
        self._structural(lambda lib: lib.relocate_folder(folder_id, new_path), lambda f: None,
                         "Cannot use that folder", reindex=True)

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
        t = threading.Thread(target=self._index_main, args=(lib, retry_failed, self._cancel, self._pause),
                             name="photorec-index", daemon=True)
        self._index_thread = t
        t.start()
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
        except Exception as exc:  # noqa: BLE001 - told to the user, logged with the traceback
            log.exception("indexing failed")
            self.poster.post(self.error.emit, "Indexing stopped", _words(exc))
        if not self._closed:
            try:
                snap = self._snapshot(lib)
            except Exception:  # noqa: BLE001
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

    def find_similar(self, query: Query, k: int = 40, min_score: float = 0.0) -> int:
        """Look for photos like ``query`` in a worker; ``similar_ready`` follows with the
        returned token (later asks make earlier answers stale)."""
        self._similar_token += 1
        token = self._similar_token
        cached = self._vectors.get(query.key)

        def work(lib: Library) -> SimilarResult:
            res = SimilarResult(query, k=k, min_score=min_score, token=token)
            try:
                vec = cached
                if query.kind == "path":
                    res.photo = lib.photo(query.path)
                    if res.photo is None:
                        lib.check_query_file(query.path)  # a FIFO would block the preview
                        res.preview = _read_preview(query.path)
                    if vec is None:
                        vec = lib.vector_for(query.path)
                    exclude = {query.path}
                else:
                    res.preview = _scaled(query.image)
                    if vec is None:
                        vec = lib.vector_for(_qimage_to_pil(query.image))
                    exclude = set()
                res.searched = len(lib.index)
                matches = lib.similar_to_vector(vec, k, exclude=exclude, min_score=min_score)
                for m in matches:
                    p = lib.photo(m.path)
                    if p is not None:
                        res.matches.append((p, m.score))
                res.vector = vec  # type: ignore[attr-defined]
            except Exception as exc:  # noqa: BLE001 - shown in the results panel
                log.info("similar to %s failed: %s", query.label, exc)
                res.error = _words(exc)
            return res

        def done(res: SimilarResult) -> None:
            vec = getattr(res, "vector", None)
            if vec is not None:
                self._vectors[query.key] = vec
                self._vectors.move_to_end(query.key)
                while len(self._vectors) > 32:
                    self._vectors.popitem(last=False)
            self.similar_ready.emit(res)

        if not self._run(work, done, "Find similar"):
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
                self.error.emit("Cannot move to the trash",
                                "These files could not be moved to the trash (no trash on "
                                "that drive, or no permission):\n" + "\n".join(failed))
            if on_done:
                on_done(moved, failed)

        self._run(work, done, "Cannot move to the trash")

    # -- closing -------------------------------------------------------------------------------

    def shutdown(self, timeout_s: float = 30.0) -> bool:
        """Stop indexing, drain the workers, close the library. True when all stopped."""
        if self._closed:
            return True
        self._closed = True
        self.poster.closed = True
        self._cancel.set()
        self._pause.clear()
        clean = True
        t = self._index_thread
        if t is not None and t.is_alive():
            log.info("waiting for the indexer to stop")
            t.join(timeout_s)
            if t.is_alive():
                log.error("the indexer did not stop within %.0f s", timeout_s)
                clean = False
        self.tasks.clear()
        if not self.tasks.wait(int(timeout_s * 1000)):
            clean = False
        with self._open_lock:
            lib = self.lib or self._opening_lib
            self.lib = None
            self._opening_lib = None
        if lib is not None and clean:
            lib.close()
        return clean


def _warm_imports() -> None:
    """Import what the indexer imports lazily, while the window still shows "Opening".

    Importing onnxruntime runs its extension's initialisation with the GIL held: ~50 ms in
    which the GUI thread cannot run one line of Python. Left to the indexer's model thread,
    it landed in the middle of indexing, as the longest stall the window had (59 ms, with
    grid repaints waiting on it). PIL's format plugins are the same, smaller."""
    try:
        import onnxruntime  # noqa: F401
    except Exception as exc:  # noqa: BLE001 - the indexer reports a missing runtime itself
        log.debug("onnxruntime not imported ahead: %s", exc)
    try:
        from PIL import Image

        Image.init()
    except Exception as exc:  # noqa: BLE001
        log.debug("PIL plugins not imported ahead: %s", exc)


def _words(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or exc.__class__.__name__


def _read_preview(path: str, size: int = PREVIEW_SIZE) -> QImage | None:
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    s = reader.size()
    if s.isValid() and max(s.width(), s.height()) > size:
        reader.setScaledSize(s.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    img = reader.read()
    return None if img.isNull() else img


def _scaled(image: QImage | None, size: int = PREVIEW_SIZE) -> QImage | None:
    if image is None or image.isNull():
        return None
    if max(image.width(), image.height()) <= size:
        return image
    return image.scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def _qimage_to_pil(image: QImage):
    from PIL import Image

    if image is None or image.isNull():
        raise ValueError("the pasted image is empty")
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    data = bytes(img.constBits())[: bpl * h]
    return Image.frombuffer("RGB", (w, h), data, "raw", "RGB", bpl, 1).copy()
