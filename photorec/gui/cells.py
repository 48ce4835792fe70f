"""How one photo cell of the grid is painted (thumbnail or placeholder, name, similarity
badge, offline dimming), drawn once into a pixmap and then blitted: :class:`PhotoDelegate`."""

from __future__ import annotations

import time
from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from photorec.gui import icons
from photorec.gui.models import PhotoListModel, PhotoRole, ScoreRole
from photorec.gui.thumbs import ThumbnailLoader

GAP = 4  # half the space between two cards
PAD = 6  # inside a card, around the thumbnail
MARGIN = GAP + PAD
TEXT_GAP = 5
BOX_RATIO = 0.75  # the thumbnail box is 4:3; other shapes are fitted inside it
MIN_THUMB = 96
MAX_THUMB = 320
DEFAULT_THUMB = 176
BAND_MIN_THUMB = 150  # from this thumbnail width on, the badge names the band too
PAINT_BUDGET_S = 0.004  # new cells drawn per repaint, at most; the rest on the next one


_SELECTED = int(QStyle.StateFlag.State_Selected.value)
_HOVER = int(QStyle.StateFlag.State_MouseOver.value)
_FOCUS = int(QStyle.StateFlag.State_HasFocus.value)
_STATE_BITS = _SELECTED | _HOVER | _FOCUS


def box_height(thumb: int) -> int:
    return int(round(thumb * BOX_RATIO))


def score_text(score: float) -> str:
    return f"{round(max(0.0, min(1.0, score)) * 100)}%"


class PhotoDelegate(QStyledItemDelegate):
    def __init__(self, loader: ThumbnailLoader, parent=None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.thumb = DEFAULT_THUMB
        self.show_names = True
        self.describe = None  # score -> words (the similar panel's bands); None: percent only
        self._badge_font: QFont | None = None
        self._cells: OrderedDict[tuple, QPixmap] = OrderedDict()
        self.cell_cache_size = 600
        # The view sets a time limit for drawing new cells in one repaint (see paint).
        self.deadline = float("inf")
        self.deferred = False

    # geometry --------------------------------------------------------------------------------

    def cell_size(self, thumb: int, font: QFont) -> QSize:
        text_h = QFontMetrics(font).height() + TEXT_GAP if self.show_names else 0
        return QSize(thumb + 2 * MARGIN, box_height(thumb) + 2 * MARGIN + text_h)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return self.cell_size(self.thumb, option.font)

    # painting --------------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        model = index.model()
        row = index.row()
        if isinstance(model, PhotoListModel):
            photo, score = model.photo(row), model.score(row)
        else:
            photo, score = index.data(PhotoRole), index.data(ScoreRole)
        if photo is None:
            return
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        r = option.rect
        self.paint_cell(painter, option, r.x(), r.y(), r.width(), r.height(),
                        int(option.state.value) & _STATE_BITS, photo, score, dpr,
                        (option.palette.cacheKey(), option.font.key()))

    def paint_cell(self, painter: QPainter, option: QStyleOptionViewItem, x: int, y: int, w: int,
                   h: int, state: int, photo, score: float | None, dpr: float, style_key: tuple) -> None:
        """Draw one cell at (x, y). ``option`` gives the palette and font only; ``style_key``
        identifies them. The view calls this with everything worked out once per repaint.

        A cell is drawn once into a pixmap and then blitted: repaints (scrolling, rows
        arriving from the indexer) cost one call into Qt per cell. Every call into Qt that
        comes back into Python (``model.index``, ``isSelected`` asking ``flags``...) is a
        chance for a busy worker to take the GIL, and the GUI thread then waits for it."""
        t = min(self.thumb, w - 2 * MARGIN)
        img = self.loader.image(photo, t * dpr)
        missing = img is None and self.loader.is_missing(photo)
        key = (photo.id, photo.ckey, photo.online, photo.name, w, h, t, dpr, state,
               None if score is None else round(score * 100),
               img.cacheKey() if img is not None else missing, self.show_names, style_key)
        pm = self._cells.get(key)
        if pm is None:
            if time.perf_counter() > self.deadline:
                # Out of time for this repaint: a bare card now, the cell on the next one.
                self.deferred = True
                pm = self._blank(w, h, dpr, state, option)
            else:
                pm = self._render(photo, score, img, missing, w, h, t, dpr, state, option)
                self._cells[key] = pm
                while len(self._cells) > self.cell_cache_size:
                    self._cells.popitem(last=False)
        else:
            self._cells.move_to_end(key)
        painter.drawPixmap(x, y, pm)

    def _blank(self, w: int, h: int, dpr: float, state: int, option: QStyleOptionViewItem) -> QPixmap:
        key = ("blank", w, h, dpr, state & _SELECTED, option.palette.cacheKey())
        pm = self._cells.get(key)
        if pm is None:
            pm = QPixmap(max(1, int(w * dpr)), max(1, int(h * dpr)))
            pm.setDevicePixelRatio(dpr)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            fill = QColor(option.palette.color(QPalette.ColorRole.Text))
            fill.setAlpha(11)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(fill)
            p.drawRoundedRect(QRectF(0, 0, w, h).adjusted(GAP + 0.5, GAP + 0.5, -GAP - 0.5, -GAP - 0.5), 6, 6)
            p.end()
            self._cells[key] = pm
        return pm

    def clear_cache(self) -> None:
        self._cells.clear()

    def _render(self, photo, score, img, missing: bool, w: int, h: int, t: int, dpr: float,
                state: int, option: QStyleOptionViewItem) -> QPixmap:
        pm = QPixmap(max(1, int(w * dpr)), max(1, int(h * dpr)))
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pm)
        try:
            self._draw(painter, photo, score, img, missing, QRect(0, 0, w, h), t, state, option)
        finally:
            painter.end()
        return pm

    def _draw(self, painter: QPainter, photo, score, img, missing: bool, r: QRect, t: int,
              state: int, option: QStyleOptionViewItem) -> None:
        pal = option.palette
        selected = bool(state & _SELECTED)
        hover = bool(state & _HOVER)
        focus = bool(state & _FOCUS)
        offline = not photo.online
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        card = QRectF(r).adjusted(GAP + 0.5, GAP + 0.5, -GAP - 0.5, -GAP - 0.5)
        hl = QColor(pal.color(QPalette.ColorRole.Highlight))
        fill = QColor(pal.color(QPalette.ColorRole.Text))
        fill.setAlpha(22 if hover else 11)
        if selected:
            fill = QColor(hl)
            fill.setAlpha(70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(card, 6, 6)
        if selected or focus:
            edge = QColor(hl)
            edge.setAlpha(255 if selected else 150)
            painter.setPen(QPen(edge, 2 if selected else 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

        box = QRect(r.x() + (r.width() - t) // 2, r.y() + MARGIN, t, box_height(t))
        if img is not None and not img.isNull():
            size = img.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(box.center())
            if offline:
                painter.setOpacity(0.45)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(target, img)
            painter.setOpacity(1.0)
        else:
            target = self._placeholder_rect(photo, box)
            ph = QColor(pal.color(QPalette.ColorRole.Text))
            ph.setAlpha(20 if not offline else 12)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ph)
            painter.drawRoundedRect(QRectF(target), 4, 4)
            if missing:
                mark = QColor(pal.color(QPalette.ColorRole.Text))
                mark.setAlpha(90)
                painter.setPen(mark)
                painter.setFont(option.font)
                painter.drawText(target, Qt.AlignmentFlag.AlignCenter,
                                 self.tr("offline") if offline else self.tr("no preview"))


        if score is not None:
            text = score_text(score)
            if self.describe is not None and t >= BAND_MIN_THUMB:
                text = f"{self.describe(score, photo)} · {text}"  # "Near-duplicate · 91%"
            self._badge(painter, target.topLeft() + QPoint(6, 6), text,
                        QColor(0, 0, 0, 175), QColor(255, 255, 255), left=True, font=option.font,
                        bounds=box, short=score_text(score))
        if offline:
            self._offline_mark(painter, target.topRight() + QPoint(-6, 6))

        if self.show_names:
            fm = QFontMetrics(option.font)
            text_rect = QRect(r.x() + MARGIN, box.bottom() + TEXT_GAP, r.width() - 2 * MARGIN, fm.height())
            name = fm.elidedText(photo.name, Qt.TextElideMode.ElideMiddle, text_rect.width())
            color = QColor(pal.color(QPalette.ColorRole.Text))
            if offline:
                color.setAlpha(110)
            elif not selected:
                color.setAlpha(200)
            painter.setFont(option.font)
            painter.setPen(color)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, name)

    @staticmethod
    def _placeholder_rect(photo, box: QRect) -> QRect:
        w, h = photo.width or 4, photo.height or 3
        size = QSize(w, h).scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
        rect = QRect(0, 0, size.width(), size.height())
        rect.moveCenter(box.center())
        return rect

    def _offline_mark(self, painter: QPainter, top_right: QPoint) -> None:
        """A small round "unplugged" mark: the photo's folder is offline."""
        d = 22
        rect = QRectF(top_right.x() - d, top_right.y(), d, d)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 175))
        painter.drawEllipse(rect)
        icons.icon("offline", themed=False, color=QColor(255, 255, 255)).paint(
            painter, rect.adjusted(4, 4, -4, -4).toRect())

    def _badge(self, painter: QPainter, anchor: QPoint, text: str, bg: QColor, fg: QColor,
               left: bool, font: QFont, bounds: QRect | None = None, short: str | None = None) -> None:
        """A pill with ``text`` at ``anchor``; inside ``bounds`` (the cell's picture area: a
        narrow portrait must not push it out of its cell), else ``short``, else cut."""
        if self._badge_font is None or self._badge_font.family() != font.family():
            f = QFont(font)
            f.setBold(True)
            f.setPointSizeF(max(8.0, font.pointSizeF() * 0.95) if font.pointSizeF() > 0 else 9.0)
            self._badge_font = f
        fm = QFontMetrics(self._badge_font)
        w = fm.horizontalAdvance(text) + 12
        h = fm.height() + 4
        x = anchor.x() if left else anchor.x() - w
        if bounds is not None and x + w > bounds.right():
            x = bounds.right() - w  # slide it in, over the margin beside the picture
            if x < bounds.left() and short is not None and short != text:
                text, w = short, fm.horizontalAdvance(short) + 12
                x = min(anchor.x() if left else anchor.x() - w, bounds.right() - w)
            x = max(x, bounds.left())
        rect = QRectF(x, anchor.y(), w, h)
        path = QPainterPath()
        path.addRoundedRect(rect, h / 2, h / 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.fillPath(path, bg)
        painter.setFont(self._badge_font)
        painter.setPen(fg)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
