"""Face boxes over the viewer's image (issue 17): each face photorec found, with the name of
its person (or "?" when it has none), drawn over :class:`ImageCanvas` when shown (the viewer
toggles them with a key). Clicking a box that belongs to a person emits ``person_clicked``.

It filters the canvas's events (no change to the canvas): after the canvas paints, the boxes
are painted on top; a click inside a box is taken, any other goes on to the canvas (pan).
``provider(path)`` returns the faces of a photo (``People.boxes_of_path``); it is called on
the window's job runtime when ``run`` is set, else directly.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget


class FaceOverlay(QObject):
    person_clicked = Signal(int)
    changed = Signal()

    def __init__(self, canvas: QWidget) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.visible = False
        self.boxes: list = []
        self.path = ""
        self.provider = None  # path -> list of FaceBox
        self.run = None  # (fn, on_done) -> None: runs fn off the GUI thread
        canvas.installEventFilter(self)

    def toggle(self) -> None:
        self.visible = not self.visible
        self.canvas.update()

    def set_path(self, path: str) -> None:
        self.path, self.boxes = path, []
        self.canvas.update()
        if self.provider is None or not path:
            return
        provider = self.provider

        def done(boxes, asked=path) -> None:
            if asked == self.path:
                self.boxes = list(boxes or [])
                self.canvas.update()
                self.changed.emit()

        if self.run is not None:
            self.run(lambda: provider(path), done)
        else:
            done(provider(path))

    def box_rect(self, box) -> QRectF:
        r = self.canvas.image_rect()  # type: ignore[attr-defined]  # an ImageCanvas
        x, y, w, h = box.box
        return QRectF(r.x() + x * r.width(), r.y() + y * r.height(), w * r.width(), h * r.height())

    def label(self, box) -> str:
        if box.name:
            return box.name
        if box.person_id:
            return self.tr("Unnamed")
        if box.suggestion_name:
            return self.tr("%1?").replace("%1", box.suggestion_name)
        return "?"

    def eventFilter(self, obj, event) -> bool:
        if obj is not self.canvas or not self.visible or not self.boxes:
            return False
        if event.type() == QEvent.Type.Paint:
            self.canvas.paintEvent(event)
            self._paint()
            return True
        if (event.type() == QEvent.Type.MouseButtonPress
                and event.button() == Qt.MouseButton.LeftButton):
            for b in self.boxes:
                if b.person_id and self.box_rect(b).contains(event.position()):
                    self.person_clicked.emit(int(b.person_id))
                    return True
        return False

    def _paint(self) -> None:
        p = QPainter(self.canvas)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(p.font())
        font.setBold(True)
        p.setFont(font)
        fm = p.fontMetrics()
        for b in self.boxes:
            r = self.box_rect(b)
            known = bool(b.person_id)
            color = QColor(255, 214, 10) if known else QColor(230, 230, 230)
            p.setPen(QPen(QColor(0, 0, 0, 160), 4))
            p.drawRect(r)
            p.setPen(QPen(color, 2))
            p.drawRect(r)
            text = self.label(b)
            tw, th = fm.horizontalAdvance(text) + 8, fm.height() + 2
            tag = QRectF(r.x(), r.bottom() + 2, tw, th)
            p.fillRect(tag, QColor(0, 0, 0, 170))
            p.setPen(color)
            p.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
        p.end()
