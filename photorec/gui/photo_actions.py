"""What can be done to photos in the grids: the context menu, tag, more like these, copy
paths, move to the trash (:class:`PhotoActions`, the grids' shared controller: it asks the window
through signals to view, find similar or tag)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from photorec.gui import desktop
from photorec.gui.history import Query
from photorec.i18n import plural, translate

if TYPE_CHECKING:
    from photorec.core.store import Photo
    from photorec.gui.grid import PhotoGridView
    from photorec.gui.service import LibraryService

log = logging.getLogger(__name__)


class PhotoActions(QObject):
    """The photo menu of every grid, and what its entries do."""

    view_requested = Signal(list)  # photos
    similar_requested = Signal(object)  # Query
    tag_requested = Signal(list)  # photos
    message = Signal(str, int)

    def __init__(self, service: LibraryService, grids: Callable[[], list[PhotoGridView]],
                 confirm: Callable[[str, str, str], bool], can_tag: Callable[[], bool], parent: QWidget) -> None:
        super().__init__(parent)
        self.service = service
        self.grids = grids
        self.confirm = confirm
        self.can_tag = can_tag
        self.window = parent

    def focused_photos(self) -> list[Photo]:
        w = self.window.focusWidget()
        for view in self.grids():
            if w is view or (w is not None and view.isAncestorOf(w)):
                return view.selected_photos() or [p for p in [view.current_photo()] if p]
        return []

    def photo_menu(self, photos: list[Photo], pos) -> None:
        if photos:
            self.build_photo_menu(photos).exec(pos)

    def build_photo_menu(self, photos: list[Photo]) -> QMenu:
        one = photos[0] if len(photos) == 1 else None
        menu = QMenu(self.window)
        a = menu.addAction(translate("MainWindow", "View"), lambda: self.view_requested.emit(photos))
        a.setShortcut(QKeySequence(Qt.Key.Key_Space))
        a = menu.addAction(translate("MainWindow", "Find Similar"),
                           lambda: self.similar_requested.emit(Query.for_path(photos[0].path)))
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
        if self.can_tag():
            menu.addSeparator()
            menu.addAction(translate("MainWindow", "Tag…") if one
                           else translate("MainWindow", "Tag %1 Photos…").replace("%1", str(len(photos))),
                           lambda: self.tag_requested.emit(photos))
        # One photo too, as the README says: for one, it ranks as Find Similar does.
        menu.addAction(translate("MainWindow", "More Like These"), lambda: self.more_like_these(photos))
        menu.addSeparator()
        a = menu.addAction(translate("MainWindow", "Move to Trash…") if one
                           else translate("MainWindow", "Move %1 Photos to Trash…").replace("%1", str(len(photos))),
                           lambda: self.trash_photos(photos))
        a.setEnabled(bool(online))
        return menu

    def more_like_these(self, photos: list[Photo]) -> None:
        """The photos most like a selection, ranked with their scores, in the similar panel
        (a step in the history, like any "find similar")."""
        paths = [p.path for p in photos]
        if paths:
            self.similar_requested.emit(Query.for_paths(paths))

    def copy_paths(self, photos: list[Photo]) -> None:
        if photos:
            desktop.copy_paths([p.path for p in photos])
            self.message.emit(
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
        self.service.move_to_trash([p.path for p in photos], lambda moved, failed: self.message.emit(
            (plural(len(moved), translate("MainWindow", "Moved %1 photo to the trash."),
                    translate("MainWindow", "Moved %1 photos to the trash.")).replace("%1", str(len(moved)))
             if moved else ""), 6000))


def ask(parent: QWidget, title: str, text: str, action: str) -> bool:
    """A question before something that cannot be undone from photorec: True to go on."""
    box = QMessageBox(QMessageBox.Icon.Question, "photorec", title, parent=parent)
    box.setInformativeText(text)
    ok = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is ok
