"""The thumbnail grid: a QListView laid out as a justified grid, and the delegate that paints
a photo cell (thumbnail or placeholder, name, similarity badge, offline dimming)."""

from __future__ import annotations

import time
from collections import OrderedDict

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (QColor, QFont, QFontMetrics, QGuiApplication, QKeyEvent, QPainter,
                           QPainterPath, QPalette, QPen, QPixmap)
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

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
PAINT_BUDGET_S = 0.012  # new cells drawn per repaint, at most; the rest on the next one


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

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return self.cell_size(self.thumb, option.font)

    # painting --------------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        # A cell is drawn once into a pixmap and then blitted: repaints (scrolling, rows
        # arriving from the indexer) cost one call per cell, which keeps the GUI thread's
        # time (and its waits for the GIL while workers run) short.
        model = index.model()
        row = index.row()
        if isinstance(model, PhotoListModel):
            photo, score = model.photo(row), model.score(row)
        else:
            photo, score = index.data(PhotoRole), index.data(ScoreRole)
        if photo is None:
            return
        r = option.rect
        w, h = r.width(), r.height()
        t = min(self.thumb, w - 2 * MARGIN)
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        img = self.loader.image(photo, t * dpr)
        state = int(option.state.value) & _STATE_BITS
        missing = img is None and self.loader.is_missing(photo)
        key = (photo.id, photo.ckey, photo.online, photo.name, w, h, t, dpr, state,
               None if score is None else round(score * 100),
               img.cacheKey() if img is not None else missing, self.show_names,
               option.palette.cacheKey(), option.font.key())
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
        painter.drawPixmap(r.topLeft(), pm)

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
                                 "offline" if offline else "no preview")

        if score is not None:
            self._badge(painter, target.topLeft() + QPoint(6, 6), score_text(score),
                        QColor(0, 0, 0, 175), QColor(255, 255, 255), left=True, font=option.font)
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
               left: bool, font: QFont) -> None:
        if self._badge_font is None or self._badge_font.family() != font.family():
            f = QFont(font)
            f.setBold(True)
            f.setPointSizeF(max(8.0, font.pointSizeF() * 0.95) if font.pointSizeF() > 0 else 9.0)
            self._badge_font = f
        fm = QFontMetrics(self._badge_font)
        w = fm.horizontalAdvance(text) + 12
        h = fm.height() + 4
        rect = QRectF(anchor.x() if left else anchor.x() - w, anchor.y(), w, h)
        path = QPainterPath()
        path.addRoundedRect(rect, h / 2, h / 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.fillPath(path, bg)
        painter.setFont(self._badge_font)
        painter.setPen(fg)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


class PhotoGridView(QListView):
    """A grid of photo cells. A plain click (or Enter) emits ``photo_activated``; Ctrl/Shift
    clicks only select. Columns fill the width evenly at the chosen thumbnail size."""

    photo_activated = Signal(object)  # Photo
    context_requested = Signal(list, QPoint)  # [Photo], global position

    def __init__(self, loader: ThumbnailLoader, parent=None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.delegate = PhotoDelegate(loader, self)
        self.setItemDelegate(self.delegate)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there, so the columns never re-flow when it would come or go.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setMouseTracking(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context)
        self.clicked.connect(self._on_clicked)
        self.setSpacing(0)
        self.empty_text = ""
        self.paint_budget = PAINT_BUDGET_S
        self._thumb = DEFAULT_THUMB
        self._last_width = -1
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(0)
        self._repaint.timeout.connect(self.viewport().update)
        loader.loaded.connect(self._repaint.start)
        self.verticalScrollBar().setSingleStep(24)

    # size --------------------------------------------------------------------------------------

    @property
    def thumb_size(self) -> int:
        return self._thumb

    def set_thumb_size(self, px: int) -> None:
        px = max(MIN_THUMB, min(MAX_THUMB, int(px)))
        if px != self._thumb:
            self._thumb = px
            self._relayout(force=True)

    def set_show_names(self, show: bool) -> None:
        self.delegate.show_names = show
        self._relayout(force=True)

    def _relayout(self, force: bool = False) -> None:
        width = self.viewport().width()
        if width <= 0 or (width == self._last_width and not force):
            return
        self._last_width = width
        avail = width - 1  # QListView wraps a row 1 px early
        want = self._thumb + 2 * MARGIN
        cols = max(1, avail // want)
        cell_w = max(want // 2, avail // cols)
        thumb = cell_w - 2 * MARGIN
        # Grow the thumbnails to fill the row, but only a little past the chosen size.
        thumb = min(thumb, int(self._thumb * 1.25))
        self.delegate.thumb = thumb
        cell = self.delegate.cell_size(thumb, self.font())
        self.setGridSize(QSize(cell_w, cell.height()))
        self.verticalScrollBar().setSingleStep(max(24, cell.height() // 4))
        self.scheduleDelayedItemsLayout()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:  # e.g. the scroll bar came or went
            QTimer.singleShot(0, self._relayout)
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._relayout(force=True)

    # selection ---------------------------------------------------------------------------------

    def _photo_at(self, index: QModelIndex):
        model = self.model()
        if not index.isValid() or model is None:
            return None
        return model.photo(index.row()) if isinstance(model, PhotoListModel) else index.data(PhotoRole)

    def current_photo(self):
        return self._photo_at(self.currentIndex())

    def selected_photos(self) -> list:
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes()) if self.selectionModel() else []
        model = self.model()
        out = [model.photo(r) for r in rows] if isinstance(model, PhotoListModel) else []
        return [p for p in out if p is not None]

    def select_row(self, row: int, select: bool = True) -> None:
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        idx = model.index(row, 0)
        if select:
            self.setCurrentIndex(idx)
        else:
            self.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)

    def visible_rows(self) -> range:
        """Rows whose cells intersect the viewport (for tests and the screenshot)."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return range(0)
        vp = self.viewport().rect()
        first = self.indexAt(vp.topLeft() + QPoint(2, 2))
        start = first.row() if first.isValid() else 0
        end = start
        n = model.rowCount()
        while end < n and self.visualRect(model.index(end, 0)).intersects(vp):
            end += 1
        return range(start, end)

    # events ------------------------------------------------------------------------------------

    def _on_clicked(self, index: QModelIndex) -> None:
        mods = QGuiApplication.keyboardModifiers()
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
                   | Qt.KeyboardModifier.MetaModifier):
            return
        photo = self._photo_at(index)
        if photo is not None:
            self.photo_activated.emit(photo)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
                Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier):
            photo = self.current_photo()
            if photo is not None:
                self.photo_activated.emit(photo)
                event.accept()
                return
        super().keyPressEvent(event)

    def _on_context(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        sel = self.selectionModel()
        if sel is not None and not sel.isSelected(index):
            self.setCurrentIndex(index)
        photos = self.selected_photos() or [p for p in [self._photo_at(index)] if p]
        self.context_requested.emit(photos, self.viewport().mapToGlobal(pos))

    def paintEvent(self, event) -> None:  # noqa: N802
        d = self.delegate
        d.deferred = False
        d.deadline = time.perf_counter() + self.paint_budget
        try:
            super().paintEvent(event)
        finally:
            d.deadline = float("inf")
        if d.deferred:
            self._repaint.start()  # draw the rest on the next turn of the event loop
        model = self.model()
        if self.empty_text and (model is None or model.rowCount() == 0):
            p = QPainter(self.viewport())
            color = QColor(self.palette().color(QPalette.ColorRole.Text))
            color.setAlpha(130)
            p.setPen(color)
            p.drawText(self.viewport().rect().adjusted(24, 24, -24, -24),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
            p.end()
