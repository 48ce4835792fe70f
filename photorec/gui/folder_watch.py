"""Folders are live in the window (issue #19): a folder unplugged, renamed away or back, a
drive mounted, is shown within a few seconds, with no rescan.

:class:`FolderWatcher` watches each library folder and the nearest existing folder above it
with a QFileSystemWatcher (a rename or a mount changes the parent), and checks every
:data:`CHECK_INTERVAL_MS` as well (network shares and removable mounts do not always tell). The
check itself is one ``os.path.isdir`` per folder (:func:`photorec.core.ingest.online.live_state`),
run on the service's worker pool so that a hung share never freezes the window."""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from photorec.core.ingest.online import live_state

if TYPE_CHECKING:
    from photorec.core.store import Folder

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 1000  # the periodic check: a change shows within about this, plus the check
SETTLE_MS = 150  # after a file-system event, let a rename or a mount finish


def states(folders: list[Folder]) -> dict[int, tuple[bool, str | None]]:
    """Each folder's (online, reason) now (worker thread)."""
    return {f.id: live_state(f.path, f.online, f.offline_reason) for f in folders}


def watch_paths(folders: list[Folder]) -> set[str]:
    """What to watch: each folder that exists, and the nearest existing folder above each."""
    out: set[str] = set()
    for f in folders:
        p = os.path.abspath(f.path)
        if os.path.isdir(p):
            out.add(p)
        parent = os.path.dirname(p)
        while parent and not os.path.isdir(parent) and os.path.dirname(parent) != parent:
            parent = os.path.dirname(parent)
        if parent and os.path.isdir(parent):
            out.add(parent)
    return out


class FolderWatcher(QObject):
    changed = Signal(list)  # list[Folder]: the folders, with their new online states

    def __init__(self, submit: Callable[..., None], active: Callable[[], bool], parent: QObject | None = None,
                 interval_ms: int = CHECK_INTERVAL_MS) -> None:
        """``submit(fn, done)`` runs ``fn`` off the GUI thread and ``done(result)`` back on it;
        ``active()``: whether the periodic check is worth running (the window is on screen)."""
        super().__init__(parent)
        self.submit = submit
        self.active = active
        self.folders: list[Folder] = []
        self.fs = QFileSystemWatcher(self)
        self.fs.directoryChanged.connect(self._soon)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.check)
        self.tick = QTimer(self)
        self.tick.setInterval(interval_ms)
        self.tick.timeout.connect(self._periodic)
        self._checking = False
        self._again = False

    def set_folders(self, folders: list[Folder]) -> None:
        """The library's folders as last read (their states included)."""
        self.folders = [dataclasses.replace(f) for f in folders]
        self._rewatch()
        if self.folders and not self.tick.isActive():
            self.tick.start()
        elif not self.folders:
            self.tick.stop()

    def _rewatch(self) -> None:
        want = watch_paths(self.folders)
        have = set(self.fs.directories())
        if have - want:
            self.fs.removePaths(sorted(have - want))
        if want - have:
            self.fs.addPaths(sorted(want - have))

    def _soon(self, _path: str = "") -> None:
        self._settle.start()

    def _periodic(self) -> None:
        if self.active():
            self.check()

    def check(self) -> None:
        """Look at every folder now (in a worker); ``changed`` follows if one changed state."""
        if not self.folders:
            return
        if self._checking:
            self._again = True
            return
        self._checking = True
        asked = [dataclasses.replace(f) for f in self.folders]
        self.submit(lambda: states(asked), lambda st: self._checked(asked, st))

    def _checked(self, asked: list[Folder], st: dict[int, tuple[bool, str | None]]) -> None:
        self._checking = False
        known = {f.id: f for f in self.folders}
        moved = []
        for f in asked:
            cur = known.get(f.id)
            if cur is None or f.id not in st or cur.path != f.path:
                continue  # forgotten or relocated meanwhile
            online, reason = st[f.id]
            if online != cur.online:
                log.info("folder %s is now %s", cur.path, "online" if online else f"offline ({reason})")
                cur.online, cur.offline_reason = online, reason
                moved.append(cur)
        if moved:
            self._rewatch()
            self.changed.emit([dataclasses.replace(f) for f in self.folders])
        if self._again:
            self._again = False
            self.check()

    def failed(self) -> None:
        self._checking = False
