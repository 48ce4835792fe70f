"""Find similar and the browser-like history of the window: a query becomes a step, Back
and Forward move between steps (:class:`NavigationMixin`); queries from a file dialog or the
clipboard."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from photorec.core.ingest import formats
from photorec.gui.history import Query

if TYPE_CHECKING:
    from photorec.gui.queries import SimilarResult

log = logging.getLogger(__name__)


def image_filter() -> str:
    """The file dialog's filter: the formats this installation reads (photorec.core.ingest.formats)."""
    images = QCoreApplication.translate("MainWindow", "Images")
    everything = QCoreApplication.translate("MainWindow", "All files")
    return f"{images} ({formats.dialog_patterns()});;{everything} (*)"


def is_image_path(path: str) -> bool:
    return formats.is_known_image_name(path)


class NavigationMixin:
    """Part of :class:`~photorec.gui.window.MainWindow` (uses its pages and service)."""

    def find_similar(self, query: Query) -> None:
        """Show the photos most like ``query``, as a new step in the history."""
        if not self._snapshot_seen:
            self.when_ready(lambda: self.find_similar(query))
            return
        if not query.same_as(self.history.current):
            self.history.push(query)
        self._show_query(query)

    def _show_query(self, query: Query) -> None:
        photo = self.library_page.model.by_path(query.path) if query.kind in ("path", "paths") else None
        self.similar_page.show_pending(query, photo)
        self.stack.setCurrentWidget(self.similar_page)
        self.similar_page.view.setFocus()
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "%1 – photorec").replace("%1", query.label))
        self._update_history_actions()
        self._update_actions()
        self._similar_token = self.service.find_similar(query, self.similar_page.k, self.similar_page.min_score)

    def _on_similar(self, res: SimilarResult) -> None:
        if res.token != self._similar_token:
            return  # a later question is on its way
        self.similar_page.show_result(res, indexing=self.service.indexing)
        self.people_switch.on_result(res)  # "Same people" (issue 17)

    def _on_params(self, k: int, min_score: float) -> None:
        q = self.history.current
        if q is not None and self.stack.currentWidget() is self.similar_page:
            self._show_query(q)

    def back(self) -> None:
        if self.viewing():  # Backspace, Alt+Left in the viewer: back to the grid
            self.close_viewer()
            return
        if not self.history.can_back():
            return
        q = self.history.back()
        self._go(q)

    def forward(self) -> None:
        if not self.history.can_forward():
            return
        self._go(self.history.forward())

    def _go(self, q: Query | None) -> None:
        if q is None:
            prev = self.similar_page.query
            self.stack.setCurrentWidget(self.library_page)
            self.setWindowTitle("photorec")
            grid = self.search_view if self.searching() else self.library_page.view
            if prev is not None and prev.kind == "path":
                row = grid.model().row_of_path(prev.path)
                if row >= 0:
                    grid.select_row(row)
            grid.setFocus()
            self._update_history_actions()
            self._update_actions()
        else:
            self._show_query(q)

    def _update_history_actions(self) -> None:
        self.act_back.setEnabled(self.history.can_back() or self.viewing())
        self.act_forward.setEnabled(self.history.can_forward())
        self.similar_page.set_history(True, self.history.can_forward())

    def query_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("MainWindow", "Find photos like this image"), self._last_dir(), image_filter())
        if path:
            self._remember_dir(os.path.dirname(path))
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
            self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "The clipboard holds no image."), 5000)

