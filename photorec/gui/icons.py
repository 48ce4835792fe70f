"""Icons: the app icon from the package resources, and small UI icons (the desktop theme's
where there is one, else simple line drawings in the palette's text colour)."""

from __future__ import annotations

import logging
import math
from functools import lru_cache
from importlib import resources

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """photorec's icon (SVG plus PNG sizes), or an empty icon if the resources are missing."""
    icon = QIcon()
    try:
        base = resources.files("photorec.resources").joinpath("icons")
        for size in APP_ICON_SIZES:
            ref = base.joinpath(f"photorec-{size}.png")
            if ref.is_file():
                pm = QPixmap()
                if pm.loadFromData(ref.read_bytes(), "PNG"):
                    icon.addPixmap(pm)
        if icon.isNull():
            ref = base.joinpath("photorec.svg")
            if ref.is_file():
                with resources.as_file(ref) as p:
                    icon = QIcon(str(p))
    except (ModuleNotFoundError, FileNotFoundError, OSError, TypeError) as exc:
        log.debug("no app icon: %s", exc)
    return icon


def app_pixmap(size: int) -> QPixmap:
    icon = app_icon()
    return icon.pixmap(size, size) if not icon.isNull() else QPixmap()


# -- line icons --------------------------------------------------------------------------------


def _color(widget: QWidget | None) -> QColor:
    pal = widget.palette() if widget is not None else QApplication.palette()
    return QColor(pal.color(QPalette.ColorRole.Text))


def _themed(names: tuple[str, ...]) -> QIcon | None:
    for n in names:
        if QIcon.hasThemeIcon(n):
            return QIcon.fromTheme(n)
    return None


def _draw(kind: str, color: QColor) -> QIcon:
    return _draw_cached(kind, color.rgba())


@lru_cache(maxsize=64)
def _draw_cached(kind: str, rgba: int) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48):
        scale = 2
        img = QImage(size * scale, size * scale, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.scale(size * scale / 16.0, size * scale / 16.0)
        color = QColor.fromRgba(rgba)
        pen = QPen(color, 1.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        _PAINTERS[kind](p, color)
        p.end()
        pm = QPixmap.fromImage(img.scaled(size, size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation))
        icon.addPixmap(pm)
    return icon


def _plus(p: QPainter, c: QColor) -> None:
    p.drawLine(QPointF(8, 3), QPointF(8, 13))
    p.drawLine(QPointF(3, 8), QPointF(13, 8))


def _minus(p: QPainter, c: QColor) -> None:
    p.drawLine(QPointF(3, 8), QPointF(13, 8))


def _rescan(p: QPainter, c: QColor) -> None:
    p.drawArc(QRectF(3, 3, 10, 10), 60 * 16, 290 * 16)
    a = math.radians(60)
    tip = QPointF(8 + 5 * math.cos(a), 8 - 5 * math.sin(a))
    p.drawLine(tip, tip + QPointF(-3.2, -0.6))
    p.drawLine(tip, tip + QPointF(0.4, 3.0))


def _back(p: QPainter, c: QColor) -> None:
    p.drawPolyline([QPointF(10, 3), QPointF(5, 8), QPointF(10, 13)])


def _forward(p: QPainter, c: QColor) -> None:
    p.drawPolyline([QPointF(6, 3), QPointF(11, 8), QPointF(6, 13)])


def _pause(p: QPainter, c: QColor) -> None:
    p.drawLine(QPointF(6, 4), QPointF(6, 12))
    p.drawLine(QPointF(10, 4), QPointF(10, 12))


def _play(p: QPainter, c: QColor) -> None:
    path = QPainterPath()
    path.moveTo(5.5, 3.5)
    path.lineTo(12.5, 8)
    path.lineTo(5.5, 12.5)
    path.closeSubpath()
    p.drawPath(path)


def _stop(p: QPainter, c: QColor) -> None:
    p.drawLine(QPointF(4.5, 4.5), QPointF(11.5, 11.5))
    p.drawLine(QPointF(11.5, 4.5), QPointF(4.5, 11.5))


def _folder_path() -> QPainterPath:
    path = QPainterPath()
    path.moveTo(1.5, 4)
    path.lineTo(6, 4)
    path.lineTo(7.5, 5.5)
    path.lineTo(14.5, 5.5)
    path.lineTo(14.5, 13)
    path.lineTo(1.5, 13)
    path.closeSubpath()
    return path


def _folder(p: QPainter, c: QColor) -> None:
    p.drawPath(_folder_path())


def _offline(p: QPainter, c: QColor) -> None:
    faint = QColor(c)
    faint.setAlpha(140)
    p.setPen(QPen(faint, 1.4))
    p.drawPath(_folder_path())
    p.setPen(QPen(c, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(2, 2), QPointF(14, 14.5))


def _photos(p: QPainter, c: QColor) -> None:
    p.drawRoundedRect(QRectF(1.5, 3.5, 13, 10), 1.5, 1.5)
    path = QPainterPath()
    path.moveTo(2, 12.5)
    path.lineTo(6, 8)
    path.lineTo(9, 11)
    path.lineTo(11, 9)
    path.lineTo(14, 12.5)
    p.drawPath(path)
    p.drawEllipse(QPointF(11, 6.5), 1, 1)


def _warning(p: QPainter, c: QColor) -> None:
    path = QPainterPath()
    path.moveTo(8, 2)
    path.lineTo(14.5, 13.5)
    path.lineTo(1.5, 13.5)
    path.closeSubpath()
    p.drawPath(path)
    p.drawLine(QPointF(8, 6), QPointF(8, 9.5))
    p.drawPoint(QPointF(8, 11.6))


def _search(p: QPainter, c: QColor) -> None:
    p.drawEllipse(QRectF(2.5, 2.5, 8, 8))
    p.drawLine(QPointF(9.5, 9.5), QPointF(13.5, 13.5))


def _small(p: QPainter, c: QColor) -> None:
    p.drawRect(QRectF(5, 5, 6, 6))


def _large(p: QPainter, c: QColor) -> None:
    p.drawRect(QRectF(2.5, 2.5, 11, 11))


def _duplicates(p: QPainter, c: QColor) -> None:
    p.drawRoundedRect(QRectF(1.5, 1.5, 9, 9), 1.5, 1.5)
    p.drawRoundedRect(QRectF(5.5, 5.5, 9, 9), 1.5, 1.5)


def _themes(p: QPainter, c: QColor) -> None:
    for x, y in ((2, 2), (9, 2), (2, 9), (9, 9)):
        p.drawRoundedRect(QRectF(x, y, 5, 5), 1, 1)


def _tags(p: QPainter, c: QColor) -> None:
    path = QPainterPath()
    path.moveTo(2, 2)
    path.lineTo(8.5, 2)
    path.lineTo(14.5, 8)
    path.lineTo(8.5, 14)
    path.lineTo(2, 7.5)
    path.closeSubpath()
    p.drawPath(path)
    p.drawEllipse(QPointF(5.5, 5.5), 1, 1)


def _people(p: QPainter, c: QColor) -> None:
    p.drawEllipse(QPointF(8, 5.5), 3, 3)
    path = QPainterPath()
    path.moveTo(2.5, 14.5)
    path.cubicTo(2.5, 8.5, 13.5, 8.5, 13.5, 14.5)
    p.drawPath(path)


_PAINTERS = {
    "duplicates": _duplicates, "themes": _themes, "tags": _tags, "people": _people,
    "add": _plus, "remove": _minus, "rescan": _rescan, "back": _back, "forward": _forward,
    "pause": _pause, "play": _play, "stop": _stop, "folder": _folder, "offline": _offline,
    "photos": _photos, "warning": _warning, "search": _search, "small": _small, "large": _large,
}

_THEME = {
    "add": ("list-add",), "remove": ("list-remove",), "rescan": ("view-refresh",),
    "back": ("go-previous",), "forward": ("go-next",), "pause": ("media-playback-pause",),
    "play": ("media-playback-start",), "stop": ("process-stop",), "folder": ("folder",),
    "offline": ("drive-removable-media", "network-offline"), "warning": ("dialog-warning",),
}


def icon(kind: str, widget: QWidget | None = None, themed: bool = True, color: QColor | None = None) -> QIcon:
    if themed and color is None:
        t = _themed(_THEME.get(kind, ()))
        if t is not None:
            return t
    return _draw(kind, color if color is not None else _color(widget))


def add(w=None) -> QIcon: return icon("add", w)  # noqa: E704
def remove(w=None) -> QIcon: return icon("remove", w)  # noqa: E704
def rescan(w=None) -> QIcon: return icon("rescan", w)  # noqa: E704
def back(w=None) -> QIcon: return icon("back", w)  # noqa: E704
def forward(w=None) -> QIcon: return icon("forward", w)  # noqa: E704
def pause(w=None) -> QIcon: return icon("pause", w)  # noqa: E704
def play(w=None) -> QIcon: return icon("play", w)  # noqa: E704
def stop(w=None) -> QIcon: return icon("stop", w)  # noqa: E704
def folder(w=None) -> QIcon: return icon("folder", w)  # noqa: E704
def offline(w=None) -> QIcon: return icon("offline", w)  # noqa: E704
def photos(w=None) -> QIcon: return icon("photos", w, themed=False)  # noqa: E704
def warning(w=None) -> QIcon: return icon("warning", w)  # noqa: E704
def search(w=None) -> QIcon: return icon("search", w, themed=False)  # noqa: E704
