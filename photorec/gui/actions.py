"""The window's menus, actions and keys (:class:`WindowActions`: it makes them, holds them, and
connects each to what the window routes it to). The photo viewer opens through "View" (Space)
in the grids, and a double-click."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from photorec.gui.models import SORTS
from photorec.gui.sidebar import PROBLEMS
from photorec.i18n import translate

log = logging.getLogger(__name__)


class WindowActions:
    """The menu bar's actions and the grids' photo actions of a window. ``win`` is the
    :class:`~photorec.gui.window.MainWindow`: each action calls one of its routing methods."""

    def __init__(self, win: QMainWindow) -> None:
        self.win = win
        self._build()

    def _action(self, text: str, slot, shortcut=None, tip: str = "", menu: QMenu | None = None) -> QAction:
        a = QAction(text, self.win)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                a.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(slot)
        self.win.addAction(a)
        if menu is not None:
            menu.addAction(a)
        return a

    def _build(self) -> None:
        w = self.win
        mb = w.menuBar()
        m = mb.addMenu(translate("MainWindow", "&File"))
        self.act_add = self._action(translate("MainWindow", "&Add Folder…"), w.folders.add_folder_dialog,
                                    "Ctrl+Shift+O",
                                    translate("MainWindow", "Add a folder of photos to the library"), m)
        self.act_query = self._action(translate("MainWindow", "&Find Similar to Image…"), w.nav.query_dialog,
                                      QKeySequence.StandardKey.Open,
                                      translate("MainWindow",
                                                "Pick an image (in the library or not) and see the photos like it"),
                                      m)
        self.act_paste = self._action(translate("MainWindow", "Find Similar to &Pasted Image"), w.nav.paste, None,
                                      translate("MainWindow", "Find photos like the image on the clipboard"), m)
        self.act_paste.setShortcut(QKeySequence.StandardKey.Paste)
        self.act_paste.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        m.addSeparator()
        self._action(translate("MainWindow", "&Quit"), w.close, QKeySequence.StandardKey.Quit, menu=m)

        m = mb.addMenu(translate("MainWindow", "&View"))
        self.act_back = self._action(translate("MainWindow", "&Back"), w.back, ["Alt+Left", "Backspace"], menu=m)
        self.act_forward = self._action(translate("MainWindow", "&Forward"), w.forward, "Alt+Right", menu=m)
        self.act_home = self._action(translate("MainWindow", "&Library"), w.escape, "Escape",
                                     translate("MainWindow", "Back to the photos of the folder chosen in the sidebar"),
                                     m)
        self.act_search = self._action(translate("MainWindow", "&Search…"), w.focus_search,
                                       QKeySequence.StandardKey.Find,
                                       translate("MainWindow", "Find photos by words: tags, places, dates, things"), m)
        self.act_filter = self._action(translate("MainWindow", "Filter by &Name"), w.focus_filter, menu=m)
        m.addSeparator()
        sort_menu = m.addMenu(translate("MainWindow", "&Sort By"))
        self.sort_group = QActionGroup(w)
        self.sort_actions: dict[str, QAction] = {}
        for key, label in SORTS.items():
            a = QAction(translate("sort", label), w, checkable=True)
            a.triggered.connect(lambda _c=False, k=key: w.set_sort(k))
            self.sort_group.addAction(a)
            sort_menu.addAction(a)
            self.sort_actions[key] = a
        self._action(translate("MainWindow", "Zoom &In"), lambda: w.zoom.setValue(w.zoom.value() + 32),
                     QKeySequence.StandardKey.ZoomIn, menu=m)
        self._action(translate("MainWindow", "Zoom &Out"), lambda: w.zoom.setValue(w.zoom.value() - 32),
                     QKeySequence.StandardKey.ZoomOut, menu=m)
        self.act_names = QAction(translate("MainWindow", "Show File &Names"), w, checkable=True, checked=True)
        self.act_names.toggled.connect(w.set_show_names)
        m.addAction(self.act_names)
        m.addSeparator()
        self.act_problems = self._action(translate("MainWindow", "&Problems"), lambda: w.sidebar.select(PROBLEMS),
                                         menu=m)

        m = mb.addMenu(translate("MainWindow", "&Library"))
        self.act_rescan = self._action(translate("MainWindow", "&Rescan Folders"), w.folders.rescan,
                                       QKeySequence.StandardKey.Refresh,
                                       translate("MainWindow", "Look for new, changed and removed photos"), m)
        self.act_retry = self._action(translate("MainWindow", "Retry &Problem Files"),
                                      lambda: w.service.start_indexing(retry_failed=True), menu=m)
        self.act_pause = self._action(translate("MainWindow", "&Pause Indexing"), w.folders.toggle_pause, menu=m)
        self.act_cancel = self._action(translate("MainWindow", "&Stop Indexing"), w.folders.cancel_indexing, menu=m)
        m.addSeparator()
        self.act_forget_offline = self._action(translate("MainWindow", "&Forget Offline Photos…"),
                                               w.folders.forget_offline, menu=m)

        m = mb.addMenu(translate("MainWindow", "&Help"))
        self._action(translate("MainWindow", "&About photorec"), w.about, menu=m)

        # Photo actions, for the grids (context menu and keys).
        self.act_trash = QAction(translate("MainWindow", "Move to Trash…"), w)
        self.act_trash.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete)])
        self.act_trash.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_trash.triggered.connect(lambda: w.photos.trash_photos(w.photos.focused_photos()))
        self.act_copy = QAction(translate("MainWindow", "Copy Path"), w)
        self.act_copy.setShortcut(QKeySequence.StandardKey.Copy)
        self.act_copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_copy.triggered.connect(lambda: w.photos.copy_paths(w.photos.focused_photos()))
        self.act_view = QAction(translate("MainWindow", "View"), w)
        self.act_view.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.act_view.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_view.triggered.connect(lambda: w.viewer.view_photos(w.photos.focused_photos()))

    def photo_actions(self) -> list[QAction]:
        """The actions each grid carries (its keys: Space, Delete, Ctrl+C)."""
        return [self.act_view, self.act_trash, self.act_copy]

    def update(self, indexing: bool, folders: list, ready: bool, unreadable: int) -> None:
        """Enable what can be done now."""
        self.act_pause.setEnabled(indexing)
        self.act_cancel.setEnabled(indexing)
        self.act_rescan.setEnabled(bool(folders) and ready)
        self.act_forget_offline.setEnabled(any(not f.online for f in folders))
        self.act_retry.setEnabled(unreadable > 0)

    def update_history(self, history, viewing: bool) -> None:
        self.act_back.setEnabled(history.can_back() or viewing)
        self.act_forward.setEnabled(history.can_forward())

    def set_paused(self, paused: bool) -> None:
        self.act_pause.setText(translate("MainWindow", "&Resume Indexing") if paused
                               else translate("MainWindow", "&Pause Indexing"))
