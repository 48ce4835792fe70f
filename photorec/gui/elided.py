"""A one-line label that gives way: short of room it ends in "…" (the whole text in its
tooltip) rather than widening the page that holds it and squeezing the sidebar (a long theme
name, a long search)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QWidget

MIN_WIDTH = 80  # px: what it keeps however long the text


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        s = super().minimumSizeHint()
        return QSize(min(s.width(), MIN_WIDTH), s.height())

    def shown_text(self) -> str:
        """The text as it is drawn now (elided when the label is narrower than it)."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def is_elided(self) -> bool:
        return self.shown_text() != self.text()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        shown = self.shown_text()
        self.setToolTip(self.text() if shown != self.text() else "")
        self.style().drawItemText(p, self.contentsRect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), shown, self.foregroundRole())


def placeholder_width(edit: QLineEdit, sides: int = 2) -> int:
    """The width ``edit`` needs to show its whole placeholder, with ``sides`` icons or buttons
    (a leading search icon, the clear button) taking room of their own."""
    style = edit.style()
    side = style.pixelMetric(style.PixelMetric.PM_SmallIconSize) + 8
    return edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + sides * side + 16
