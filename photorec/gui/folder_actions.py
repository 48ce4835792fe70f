"""Folders and indexing as the window shows them: add, remove, locate, forget offline,
rescan; progress, pause, stop, and photos arriving while indexing (:class:`FoldersMixin`)."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog

from photorec.gui.sidebar import ALL, FOLDER, folder_label
from photorec.i18n import plural, translate

if TYPE_CHECKING:
    from photorec.core.library import Progress, ScanReport
    from photorec.core.store import Folder, Photo

log = logging.getLogger(__name__)


class FoldersMixin:
    """Part of :class:`~photorec.gui.window.MainWindow` (uses its pages and service)."""

    def add_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, translate("MainWindow", "Add a folder of photos"),
                                                self._last_dir())
        if path:
            self._remember_dir(os.path.dirname(path))
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
        self.service.remove_folder(folder.id, lambda k: self.statusBar().showMessage(
            plural(k, translate("MainWindow", "Removed %1 from the library (%2 photo forgotten)."),
                   translate("MainWindow", "Removed %1 from the library (%2 photos forgotten)."))
            .replace("%1", name).replace("%2", QLocale().toString(k)), 8000))

    def forget_offline(self) -> None:
        offline = [f for f in self.sidebar.folders() if not f.online]
        if not offline:
            self.statusBar().showMessage(translate("MainWindow", "No folder is offline."), 5000)
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
        self.service.purge_offline(lambda k: self.statusBar().showMessage(
            plural(k, translate("MainWindow", "Forgot %1 offline photo."),
                   translate("MainWindow", "Forgot %1 offline photos.")).replace("%1", QLocale().toString(k)), 8000))

    def locate_folder(self, folder: Folder) -> None:
        path = QFileDialog.getExistingDirectory(
            self, translate("MainWindow", "Where is “%1” now?").replace("%1", folder_label(folder.path)),
            self._last_dir())
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
        self._update_actions()
        self.library_page.update_count()
        if self.library_page.model.rowCount() == 0:
            self.library_page.view.empty_text = translate("MainWindow",
                                                          "Looking for photos… they appear here as they are indexed.")

    def _on_index_progress(self, p: Progress) -> None:
        self.progress.update_progress(p)
        self.act_pause.setText(translate("MainWindow", "&Resume Indexing") if p.paused
                               else translate("MainWindow", "&Pause Indexing"))

    def _on_index_finished(self, report: ScanReport | None) -> None:
        self.progress.finish()
        self._update_actions()
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

        self.statusBar().showMessage(text, 10000)

    def _set_paused(self, paused: bool) -> None:
        self.service.set_paused(paused)
        self.act_pause.setText(translate("MainWindow", "&Resume Indexing") if paused
                               else translate("MainWindow", "&Pause Indexing"))

    def _toggle_pause(self) -> None:
        if self.service.indexing:
            self.progress.pause_button.toggle()

    def cancel_indexing(self) -> None:
        if self.service.indexing:
            self.progress.cancelling()
            self.service.cancel_indexing()

    def _on_photos_added(self, photos: list[Photo]) -> None:
        self.library_page.model.add_photos(photos)

    def _on_problems_added(self, photos: list[Photo]) -> None:
        self.library_page.model.remove_ids([p.id for p in photos])
        self._problems_total += len(photos)
        self._update_counts()

    def _on_folders(self, folders: list[Folder]) -> None:
        self.sidebar.set_folders(folders)
        self.sidebar.set_folder_counts(self.library_page.model.folder_counts())
        self._update_page()
        self._update_offline_banner()
