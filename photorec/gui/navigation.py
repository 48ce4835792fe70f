"""The similar page's controller (:class:`Navigator`): find similar and the browser-like history
of the window. A query becomes a step, Back and Forward move between steps; queries from a file
dialog or the clipboard. It owns the history and the token of the question on its way; it shows
its page in the window's stack and tells the window the rest through signals."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMimeData, QObject, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QStackedWidget, QWidget

from photorec.core.ingest import formats
from photorec.gui.history import History, Query

if TYPE_CHECKING:
    from photorec.core.store import Photo
    from photorec.gui.queries import SimilarResult
    from photorec.gui.service import LibraryService
    from photorec.gui.settings import WindowSettings
    from photorec.gui.similar import SimilarPanel

log = logging.getLogger(__name__)


def image_filter() -> str:
    """The file dialog's filter: the formats this installation reads (photorec.core.ingest.formats)."""
    images = QCoreApplication.translate("MainWindow", "Images")
    everything = QCoreApplication.translate("MainWindow", "All files")
    return f"{images} ({formats.dialog_patterns()});;{everything} (*)"


def is_image_path(path: str) -> bool:
    return formats.is_known_image_name(path)


@dataclass
class Drop:
    """What was dropped on the window: images and folders, or an image itself."""

    images: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    image: QImage | None = None


def read_drop(md: QMimeData) -> Drop | None:
    """A drop's files sorted into images and folders (nothing usable: an empty Drop), or the
    image it carries; None when it carries neither."""
    paths = [u.toLocalFile() for u in md.urls() if u.isLocalFile()] if md.hasUrls() else []
    if paths:
        folders = [p for p in paths if os.path.isdir(p)]
        images = [p for p in paths if os.path.isfile(p) and is_image_path(p)]
        return Drop(images, folders)
    if md.hasImage():
        img = md.imageData()
        if isinstance(img, QImage) and not img.isNull():
            return Drop(image=img)
    return None


class Navigator(QObject):
    """Find similar, in the similar page, as steps of a history."""

    title_changed = Signal(str)  # the window's title for what is shown
    history_changed = Signal()  # Back / Forward may have changed
    home_requested = Signal(object)  # Back reached the grid; the query left (Query | None)
    message = Signal(str, int)  # status bar text, milliseconds
    result_shown = Signal(object)  # a similar result now on the page

    def __init__(self, service: LibraryService, page: SimilarPanel, stack: QStackedWidget,
                 photo_of: Callable[[str | None], Photo | None], settings: WindowSettings,
                 when_ready: Callable[[Callable[[], None]], None], parent: QWidget) -> None:
        super().__init__(parent)
        self.service = service
        self.page = page
        self.stack = stack
        self.photo_of = photo_of
        self.settings = settings
        self.when_ready = when_ready  # runs a request now, or once the library is open and read
        self.history: History[Query | None] = History(None)
        self.token = 0  # the question whose answer is awaited
        service.similar_ready.connect(self._on_similar)
        service.index_finished.connect(self._after_indexing)
        page.params_changed.connect(self._on_params)
        page.forward_requested.connect(self.forward)

    def find_similar(self, query: Query) -> None:
        """Show the photos most like ``query``, as a new step in the history (once the library
        is read)."""
        self.when_ready(lambda: self._step(query))

    def _step(self, query: Query) -> None:
        if not query.same_as(self.history.current):
            self.history.push(query)
        self.show_query(query)

    def show_query(self, query: Query) -> None:
        photo = self.photo_of(query.path) if query.kind in ("path", "paths") else None
        self.page.show_pending(query, photo)
        self.stack.setCurrentWidget(self.page)
        self.page.view.setFocus()
        self.title_changed.emit(QCoreApplication.translate("MainWindow", "%1 – photorec").replace("%1", query.label))
        self.history_changed.emit()
        self.token = self.service.find_similar(query, self.page.k, self.page.min_score)

    def _on_similar(self, res: SimilarResult) -> None:
        if res.token != self.token:
            return  # a later question is on its way
        self.page.show_result(res, indexing=self.service.indexing)
        self.result_shown.emit(res)  # the window's other views of a result ("Same people")

    def _after_indexing(self, _report: object = None) -> None:
        """A result shown while indexing ran ("compared with the N photos indexed so far") is
        asked again when indexing ends: it then compares with every photo and stops saying so."""
        q = self.history.current
        if (q is not None and self.page.shown_while_indexing and not self.page.pending
                and self.stack.currentWidget() is self.page):
            self.show_query(q)

    def _on_params(self, _k: int, _min_score: float) -> None:
        q = self.history.current
        if q is not None and self.stack.currentWidget() is self.page:
            self.show_query(q)

    def back(self) -> None:
        if self.history.can_back():
            self.go(self.history.back())

    def forward(self) -> None:
        if self.history.can_forward():
            self.go(self.history.forward())

    def go(self, q: Query | None) -> None:
        if q is None:
            self.home_requested.emit(self.page.query)
            self.history_changed.emit()
        else:
            self.show_query(q)

    def forget_paths(self, gone: set[str]) -> None:
        """Photos left the library: the steps that asked about them go; if the one shown did,
        the one before it is shown."""
        self.page.model.remove_paths(gone)
        cur = self.history.current

        def uses_gone(q: Query | None) -> bool:
            return q is not None and ((q.kind == "path" and q.path in gone)
                                      or (q.kind == "paths" and bool(gone.intersection(q.paths))))

        self.history.remove_if(uses_gone)
        if uses_gone(cur):
            self.go(self.history.current)
        self.history_changed.emit()

    def query_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent(),
                                              QCoreApplication.translate("MainWindow", "Find photos like this image"),
                                              self.settings.last_dir(), image_filter())
        if path:
            self.settings.remember_dir(os.path.dirname(path))
            self.find_similar(Query.for_path(path))

    def paste(self) -> None:
        md = QGuiApplication.clipboard().mimeData()
        if md is None:
            return
        if md.hasImage():
            img = QGuiApplication.clipboard().image()
            if not img.isNull():
                self.find_similar(Query.for_image(img))
                return
        paths = [u.toLocalFile() for u in md.urls() if u.isLocalFile()] if md.hasUrls() else []
        if not paths and md.hasText():
            t = md.text().strip().strip('"')
            if t.startswith("file://"):
                t = QUrl(t).toLocalFile()
            if os.path.isfile(t):
                paths = [t]
        images = [p for p in paths if os.path.isfile(p) and is_image_path(p)]
        if images:
            self.find_similar(Query.for_path(images[0]))
        else:
            self.message.emit(QCoreApplication.translate("MainWindow", "The clipboard holds no image."), 5000)
