"""The photo viewer inside the window (:class:`ViewerMixin`, part of
:class:`~photorec.gui.window.MainWindow`): Space or a double-click on a grid photo shows it
full size (gui/viewer.py) with its neighbours in grid order; Escape, Backspace or Back go back
to the grid the user came from, with its selection; S finds photos similar to the one shown.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton

from photorec.gui.history import Query

if TYPE_CHECKING:
    from photorec.core.store import Photo
    from photorec.gui.grid import PhotoGridView
    from photorec.gui.viewer import PhotoViewer

log = logging.getLogger(__name__)


class ViewerMixin:
    """Part of :class:`~photorec.gui.window.MainWindow` (uses its stack, grids and service)."""

    viewer_page: "PhotoViewer | None" = None
    _viewer_return = None  # (page, grid, window title, path first shown)

    def grids(self) -> list["PhotoGridView"]:
        """The window's photo grids (library, similar results, search results)."""
        out = [self.library_page.view, self.similar_page.view]
        extra = getattr(self, "search_view", None)
        if extra is not None:
            out.append(extra)
        return out

    def _focused_grid(self) -> "PhotoGridView | None":
        w = self.focusWidget()
        for view in self.grids():
            if w is view or (w is not None and view.isAncestorOf(w)):
                return view
        return None

    def _make_viewer(self) -> "PhotoViewer | None":
        if self.viewer_page is not None:
            return self.viewer_page
        lib = self.service.lib
        if lib is None:
            return None
        from photorec.gui.viewer import PhotoViewer, library_info

        v = PhotoViewer(self, info=library_info(lib), runtime=self.service.runtime)
        v.setAccessibleName(QCoreApplication.translate("MainWindow", "Photo viewer"))
        v.closed.connect(self.close_viewer)
        v.currentChanged.connect(self._on_viewer_photo)
        act = QAction(QCoreApplication.translate("MainWindow", "Find Similar"), v)
        act.setShortcut(QKeySequence(Qt.Key.Key_S))
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(self.similar_to_viewed)
        v.addAction(act)
        self.act_viewer_similar = act
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
        self.viewer_page = v
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
        self.close_viewer()
        self.show_collection(list(person.photos),
                             QCoreApplication.translate("PeopleView", "Person: %1").replace("%1", label))

    def viewing(self) -> bool:
        return self.viewer_page is not None and self.stack.currentWidget() is self.viewer_page

    def view_photos(self, photos: list["Photo"]) -> None:
        """Look at photos (Space, "View"): one photo is shown among its grid's photos, in grid
        order; several selected photos are shown as a set of their own."""
        photos = [p for p in photos if p is not None]
        if not photos:
            return
        grid = self._focused_grid()
        if len(photos) == 1 and grid is not None:
            self.view_in_grid(grid, photos[0])
        else:
            self.open_viewer([p.path for p in photos], 0, grid)

    def view_in_grid(self, grid: "PhotoGridView", photo: "Photo") -> None:
        """``photo`` in the viewer, the arrows going through ``grid``'s photos."""
        paths = [p.path for p in grid.model().photos()]
        try:
            index = paths.index(photo.path)
        except ValueError:
            paths, index = [photo.path], 0
        self.open_viewer(paths, index, grid)

    def open_viewer(self, paths: list[str], index: int = 0, grid: "PhotoGridView | None" = None) -> None:
        if not paths:
            return
        v = self._make_viewer()
        if v is None:
            return
        if not self.viewing():
            page = self.stack.currentWidget()
            self._viewer_return = (page, grid, self.windowTitle(), paths[max(0, min(index, len(paths) - 1))])
        self.stack.setCurrentWidget(v)
        v.set_photos(paths, index)
        v.setFocus()
        self._update_history_actions()

    def _on_viewer_photo(self, path: str) -> None:
        if self.viewing():
            self.setWindowTitle(f"{os.path.basename(path)} – photorec")

    def close_viewer(self) -> None:
        """Back to the page the viewer was opened from. Its selection is kept; if the user
        moved to other photos, the grid's current photo is the one shown last."""
        if not self.viewing():
            return
        page, grid, title, first = self._viewer_return or (self.library_page, None, "photorec", None)
        v = self.viewer_page
        shown = v.paths[v.index] if 0 <= v.index < len(v.paths) else None
        if page is None or self.stack.indexOf(page) < 0 or page is v:
            page = self.library_page
        self.stack.setCurrentWidget(page)
        self.setWindowTitle(title)
        self._viewer_return = None
        self._update_history_actions()
        if grid is not None:
            if shown is not None and shown != first:
                row = grid.model().row_of_path(shown)
                if row >= 0:
                    grid.select_row(row)
            grid.setFocus()

    def similar_to_viewed(self) -> None:
        """Photos like the one in the viewer (S), as a new history step."""
        v = self.viewer_page
        if not self.viewing() or not 0 <= v.index < len(v.paths):
            return
        path = v.paths[v.index]
        self.close_viewer()
        self.find_similar(Query.for_path(path))

    def escape(self) -> None:
        """Escape anywhere in the window: leave the viewer, else clear a search, else the
        library grid."""
        if self.viewing():
            self.close_viewer()
        elif getattr(self, "searching", lambda: False)():
            self.clear_search()
        else:
            self.show_grid()

    def _close_viewer_workers(self) -> None:
        if self.viewer_page is not None:
            self.viewer_page.close_workers()
