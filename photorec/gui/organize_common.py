"""Small pieces shared by the organising views (duplicates, themes, tags): background jobs
whose results come back to the GUI thread, thumbnails decoded off the GUI thread, and the way
a view is given its library.

A view takes a *library accessor*: a ``Library``, or a callable returning the current one (or
None while there is none), so the main window can swap libraries under it.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QMessageBox, QWidget

log = logging.getLogger(__name__)

_pool: QThreadPool | None = None


def pool() -> QThreadPool:
    """One pool for the organising views: two threads (the 2-core machines we aim at)."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(2)
        _pool.setObjectName("photorec-organize")
    return _pool


def wait_idle(msecs: int = 30000) -> bool:
    """For tests and shutdown: wait until no organising job runs."""
    return pool().waitForDone(msecs)


def accessor(library) -> Callable[[], Any]:
    if library is None:
        return lambda: None
    if callable(library) and not hasattr(library, "catalog"):
        return library
    return lambda: library


class _Relay(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)


class _Runnable(QRunnable):
    def __init__(self, fn, relay: _Relay, ticket: int) -> None:
        super().__init__()
        self.fn, self.relay, self.ticket = fn, relay, ticket
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
            try:
                self.relay.failed.emit(self.ticket, exc)
            except RuntimeError:  # the view is gone
                pass
        else:
            try:
                self.relay.done.emit(self.ticket, result)
            except RuntimeError:
                pass


class Jobs(QObject):
    """Background jobs of one view, by name. Starting a job of a name makes the previous
    result of that name stale (it is dropped when it arrives): the newest request wins.
    ``busy_changed(bool)`` tells the view to show or hide its busy state."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        self._relay.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._ticket = 0
        self._latest: dict[str, int] = {}
        self._callbacks: dict[int, tuple[str, Callable | None, Callable | None]] = {}
        self._lock = threading.Lock()

    def start(self, name: str, fn: Callable[[], Any], on_done: Callable[[Any], Any] | None = None,
              on_error: Callable[[BaseException], Any] | None = None) -> int:
        self._ticket += 1
        t = self._ticket
        self._latest[name] = t
        self._callbacks[t] = (name, on_done, on_error)
        was_idle = len(self._callbacks) == 1
        pool().start(_Runnable(fn, self._relay, t))
        if was_idle:
            self.busy_changed.emit(True)
        return t

    def busy(self, name: str | None = None) -> bool:
        if name is None:
            return bool(self._callbacks)
        return any(n == name for n, _, _ in self._callbacks.values())

    def _finish(self, ticket: int):
        entry = self._callbacks.pop(ticket, None)
        if not self._callbacks:
            self.busy_changed.emit(False)
        if entry is None:
            return None
        name, on_done, on_error = entry
        if self._latest.get(name) != ticket:
            return None  # a newer job of that name was started: this result is stale
        return on_done, on_error

    @Slot(int, object)
    def _done(self, ticket: int, result: object) -> None:
        cb = self._finish(ticket)
        if cb and cb[0] is not None:
            cb[0](result)

    @Slot(int, object)
    def _failed(self, ticket: int, exc: object) -> None:
        cb = self._finish(ticket)
        if cb is None:
            return
        if cb[1] is not None:
            cb[1](exc)
        else:
            log.error("background job failed: %s", exc, exc_info=exc if isinstance(exc, BaseException) else None)


def load_image(path: str, box: int) -> QImage:
    """Decode an image file scaled to fit ``box`` pixels, in any thread (QImage, not QPixmap)."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (size.width() > box or size.height() > box):
        reader.setScaledSize(size.scaled(QSize(box, box), Qt.AspectRatioMode.KeepAspectRatio))
    img = reader.read()
    return img


def thumbnail_images(lib, photos, box: int) -> dict[str, QImage]:
    """path -> QImage from the thumbnail cache (made from the photo when missing); runs in a
    worker thread."""
    out: dict[str, QImage] = {}
    for p in photos:
        try:
            tp = lib.thumbnail_path(p, create=p.online)
        except Exception:  # noqa: BLE001 - a missing thumbnail is a grey box
            tp = None
        img = load_image(str(tp), box) if tp else QImage()
        if img.isNull() and p.online:
            img = load_image(p.path, box)
        out[p.path] = img
    return out


def placeholder(size: int, text: str = "") -> QPixmap:
    pm = QPixmap(size, size)
    pm.fill(QColor(0, 0, 0, 0))
    p = QPainter(pm)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(128, 128, 128, 50))
    p.drawRoundedRect(0, 0, size, size, 6, 6)
    if text:
        p.setPen(QColor(120, 120, 120))
        p.drawText(pm.rect(), Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return pm


def fit_pixmap(img: QImage, size: int) -> QPixmap:
    """The image centred on a transparent square of ``size`` (thumbnails line up in a row)."""
    pm = QPixmap(size, size)
    pm.fill(QColor(0, 0, 0, 0))
    if img is None or img.isNull():
        return placeholder(size, "?")
    scaled = img.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    p.drawImage((size - scaled.width()) // 2, (size - scaled.height()) // 2, scaled)
    p.end()
    return pm


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    f = lab.font()
    f.setPointSizeF(f.pointSizeF() * 1.25)
    f.setBold(True)
    lab.setFont(f)
    return lab


def muted(text: str = "", parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    lab.setWordWrap(True)
    pal = lab.palette()
    pal.setColor(lab.foregroundRole(), pal.color(pal.ColorGroup.Disabled, pal.ColorRole.WindowText))
    lab.setPalette(pal)
    return lab


def separator(parent: QWidget | None = None) -> QFrame:
    f = QFrame(parent)
    f.setFrameShape(QFrame.Shape.HLine)
    f.setFrameShadow(QFrame.Shadow.Sunken)
    return f


def confirm(parent: QWidget, title: str, text: str, ok_text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    ok = box.addButton(ok_text, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is ok


def human_size(n: int) -> str:
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    if n >= 1e6:
        return f"{n / 1e6:.1f} MB"
    return f"{max(1, round(n / 1e3))} KB"
