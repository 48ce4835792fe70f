"""The main window: composes the sidebar, the pages (welcome, library grid, similar photos,
problems), the status bar and the menus, and routes between them and the LibraryService.

Other views of the library (duplicates, themes, tags...) plug in with :meth:`MainWindow.add_view`:
a sidebar entry plus a page; they can use ``window.service``, ``window.loader`` and
``window.find_similar(Query)``.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent,
                           QGuiApplication, QIcon, QImage, QKeySequence)
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMainWindow, QMenu, QMessageBox,
                               QSizePolicy, QSlider, QSplitter, QStackedWidget, QWidget)

from photorec.core import formats
from photorec.gui import desktop, icons
from photorec.gui.grid import DEFAULT_THUMB, MAX_THUMB, MIN_THUMB
from photorec.gui.history import History, Query
from photorec.gui.library_view import LibraryPage
from photorec.gui.models import SORTS
from photorec.gui.problems import ProblemsPage
from photorec.gui.progress import IndexProgress
from photorec.gui.service import LibraryService, SimilarResult, Snapshot
from photorec.gui.sidebar import ALL, FOLDER, PROBLEMS, Sidebar, folder_label
from photorec.gui.similar import DEFAULT_COUNT, DEFAULT_MIN, SimilarPanel
from photorec.gui.thumbs import ThumbnailLoader
from photorec.gui.welcome import OpeningPage, WelcomePage

if TYPE_CHECKING:
    from photorec.core.catalog import Folder, Photo
    from photorec.core.library import Progress, ScanReport

log = logging.getLogger(__name__)

def image_filter() -> str:
    """The file dialog's filter: the formats this installation reads (photorec.core.formats)."""
    images = QCoreApplication.translate("MainWindow", "Images")
    everything = QCoreApplication.translate("MainWindow", "All files")
    return f"{images} ({formats.dialog_patterns()});;{everything} (*)"


def is_image_path(path: str) -> bool:
    return formats.is_known_image_name(path)


class MainWindow(QMainWindow):
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
        self.loader = ThumbnailLoader(threads=2, parent=self)
        self.history: History[Query | None] = History(None)
        self._snapshot_seen = False
        self._pending: list[Callable[[], None]] = []  # requests waiting for the library
        self._similar_token = 0
        self._problems_total = 0
        self._closing = False
        self.confirm: Callable[[str, str, str], bool] = self._confirm

        # pages
        self.sidebar = Sidebar(self)
        self.opening_page = OpeningPage(self)
        self.welcome_page = WelcomePage(self)
        self.library_page = LibraryPage(self.loader, self)
        self.similar_page = SimilarPanel(self.loader, self)
        self.problems_page = ProblemsPage(self)
        self.stack = QStackedWidget(self)
        for w in (self.opening_page, self.welcome_page, self.library_page, self.similar_page,
                  self.problems_page):
            self.stack.addWidget(w)
        self._views: dict[str, QWidget] = {}
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
        self.zoom.setToolTip("Thumbnail size (Ctrl+plus, Ctrl+minus)")
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
        self.library_page.model.submit = lambda fn, done: self.service.tasks.submit(fn, done)
        self._add_organize_views()
        self._build_actions()
        self._connect()
        self._restore_view_settings()
        self.stack.setCurrentWidget(self.opening_page)
        self._on_page(0)
        self._update_actions()

    # -- construction -----------------------------------------------------------------------------

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
        m = mb.addMenu("&File")
        self.act_add = self._action("&Add Folder…", self.add_folder_dialog, "Ctrl+Shift+O",
                                    "Add a folder of photos to the library", m)
        self.act_query = self._action("&Find Similar to Image…", self.query_dialog, QKeySequence.StandardKey.Open,
                                      "Pick an image (in the library or not) and see the photos like it", m)
        self.act_paste = self._action("Find Similar to &Pasted Image", self.paste, None,
                                      "Find photos like the image on the clipboard", m)
        self.act_paste.setShortcut(QKeySequence.StandardKey.Paste)
        self.act_paste.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        m.addSeparator()
        self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, menu=m)

        m = mb.addMenu("&View")
        self.act_back = self._action("&Back", self.back, ["Alt+Left", "Backspace"], menu=m)
        self.act_forward = self._action("&Forward", self.forward, "Alt+Right", menu=m)
        self.act_home = self._action("&Library", self.show_grid, "Escape",
                                     "Back to the photos of the folder chosen in the sidebar", m)
        self.act_filter = self._action("Filter by &Name", self.focus_filter, QKeySequence.StandardKey.Find, menu=m)
        m.addSeparator()
        sort_menu = m.addMenu("&Sort By")
        self.sort_group = QActionGroup(self)
        self.sort_actions: dict[str, QAction] = {}
        for key, label in SORTS.items():
            a = QAction(label, self, checkable=True)
            a.triggered.connect(lambda _c=False, k=key: self.set_sort(k))
            self.sort_group.addAction(a)
            sort_menu.addAction(a)
            self.sort_actions[key] = a
        self._action("Zoom &In", lambda: self.zoom.setValue(self.zoom.value() + 32), QKeySequence.StandardKey.ZoomIn, menu=m)
        self._action("Zoom &Out", lambda: self.zoom.setValue(self.zoom.value() - 32), QKeySequence.StandardKey.ZoomOut, menu=m)
        self.act_names = QAction("Show File &Names", self, checkable=True, checked=True)
        self.act_names.toggled.connect(self._set_show_names)
        m.addAction(self.act_names)
        m.addSeparator()
        self.act_problems = self._action("&Problems", lambda: self.sidebar.select(PROBLEMS), menu=m)

        m = mb.addMenu("&Library")
        self.act_rescan = self._action("&Rescan Folders", self.rescan, QKeySequence.StandardKey.Refresh,
                                       "Look for new, changed and removed photos", m)
        self.act_retry = self._action("Retry &Problem Files", lambda: self.service.start_indexing(retry_failed=True),
                                      menu=m)
        self.act_pause = self._action("&Pause Indexing", self._toggle_pause, menu=m)
        self.act_cancel = self._action("&Stop Indexing", self.cancel_indexing, menu=m)
        m.addSeparator()
        self.act_forget_offline = self._action("&Forget Offline Photos…", self.forget_offline, menu=m)

        m = mb.addMenu("&Help")
        self._action("&About photorec", self.about, menu=m)

        # Photo actions, for the grids (context menu and keys).
        self.act_trash = QAction("Move to Trash…", self)
        self.act_trash.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete)])
        self.act_trash.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_trash.triggered.connect(lambda: self.trash_photos(self._focused_photos()))
        self.act_copy = QAction("Copy Path", self)
        self.act_copy.setShortcut(QKeySequence.StandardKey.Copy)
        self.act_copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_copy.triggered.connect(lambda: self.copy_paths(self._focused_photos()))
        for view in (self.library_page.view, self.similar_page.view):
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
        lp.view.context_requested.connect(self.photo_menu)
        lp.locate_requested.connect(self._locate_current)
        lp.sort.currentIndexChanged.connect(lambda _i: self.set_sort(lp.sort.currentData()))
        lp.view.typed.connect(self._type_to_filter)
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(120)
        self._summary_timer.timeout.connect(self._update_summary)
        for sig in (lp.model.rowsInserted, lp.model.rowsRemoved, lp.model.modelReset):
            sig.connect(lambda *a: self._summary_timer.start())
        sp = self.similar_page
        sp.view.photo_activated.connect(lambda p: self.find_similar(Query.for_path(p.path)))
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

    # -- settings -----------------------------------------------------------------------------------

    def _setting(self, key: str, default, kind=None):
        if self.settings is None:
            return default
        v = self.settings.value(key, default)
        if kind is not None and v is not None:
            try:
                if kind is bool and isinstance(v, str):
                    return v.lower() in ("1", "true", "yes")
                return kind(v)
            except (TypeError, ValueError):
                return default
        return v

    def _restore_view_settings(self) -> None:
        sort = self._setting("view/sort", "date", str)
        self.set_sort(sort if sort in SORTS else "date")
        self.zoom.setValue(self._setting("view/zoom", DEFAULT_THUMB, int))
        self._on_zoom(self.zoom.value())
        self.act_names.setChecked(self._setting("view/names", True, bool))
        self.similar_page.set_params(self._setting("similar/count", DEFAULT_COUNT, int),
                                     self._setting("similar/min", DEFAULT_MIN / 100, float))

    def restore_geometry(self) -> None:
        if self.settings is None:
            return
        geo = self.settings.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        split = self.settings.value("window/splitter")
        if isinstance(split, QByteArray) and not split.isEmpty():
            self.splitter.restoreState(split)

    def save_settings(self) -> None:
        s = self.settings
        if s is None:
            return
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("view/sort", self.library_page.model.sort)
        s.setValue("view/zoom", self.zoom.value())
        s.setValue("view/names", self.act_names.isChecked())
        s.setValue("similar/count", self.similar_page.k)
        s.setValue("similar/min", self.similar_page.min_score)
        s.sync()

    # -- starting --------------------------------------------------------------------------------

    def start(self) -> None:
        """Open the library in the background (call once the window is on screen)."""
        self.service.open()

    def _on_opened(self) -> None:
        lib = self.service.lib
        self.loader.attach(lib.paths.thumb_path, lambda p: lib.thumbnail_path(p))

    def _on_open_failed(self, text: str) -> None:
        self.opening_page.set_error(text)
        self.stack.setCurrentWidget(self.opening_page)
        self.show_error("The library could not be opened", text)

    def _on_snapshot(self, snap: Snapshot) -> None:
        first = not self._snapshot_seen
        self._snapshot_seen = True
        self.library_page.model.set_photos(snap.photos, snap.prepared)
        self.sidebar.set_folders(snap.folders)
        self.sidebar.set_folder_counts(self.library_page.model.folder_counts())
        self._problems_total = len(snap.problems)
        self.problems_page.set_problems(snap.problems)
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
                self.show_error("Cannot open", "Not found:\n" + "\n".join(others))

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
                self.statusBar().showMessage("Drop a folder to add it, or a photo to find photos like it.", 6000)
                return
            self.handle_request(images, folders)
            return
        if md.hasImage():
            img = md.imageData()
            if isinstance(img, QImage) and not img.isNull():
                event.acceptProposedAction()
                self.when_ready(lambda: self.find_similar(Query.for_image(img, "Dropped image")))

    # -- folders --------------------------------------------------------------------------------------

    def _last_dir(self) -> str:
        d = self._setting("dialogs/last_dir", "", str)
        return d if d and os.path.isdir(d) else os.path.expanduser("~")

    def _remember_dir(self, path: str) -> None:
        if self.settings is not None:
            self.settings.setValue("dialogs/last_dir", path)

    def add_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Add a folder of photos", self._last_dir())
        if path:
            self._remember_dir(os.path.dirname(path))
            self.add_folders([path])

    def add_folders(self, paths: list[str]) -> None:
        self.when_ready(lambda: self.service.add_folders([os.path.abspath(p) for p in paths]))

    def remove_folder(self, folder: "Folder") -> None:
        n = folder.photos + folder.failed
        name = folder_label(folder.path)
        if not self.confirm(
                f"Remove “{name}” from the library?",
                f"photorec forgets its {n:,} photo{'s' if n != 1 else ''}. The files in {folder.path} "
                "are not touched.", "Remove"):
            return
        if self.sidebar.current == (FOLDER, folder.id):
            self.sidebar.select(ALL)
        self.service.remove_folder(folder.id, lambda k: self.statusBar().showMessage(
            f"Removed {name} from the library ({k:,} photos forgotten).", 8000))

    def forget_offline(self) -> None:
        offline = [f for f in self.sidebar.folders() if not f.online]
        if not offline:
            self.statusBar().showMessage("No folder is offline.", 5000)
            return
        n = sum(f.photos + f.failed for f in offline)
        names = ", ".join(folder_label(f.path) for f in offline)
        if not self.confirm(
                f"Forget the photos of {len(offline)} offline folder{'s' if len(offline) != 1 else ''}?",
                f"photorec forgets {n:,} photo{'s' if n != 1 else ''} in {names} and stops "
                "looking for the folder. The files themselves are not touched.", "Forget"):
            return
        self.service.purge_offline(lambda k: self.statusBar().showMessage(
            f"Forgot {k:,} offline photos.", 8000))

    def locate_folder(self, folder: "Folder") -> None:
        path = QFileDialog.getExistingDirectory(
            self, f"Where is “{folder_label(folder.path)}” now?", self._last_dir())
        if path:
            self.service.relocate_folder(folder.id, path)

    def _locate_current(self) -> None:
        kind, ident = self.sidebar.current
        f = self.sidebar.folder(ident) if kind == FOLDER else None
        if f is not None:
            self.locate_folder(f)

    def rescan(self) -> None:
        self.service.start_indexing()

    # -- indexing --------------------------------------------------------------------------------------

    def _on_index_started(self) -> None:
        self.progress.start()
        self._update_actions()
        self.library_page._update_count()
        if self.library_page.model.rowCount() == 0:
            self.library_page.view.empty_text = "Looking for photos… they appear here as they are indexed."

    def _on_index_progress(self, p: "Progress") -> None:
        self.progress.update_progress(p)
        self.act_pause.setText("&Resume Indexing" if p.paused else "&Pause Indexing")

    def _on_index_finished(self, report: "ScanReport | None") -> None:
        self.progress.finish()
        self._update_actions()
        self.library_page._update_count()
        if report is None:
            return
        if report.cancelled:
            text = "Indexing stopped. What was done is kept; rescan to go on."
        else:
            changes = []
            if report.new:
                changes.append(f"{report.new:,} new")
            if report.updated:
                changes.append(f"{report.updated:,} updated")
            if report.moved:
                changes.append(f"{report.moved:,} moved")
            if report.removed:
                changes.append(f"{report.removed:,} removed")
            text = "Library up to date" + (f": {', '.join(changes)}" if changes else "")
            if report.failed:
                text += f" · {report.failed:,} could not be read (see Problems)"
            if report.offline:
                text += f" · {len(report.offline)} folder{'s' if len(report.offline) != 1 else ''} offline"
        self.statusBar().showMessage(text, 10000)

    def _set_paused(self, paused: bool) -> None:
        self.service.set_paused(paused)
        self.act_pause.setText("&Resume Indexing" if paused else "&Pause Indexing")

    def _toggle_pause(self) -> None:
        if self.service.indexing:
            self.progress.pause_button.toggle()

    def cancel_indexing(self) -> None:
        if self.service.indexing:
            self.progress.cancelling()
            self.service.cancel_indexing()

    def _on_photos_added(self, photos: list["Photo"]) -> None:
        self.library_page.model.add_photos(photos)

    def _on_problems_added(self, photos: list["Photo"]) -> None:
        self.library_page.model.remove_ids([p.id for p in photos])
        self._problems_total += len(photos)
        self._update_counts()

    def _on_folders(self, folders: list["Folder"]) -> None:
        self.sidebar.set_folders(folders)
        self.sidebar.set_folder_counts(self.library_page.model.folder_counts())
        self._update_page()
        self._update_offline_banner()

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
        lp.show_subset(None)
        lp.model.set_folder(ident if kind == FOLDER else None)
        f = self.sidebar.folder(ident) if kind == FOLDER else None
        lp.set_title(folder_label(f.path) if f else "All photos")
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
        self.library_page.set_offline(None if f is None or f.online else (f.offline_reason or "not reachable"))

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
        self._update_summary()

    def add_view(self, key: str, label: str, widget, icon: QIcon | None = None) -> None:
        """Plug in another view of the library: a sidebar entry and a page. ``widget`` is a
        QWidget, or a callable making one when the entry is first chosen."""
        self._views[key] = widget
        if isinstance(widget, QWidget):
            self.stack.addWidget(widget)
        self.sidebar.add_view(key, label, icon)

    def view(self, key: str) -> QWidget | None:
        """The page of a view added with :meth:`add_view` (made now if it was not yet)."""
        w = self._views.get(key)
        if w is None or isinstance(w, QWidget):
            return w
        try:
            made = w()
        except Exception as exc:  # noqa: BLE001 - a broken view must not take the window down
            log.exception("cannot open the %s view", key)
            self.show_error(f"Cannot open {key}", str(exc) or exc.__class__.__name__)
            return None
        self._views[key] = made
        self.stack.addWidget(made)
        return made

    def _add_organize_views(self) -> None:
        """Duplicates, themes and tags (photorec.gui.*_view), made when first shown."""
        import importlib.util

        for key, module, cls, label in (("duplicates", "duplicates_view", "DuplicatesView", "Duplicates"),
                                        ("themes", "themes_view", "ThemesView", "Themes"),
                                        ("tags", "tags_view", "TagsView", "Tags")):
            try:
                found = importlib.util.find_spec(f"photorec.gui.{module}") is not None
            except (ImportError, ValueError):
                found = False
            if found:
                self.add_view(key, label, lambda m=module, c=cls: self._make_organize_view(m, c),
                              icons.icon(key, self, themed=False))

    def _make_organize_view(self, module: str, cls: str) -> QWidget:
        import importlib

        mod = importlib.import_module(f"photorec.gui.{module}")
        w = getattr(mod, cls)(lambda: self.service.lib, self)
        if hasattr(w, "similar_requested"):
            w.similar_requested.connect(lambda path: self.find_similar(Query.for_path(path)))
        if hasattr(w, "show_photos"):
            w.show_photos.connect(self.show_collection)
        if hasattr(w, "photos_trashed"):
            w.photos_trashed.connect(self._on_view_trashed)
        if hasattr(w, "set_selection"):  # tags and "more like these" act on the grid's selection
            for grid in (self.library_page.view, self.similar_page.view):
                grid.selectionModel().selectionChanged.connect(
                    lambda *_a, g=grid, v=w: v.set_selection([p.path for p in g.selected_photos()]))
            w.set_selection([p.path for p in self.library_page.view.selected_photos()])
        return w

    def show_collection(self, paths: list[str], title: str) -> None:
        """The grid limited to some photos (a theme, a tag...), until "All photos"."""
        self.show_library(ALL)
        self.library_page.show_subset(paths, title)

    def _on_view_trashed(self, paths: list[str]) -> None:
        self._on_photos_removed(paths)
        self.service.refresh()

    def focus_filter(self) -> None:
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
        self.library_page.view.set_thumb_size(value)
        self.similar_page.view.set_thumb_size(value)

    def _set_show_names(self, show: bool) -> None:
        self.library_page.view.set_show_names(show)
        self.similar_page.view.set_show_names(show)

    # -- similar -----------------------------------------------------------------------------------------

    def find_similar(self, query: Query) -> None:
        """Show the photos most like ``query``, as a new step in the history."""
        if not self._snapshot_seen:
            self.when_ready(lambda: self.find_similar(query))
            return
        if not query.same_as(self.history.current):
            self.history.push(query)
        self._show_query(query)

    def _show_query(self, query: Query) -> None:
        photo = self.library_page.model.by_path(query.path) if query.kind == "path" else None
        self.similar_page.show_pending(query, photo)
        self.stack.setCurrentWidget(self.similar_page)
        self.similar_page.view.setFocus()
        self.setWindowTitle(f"{query.label} – photorec")
        self._update_history_actions()
        self._update_actions()
        self._similar_token = self.service.find_similar(query, self.similar_page.k, self.similar_page.min_score)

    def _on_similar(self, res: SimilarResult) -> None:
        if res.token != self._similar_token:
            return  # a later question is on its way
        self.similar_page.show_result(res, indexing=self.service.indexing)

    def _on_params(self, k: int, min_score: float) -> None:
        q = self.history.current
        if q is not None and self.stack.currentWidget() is self.similar_page:
            self._show_query(q)

    def back(self) -> None:
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
            if prev is not None and prev.kind == "path":
                row = self.library_page.model.row_of_path(prev.path)
                if row >= 0:
                    self.library_page.view.select_row(row)
            self.library_page.view.setFocus()
            self._update_history_actions()
            self._update_actions()
        else:
            self._show_query(q)

    def _update_history_actions(self) -> None:
        self.act_back.setEnabled(self.history.can_back())
        self.act_forward.setEnabled(self.history.can_forward())
        self.similar_page.set_history(True, self.history.can_forward())

    def query_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Find photos like this image", self._last_dir(), image_filter())
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
            self.statusBar().showMessage("The clipboard holds no image.", 5000)

    # -- photo actions ------------------------------------------------------------------------------------

    def _focused_photos(self) -> list["Photo"]:
        w = self.focusWidget()
        for view in (self.library_page.view, self.similar_page.view):
            if w is view or (w is not None and view.isAncestorOf(w)):
                return view.selected_photos() or [p for p in [view.current_photo()] if p]
        return []

    def photo_menu(self, photos: list["Photo"], pos) -> None:
        if photos:
            self.build_photo_menu(photos).exec(pos)

    def build_photo_menu(self, photos: list["Photo"]) -> QMenu:
        one = photos[0] if len(photos) == 1 else None
        menu = QMenu(self)
        a = menu.addAction("Find Similar", lambda: self.find_similar(Query.for_path(photos[0].path)))
        a.setEnabled(one is not None)
        menu.addSeparator()
        online = [p for p in photos if p.online]
        a = menu.addAction("Open in Default Viewer", lambda: [desktop.open_file(p.path) for p in online[:10]])
        a.setEnabled(bool(online))
        a = menu.addAction("Reveal in File Manager", lambda: desktop.reveal(online[0].path))
        a.setEnabled(bool(online))
        menu.addAction("Copy Path" if one else f"Copy {len(photos)} Paths", lambda: self.copy_paths(photos))
        if "tags" in self._views:
            menu.addSeparator()
            menu.addAction("Tag…" if one else f"Tag {len(photos)} Photos…", lambda: self.tag_photos(photos))
            a = menu.addAction("More Like These", lambda: self.more_like_these(photos))
            a.setEnabled(one is None)
        menu.addSeparator()
        a = menu.addAction("Move to Trash…" if one else f"Move {len(photos)} Photos to Trash…",
                           lambda: self.trash_photos(photos))
        a.setEnabled(bool(online))
        return menu

    def _tags_view(self, photos: list["Photo"]):
        """The Tags page, acting on ``photos``."""
        tags = self.view("tags")
        if tags is not None:
            tags.set_selection([p.path for p in photos])
        return tags

    def tag_photos(self, photos: list["Photo"]) -> None:
        """Open the Tags page on these photos, the cursor in the new-tag field."""
        tags = self._tags_view(photos)
        if tags is not None:
            self.sidebar.select("tags")
            tags.tag_edit.setFocus()

    def more_like_these(self, photos: list["Photo"]) -> None:
        """The photos most like a selection (the mean of their vectors), in the grid."""
        tags = self._tags_view(photos)
        if tags is not None:
            tags.more_like([p.path for p in photos], [])

    def copy_paths(self, photos: list["Photo"]) -> None:
        if photos:
            desktop.copy_paths([p.path for p in photos])
            self.statusBar().showMessage(
                "Path copied." if len(photos) == 1 else f"{len(photos)} paths copied.", 3000)

    def trash_photos(self, photos: list["Photo"]) -> None:
        photos = [p for p in photos if p.online]
        if not photos:
            return
        if len(photos) == 1:
            title = f"Move “{photos[0].name}” to the trash?"
        else:
            title = f"Move {len(photos):,} photos to the trash?"
        if not self.confirm(title, "They go to the system trash, where you can restore them, and "
                            "leave the library.", "Move to Trash"):
            return
        self.service.move_to_trash([p.path for p in photos], lambda moved, failed: self.statusBar().showMessage(
            f"Moved {len(moved)} photo{'s' if len(moved) != 1 else ''} to the trash." if moved else "", 6000))

    def _on_photos_removed(self, paths: list[str]) -> None:
        gone = set(paths)
        self.library_page.model.remove_paths(gone)
        self.similar_page.model.remove_paths(gone)
        cur = self.history.current
        self.history.remove_if(lambda q: q is not None and q.kind == "path" and q.path in gone)
        if cur is not None and cur.kind == "path" and cur.path in gone:
            self._go(self.history.current)
        self._update_history_actions()

    # -- feedback ----------------------------------------------------------------------------------------

    def _confirm(self, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "photorec", title, parent=self)
        box.setInformativeText(text)
        ok = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is ok

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
            extra = (f"<p>Library: <code>{lib.paths.data_dir}</code><br>"
                     f"Model: {lib.model.name}</p>")
        QMessageBox.about(self, "About photorec",
                          f"<h3>photorec {__version__}</h3><p>Find similar photos in your own photo "
                          f"library: offline, private, fast.</p>{extra}")

    def _update_counts(self) -> None:
        self.sidebar.set_counts(self.library_page.model.total, self._problems_total)
        self.act_problems.setEnabled(self._problems_total > 0)
        self._update_summary()

    def _update_summary(self, *args) -> None:
        total = self.library_page.model.total
        nf = len(self.sidebar.folders())
        if not self._snapshot_seen or self.stack.currentWidget() in (self.opening_page, self.welcome_page):
            self.summary.setText("")
            return
        text = f"{total:,} photo{'s' if total != 1 else ''} in {nf} folder{'s' if nf != 1 else ''}"
        offline = sum(1 for f in self.sidebar.folders() if not f.online)
        if offline:
            text += f" · {offline} offline"
        self.summary.setText(text)
        self.sidebar.set_counts(total, self._problems_total)
        self.sidebar.set_folder_counts(self.library_page.model.folder_counts())

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
        return self.service.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.service.indexing:
            self.statusBar().showMessage("Stopping…")
        self.hide()
        self.shutdown()
        event.accept()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1280, 800)

