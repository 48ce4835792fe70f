"""Look at a photo properly: a full-size viewer page for inside the window (like Quick Look or
gThumb's viewer).

Keys: ``+``/``-`` zoom, ``0`` actual size (100 %), ``F`` fit, the wheel zooms around the
pointer, dragging pans; Left/Right (also PageUp/PageDown, Home/End) go to the previous/next
photo; ``I`` shows or hides the information panel; Escape emits :attr:`PhotoViewer.closed`.

The image is decoded in a worker thread (Pillow, EXIF orientation applied, converted to a
QImage there, never a QPixmap), with a screen-sized copy so fitting a 24 MP photo costs one
small scaled draw per paint; the photos either side are decoded ahead. The information panel
(date, camera, size, location from the EXIF GPS, tags, description) comes from an ``info``
callable run in the same worker: :func:`library_info` for a library photo, the photo file's
own metadata otherwise (:func:`file_info`).
"""

from __future__ import annotations

import logging
import os
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image, ImageOps
from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from photorec.gui.face_overlay import FaceOverlay
from photorec.gui.image_canvas import MAX_ZOOM, MIN_ZOOM, ZOOM_STEP, ImageCanvas  # noqa: F401
from photorec.gui.tasks import Poster, words

log = logging.getLogger(__name__)

CACHE = 5  # decoded photos kept (the current one and its neighbours)
PREVIEW_SIDE = 2560  # long side of the screen-sized copy used when the photo is shown smaller
MAX_PIXELS = 180_000_000


class BackgroundRunner:
    """Runs ``fn()`` in a worker; ``on_done(result)`` or ``on_error(exc)`` then run in the GUI
    thread. In the window the work goes to the service's job runtime (``runtime=``: one place
    that starts every worker and waits for them all at shutdown); standalone (tests, another
    window) it uses a small thread pool of its own through a :class:`Poster`."""

    def __init__(self, parent: QObject, threads: int, name: str, runtime=None) -> None:
        self.runtime = runtime
        self.name = name
        self.closed = False
        if runtime is not None:
            runtime.pool(name, threads)  # made with this many threads on first use
            return
        self.poster = Poster(parent)
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(threads)
        self.pool.setObjectName(name)

    def submit(self, fn: Callable[[], object], on_done: Callable[[object], object],
               on_error: Callable[[BaseException], object]) -> None:
        if self.runtime is not None:
            if not self.closed:
                closed = lambda: self.closed  # noqa: E731 - nothing is delivered after close()
                self.runtime.submit(fn, lambda r: None if closed() else on_done(r),
                                    lambda e: None if closed() else on_error(e), pool=self.name)
            return
        poster = self.poster

        def job() -> None:
            try:
                result = fn()
            except Exception as exc:  # every failure goes back to the GUI thread
                poster.post(on_error, exc)
            else:
                poster.post(on_done, result)

        self.pool.start(job)

    def close(self, wait_ms: int = 5000) -> None:
        """Drop what has not started, wait for the rest, and deliver nothing more (with a
        runtime, the runtime's shutdown waits for the workers)."""
        self.closed = True
        if self.runtime is not None:
            return
        self.poster.closed = True
        self.pool.clear()
        self.pool.waitForDone(wait_ms)


@dataclass
class PhotoInfo:
    """What the information panel shows (any field may be missing)."""

    path: str
    width: int | None = None
    height: int | None = None
    bytes: int | None = None
    date: float | None = None
    camera: str | None = None
    lat: float | None = None
    lon: float | None = None
    tags: list[str] = field(default_factory=list)
    title: str | None = None
    description: str | None = None
    rating: int | None = None


def file_info(path: str) -> PhotoInfo:
    """The information panel's content from the photo file itself (worker thread)."""
    from photorec.core.ingest.metadata import read_metadata

    m = read_metadata(path)
    lang = _language()
    return PhotoInfo(path, date=m.date, camera=m.camera, lat=m.lat, lon=m.lon, tags=m.tags,
                     title=m.title_in(lang), description=m.description_in(lang), rating=m.rating)


def _language() -> str:
    """The window's language ("pt_BR"): a title in it wins over x-default."""
    from photorec.i18n import language

    return language()


def library_info(lib) -> Callable[[str], PhotoInfo]:
    """An ``info`` callable for library photos: what indexing read, plus photorec's tags."""
    from photorec.core.ingest import metadata
    from photorec.core.organize import tags

    def info(path: str) -> PhotoInfo:
        m = metadata.of_photo(lib, path)
        if m is None:
            out = file_info(path)
        else:
            lang = _language()
            out = PhotoInfo(path, date=m.date, camera=m.camera, lat=m.lat, lon=m.lon,
                            title=m.title_in(lang), description=m.description_in(lang),
                            rating=m.rating)
        photo = lib.photo(path)
        if photo is not None:
            out.tags = tags.tags_of(lib, path)
            if out.date is None:
                out.date = photo.taken
        return out

    return info


@dataclass
class Loaded:
    path: str
    image: QImage | None  # full size, orientation applied
    preview: QImage | None  # long side <= PREVIEW_SIDE
    info: PhotoInfo
    error: str | None = None


def _to_qimage(im: Image.Image) -> QImage:
    if im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGBA" if "A" in im.getbands() or "transparency" in im.info else "RGB")
    fmt = QImage.Format.Format_RGBA8888 if im.mode == "RGBA" else QImage.Format.Format_RGB888
    data = im.tobytes()
    bpl = im.width * (4 if im.mode == "RGBA" else 3)
    return QImage(data, im.width, im.height, bpl, fmt).copy()  # copy: own the pixels


def load_photo(path: str, info: Callable[[str], PhotoInfo] | None = None) -> Loaded:
    """Decode a photo for the viewer (worker thread): the image, a preview, its information.
    A photo that cannot be decoded comes back with ``error`` in words."""
    import photorec.core.ingest.decode  # noqa: F401 - registers the HEIF opener, sets Pillow's limits

    try:
        details = (info or file_info)(path)
    except Exception:  # the panel is extra; the photo still shows
        log.debug("info of %s", path, exc_info=True)
        details = PhotoInfo(path)
    try:
        details.bytes = os.path.getsize(path)
    except OSError:
        pass
    try:
        with Image.open(path) as im:
            if im.width * im.height > MAX_PIXELS:
                return Loaded(path, None, None, details, QCoreApplication.translate(
                    "PhotoViewer", "too large to show (%1×%2 pixels)").replace(
                    "%1", str(im.width)).replace("%2", str(im.height)))
            im.load()
            img = ImageOps.exif_transpose(im)
            details.width, details.height = img.size
            full = _to_qimage(img)
            if max(img.size) > PREVIEW_SIDE:
                small = img.copy()
                small.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE), Image.Resampling.LANCZOS)
                preview = _to_qimage(small)
            else:
                preview = full
        return Loaded(path, full, preview, details)
    except FileNotFoundError:
        return Loaded(path, None, None, details, QCoreApplication.translate(
            "PhotoViewer", "the file is gone (moved or deleted)"))
    except PermissionError:
        return Loaded(path, None, None, details, QCoreApplication.translate(
            "PhotoViewer", "photorec may not read this file"))
    except Exception as exc:  # any bad file is shown as a message
        return Loaded(path, None, None, details, QCoreApplication.translate(
            "PhotoViewer", "not an image, or damaged (%1)").replace("%1", words(exc)))


class InfoPanel(QScrollArea):
    """Date, camera, size, location, tags and description of the photo shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFixedWidth(260)
        body = QWidget()
        self.form = QFormLayout(body)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.fields: dict[str, QLabel] = {}
        labels = {
            "name": self.tr("Name"), "date": self.tr("Taken"), "camera": self.tr("Camera"),
            "size": self.tr("Size"), "location": self.tr("Location"), "rating": self.tr("Rating"),
            "tags": self.tr("Tags"), "title": self.tr("Title"), "description": self.tr("Description"),
            "folder": self.tr("Folder"),
        }
        for key, text in labels.items():
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            head = QLabel(f"<b>{text}</b>")
            self.form.addRow(head, value)
            self.fields[key] = value
            self.fields[key + ":label"] = head
        self.setWidget(body)

    def show_info(self, info: PhotoInfo | None) -> None:
        values: dict[str, str] = {}
        if info is not None:
            values["name"] = os.path.basename(info.path)
            values["folder"] = os.path.dirname(info.path)
            if info.date is not None:
                try:
                    values["date"] = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.date))
                except (OverflowError, OSError, ValueError):
                    pass
            values["camera"] = info.camera or ""
            parts = []
            if info.width and info.height:
                mp = info.width * info.height / 1e6
                parts.append(self.tr("%1 × %2 pixels (%3 MP)").replace("%1", str(info.width))
                             .replace("%2", str(info.height)).replace("%3", f"{mp:.1f}"))
            if info.bytes is not None:
                from photorec.gui.organize_common import human_size

                parts.append(human_size(info.bytes))  # "48 KB", "2.3 MB" in the window's locale
            values["size"] = ", ".join(parts)
            if info.lat is not None and info.lon is not None:
                ns = self.tr("N", "compass: north") if info.lat >= 0 else self.tr("S", "compass: south")
                ew = self.tr("E", "compass: east") if info.lon >= 0 else self.tr("W", "compass: west")
                values["location"] = f"{abs(info.lat):.5f}° {ns}, {abs(info.lon):.5f}° {ew}"
            if info.rating:
                values["rating"] = "★" * max(0, info.rating) if info.rating > 0 else self.tr("rejected")
            values["tags"] = ", ".join(info.tags)
            values["title"] = info.title or ""
            values["description"] = info.description or ""
        for key, label in list(self.fields.items()):
            if key.endswith(":label"):
                continue
            text = values.get(key, "")
            label.setText(text)
            label.setVisible(bool(text))
            self.fields[key + ":label"].setVisible(bool(text))


class PhotoViewer(QWidget):
    """The viewer page. ``set_photos(paths, index)`` shows one of a list of photos."""

    closed = Signal()  # Escape: back to where the user came from
    currentChanged = Signal(str)  # the path shown now

    def __init__(self, parent: QWidget | None = None, *,
                 info: Callable[[str], PhotoInfo] | None = None, threads: int = 2,
                 runtime=None) -> None:
        super().__init__(parent)
        self.info = info
        self.paths: list[str] = []
        self.index = -1
        self._runner = BackgroundRunner(self, threads, "viewer", runtime)
        self._cache: OrderedDict[str, Loaded] = OrderedDict()
        self._pending: set[str] = set()
        self.current: Loaded | None = None

        self.canvas = ImageCanvas(self)
        self.faces = FaceOverlay(self.canvas)  # face boxes (P), filled by the window
        self.panel = InfoPanel(self)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.zoom_label = QLabel()
        bar = QHBoxLayout()
        self.buttons = {}
        for key, text, tip, slot in (
            ("back", self.tr("Back"), self.tr("Back to the photos (Esc)"), self.closed.emit),
            ("prev", "‹", self.tr("Previous photo (Left)"), self.previous),
            ("next", "›", self.tr("Next photo (Right)"), self.next),
            ("fit", self.tr("Fit"), self.tr("Fit the photo to the window (F)"), self.fit),
            ("actual", "100%", self.tr("Actual size (0)"), self.actual_size),
            ("out", "−", self.tr("Zoom out (-)"), self.zoom_out),
            ("in", "+", self.tr("Zoom in (+)"), self.zoom_in),
            ("info", self.tr("Info"), self.tr("Show or hide the information (I)"), self.toggle_info),
        ):
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(slot)
            self.buttons[key] = b
        bar.addWidget(self.buttons["back"])
        bar.addWidget(self.buttons["prev"])
        bar.addWidget(self.buttons["next"])
        bar.addWidget(self.title, 1)
        for key in ("out", "in", "actual", "fit"):
            bar.addWidget(self.buttons[key])
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.buttons["info"])
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.canvas, 1)
        body.addWidget(self.panel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addLayout(body, 1)
        self.canvas.zoomChanged.connect(self._show_zoom)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # -- photos -----------------------------------------------------------------------------

    def set_photos(self, paths: list[str], index: int = 0) -> None:
        self.paths = [os.fspath(p) for p in paths]
        self.show_index(index)

    def show_index(self, index: int) -> None:
        if not self.paths:
            self.index = -1
            self.current = None
            self.canvas.set_image(None, None, self.tr("No photo"))
            self.panel.show_info(None)
            self.title.setText("")
            return
        self.index = max(0, min(len(self.paths) - 1, index))
        path = self.paths[self.index]
        n = len(self.paths)
        self.title.setText(f"{os.path.basename(path)}   ({self.index + 1}/{n})")
        self.buttons["prev"].setEnabled(self.index > 0)
        self.buttons["next"].setEnabled(self.index < n - 1)
        hit = self._cache.get(path)
        if hit is not None:
            self._cache.move_to_end(path)
            self._show(hit)
        else:
            self.current = None
            self.canvas.set_image(None, None, self.tr("Loading…"))
            self.panel.show_info(PhotoInfo(path))
            self._request(path)
        for j in (self.index + 1, self.index - 1):  # decode the neighbours ahead
            if 0 <= j < n:
                self._request(self.paths[j])
        self.currentChanged.emit(path)

    def _request(self, path: str) -> None:
        if path in self._cache or path in self._pending:
            return
        self._pending.add(path)
        info = self.info
        self._runner.submit(lambda: load_photo(path, info), self._loaded,
                            lambda exc: self._loaded(Loaded(path, None, None, PhotoInfo(path), words(exc))))

    def _loaded(self, result: Loaded) -> None:
        self._pending.discard(result.path)
        self._cache[result.path] = result
        self._cache.move_to_end(result.path)
        keep = set(self.paths[max(0, self.index - 1): self.index + 2])
        while len(self._cache) > CACHE:
            old = next((k for k in self._cache if k not in keep), None)
            if old is None:
                break
            del self._cache[old]
        if 0 <= self.index < len(self.paths) and self.paths[self.index] == result.path:
            self._show(result)

    def _show(self, loaded: Loaded) -> None:
        self.current = loaded
        message = ""
        if loaded.error:
            message = self.tr("Cannot show %1: %2").replace("%1", os.path.basename(loaded.path)).replace(
                "%2", loaded.error)
        self.canvas.set_image(loaded.image, loaded.preview, message)
        self.faces.set_path("" if loaded.error else loaded.path)
        self.panel.show_info(loaded.info)

    def is_loaded(self) -> bool:
        return self.current is not None

    def next(self) -> None:
        if self.index < len(self.paths) - 1:
            self.show_index(self.index + 1)

    def previous(self) -> None:
        if self.index > 0:
            self.show_index(self.index - 1)

    # -- zoom -------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self.canvas.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.canvas.zoom_by(1 / ZOOM_STEP)

    def actual_size(self) -> None:
        self.canvas.set_zoom(1.0)

    def fit(self) -> None:
        self.canvas.fit()

    def toggle_info(self) -> None:
        self.panel.setVisible(not self.panel.isVisible())

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f}%")

    # -- keys -------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        key, text = event.key(), event.text()
        K = Qt.Key
        if key == K.Key_Escape:
            self.closed.emit()
        elif text in ("+", "=") or key in (K.Key_Plus, K.Key_Equal):
            self.zoom_in()
        elif text == "-" or key == K.Key_Minus:
            self.zoom_out()
        elif text == "0" or key == K.Key_0:
            self.actual_size()
        elif key == K.Key_F:
            self.fit()
        elif key == K.Key_P:
            self.faces.toggle()
        elif key == K.Key_I:
            self.toggle_info()
        elif key in (K.Key_Right, K.Key_PageDown):
            self.next()
        elif key in (K.Key_Left, K.Key_PageUp):
            self.previous()
        elif key == K.Key_Home:
            self.show_index(0)
        elif key == K.Key_End:
            self.show_index(len(self.paths) - 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def close_workers(self) -> None:
        """Stop taking results (the window is closing); waits for decodes in flight."""
        self._runner.close()

    def sizeHint(self) -> QSize:
        return QSize(1000, 700)
