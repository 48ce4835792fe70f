"""Folders and indexing as the window shows them: add, remove, locate, forget offline,
rescan; progress, pause, stop, and photos arriving while indexing (:class:`FolderController`,
the sidebar's and the progress bar's controller)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from photorec.core.ingest.online import ONLINE_TTL_S
from photorec.gui.folder_watch import FolderWatcher
from photorec.gui.sidebar import ALL, FOLDER, folder_label
from photorec.i18n import plural, translate

if TYPE_CHECKING:
    from photorec.core.library import Progress, ScanReport
    from photorec.core.store import Folder, Photo
    from photorec.gui.library_view import LibraryPage
    from photorec.gui.problems import ProblemsPage
    from photorec.gui.progress import IndexProgress
    from photorec.gui.service import LibraryService
    from photorec.gui.settings import WindowSettings
    from photorec.gui.sidebar import Sidebar

log = logging.getLogger(__name__)


def face_damage(lib) -> str:
    """The words of the face check when the last index run rebuilt damaged face data (core's
    ``faces_damaged``), in the user's language; "" when there was none."""
    from photorec.cli_words import words

    last = getattr(getattr(lib, "people", None), "last", None)
    reason = getattr(last[0], "damage", None) if isinstance(last, tuple) else None
    return words(reason) if reason is not None else ""


class FolderController(QObject):
    """The library's folders and their indexing: the sidebar's requests, the progress bar."""

    message = Signal(str, int)  # status bar text, milliseconds
    actions_changed = Signal()  # indexing started or ended
    counts_changed = Signal()  # the number of problem files changed
    folders_changed = Signal()  # the sidebar shows new folders (states, names)
    paused = Signal(bool)

    def __init__(self, service: LibraryService, sidebar: Sidebar, library_page: LibraryPage,
                 problems_page: ProblemsPage, progress: IndexProgress, settings: WindowSettings,
                 confirm: Callable[[str, str, str], bool], when_ready: Callable[[Callable[[], None]], None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.service = service
        self.sidebar = sidebar
        self.library_page = library_page
        self.problems_page = problems_page
        self.progress = progress
        self.settings = settings
        self.confirm = confirm
        self.when_ready = when_ready
        s = service
        s.folders_changed.connect(self._on_folders)
        s.photos_added.connect(lambda photos: library_page.model.add_photos(photos))
        s.problems_added.connect(self.on_problems_added)
        s.index_started.connect(self._on_index_started)
        s.index_progress.connect(self._on_index_progress)
        s.index_finished.connect(self._on_index_finished)
        sidebar.add_requested.connect(self.add_folder_dialog)
        sidebar.remove_requested.connect(self.remove_folder)
        sidebar.rescan_requested.connect(self.rescan)
        sidebar.locate_requested.connect(self.locate_folder)
        sidebar.forget_offline_requested.connect(self.forget_offline)
        library_page.locate_requested.connect(self._locate_current)
        progress.pause_toggled.connect(self._set_paused)
        progress.cancel_requested.connect(self.cancel_indexing)
        # Folders are live: unplugged or back, shown within seconds, with no rescan.
        self.watcher = FolderWatcher(self._watch_submit, lambda: service.watch_active(), self)
        self.watcher.changed.connect(self._on_live)
        self._reread = QTimer(self)  # the photos' states follow once the library's cache has
        self._reread.setSingleShot(True)
        self._reread.setInterval(int(ONLINE_TTL_S * 1000) + 100)
        self._reread.timeout.connect(service.refresh)

    def _watch_submit(self, fn, done) -> None:
        job = self.service.runtime.submit(fn, done, lambda exc: self.watcher.failed(),
                                          title=translate("MainWindow", "Watching the folders"))
        if job is None:
            self.watcher.failed()

    def show_folders(self, folders: list[Folder]) -> None:
        """The library's folders, as read: in the sidebar, and watched."""
        self.sidebar.set_folders(folders)
        self.sidebar.set_folder_counts(self.library_page.model.folder_counts())
        self.watcher.set_folders(folders)

    def _on_live(self, folders: list[Folder]) -> None:
        self.sidebar.set_folders(folders)
        self.sidebar.set_folder_counts(self.library_page.model.folder_counts())
        self.folders_changed.emit()
        self._reread.start()

    def _window(self) -> QWidget:
        return self.parent()  # type: ignore[return-value]

    def add_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self._window(), translate("MainWindow", "Add a folder of photos"),
                                                self.settings.last_dir())
        if path:
            self.settings.remember_dir(os.path.dirname(path))
            self.add_folders([path])

    def add_folders(self, paths: list[str]) -> None:
        self.when_ready(lambda: self.service.add_folders([os.path.abspath(p) for p in paths]))

    def remove_folder(self, folder: Folder) -> None:
        n = folder.photos + folder.failed
        name = folder_label(folder.path)
        if not self.confirm(
                translate("MainWindow", "Remove “%1” from the library?").replace("%1", name),
                plural(n, translate("MainWindow", "photorec forgets its %1 photo. The files in %2 are not touched."),
                       translate("MainWindow", "photorec forgets its %1 photos. The files in %2 "
                                               "are not touched.")
                       ).replace("%1", QLocale().toString(n)).replace("%2", folder.path),
                translate("MainWindow", "Remove")):
            return
        if self.sidebar.current == (FOLDER, folder.id):
            self.sidebar.select(ALL)
        self.service.remove_folder(folder.id, lambda k: self.message.emit(
            plural(k, translate("MainWindow", "Removed %1 from the library (%2 photo forgotten)."),
                   translate("MainWindow", "Removed %1 from the library (%2 photos forgotten)."))
            .replace("%1", name).replace("%2", QLocale().toString(k)), 8000))

    def forget_offline(self) -> None:
        offline = [f for f in self.sidebar.folders() if not f.online]
        if not offline:
            self.message.emit(translate("MainWindow", "No folder is offline."), 5000)
            return
        n = sum(f.photos + f.failed for f in offline)
        names = ", ".join(folder_label(f.path) for f in offline)
        if not self.confirm(
                plural(len(offline), translate("MainWindow", "Forget the photos of %1 offline folder?"),
                       translate("MainWindow", "Forget the photos of %1 offline folders?")
                       ).replace("%1", str(len(offline))),
                plural(n, translate("MainWindow", "photorec forgets %1 photo in %2 and stops looking for the folder. "
                                                  "The files themselves are not touched."),
                       translate("MainWindow", "photorec forgets %1 photos in %2 and stops looking for the "
                                               "folder. The files themselves are not touched.")
                       ).replace("%1", QLocale().toString(n)).replace("%2", names), translate("MainWindow", "Forget")):
            return
        self.service.purge_offline(lambda k: self.message.emit(
            plural(k, translate("MainWindow", "Forgot %1 offline photo."),
                   translate("MainWindow", "Forgot %1 offline photos.")).replace("%1", QLocale().toString(k)), 8000))

    def locate_folder(self, folder: Folder) -> None:
        path = QFileDialog.getExistingDirectory(
            self._window(), translate("MainWindow", "Where is “%1” now?").replace("%1", folder_label(folder.path)),
            self.settings.last_dir())
        if path:
            self.service.relocate_folder(folder.id, path)

    def _locate_current(self) -> None:
        kind, ident = self.sidebar.current
        f = self.sidebar.folder(ident) if kind == FOLDER else None
        if f is not None:
            self.locate_folder(f)

    def rescan(self) -> None:
        self.service.start_indexing()

    def _on_index_started(self) -> None:
        self.progress.start()
        self.actions_changed.emit()
        self.library_page.update_count()
        if self.library_page.model.rowCount() == 0:
            self.library_page.view.empty_text = translate("MainWindow",
                                                          "Looking for photos… they appear here as they are indexed.")

    def _on_index_progress(self, p: Progress) -> None:
        self.progress.update_progress(p)
        self.paused.emit(bool(p.paused))

    def _on_index_finished(self, report: ScanReport | None) -> None:
        self.progress.finish()
        self.actions_changed.emit()
        self.library_page.update_count()
        if report is None:
            return
        if report.cancelled:
            text = translate("MainWindow", "Indexing stopped. What was done is kept; rescan to go on.")
        else:
            changes = []  # English does not change with the count, Portuguese does: "1 nova", "2 novas"
            for n, one, other in (
                    (report.new, translate("MainWindow", "%1 new", "one"), translate("MainWindow", "%1 new", "other")),
                    (report.updated, translate("MainWindow", "%1 updated", "one"),
                     translate("MainWindow", "%1 updated", "other")),
                    (report.moved, translate("MainWindow", "%1 moved", "one"),
                     translate("MainWindow", "%1 moved", "other")),
                    (report.removed, translate("MainWindow", "%1 removed", "one"),
                     translate("MainWindow", "%1 removed", "other"))):
                if n:
                    changes.append(plural(n, one, other).replace("%1", QLocale().toString(n)))
            text = translate("MainWindow", "Library up to date") + (f": {', '.join(changes)}" if changes else "")
            if report.failed:
                text += plural(report.failed, translate("MainWindow", " · %1 could not be read (see Problems)", "one"),
                               translate("MainWindow", " · %1 could not be read (see Problems)", "other")).replace(
                    "%1", QLocale().toString(report.failed))
            if report.offline:
                text += plural(len(report.offline), translate("MainWindow", " · %1 folder offline"),
                               translate("MainWindow", " · %1 folders offline")).replace("%1", str(len(report.offline)))
            damage = face_damage(getattr(getattr(self, "service", None), "lib", None))
            if damage:  # said once, like a damaged index: the run rebuilt it
                text += " · " + damage

        self.message.emit(text, 10000)

    def _set_paused(self, paused: bool) -> None:
        self.service.set_paused(paused)
        self.paused.emit(paused)

    def toggle_pause(self) -> None:
        if self.service.indexing:
            self.progress.pause_button.toggle()

    def cancel_indexing(self) -> None:
        if self.service.indexing:
            self.progress.cancelling()
            self.service.cancel_indexing()

    def on_problems_added(self, photos: list[Photo]) -> None:
        """Files that could not be read while indexing: out of the grid, counted as problems."""
        self.library_page.model.remove_ids([p.id for p in photos])
        self.problems_page.unreadable += len(photos)
        self.counts_changed.emit()

    def _on_folders(self, folders: list[Folder]) -> None:
        self.show_folders(folders)
        self.folders_changed.emit()
