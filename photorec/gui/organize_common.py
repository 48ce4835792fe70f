"""Small pieces shared by the organising views (duplicates, themes, tags, people): the page
they are (:class:`OrganizePage`, which reads its library when first shown), background jobs
whose results come back to the GUI thread, thumbnails decoded off the GUI thread, and the way
a view is given its library.

A view is given the window's :class:`~photorec.gui.service.LibraryService` (its library, and
the job runtime its jobs run on, so that closing the window waits for them before the library
closes), or, on its own, a ``Library`` or a callable returning the current one (or None).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QLocale, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QMessageBox, QWidget

from photorec.gui.contrast import make_secondary
from photorec.gui.tasks import ORGANIZE, JobRuntime

log = logging.getLogger(__name__)

_default: JobRuntime | None = None


def default_runtime() -> JobRuntime:
    """For a view made on its own (tests, a script) with a plain Library: a runtime of its
    own. In the window, views run their jobs on the service's runtime."""
    global _default
    if _default is None or _default.closed:
        _default = JobRuntime()
    return _default


def wait_idle(msecs: int = 30000) -> bool:
    """For tests: wait until no organising job of the default runtime runs."""
    return default_runtime().pool(ORGANIZE).waitForDone(msecs)


class _Accessor:
    """Callable returning the current Library (or None); ``runtime`` where there is one."""

    def __init__(self, get: Callable[[], Any], runtime: JobRuntime | None = None) -> None:
        self._get = get
        self.runtime = runtime

    def __call__(self):
        return self._get()


def accessor(library) -> Callable[[], Any]:
    """``library``: the window's LibraryService (the usual case: its library, its jobs), a
    Library, a callable returning one, or None."""
    if isinstance(library, _Accessor):
        return library
    if library is None:
        return _Accessor(lambda: None)
    runtime = getattr(library, "runtime", None)
    if isinstance(runtime, JobRuntime) and hasattr(library, "lib"):
        return _Accessor(lambda: library.lib, runtime)
    if callable(library) and not hasattr(library, "catalog"):
        return _Accessor(library)
    return _Accessor(lambda: library)


class Jobs(QObject):
    """Background jobs of one view, by name, on the runtime of the view's library (see
    :func:`accessor`; the view's ``_library``), else on :func:`default_runtime`. Starting a
    job of a name supersedes the previous one of that name: its cancel flag is set and its
    result dropped; the newest request wins. ``busy_changed(bool)`` tells the view to show
    or hide its busy state. A job function taking one argument is given its
    :class:`~photorec.gui.tasks.Job`: ``job.cancelled`` turns true when it is superseded or
    the window closes."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, runtime: JobRuntime | None = None) -> None:
        super().__init__(parent)
        self._runtime = runtime
        self._busy: set[str] = set()
        self._ticket = 0

    @property
    def runtime(self) -> JobRuntime:
        if self._runtime is None:
            lib = getattr(self.parent(), "_library", None)
            rt = getattr(lib, "runtime", None)
            self._runtime = rt if isinstance(rt, JobRuntime) else default_runtime()
        if not getattr(self, "_connected", False):
            self._connected = True
            self._runtime.busy_changed.connect(self._on_busy)
        return self._runtime

    def start(self, name: str, fn: Callable[[], Any], on_done: Callable[[Any], Any] | None = None,
              on_error: Callable[[BaseException], Any] | None = None) -> int:
        self._ticket += 1

        def alive(cb):
            if cb is None:
                return None
            return lambda value: cb(value) if shiboken6.isValid(self) else None

        def failed(exc: BaseException) -> None:
            if not shiboken6.isValid(self):
                return
            if on_error is not None:
                on_error(exc)
            else:  # the log, and the window's status bar (the runtime's ``failed``)
                self.runtime.report(name, exc)

        self.runtime.submit(fn, alive(on_done), failed, key=(id(self), name), title=name,
                            pool=ORGANIZE)
        return self._ticket

    def busy(self, name: str | None = None) -> bool:
        return bool(self._busy) if name is None else name in self._busy

    def _on_busy(self, key, busy: bool) -> None:
        if not (isinstance(key, tuple) and len(key) == 2 and key[0] == id(self)):
            return
        was = bool(self._busy)
        if busy:
            self._busy.add(key[1])
        else:
            self._busy.discard(key[1])
        if was != bool(self._busy):
            self.busy_changed.emit(bool(self._busy))


class OrganizePage(QWidget):
    """A page of the window that reads its library lazily: when it is first shown (not when
    it is made), and again through :meth:`read_library` (the window calls it after the
    library changed; the page's own Refresh too). A page implements ``_read(lib)`` (start
    its jobs) and, if it says something then, ``_no_library()``: with no library it reads
    when it is next shown. A subclass without ``_read`` is refused when it is defined."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if not callable(getattr(cls, "_read", None)):
            raise TypeError(f"{cls.__name__} is an OrganizePage without _read(lib)")

    def __init__(self, library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = accessor(library)
        self.jobs = Jobs(self)
        self._started = False  # read once: later shows do not read again

    @property
    def lib(self):
        return self._library()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._started:
            self.read_library()

    def read_library(self) -> None:
        """Read the library (again)."""
        lib = self.lib
        if lib is None:
            self._no_library()
            return
        self._started = True
        self._read(lib)

    def _no_library(self) -> None:
        pass


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
        except Exception:  # a missing thumbnail is a grey box
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
    """Secondary text: muted, still AA-readable (gui/contrast.py)."""
    lab = QLabel(text, parent)
    lab.setWordWrap(True)
    make_secondary(lab)
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
        return QLocale().toString(float(n / 1e9), "f", 1) + " GB"
    if n >= 1e6:
        return QLocale().toString(float(n / 1e6), "f", 1) + " MB"
    return f"{max(1, round(n / 1e3))} KB"
