"""The viewer's canvas: one image drawn fitted or zoomed, centred when smaller than the view,
panned by dragging, zoomed by the wheel around the pointer. When the image is shown smaller
than its screen-sized preview, the preview is drawn (one small scaled draw per paint); when
zoomed in, only the visible part of the full image is."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.02, 16.0


class ImageCanvas(QWidget):
    """Draws one image fitted or zoomed, centred when smaller than the view; drag to pan."""

    zoomChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.preview: QImage | None = None
        self.message = ""
        self.fit_mode = True
        self.zoom = 1.0
        self.offset = QPointF(0, 0)  # the image's top-left corner, in widget pixels
        self._drag: QPointF | None = None
        self.setMinimumSize(200, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, QColor(24, 24, 24))
        self.setPalette(pal)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    # -- state ------------------------------------------------------------------------------

    def set_image(self, image: QImage | None, preview: QImage | None = None, message: str = "") -> None:
        self.image, self.preview, self.message = image, preview or image, message
        self.fit()

    def fit_zoom(self) -> float:
        if self.image is None or self.image.isNull():
            return 1.0
        w, h = max(1, self.width()), max(1, self.height())
        return min(w / self.image.width(), h / self.image.height(), 1.0)

    def fit(self) -> None:
        self.fit_mode = True
        self._set_zoom(self.fit_zoom(), None)

    def set_zoom(self, zoom: float, around: QPointF | None = None) -> None:
        self.fit_mode = False
        self._set_zoom(zoom, around)

    def zoom_by(self, factor: float, around: QPointF | None = None) -> None:
        self.set_zoom(self.zoom * factor, around)

    def _set_zoom(self, zoom: float, around: QPointF | None) -> None:
        zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if around is None:
            around = QPointF(self.width() / 2, self.height() / 2)
        if self.zoom > 0:
            k = zoom / self.zoom
            self.offset = around - (around - self.offset) * k
        self.zoom = zoom
        self._clamp()
        self.update()
        self.zoomChanged.emit(zoom)

    def _clamp(self) -> None:
        if self.image is None:
            return
        iw, ih = self.image.width() * self.zoom, self.image.height() * self.zoom
        x, y = self.offset.x(), self.offset.y()
        x = (self.width() - iw) / 2 if iw <= self.width() else min(0.0, max(self.width() - iw, x))
        y = (self.height() - ih) / 2 if ih <= self.height() else min(0.0, max(self.height() - ih, y))
        self.offset = QPointF(x, y)

    def image_rect(self) -> QRectF:
        if self.image is None:
            return QRectF()
        return QRectF(self.offset.x(), self.offset.y(), self.image.width() * self.zoom,
                      self.image.height() * self.zoom)

    # -- events -----------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        if self.fit_mode:
            self.zoom = self.fit_zoom()
        self._clamp()
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        if self.image is None or self.image.isNull():
            p.setPen(QColor(200, 200, 200))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            return
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self.zoom < 2.0)
        target = self.image_rect()
        dpr = self.devicePixelRatioF()
        src_img = self.image
        if self.preview is not None and target.width() * dpr <= self.preview.width() * 1.01:
            src_img = self.preview  # shown smaller than the preview: draw the small copy
        # Draw only the visible part of the source (cheap when zoomed far in).
        visible = target.intersected(QRectF(self.rect()))
        sx = src_img.width() / target.width()
        sy = src_img.height() / target.height()
        src = QRectF((visible.x() - target.x()) * sx, (visible.y() - target.y()) * sy,
                     visible.width() * sx, visible.height() * sy)
        p.drawImage(visible, src_img, src)

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP ** steps, event.position())
        event.accept()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event) -> None:
        if self._drag is not None:
            self.offset += event.position() - self._drag
            self._drag = event.position()
            self._clamp()
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        self._drag = None
        self.unsetCursor()
