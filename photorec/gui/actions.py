"""The window's menus, actions and keys, and the wiring of its pages' signals
(:class:`ActionsMixin`, part of :class:`~photorec.gui.window.MainWindow`).

The search box goes into the library page's title bar with
:meth:`ActionsMixin.add_search_box` (gui/searching.py), and the photo viewer opens through
:meth:`~photorec.gui.viewing.ViewerMixin.view_photos` (Space in the grids, a double-click,
and "View" in the photo menu).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from photorec.gui import desktop
from photorec.gui.history import Query
from photorec.gui.models import SORTS
from photorec.gui.sidebar import PROBLEMS
from photorec.i18n import translate

log = logging.getLogger(__name__)


class ActionsMixin:
    """Part of :class:`~photorec.gui.window.MainWindow` (uses its pages and service)."""

    def _action(self, text: str, slot, shortcut=None, tip: str = "", menu: QMenu | None = None) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                a.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(slot)
        self.addAction(a)
        if menu is not None:
            menu.addAction(a)
        return a

    def _build_actions(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu(translate("MainWindow", "&File"))
        self.act_add = self._action(translate("MainWindow", "&Add Folder…"), self.add_folder_dialog, "Ctrl+Shift+O",
                                    translate("MainWindow", "Add a folder of photos to the library"), m)
        self.act_query = self._action(translate("MainWindow", "&Find Similar to Image…"), self.query_dialog,
                                      QKeySequence.StandardKey.Open,
                                      translate("MainWindow",
                                                "Pick an image (in the library or not) and see the photos like it"), m)
        self.act_paste = self._action(translate("MainWindow", "Find Similar to &Pasted Image"), self.paste, None,
                                      translate("MainWindow", "Find photos like the image on the clipboard"), m)
        self.act_paste.setShortcut(QKeySequence.StandardKey.Paste)
        self.act_paste.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        m.addSeparator()
        self._action(translate("MainWindow", "&Quit"), self.close, QKeySequence.StandardKey.Quit, menu=m)

        m = mb.addMenu(translate("MainWindow", "&View"))
        self.act_back = self._action(translate("MainWindow", "&Back"), self.back, ["Alt+Left", "Backspace"], menu=m)
        self.act_forward = self._action(translate("MainWindow", "&Forward"), self.forward, "Alt+Right", menu=m)
        self.act_home = self._action(translate("MainWindow", "&Library"), self.escape, "Escape",
                                     translate("MainWindow", "Back to the photos of the folder chosen in the sidebar"),
                                     m)
        self.act_search = self._action(translate("MainWindow", "&Search…"), self.focus_search,
                                       QKeySequence.StandardKey.Find,
                                       translate("MainWindow", "Find photos by words: tags, places, dates, things"), m)
        self.act_filter = self._action(translate("MainWindow", "Filter by &Name"), self.focus_filter, menu=m)
        m.addSeparator()
        sort_menu = m.addMenu(translate("MainWindow", "&Sort By"))
        self.sort_group = QActionGroup(self)
        self.sort_actions: dict[str, QAction] = {}
        for key, label in SORTS.items():
            a = QAction(translate("sort", label), self, checkable=True)
            a.triggered.connect(lambda _c=False, k=key: self.set_sort(k))
            self.sort_group.addAction(a)
            sort_menu.addAction(a)
            self.sort_actions[key] = a
        self._action(translate("MainWindow", "Zoom &In"), lambda: self.zoom.setValue(self.zoom.value() + 32),
                     QKeySequence.StandardKey.ZoomIn, menu=m)
        self._action(translate("MainWindow", "Zoom &Out"), lambda: self.zoom.setValue(self.zoom.value() - 32),
                     QKeySequence.StandardKey.ZoomOut, menu=m)
        self.act_names = QAction(translate("MainWindow", "Show File &Names"), self, checkable=True, checked=True)
        self.act_names.toggled.connect(self._set_show_names)
        m.addAction(self.act_names)
        m.addSeparator()
        self.act_problems = self._action(translate("MainWindow", "&Problems"), lambda: self.sidebar.select(PROBLEMS),
                                         menu=m)

        m = mb.addMenu(translate("MainWindow", "&Library"))
        self.act_rescan = self._action(translate("MainWindow", "&Rescan Folders"), self.rescan,
                                       QKeySequence.StandardKey.Refresh,
                                       translate("MainWindow", "Look for new, changed and removed photos"), m)
        self.act_retry = self._action(translate("MainWindow", "Retry &Problem Files"),
                                      lambda: self.service.start_indexing(retry_failed=True),
                                      menu=m)
        self.act_pause = self._action(translate("MainWindow", "&Pause Indexing"), self._toggle_pause, menu=m)
        self.act_cancel = self._action(translate("MainWindow", "&Stop Indexing"), self.cancel_indexing, menu=m)
        m.addSeparator()
        self.act_forget_offline = self._action(translate("MainWindow", "&Forget Offline Photos…"), self.forget_offline,
                                               menu=m)

        m = mb.addMenu(translate("MainWindow", "&Help"))
        self._action(translate("MainWindow", "&About photorec"), self.about, menu=m)

        # Photo actions, for the grids (context menu and keys).
        self.act_trash = QAction(translate("MainWindow", "Move to Trash…"), self)
        self.act_trash.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete)])
        self.act_trash.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_trash.triggered.connect(lambda: self.trash_photos(self._focused_photos()))
        self.act_copy = QAction(translate("MainWindow", "Copy Path"), self)
        self.act_copy.setShortcut(QKeySequence.StandardKey.Copy)
        self.act_copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_copy.triggered.connect(lambda: self.copy_paths(self._focused_photos()))
        self.act_view = QAction(translate("MainWindow", "View"), self)
        self.act_view.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.act_view.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_view.triggered.connect(lambda: self.view_photos(self._focused_photos()))
        for view in (self.library_page.view, self.similar_page.view):
            view.addAction(self.act_view)
            view.addAction(self.act_trash)
            view.addAction(self.act_copy)

    def _connect(self) -> None:
        s = self.service
        s.opened.connect(self._on_opened)
        s.open_failed.connect(self._on_open_failed)
        s.snapshot_ready.connect(self._on_snapshot)
        s.folders_changed.connect(self._on_folders)
        s.photos_added.connect(self._on_photos_added)
        s.problems_added.connect(self._on_problems_added)
        s.photos_removed.connect(self._on_photos_removed)
        s.index_started.connect(self._on_index_started)
        s.index_progress.connect(self._on_index_progress)
        s.index_finished.connect(self._on_index_finished)
        s.similar_ready.connect(self._on_similar)
        s.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        s.error.connect(self.show_error)
        s.job_failed.connect(self._on_job_failed)
        s.library_changed.connect(self._on_library_changed)

        sb = self.sidebar
        sb.selected.connect(self._on_sidebar)
        sb.add_requested.connect(self.add_folder_dialog)
        sb.remove_requested.connect(self.remove_folder)
        sb.rescan_requested.connect(self.rescan)
        sb.locate_requested.connect(self.locate_folder)
        sb.reveal_requested.connect(desktop.reveal)
        sb.forget_offline_requested.connect(self.forget_offline)

        self.welcome_page.add_requested.connect(self.add_folder_dialog)
        self.welcome_page.query_requested.connect(self.query_dialog)
        lp = self.library_page
        lp.view.photo_activated.connect(lambda p: self.find_similar(Query.for_path(p.path)))
        lp.view.photo_opened.connect(lambda p: self.view_in_grid(lp.view, p))
        lp.view.context_requested.connect(self.photo_menu)
        lp.locate_requested.connect(self._locate_current)
        lp.sort.currentIndexChanged.connect(lambda _i: self.set_sort(lp.sort.currentData()))
        lp.view.typed.connect(self._type_to_filter)
        lp.counts_changed.connect(self._update_summary)  # one count, shown everywhere at once
        sp = self.similar_page
        sp.view.photo_activated.connect(lambda p: self.find_similar(Query.for_path(p.path)))
        sp.view.photo_opened.connect(lambda p: self.view_in_grid(sp.view, p))
        sp.view.context_requested.connect(self.photo_menu)
        sp.back_requested.connect(self.back)
        sp.forward_requested.connect(self.forward)
        sp.params_changed.connect(self._on_params)
        sp.add_folder_requested.connect(lambda path: self.add_folders([path]))
        pp = self.problems_page
        pp.retry_requested.connect(lambda: self.service.start_indexing(retry_failed=True))
        pp.reveal_requested.connect(desktop.reveal)
        pp.open_requested.connect(desktop.open_file)
        pp.copy_requested.connect(desktop.copy_paths)
        self.progress.pause_toggled.connect(self._set_paused)
        self.progress.cancel_requested.connect(self.cancel_indexing)
        self.zoom.valueChanged.connect(self._on_zoom)

    def add_search_box(self, widget) -> None:
        """Put a search box (gui/search_view.py) in the library page's title bar, left of the
        name filter."""
        self.library_page.add_to_bar(widget)
