"""What can be done to photos in the grids: the context menu, tag, more like these, copy
paths, move to the trash (:class:`PhotoActionsMixin`)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from photorec.gui import desktop
from photorec.gui.history import Query
from photorec.i18n import plural, translate

if TYPE_CHECKING:
    from photorec.core.store import Photo

log = logging.getLogger(__name__)


class PhotoActionsMixin:
    """Part of :class:`~photorec.gui.window.MainWindow` (uses its pages and service)."""

    def _focused_photos(self) -> list[Photo]:
        w = self.focusWidget()
        for view in self.grids():
            if w is view or (w is not None and view.isAncestorOf(w)):
                return view.selected_photos() or [p for p in [view.current_photo()] if p]
        return []

    def photo_menu(self, photos: list[Photo], pos) -> None:
        if photos:
            self.build_photo_menu(photos).exec(pos)

    def build_photo_menu(self, photos: list[Photo]) -> QMenu:
        one = photos[0] if len(photos) == 1 else None
        menu = QMenu(self)
        a = menu.addAction(translate("MainWindow", "View"), lambda: self.view_photos(photos))
        a.setShortcut(QKeySequence(Qt.Key.Key_Space))
        a = menu.addAction(translate("MainWindow", "Find Similar"),
                           lambda: self.find_similar(Query.for_path(photos[0].path)))
        a.setEnabled(one is not None)
        menu.addSeparator()
        online = [p for p in photos if p.online]
        a = menu.addAction(translate("MainWindow", "Open in Default Viewer"),
                           lambda: [desktop.open_file(p.path) for p in online[:10]])
        a.setEnabled(bool(online))
        a = menu.addAction(translate("MainWindow", "Reveal in File Manager"), lambda: desktop.reveal(online[0].path))
        a.setEnabled(bool(online))
        menu.addAction(translate("MainWindow", "Copy Path") if one
                       else translate("MainWindow", "Copy %1 Paths").replace("%1", str(len(photos))),
                       lambda: self.copy_paths(photos))
        if "tags" in self._views:
            menu.addSeparator()
            menu.addAction(translate("MainWindow", "Tag…") if one
                           else translate("MainWindow", "Tag %1 Photos…").replace("%1", str(len(photos))),
                           lambda: self.tag_photos(photos))
        a = menu.addAction(translate("MainWindow", "More Like These"), lambda: self.more_like_these(photos))
        a.setEnabled(one is None)
        menu.addSeparator()
        a = menu.addAction(translate("MainWindow", "Move to Trash…") if one
                           else translate("MainWindow", "Move %1 Photos to Trash…").replace("%1", str(len(photos))),
                           lambda: self.trash_photos(photos))
        a.setEnabled(bool(online))
        return menu

    def _tags_view(self, photos: list[Photo]):
        """The Tags page, acting on ``photos``."""
        tags = self.view("tags")
        if tags is not None:
            tags.set_selection([p.path for p in photos])
        return tags

    def tag_photos(self, photos: list[Photo]) -> None:
        """Open the Tags page on these photos, the cursor in the new-tag field."""
        tags = self._tags_view(photos)
        if tags is not None:
            self.sidebar.select("tags")
            tags.tag_edit.setFocus()

    def more_like_these(self, photos: list[Photo]) -> None:
        """The photos most like a selection, ranked with their scores, in the similar panel
        (a step in the history, like any "find similar")."""
        paths = [p.path for p in photos]
        if paths:
            self.find_similar(Query.for_paths(paths))

    def copy_paths(self, photos: list[Photo]) -> None:
        if photos:
            desktop.copy_paths([p.path for p in photos])
            self.statusBar().showMessage(
                plural(len(photos), translate("MainWindow", "Path copied."),
                       translate("MainWindow", "%1 paths copied.")).replace("%1", str(len(photos))), 3000)

    def trash_photos(self, photos: list[Photo]) -> None:
        photos = [p for p in photos if p.online]
        if not photos:
            return
        if len(photos) == 1:
            title = translate("MainWindow", "Move “%1” to the trash?").replace("%1", photos[0].name)
        else:
            title = translate("MainWindow", "Move %1 photos to the trash?").replace(
                "%1", QLocale().toString(len(photos)))
        if not self.confirm(title, translate("MainWindow", "They go to the system trash, where you can restore "
                                             "them, and leave the library."),
                            translate("MainWindow", "Move to Trash")):
            return
        self.service.move_to_trash([p.path for p in photos], lambda moved, failed: self.statusBar().showMessage(
            (plural(len(moved), translate("MainWindow", "Moved %1 photo to the trash."),
                    translate("MainWindow", "Moved %1 photos to the trash.")).replace("%1", str(len(moved)))
             if moved else ""), 6000))


    def _on_photos_removed(self, paths: list[str]) -> None:
        gone = set(paths)
        self.library_page.model.remove_paths(gone)
        self.similar_page.model.remove_paths(gone)
        if getattr(self, "search_model", None) is not None:
            self.search_model.remove_paths(gone)
        cur = self.history.current
        def uses_gone(q: Query | None) -> bool:
            return q is not None and ((q.kind == "path" and q.path in gone)
                                      or (q.kind == "paths" and bool(gone.intersection(q.paths))))

        self.history.remove_if(uses_gone)
        if uses_gone(cur):
            self._go(self.history.current)
        self._update_history_actions()

    def _confirm(self, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "photorec", title, parent=self)
        box.setInformativeText(text)
        ok = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is ok
