"""What the desktop does with a file: open it, reveal it, copy its path, trash it.

Each goes through the platform: the default viewer (QDesktopServices), the file manager
(Explorer /select, Finder -R, the freedesktop FileManager1 D-Bus call, else open the folder).
"""

from __future__ import annotations

import atexit
import logging
import os
import subprocess
import sys

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

log = logging.getLogger(__name__)


def open_file(path: str) -> bool:
    ok = QDesktopServices.openUrl(QUrl.fromLocalFile(path))
    if not ok:
        log.warning("no application opened %s", path)
    return ok


def reveal(path: str) -> bool:
    """Show ``path`` selected in the file manager (a folder: open it)."""
    path = os.path.abspath(path)
    if os.path.isdir(path):
        return QDesktopServices.openUrl(QUrl.fromLocalFile(path))
    try:
        if sys.platform == "win32":
            subprocess.Popen(["explorer", "/select,", os.path.normpath(path)])
            return True
        if sys.platform == "darwin":
            subprocess.Popen(["open", "-R", path])
            return True
        if _freedesktop_show(path):
            return True
    except OSError as exc:
        log.warning("cannot reveal %s: %s", path, exc)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(path)))


def _freedesktop_show(path: str) -> bool:
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage
    except ImportError:
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    iface = QDBusInterface("org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                           "org.freedesktop.FileManager1", bus)
    if not iface.isValid():
        return False
    reply = iface.call("ShowItems", [QUrl.fromLocalFile(path).toString()], "")
    return reply.type() != QDBusMessage.MessageType.ErrorMessage


def copy_paths(paths: list[str]) -> None:
    md = QMimeData()
    md.setText("\n".join(paths))
    md.setUrls([QUrl.fromLocalFile(p) for p in paths])
    QGuiApplication.clipboard().setMimeData(md)
    _release_clipboard_at_exit(md)


_clipboard_data: list[QMimeData] = []


def _release_clipboard_at_exit(md: QMimeData) -> None:
    """The clipboard owns a QMimeData made in Python. Qt deletes it from a C++ exit handler,
    after Python is gone, and that crashed the process (SIGSEGV in Shiboken's destroy). So at
    exit, while Python still runs, if the clipboard still holds our data, it is replaced by
    the same text as data Qt made itself (the user's copied path survives the exit)."""
    if not _clipboard_data:
        atexit.register(_swap_clipboard_data)
    _clipboard_data[:] = [md]


def _swap_clipboard_data() -> None:
    if QGuiApplication.instance() is None or not _clipboard_data:
        return
    cb = QGuiApplication.clipboard()
    ours = _clipboard_data.pop()
    try:
        if cb.mimeData() is ours:  # else Qt already replaced (and deleted) it
            cb.setText(ours.text())
    except RuntimeError:  # deleted meanwhile
        pass


def can_trash() -> bool:
    return True  # QFile.moveToTrash reports per file when a drive has no trash
