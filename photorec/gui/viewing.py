"""The viewer page's controller (:class:`ViewerController`): Space or a double-click on a grid
photo shows it full size (gui/viewer.py) with its neighbours in grid order; Escape, Backspace
or Back go back to the grid the user came from, with its selection; S finds photos similar to
the one shown. It owns the viewer and where to return; it tells the window through signals."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QToolButton, QWidget

from photorec.gui.history import Query

if TYPE_CHECKING:
    from photorec.core.store import Photo
    from photorec.gui.grid import PhotoGridView
    from photorec.gui.service import LibraryService
    from photorec.gui.viewer import PhotoViewer

log = logging.getLogger(__name__)


def focused_grid(window: QWidget, grids: list[PhotoGridView]) -> PhotoGridView | None:
    """The grid that has the keyboard focus (or holds the widget that has it)."""
    w = window.focusWidget()
    for view in grids:
        if w is view or (w is not None and view.isAncestorOf(w)):
            return view
    return None


class ViewerController(QObject):
    """The photo viewer inside the window, made when first used."""

    title_changed = Signal(str)
    state_changed = Signal()  # opened or closed: Back's state may have changed
    similar_requested = Signal(object)  # Query
    show_photos = Signal(list, str)  # paths, title: a person's photos (a face box was clicked)

    def __init__(self, service: LibraryService, stack: QStackedWidget, home: QWidget,
                 grids: Callable[[], list[PhotoGridView]], parent: QWidget) -> None:
        super().__init__(parent)
        self.service = service
        self.stack = stack
        self.home = home  # where to go back to when the page the viewer came from is gone
        self.grids = grids
        self.window = parent
        self.page: PhotoViewer | None = None
        self._return: tuple | None = None  # (page, grid, window title, path first shown)
        self.act_similar: QAction | None = None
        stack.currentChanged.connect(self._on_page)

    def _on_page(self, _index: int) -> None:
        if self.page is not None and self.stack.currentWidget() is not self.page:
            self._return = None

    def _make(self) -> PhotoViewer | None:
        if self.page is not None:
            return self.page
        lib = self.service.lib
        if lib is None:
            return None
        from photorec.gui.viewer import PhotoViewer, library_info

        v = PhotoViewer(self.window, info=library_info(lib), runtime=self.service.runtime)
        v.setAccessibleName(QCoreApplication.translate("MainWindow", "Photo viewer"))
        v.closed.connect(self.close)
        v.currentChanged.connect(self._on_photo)
        act = QAction(QCoreApplication.translate("MainWindow", "Find Similar"), v)
        act.setShortcut(QKeySequence(Qt.Key.Key_S))
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(self.similar_to_viewed)
        v.addAction(act)
        self.act_similar = act
        button = QToolButton(v)  # in the viewer's bar, left of "Info"
        button.setDefaultAction(act)
        button.setToolTip(QCoreApplication.translate("MainWindow", "Find photos similar to this one (S)"))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bar = v.layout().itemAt(0).layout()
        bar.insertWidget(bar.indexOf(v.buttons["info"]), button)
        v.buttons["similar"] = button
        v.faces.provider = lib.people.boxes_of_path  # face boxes (P); a click opens the person
        v.faces.run = lambda fn, done: self.service.submit(fn, done, key="viewer-faces")
        v.faces.person_clicked.connect(self.show_person)
        self.stack.addWidget(v)
        self.page = v
        return v

    def show_person(self, person_id: int) -> None:
        """The photos of a person (a face box was clicked), on the People page's terms."""
        lib = self.service.lib
        if lib is None:
            return
        from photorec.core.people.service import PeopleError

        try:
            person = lib.people.find(person_id)
        except PeopleError:
            return
        label = person.name or QCoreApplication.translate("PeopleView", "Unnamed")
        self.close()
        self.show_photos.emit(list(person.photos),
                              QCoreApplication.translate("PeopleView", "Person: %1").replace("%1", label))

    def viewing(self) -> bool:
        return self.page is not None and self.stack.currentWidget() is self.page

    def view_photos(self, photos: list[Photo]) -> None:
        """Look at photos (Space, "View"): one photo is shown among its grid's photos, in grid
        order; several selected photos are shown as a set of their own."""
        photos = [p for p in photos if p is not None]
        if not photos:
            return
        grid = focused_grid(self.window, self.grids())
        if len(photos) == 1 and grid is not None:
            self.view_in_grid(grid, photos[0])
        else:
            self.open([p.path for p in photos], 0, grid)

    def view_in_grid(self, grid: PhotoGridView, photo: Photo) -> None:
        """``photo`` in the viewer, the arrows going through ``grid``'s photos."""
        paths = grid.viewer_paths()
        try:
            index = paths.index(photo.path)
        except ValueError:
            paths, index = [photo.path], 0
        self.open(paths, index, grid)

    def open(self, paths: list[str], index: int = 0, grid: PhotoGridView | None = None) -> None:
        if not paths:
            return
        v = self._make()
        if v is None:
            return
        if not self.viewing():
            page = self.stack.currentWidget()
            self._return = (page, grid, self.window.windowTitle(), paths[max(0, min(index, len(paths) - 1))])
        self.stack.setCurrentWidget(v)
        v.set_photos(paths, index)
        v.setFocus()
        self.state_changed.emit()

    def _on_photo(self, path: str) -> None:
        if self.viewing():
            self.title_changed.emit(f"{os.path.basename(path)} – photorec")

    def close(self) -> None:
        """Back to the page the viewer was opened from. Its selection is kept; if the user
        moved to other photos, the grid's current photo is the one shown last."""
        if not self.viewing():
            return
        page, grid, title, first = self._return or (self.home, None, "photorec", None)
        v = self.page
        shown = v.paths[v.index] if 0 <= v.index < len(v.paths) else None
        if page is None or self.stack.indexOf(page) < 0 or page is v:
            page = self.home
        self.stack.setCurrentWidget(page)
        self.title_changed.emit(title)
        self._return = None
        self.state_changed.emit()
        if grid is not None:
            if shown is not None and shown != first:
                row = grid.model().row_of_path(shown)
                if row >= 0:
                    grid.select_row(row)
            grid.setFocus()

    def similar_to_viewed(self) -> None:
        """Photos like the one in the viewer (S), as a new history step."""
        v = self.page
        if not self.viewing() or not 0 <= v.index < len(v.paths):
            return
        path = v.paths[v.index]
        self.close()
        self.similar_requested.emit(Query.for_path(path))

    def close_workers(self) -> None:
        if self.page is not None:
            self.page.close_workers()
