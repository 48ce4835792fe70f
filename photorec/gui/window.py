"""The main window: composes the sidebar, the pages and their controllers, the status bar and
the menus, and routes between them and the LibraryService. Each page is its own object with its
own state and talks through signals: library (LibraryPage, its SearchController), similar
(SimilarPanel, its Navigator and history), viewer (ViewerController), problems (ProblemsPage),
duplicates/themes/tags (OrganizeViews), folders and indexing (FolderController), the grids'
photo menu (PhotoActions). The window holds only the chrome and the routes between them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from PySide6.QtCore import QSettings, QSize, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QStackedWidget

from photorec.gui import desktop, icons
from photorec.gui.actions import WindowActions
from photorec.gui.chrome import about_box, error_box, side_by_side, summary_text, zoom_control
from photorec.gui.folder_actions import FolderController
from photorec.gui.grid import PhotoGridView
from photorec.gui.history import Query
from photorec.gui.library_view import LibraryPage
from photorec.gui.navigation import Navigator, image_filter, is_image_path, read_drop  # noqa: F401
from photorec.gui.photo_actions import PhotoActions, ask
from photorec.gui.problems import ProblemsPage
from photorec.gui.progress import IndexProgress
from photorec.gui.searching import SearchController
from photorec.gui.service import LibraryService, Snapshot
from photorec.gui.settings import WindowSettings
from photorec.gui.sidebar import ALL, FOLDER, PROBLEMS, Sidebar, folder_label
from photorec.gui.similar import SimilarPanel
from photorec.gui.similar_people import PeopleSwitch
from photorec.gui.tasks import THUMBS, words
from photorec.gui.thumbs import ThumbnailLoader
from photorec.gui.viewing import ViewerController
from photorec.gui.views import OrganizeViews
from photorec.gui.welcome import OpeningPage, WelcomePage
from photorec.i18n import translate

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Makes the pages and their controllers, connects them, keeps the chrome in step."""

    settled = Signal()  # the library is open and its first contents are shown

    def __init__(self, data_dir: str | os.PathLike[str] | None = None, provider: str | None = None,
                 settings: QSettings | None = None, *, auto_rescan: bool = True) -> None:
        super().__init__()
        self.settings = WindowSettings(settings)
        self.auto_rescan = auto_rescan
        self.setWindowTitle("photorec")
        self.setWindowIcon(icons.app_icon())
        self.setAcceptDrops(True)
        self.setMinimumSize(720, 480)

        self.service = LibraryService(data_dir, provider, self)
        self.service.watch_active = lambda: self.isVisible() and not self.isMinimized()
        self.loader = ThumbnailLoader(threads=2, parent=self, pool=self.service.runtime.pool(THUMBS, 2))
        self._snapshot_seen = False
        self._pending: list[Callable[[], None]] = []  # requests waiting for the library
        self._closing = False
        self.confirm: Callable[[str, str, str], bool] = lambda title, text, action: ask(self, title, text, action)

        # pages
        self.sidebar = Sidebar(self)
        self.opening_page = OpeningPage(self)
        self.welcome_page = WelcomePage(self)
        self.library_page = LibraryPage(self.loader, self)
        self.similar_page = SimilarPanel(self.loader, self)
        self.people_switch = PeopleSwitch(  # the similar panel's "Same people" (issue 17)
            self.similar_page, lambda: self.service.lib, self.service.submit,
            lambda: self.similar_page.query and self.nav.show_query(self.similar_page.query))
        self.problems_page = ProblemsPage(self)
        self.stack = QStackedWidget(self)
        for w in (self.opening_page, self.welcome_page, self.library_page, self.similar_page,
                  self.problems_page):
            self.stack.addWidget(w)
        self.splitter = side_by_side(self, self.sidebar, self.stack)
        self.setCentralWidget(self.splitter)
        self.sidebar.hide()

        # status bar
        self.summary = QLabel(self)
        self.summary.setContentsMargins(8, 0, 0, 0)
        self.progress = IndexProgress(self)
        self.zoom_box, self.zoom = zoom_control(self)
        zoom_box = self.zoom_box
        self.progress.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        sb = self.statusBar()
        sb.setSizeGripEnabled(False)
        sb.addWidget(self.summary, 1)
        sb.addPermanentWidget(self.progress)
        sb.addPermanentWidget(zoom_box)

        # the pages' controllers
        confirm = lambda title, text, action: self.confirm(title, text, action)  # noqa: E731 - tests replace it
        self.nav = Navigator(self.service, self.similar_page, self.stack, self.library_page.model.by_path,
                             self.settings, self.when_ready, self)
        self.viewer = ViewerController(self.service, self.stack, self.library_page, self.grids, self)
        self.search = SearchController(self.service, self.library_page, self.loader, self.stack, self)
        self.folders = FolderController(self.service, self.sidebar, self.library_page, self.problems_page,
                                        self.progress, self.settings, confirm, self.when_ready, self)
        self.views = OrganizeViews(self.service, self.stack, self.sidebar, self.grids, self)
        self.photos = PhotoActions(self.service, self.grids, confirm, lambda: "tags" in self.views.views, self)

        self.stack.currentChanged.connect(self._on_page)
        self.library_page.model.submit = lambda fn, done: self.service.submit(
            fn, done, key="grid-rebuild", title=self.tr("Sorting the photos"))
        self.views.add_organize_views()
        self.menus = WindowActions(self)
        for grid in self.grids():
            for act in self.menus.photo_actions():
                grid.addAction(act)
        self._connect()
        self._restore_view_settings()
        self.stack.setCurrentWidget(self.opening_page)
        self._on_page(0)
        self._update_actions()

    def _connect(self) -> None:
        """The routes between the service, the pages, their controllers and the chrome."""
        status = self.statusBar()
        s = self.service
        s.opened.connect(self._on_opened)
        s.open_failed.connect(self._on_open_failed)
        s.snapshot_ready.connect(self._on_snapshot)
        s.photos_removed.connect(self._on_photos_removed)
        s.message.connect(lambda text: status.showMessage(text, 6000))
        s.error.connect(self.show_error)
        s.job_failed.connect(self._on_job_failed)

        sb = self.sidebar
        sb.selected.connect(self._on_sidebar)
        sb.reveal_requested.connect(desktop.reveal)
        self.welcome_page.add_requested.connect(self.folders.add_folder_dialog)
        self.welcome_page.query_requested.connect(self.nav.query_dialog)

        lp = self.library_page
        lp.sort_changed.connect(self._on_sort)
        lp.counts_changed.connect(self._update_summary)  # one count, shown everywhere at once
        for grid in (lp.view, self.similar_page.view):
            grid.photo_activated.connect(lambda p: self.nav.find_similar(Query.for_path(p.path)))
            grid.photo_opened.connect(lambda p, g=grid: self.viewer.view_in_grid(g, p))
            grid.context_requested.connect(self.photos.photo_menu)
        sp = self.similar_page
        sp.back_requested.connect(self.back)
        sp.add_folder_requested.connect(lambda path: self.folders.add_folders([path]))
        self.problems_page.retry_requested.connect(lambda: self.service.start_indexing(retry_failed=True))
        self.zoom.valueChanged.connect(self._on_zoom)

        nav, v, se, f, vs, ph = self.nav, self.viewer, self.search, self.folders, self.views, self.photos
        for sig in (nav.message, se.message, f.message, ph.message):
            sig.connect(status.showMessage)
        for sig in (v.similar_requested, se.similar_requested, vs.similar_requested, ph.similar_requested):
            sig.connect(nav.find_similar)
        for sig in (nav.title_changed, v.title_changed):
            sig.connect(self.setWindowTitle)
        nav.history_changed.connect(self._update_actions)
        nav.home_requested.connect(self._back_home)
        v.state_changed.connect(self._update_history_actions)
        se.open_requested.connect(v.view_in_grid)
        se.context_requested.connect(ph.photo_menu)
        f.actions_changed.connect(self._update_actions)
        f.counts_changed.connect(self._update_counts)
        f.folders_changed.connect(self._on_folders)
        f.paused.connect(self.menus.set_paused)
        for sig in (vs.show_photos, v.show_photos):  # a theme, a tag, a person...
            sig.connect(self.show_collection)
        nav.result_shown.connect(self.people_switch.on_result)
        vs.photos_trashed.connect(lambda paths: (self._on_photos_removed(paths), self.service.refresh()))
        vs.error.connect(self.show_error)
        ph.view_requested.connect(v.view_photos)
        ph.tag_requested.connect(self.tag_photos)

    # -- what the window remembers -----------------------------------------------------------------

    def _restore_view_settings(self) -> None:
        self.set_sort(self.settings.restore_view(self.zoom, self.menus.act_names, self.similar_page))
        self._on_zoom(self.zoom.value())

    def restore_geometry(self) -> None:
        self.settings.restore_geometry(self, self.splitter)

    def save_settings(self) -> None:
        self.settings.save(self, self.splitter, self.library_page.model.sort, self.zoom,
                           self.menus.act_names, self.similar_page)

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
        self.folders.show_folders(snap.folders)
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
                self.folders.add_folders(folders)
            for img in images:
                self.nav.find_similar(Query.for_path(img))
            if others:
                self.show_error(self.tr("Cannot open"), self.tr("Not found:\n") + "\n".join(others))

        self.when_ready(go)

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        md = event.mimeData()
        if (md.hasUrls() and any(u.isLocalFile() for u in md.urls())) or md.hasImage():
            event.acceptProposedAction()

    dragMoveEvent = dragEnterEvent  # noqa: N815

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        drop = read_drop(event.mimeData())
        if drop is None:
            return
        event.acceptProposedAction()
        if drop.image is not None:
            self.nav.find_similar(Query.for_image(drop.image, self.tr("Dropped image")))
        elif drop.images or drop.folders:
            self.handle_request(drop.images, drop.folders)
        else:
            self.statusBar().showMessage(self.tr("Drop a folder to add it, or a photo to find photos like it."), 6000)

    # -- routes between the pages ------------------------------------------------------------------

    def grids(self) -> list[PhotoGridView]:
        """The window's photo grids (library, similar results, search results)."""
        out = [self.library_page.view, self.similar_page.view]
        search = getattr(self, "search", None)
        if search is not None:
            out.append(search.view)
        return out

    def _on_sidebar(self, kind: str, ident) -> None:
        if kind in (ALL, FOLDER):
            self.show_library(kind, ident)
        elif kind == PROBLEMS:
            self.stack.setCurrentWidget(self.problems_page)
        else:
            self.views.show(kind)
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
        self.search.clear()
        f = self.sidebar.folder(ident) if kind == FOLDER else None
        lp.show_folder(f.id if f else None, folder_label(f.path) if f else translate("LibraryPage", "All photos"))
        self._update_offline_banner()
        came_from = self.nav.history.current
        self.nav.history.go_home()
        if self.stack.currentWidget() not in (self.opening_page, self.welcome_page):
            self.stack.setCurrentWidget(lp)
            self.setWindowTitle("photorec")
        self._update_page()
        if came_from is not None and came_from.kind == "path":
            lp.select_path(came_from.path)
        self._update_history_actions()

    def show_collection(self, paths: list[str], title: str) -> None:
        """The grid limited to some photos (a theme, a tag...), until "All photos"."""
        self.show_library(ALL)
        self.library_page.show_subset(paths, title)

    def _back_home(self, left: Query | None) -> None:
        """Back from the similar page to the grid it came from, the photo asked about selected."""
        self.stack.setCurrentWidget(self.library_page)
        self.setWindowTitle("photorec")
        self.search.return_to(left.path if left is not None and left.kind == "path" else None)

    def back(self) -> None:
        if self.viewer.viewing():  # Backspace, Alt+Left in the viewer: back to the grid
            self.viewer.close()
        else:
            self.nav.back()

    def forward(self) -> None:
        self.nav.forward()

    def escape(self) -> None:
        """Escape anywhere: leave the viewer, else clear a search, else the library grid."""
        if self.viewer.viewing():
            self.viewer.close()
        elif self.search.searching():
            self.search.clear()
        else:
            self.show_grid()

    def focus_search(self) -> None:
        """Ctrl+F: the search box, on the library page."""
        if self.stack.currentWidget() is not self.library_page:
            self.viewer.close()
            if self.stack.currentWidget() is not self.library_page:
                self.show_grid()
        self.search.focus()

    def focus_filter(self) -> None:
        self.search.clear()  # the name filter is for the grid, not for ranked results
        if self.stack.currentWidget() is not self.library_page:
            self.show_grid()
        self.library_page.focus_filter()

    def tag_photos(self, photos: list) -> None:
        """The Tags page on these photos, the cursor in the new-tag field."""
        tags = self.views.view("tags")
        if tags is not None:
            tags.set_selection([p.path for p in photos])
            self.sidebar.select("tags")
            tags.tag_edit.setFocus()

    def _on_photos_removed(self, paths: list[str]) -> None:
        gone = set(paths)
        self.library_page.model.remove_paths(gone)
        self.search.model.remove_paths(gone)
        self.nav.forget_paths(gone)

    def _on_folders(self) -> None:
        self._update_page()
        self._update_offline_banner()
        self._update_summary()
        self._update_actions()

    def _update_offline_banner(self) -> None:
        kind, ident = self.sidebar.current
        f = self.sidebar.folder(ident) if kind == FOLDER else None
        self.library_page.set_offline(None if f is None or f.online
                                      else (words(f.offline_reason) or self.tr("not reachable")))

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
        # The sidebar names the page shown, whoever showed it (a hand-over, a menu, Back).
        if page is self.problems_page:
            self.sidebar.highlight(PROBLEMS)
        elif page in (self.similar_page, self.library_page) and self.sidebar.current[0] not in (ALL, FOLDER):
            self.sidebar.highlight(ALL)
        elif self.views.key_of(page):
            self.sidebar.highlight(self.views.key_of(page))
        self._update_summary()

    def _on_job_failed(self, title: str, text: str) -> None:
        if not self._closing:
            self.statusBar().showMessage(self.tr("%1: %2").replace("%1", title).replace("%2", text), 10000)

    def set_sort(self, key: str) -> None:
        self.library_page.set_sort(key)  # comes back through sort_changed

    def _on_sort(self, key: str) -> None:
        self.service.sort_hint = key
        if key in self.menus.sort_actions:
            self.menus.sort_actions[key].setChecked(True)

    def _on_zoom(self, value: int) -> None:
        for view in self.grids():
            view.set_thumb_size(value)

    def set_show_names(self, show: bool) -> None:
        for view in self.grids():
            view.set_show_names(show)

    # -- feedback ----------------------------------------------------------------------------------------

    def show_error(self, title: str, text: str) -> None:
        log.warning("%s: %s", title, text)
        if self._closing:
            return
        error_box(self, title, text)

    def about(self) -> None:
        about_box(self, self.service.lib)

    def _update_counts(self) -> None:
        self.menus.act_problems.setEnabled(self.problems_page.total() > 0)
        self._update_summary()

    def _update_summary(self, *args) -> None:
        total = self.library_page.model.total
        self.sidebar.set_counts(total, self.problems_page.total())
        self.sidebar.set_folder_counts(self.library_page.model.folder_counts())
        nf = len(self.sidebar.folders())
        if not self._snapshot_seen or self.stack.currentWidget() in (self.opening_page, self.welcome_page):
            self.summary.setText("")
            return
        self.summary.setText(summary_text(total, nf, sum(1 for f in self.sidebar.folders() if not f.online)))

    def _update_actions(self) -> None:
        self.menus.update(self.service.indexing, self.sidebar.folders(), self._snapshot_seen,
                          self.problems_page.unreadable)
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.menus.update_history(self.nav.history, self.viewer.viewing())
        self.similar_page.set_history(True, self.nav.history.can_forward())

    # -- closing -------------------------------------------------------------------------------------------

    def shutdown(self) -> bool:
        """Stop the workers and close the library; safe to call twice."""
        if self._closing:
            return True
        self._closing = True
        self.save_settings()
        self.loader.shutdown()
        self.viewer.close_workers()
        self.search.close_workers()
        return self.service.shutdown()  # cancels and waits for every job, then closes the library

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.service.indexing:
            self.statusBar().showMessage(self.tr("Stopping…"))
        self.hide()
        self.shutdown()
        event.accept()

    def sizeHint(self) -> QSize:
        return QSize(1280, 800)
