"""The main window: composes the sidebar, the pages (welcome, library grid, similar photos,
problems), the status bar and the menus, and routes between them and the LibraryService.

Other views of the library (duplicates, themes, tags...) plug in with :meth:`MainWindow.add_view`:
a sidebar entry plus a page; they can use ``window.service``, ``window.loader`` and
``window.find_similar(Query)``.
"""

from __future__ import annotations

import logging
import os
from typing import Callable

from PySide6.QtCore import QLocale, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMainWindow, QMessageBox, QSizePolicy, QSlider,
                               QSplitter, QStackedWidget, QWidget)

from photorec.gui import icons
from photorec.gui.actions import ActionsMixin
from photorec.gui.folder_actions import FoldersMixin
from photorec.gui.grid import MAX_THUMB, MIN_THUMB
from photorec.gui.history import History, Query
from photorec.gui.library_view import LibraryPage
from photorec.gui.similar_people import PeopleSwitch
from photorec.gui.navigation import NavigationMixin, image_filter, is_image_path  # noqa: F401
from photorec.gui.photo_actions import PhotoActionsMixin
from photorec.gui.problems import ProblemsPage
from photorec.gui.progress import IndexProgress
from photorec.gui.searching import SearchMixin
from photorec.gui.service import LibraryService, Snapshot
from photorec.gui.settings import SettingsMixin
from photorec.gui.sidebar import ALL, FOLDER, PROBLEMS, Sidebar, folder_label
from photorec.gui.similar import SimilarPanel
from photorec.gui.tasks import THUMBS
from photorec.gui.thumbs import ThumbnailLoader
from photorec.gui.viewing import ViewerMixin
from photorec.gui.views import REFRESH_METHODS, ViewsMixin  # noqa: F401
from photorec.gui.welcome import OpeningPage, WelcomePage
from photorec.i18n import plural, translate

log = logging.getLogger(__name__)


class MainWindow(ActionsMixin, SettingsMixin, FoldersMixin, NavigationMixin, ViewerMixin, SearchMixin,
                 PhotoActionsMixin, ViewsMixin, QMainWindow):
    """The window. Its behaviour comes in parts, one module each: actions.py (menus, keys,
    wiring), settings.py, folder_actions.py (folders, indexing), navigation.py (find similar,
    history), photo_actions.py (what the grids' photos can do), views.py (organising pages);
    this module composes the pages and routes between them."""

    settled = Signal()  # the library is open and its first contents are shown

    def __init__(self, data_dir: str | os.PathLike[str] | None = None, provider: str | None = None,
                 settings: QSettings | None = None, *, auto_rescan: bool = True) -> None:
        super().__init__()
        self.settings = settings
        self.auto_rescan = auto_rescan
        self.setWindowTitle("photorec")
        self.setWindowIcon(icons.app_icon())
        self.setAcceptDrops(True)
        self.setMinimumSize(720, 480)

        self.service = LibraryService(data_dir, provider, self)
        self.service.watch_active = lambda: self.isVisible() and not self.isMinimized()
        self.loader = ThumbnailLoader(threads=2, parent=self,
                                      pool=self.service.runtime.pool(THUMBS, 2))
        self.history: History[Query | None] = History(None)
        self._snapshot_seen = False
        self._pending: list[Callable[[], None]] = []  # requests waiting for the library
        self._similar_token = 0
        self._problems_total = 0  # files that could not be read
        self._meta_problems = 0  # indexed photos whose metadata is bad (listed with them)
        self._closing = False
        self.confirm: Callable[[str, str, str], bool] = self._confirm

        # pages
        self.sidebar = Sidebar(self)
        self.opening_page = OpeningPage(self)
        self.welcome_page = WelcomePage(self)
        self.library_page = LibraryPage(self.loader, self)
        self.similar_page = SimilarPanel(self.loader, self)
        self.people_switch = PeopleSwitch(  # the Similar panel's people axis (issue 17)
            self.similar_page, lambda: self.service.lib, self.service.submit,
            lambda: self.similar_page.query and self._show_query(self.similar_page.query))
        self.problems_page = ProblemsPage(self)
        self.stack = QStackedWidget(self)
        for w in (self.opening_page, self.welcome_page, self.library_page, self.similar_page,
                  self.problems_page):
            self.stack.addWidget(w)
        self._views: dict[str, QWidget] = {}
        self._stale_views: set[str] = set()  # made, hidden, and the library changed since
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([220, 1060])
        self.splitter.setHandleWidth(1)
        self.setCentralWidget(self.splitter)
        self.sidebar.hide()

        # status bar
        self.summary = QLabel(self)
        self.summary.setContentsMargins(8, 0, 0, 0)
        self.progress = IndexProgress(self)
        self.zoom = QSlider(Qt.Orientation.Horizontal, self)
        self.zoom.setRange(MIN_THUMB, MAX_THUMB)
        self.zoom.setSingleStep(8)
        self.zoom.setPageStep(32)
        self.zoom.setFixedWidth(130)
        self.zoom.setToolTip(self.tr("Thumbnail size (Ctrl+plus, Ctrl+minus)"))
        zoom_box = QWidget(self)
        zl = QHBoxLayout(zoom_box)
        zl.setContentsMargins(8, 0, 8, 0)
        zl.setSpacing(4)
        small, large = QLabel(zoom_box), QLabel(zoom_box)
        small.setPixmap(icons.icon("small", self, themed=False).pixmap(12, 12))
        large.setPixmap(icons.icon("large", self, themed=False).pixmap(16, 16))
        zl.addWidget(small)
        zl.addWidget(self.zoom)
        zl.addWidget(large)
        self.zoom_box = zoom_box
        zoom_box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.progress.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        sb = self.statusBar()
        sb.setSizeGripEnabled(False)
        sb.addWidget(self.summary, 1)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(zoom_box)

        self.stack.currentChanged.connect(self._on_page)
        self.library_page.model.submit = lambda fn, done: self.service.submit(
            fn, done, key="grid-rebuild", title=self.tr("Sorting the photos"))
        self._add_organize_views()
        self._build_actions()
        self._build_search()
        self._connect()
        self._restore_view_settings()
        self.stack.setCurrentWidget(self.opening_page)
        self._on_page(0)
        self._update_actions()

    # -- starting --------------------------------------------------------------------------------

    def start(self) -> None:
        """Open the library in the background (call once the window is on screen)."""
        self.service.open()

    def _on_opened(self) -> None:
        lib = self.service.lib
        self.loader.attach(lib.paths.thumb_path, lambda p: lib.thumbnail_path(p))
        self.similar_page.set_model_info(getattr(lib, "model", None))

    def _on_open_failed(self, text: str) -> None:
        self.opening_page.set_error(text)
        self.stack.setCurrentWidget(self.opening_page)
        self.show_error(self.tr("The library could not be opened"), text)

    def _on_snapshot(self, snap: Snapshot) -> None:
        first = not self._snapshot_seen
        self._snapshot_seen = True
        self.library_page.model.set_photos(snap.photos, snap.prepared)
        self.sidebar.set_folders(snap.folders)
        self.sidebar.set_folder_counts(self.library_page.model.folder_counts())
        self._problems_total = len(snap.problems)
        self._meta_problems = len(snap.meta_problems)
        self.problems_page.set_problems(snap.problems, snap.meta_problems)
        self._update_counts()
        self.loader.forget_missing()
        self._update_page()
        self._update_offline_banner()
        if first:
            if self.auto_rescan and snap.folders and not self.service.indexing:
                self.service.start_indexing()
            pending, self._pending = self._pending, []
            for fn in pending:
                fn()
            self.settled.emit()

    def when_ready(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once the library is open and read (now, if it is)."""
        if self._snapshot_seen:
            fn()
        else:
            self._pending.append(fn)

    @property
    def is_ready(self) -> bool:
        return self._snapshot_seen

    # -- requests from outside (command line, second launch, drops) ------------------------------

    def handle_request(self, similar: list[str], paths: list[str]) -> None:
        """``similar``: images to find photos like; ``paths``: folders to add, or images."""
        log.info("request: similar=%s paths=%s", similar, paths)
        folders = [p for p in paths if os.path.isdir(p)]
        images = list(similar) + [p for p in paths if not os.path.isdir(p)]
        others = [p for p in images if not os.path.exists(p)]
        images = [p for p in images if os.path.exists(p)]

        def go() -> None:
            if folders:
                self.add_folders(folders)
            for img in images:
                self.find_similar(Query.for_path(img))
            if others:
                self.show_error(self.tr("Cannot open"), self.tr("Not found:\n") + "\n".join(others))

        self.when_ready(go)

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        md = event.mimeData()
        if (md.hasUrls() and any(u.isLocalFile() for u in md.urls())) or md.hasImage():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        md = event.mimeData()
        paths = [u.toLocalFile() for u in md.urls() if u.isLocalFile()] if md.hasUrls() else []
        if paths:
            event.acceptProposedAction()
            folders = [p for p in paths if os.path.isdir(p)]
            images = [p for p in paths if os.path.isfile(p) and is_image_path(p)]
            skipped = [p for p in paths if p not in folders and p not in images]
            if skipped and not folders and not images:
                self.statusBar().showMessage(self.tr("Drop a folder to add it, or a photo to find photos like it."), 6000)
                return
            self.handle_request(images, folders)
            return
        if md.hasImage():
            img = md.imageData()
            if isinstance(img, QImage) and not img.isNull():
                event.acceptProposedAction()
                self.when_ready(lambda: self.find_similar(Query.for_image(img, self.tr("Dropped image"))))

    # -- pages ------------------------------------------------------------------------------------------

    def _on_sidebar(self, kind: str, ident) -> None:
        if kind in (ALL, FOLDER):
            self.show_library(kind, ident)
        elif kind == PROBLEMS:
            self.stack.setCurrentWidget(self.problems_page)
        elif kind in self._views:
            w = self.view(kind)
            if w is not None:
                self.stack.setCurrentWidget(w)
                if kind in self._stale_views:
                    self._refresh_view(kind)
        self._update_actions()

    def show_grid(self) -> None:
        """The library grid again, for what the sidebar has chosen (all photos or a folder)."""
        kind, ident = self.sidebar.current
        if kind not in (ALL, FOLDER):
            kind, ident = ALL, None
        self.show_library(kind, ident)

    def show_library(self, kind: str = ALL, ident=None) -> None:
        if self.sidebar.current != (kind, ident):
            self.sidebar.select(kind, ident)  # comes back here through _on_sidebar
            return
        lp = self.library_page
        self.clear_search()
        lp.show_subset(None)
        lp.model.set_folder(ident if kind == FOLDER else None)
        f = self.sidebar.folder(ident) if kind == FOLDER else None
        lp.set_title(folder_label(f.path) if f else translate("LibraryPage", "All photos"))
        self._update_offline_banner()
        came_from = self.history.current
        self.history.go_home()
        if self.stack.currentWidget() not in (self.opening_page, self.welcome_page):
            self.stack.setCurrentWidget(self.library_page)
            self.setWindowTitle("photorec")
        self._update_page()
        if came_from is not None and came_from.kind == "path":
            row = lp.model.row_of_path(came_from.path)
            if row >= 0:
                lp.view.select_row(row)
        self._update_history_actions()

    def _update_offline_banner(self) -> None:
        kind, ident = self.sidebar.current
        f = self.sidebar.folder(ident) if kind == FOLDER else None
        self.library_page.set_offline(None if f is None or f.online else (f.offline_reason or self.tr("not reachable")))

    def _update_page(self) -> None:
        """Welcome when the library is empty; otherwise keep the page the user is on."""
        if not self._snapshot_seen:
            return
        has_folders = bool(self.sidebar.folders())
        self.sidebar.setVisible(has_folders)
        cur = self.stack.currentWidget()
        if not has_folders and self.library_page.model.total == 0:
            if cur in (self.opening_page, self.library_page, self.problems_page):
                self.stack.setCurrentWidget(self.welcome_page)
            return
        if cur in (self.opening_page, self.welcome_page):
            self.stack.setCurrentWidget(self.library_page)
            self.library_page.view.setFocus()

    def _on_page(self, _index: int) -> None:
        page = self.stack.currentWidget()
        self.zoom_box.setVisible(page in (self.library_page, self.similar_page))
        if page is not self.viewer_page and self.viewer_page is not None:
            self._viewer_return = None
        self._update_summary()

    def _on_job_failed(self, title: str, text: str) -> None:
        if not self._closing:
            self.statusBar().showMessage(self.tr("%1: %2").replace("%1", title).replace("%2", text), 10000)

    def focus_filter(self) -> None:
        self.clear_search()  # the name filter is for the grid, not for ranked results
        if self.stack.currentWidget() is not self.library_page:
            kind, ident = self.sidebar.current
            self.show_library(kind if kind in (ALL, FOLDER) else ALL, ident if kind == FOLDER else None)
        self.library_page.filter.setFocus()
        self.library_page.filter.selectAll()

    def _type_to_filter(self, text: str) -> None:
        """Typing in the grid goes to the name filter."""
        if not text.isprintable() or not text.strip():
            return
        f = self.library_page.filter
        f.setFocus()
        f.setText(f.text() + text)

    def set_sort(self, key: str) -> None:
        self.library_page.model.set_sort(key)
        self.service.sort_hint = self.library_page.model.sort
        combo = self.library_page.sort
        i = combo.findData(key)
        if i >= 0 and combo.currentIndex() != i:
            combo.setCurrentIndex(i)
        if key in self.sort_actions:
            self.sort_actions[key].setChecked(True)

    def _on_zoom(self, value: int) -> None:
        for view in self.grids():
            view.set_thumb_size(value)

    def _set_show_names(self, show: bool) -> None:
        for view in self.grids():
            view.set_show_names(show)

    # -- feedback ----------------------------------------------------------------------------------------

    def show_error(self, title: str, text: str) -> None:
        log.warning("%s: %s", title, text)
        if self._closing:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "photorec", title, parent=self)
        box.setInformativeText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not modal to the event loop: indexing and the grid go on

    def about(self) -> None:
        from photorec import __version__

        lib = self.service.lib
        extra = ""
        if lib is not None:
            extra = (self.tr("<p>Library: <code>%1</code><br>Model: %2</p>")
                     .replace("%1", str(lib.paths.data_dir)).replace("%2", lib.model.name))
        QMessageBox.about(self, self.tr("About photorec"),
                          self.tr("<h3>photorec %1</h3><p>Find similar photos in your own photo "
                                  "library: offline, private, fast.</p>").replace("%1", __version__) + extra)

    def _update_counts(self) -> None:
        self.sidebar.set_counts(self.library_page.model.total, self._problems_total + self._meta_problems)
        self.act_problems.setEnabled(self._problems_total + self._meta_problems > 0)
        self._update_summary()

    def _update_summary(self, *args) -> None:
        total = self.library_page.model.total
        self.sidebar.set_counts(total, self._problems_total + self._meta_problems)
        self.sidebar.set_folder_counts(self.library_page.model.folder_counts())
        nf = len(self.sidebar.folders())
        if not self._snapshot_seen or self.stack.currentWidget() in (self.opening_page, self.welcome_page):
            self.summary.setText("")
            return
        photos = plural(total, self.tr("%1 photo"), self.tr("%1 photos")).replace("%1", QLocale().toString(total))
        folders = plural(nf, self.tr("%1 folder"), self.tr("%1 folders")).replace("%1", str(nf))
        text = self.tr("%1 in %2").replace("%1", photos).replace("%2", folders)
        offline = sum(1 for f in self.sidebar.folders() if not f.online)
        if offline:
            text += plural(offline, self.tr(" · %1 offline", "one"), self.tr(" · %1 offline", "other")).replace("%1", str(offline))
        self.summary.setText(text)

    def _update_actions(self) -> None:
        idx = self.service.indexing
        self.act_pause.setEnabled(idx)
        self.act_cancel.setEnabled(idx)
        has = bool(self.sidebar.folders())
        self.act_rescan.setEnabled(has and self._snapshot_seen)
        self.act_forget_offline.setEnabled(any(not f.online for f in self.sidebar.folders()))
        self.act_retry.setEnabled(self._problems_total > 0)
        self._update_history_actions()

    # -- closing -------------------------------------------------------------------------------------------

    def shutdown(self) -> bool:
        """Stop the workers and close the library; safe to call twice."""
        if self._closing:
            return True
        self._closing = True
        self.save_settings()
        self.loader.shutdown()
        self._close_viewer_workers()
        if self.search_box is not None:
            self.search_box.close_workers()
        return self.service.shutdown()  # cancels and waits for every job, then closes the library

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.service.indexing:
            self.statusBar().showMessage(self.tr("Stopping…"))

        self.hide()
        self.shutdown()
        event.accept()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1280, 800)

