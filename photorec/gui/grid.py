"""The thumbnail grid: a view laid out as a justified grid with O(1) geometry. Each cell is
painted by :class:`~photorec.gui.cells.PhotoDelegate`."""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCursor, QGuiApplication, QKeyEvent, QPainter, QPalette, QRegion
from PySide6.QtWidgets import QAbstractItemView, QStyleOptionViewItem

from photorec.gui.cells import (  # noqa: F401 - sizes the window and the pages use, from here
    _FOCUS,
    _HOVER,
    _SELECTED,
    DEFAULT_THUMB,
    MARGIN,
    MAX_THUMB,
    MIN_THUMB,
    PAINT_BUDGET_S,
    PhotoDelegate,
    box_height,
    score_text,
)
from photorec.gui.clicks import SecondPress
from photorec.gui.contrast import secondary
from photorec.gui.models import PhotoListModel, PhotoRole, ScoreRole
from photorec.gui.thumbs import ThumbnailLoader


class PhotoGridView(QAbstractItemView):
    """A grid of photo cells with O(1) geometry (row // columns): nothing is laid out per item,
    so 100,000 photos cost no more than 100, and rows arriving from the indexer do not make the
    view walk the whole model (QListView does, calling into the Python model once per row).

    A plain click or Enter emits ``photo_activated`` at once (the window shows the similar
    panel); a double-click then emits ``photo_opened`` for the photo of its first click, even
    though the panel now lies under the mouse (the viewer opens on top). Ctrl/Shift clicks only
    select. Columns fill the width evenly at the chosen thumbnail size."""

    photo_activated = Signal(object)  # Photo
    photo_opened = Signal(object)  # Photo double-clicked: look at it (the viewer)
    context_requested = Signal(list, QPoint)  # [Photo], global position
    typed = Signal(str)  # letters typed in the grid (the window sends them to the name filter)

    def __init__(self, loader: ThumbnailLoader, parent=None) -> None:
        super().__init__(parent)
        # Geometry first: the setters below already call back into indexAt and friends.
        self._thumb = DEFAULT_THUMB
        self._cols = 1
        self._cell = QSize(DEFAULT_THUMB + 2 * MARGIN, DEFAULT_THUMB + 2 * MARGIN)
        self._hover = -1
        self._last_width = -1
        self.loader = loader
        self.delegate = PhotoDelegate(loader, self)
        self.setItemDelegate(self.delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there, so the columns never re-flow when it would come or go.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setMouseTracking(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QAbstractItemView.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context)
        self.clicked.connect(self._on_clicked)
        # A click answers at once; a double-click's second press then opens the viewer on
        # top (gui/clicks.py), wherever it lands.
        self.doubleClicked.connect(self._on_double_clicked)
        self._second = SecondPress(self, self.photo_opened.emit)
        self._swallow_click = False  # the release that ends a double-click is no click
        self._empty_text = ""
        self.paint_budget = PAINT_BUDGET_S
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(0)
        self._repaint.timeout.connect(self.viewport().update)
        loader.loaded.connect(self._repaint.start)
        # Rows coming and going change the scroll range and every cell after them. Qt's
        # QAbstractItemView does nothing visible on rowsInserted (QListView lays itself out
        # again; this view has to say so itself): without this, a new library's grid kept
        # its "Looking for photos" text until something else repainted it (#9).
        self._rows_changed = QTimer(self)
        self._rows_changed.setSingleShot(True)
        self._rows_changed.setInterval(0)
        self._rows_changed.timeout.connect(self._after_rows_changed)

    @property
    def empty_text(self) -> str:
        """What an empty grid says (drawn only while the model has no rows)."""
        return self._empty_text

    @empty_text.setter
    def empty_text(self, text: str) -> None:
        if text != self._empty_text:
            self._empty_text = text
            self.viewport().update()

    def setModel(self, model) -> None:
        old = self.model()
        if old is not None:
            for sig in (old.rowsInserted, old.rowsRemoved, old.layoutChanged):
                try:
                    sig.disconnect(self._rows_changed.start)
                except (RuntimeError, TypeError):
                    pass
        super().setModel(model)
        if model is not None:
            for sig in (model.rowsInserted, model.rowsRemoved, model.layoutChanged):
                sig.connect(self._rows_changed.start)
        self._rows_changed.start()

    def _after_rows_changed(self) -> None:
        """Once per event-loop turn however many rows came: new scroll range, repaint."""
        self.updateGeometries()
        self.viewport().update()

    # size --------------------------------------------------------------------------------------

    @property
    def thumb_size(self) -> int:
        return self._thumb

    def set_thumb_size(self, px: int) -> None:
        px = max(MIN_THUMB, min(MAX_THUMB, int(px)))
        if px != self._thumb:
            anchor = self.indexAt(QPoint(self._cell.width() // 2, self._cell.height() // 2))
            self._thumb = px
            self._relayout(force=True)
            if anchor.isValid():  # keep the top-left photo in view while zooming
                self.scrollTo(anchor, QAbstractItemView.ScrollHint.PositionAtTop)

    def set_show_names(self, show: bool) -> None:
        self.delegate.show_names = show
        self._relayout(force=True)

    def _relayout(self, force: bool = False) -> None:
        width = self.viewport().width()
        if width <= 0 or (width == self._last_width and not force):
            return
        self._last_width = width
        want = self._thumb + 2 * MARGIN
        cols = max(1, width // want)
        cell_w = max(want // 2, width // cols)
        # Grow the thumbnails to fill the row, but only a little past the chosen size.
        thumb = min(cell_w - 2 * MARGIN, int(self._thumb * 1.25))
        self.delegate.thumb = thumb
        self._cols = cols
        self._cell = QSize(cell_w, self.delegate.cell_size(thumb, self.font()).height())
        self.updateGeometries()
        self.viewport().update()

    def _count(self) -> int:
        model = self.model()
        return model.rowCount() if model is not None else 0

    def _row_rect(self, row: int) -> QRect:
        """Where a row's cell is, in content coordinates."""
        cw, ch = self._cell.width(), self._cell.height()
        return QRect((row % self._cols) * cw, (row // self._cols) * ch, cw, ch)

    def updateGeometries(self) -> None:
        n = self._count()
        rows = (n + self._cols - 1) // self._cols
        vh = self.viewport().height()
        sb = self.verticalScrollBar()
        sb.setRange(0, max(0, rows * self._cell.height() - vh))
        sb.setPageStep(max(1, vh))
        sb.setSingleStep(max(24, self._cell.height() // 4))
        super().updateGeometries()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()
        self.updateGeometries()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._relayout(force=True)

    # QAbstractItemView -----------------------------------------------------------------------

    def visualRect(self, index: QModelIndex) -> QRect:
        if not index.isValid():
            return QRect()
        return self._row_rect(index.row()).translated(0, -self.verticalScrollBar().value())

    def indexAt(self, point: QPoint) -> QModelIndex:
        model = self.model()
        if model is None:
            return QModelIndex()
        cw, ch = self._cell.width(), self._cell.height()
        x, y = point.x(), point.y() + self.verticalScrollBar().value()
        if x < 0 or y < 0 or x >= cw * self._cols:
            return QModelIndex()
        row = (y // ch) * self._cols + x // cw
        return model.index(row, 0) if row < model.rowCount() else QModelIndex()

    def scrollTo(self, index: QModelIndex, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if not index.isValid():
            return
        r = self._row_rect(index.row())
        sb = self.verticalScrollBar()
        vh = self.viewport().height()
        H = QAbstractItemView.ScrollHint
        if hint == H.PositionAtTop:
            sb.setValue(r.top())
        elif hint == H.PositionAtBottom:
            sb.setValue(r.bottom() - vh + 1)
        elif hint == H.PositionAtCenter:
            sb.setValue(r.center().y() - vh // 2)
        elif r.top() < sb.value():
            sb.setValue(r.top())
        elif r.bottom() > sb.value() + vh:
            sb.setValue(r.bottom() - vh + 1)

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: QModelIndex) -> bool:
        return False

    def moveCursor(self, action, modifiers) -> QModelIndex:
        model = self.model()
        n = self._count()
        if model is None or n == 0:
            return QModelIndex()
        cur = self.currentIndex().row() if self.currentIndex().isValid() else -1
        if cur < 0:
            return model.index(0, 0)
        A = QAbstractItemView.CursorAction
        page = max(1, self.viewport().height() // max(1, self._cell.height())) * self._cols
        row = {
            A.MoveLeft: cur - 1, A.MovePrevious: cur - 1,
            A.MoveRight: cur + 1, A.MoveNext: cur + 1,
            A.MoveUp: cur - self._cols if cur >= self._cols else cur,
            A.MoveDown: cur + self._cols if cur + self._cols < n else cur,
            A.MovePageUp: cur - page, A.MovePageDown: cur + page,
            A.MoveHome: 0, A.MoveEnd: n - 1,
        }.get(action, cur)
        return model.index(max(0, min(n - 1, row)), 0)

    def _rows_in(self, rect: QRect) -> tuple[int, int]:
        """First and last row whose cells meet ``rect`` (viewport coordinates), by grid rows."""
        ch = self._cell.height()
        off = self.verticalScrollBar().value()
        n = self._count()
        top = max(0, (rect.top() + off) // ch) * self._cols
        bottom = min(n - 1, ((rect.bottom() + off) // ch + 1) * self._cols - 1)
        return top, bottom

    def setSelection(self, rect: QRect, command) -> None:
        model = self.model()
        if model is None or self.selectionModel() is None:
            return
        rect = rect.normalized()
        cw, ch = self._cell.width(), self._cell.height()
        off = self.verticalScrollBar().value()
        c0 = max(0, rect.left() // cw)
        c1 = min(self._cols - 1, rect.right() // cw)
        r0 = max(0, (rect.top() + off) // ch)
        r1 = (rect.bottom() + off) // ch
        n = model.rowCount()
        sel = QItemSelection()
        if c0 <= c1:
            for grid_row in range(r0, r1 + 1):
                a = grid_row * self._cols + c0
                b = min(n - 1, grid_row * self._cols + c1)
                if a >= n:
                    break
                if a <= b:
                    sel.select(model.index(a, 0), model.index(b, 0))
        self.selectionModel().select(sel, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        first, last = self._rows_in(self.viewport().rect())
        for rng in selection:
            for row in range(max(first, rng.top()), min(last, rng.bottom()) + 1):
                region += self._row_rect(row).translated(0, -self.verticalScrollBar().value())
        return region

    # painting ------------------------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        model = self.model()
        painter = QPainter(self.viewport())
        try:
            n = model.rowCount() if model is not None else 0
            if n == 0:
                if self.empty_text:
                    painter.setPen(secondary(self.palette(), QPalette.ColorRole.Text, QPalette.ColorRole.Base))
                    painter.drawText(self.viewport().rect().adjusted(24, 24, -24, -24),
                                     Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.empty_text)
                return
            d = self.delegate
            d.deferred = False
            d.deadline = time.perf_counter() + self.paint_budget
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            current = self.currentIndex()
            cur_row = current.row() if current.isValid() and self.hasFocus() else -1
            off = self.verticalScrollBar().value()
            first, last = self._rows_in(event.rect())
            selected = self._selected_rows(first, last)
            dev = painter.device()
            dpr = dev.devicePixelRatioF() if dev is not None else 1.0
            style_key = (option.palette.cacheKey(), option.font.key())
            cw, ch, cols = self._cell.width(), self._cell.height(), self._cols
            fast = isinstance(model, PhotoListModel)
            for row in range(first, last + 1):
                if fast:
                    photo, score = model.photo(row), model.score(row)
                else:
                    idx = model.index(row, 0)
                    photo, score = idx.data(PhotoRole), idx.data(ScoreRole)
                if photo is None:
                    continue
                state = 0
                if row in selected:
                    state |= _SELECTED
                if row == cur_row:
                    state |= _FOCUS
                if row == self._hover:
                    state |= _HOVER
                d.paint_cell(painter, option, (row % cols) * cw, (row // cols) * ch - off, cw, ch,
                             state, photo, score, dpr, style_key)
        finally:
            painter.end()
            self.delegate.deadline = float("inf")
        if self.delegate.deferred:
            self._repaint.start()  # draw the rest on the next turn of the event loop

    def _selected_rows(self, first: int, last: int) -> set[int]:
        """Selected rows between first and last, read from the selection's ranges (asking
        ``isSelected`` row by row calls into Qt and back into the model's ``flags``)."""
        sel = self.selectionModel()
        rows: set[int] = set()
        if sel is None or last < first:
            return rows
        for rng in sel.selection():
            top, bottom = max(first, rng.top()), min(last, rng.bottom())
            if top <= bottom:
                rows.update(range(top, bottom + 1))
        return rows

    def _set_hover(self, row: int) -> None:
        if row == self._hover:
            return
        off = self.verticalScrollBar().value()
        for r in (self._hover, row):
            if r >= 0:
                self.viewport().update(self._row_rect(r).translated(0, -off))
        self._hover = row

    def mouseMoveEvent(self, event) -> None:
        idx = self.indexAt(event.position().toPoint())
        self._set_hover(idx.row() if idx.isValid() else -1)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        self._set_hover(-1)
        super().leaveEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if self._hover >= 0 or self.underMouse():  # the cell under the pointer changed
            pos = self.viewport().mapFromGlobal(QCursor.pos())
            idx = self.indexAt(pos) if self.viewport().rect().contains(pos) else QModelIndex()
            self._set_hover(idx.row() if idx.isValid() else -1)

    # selection -----------------------------------------------------------------------------------

    def _photo_at(self, index: QModelIndex):
        model = self.model()
        if not index.isValid() or model is None:
            return None
        return model.photo(index.row()) if isinstance(model, PhotoListModel) else index.data(PhotoRole)

    def current_photo(self):
        return self._photo_at(self.currentIndex())

    def selected_photos(self) -> list:
        sel = self.selectionModel()
        model = self.model()
        if sel is None or not isinstance(model, PhotoListModel):
            return []
        rows = sorted(i.row() for i in sel.selectedIndexes())
        return [p for p in (model.photo(r) for r in rows) if p is not None]

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
        """Rows whose cells meet the viewport (for tests and the screenshot)."""
        if self._count() == 0:
            return range(0)
        first, last = self._rows_in(self.viewport().rect())
        return range(first, last + 1)

    # events ------------------------------------------------------------------------------------

    def _on_clicked(self, index: QModelIndex) -> None:
        mods = QGuiApplication.keyboardModifiers()
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
                   | Qt.KeyboardModifier.MetaModifier):
            return
        photo = self._photo_at(index)
        if photo is None:
            return
        if self._swallow_click:
            self._swallow_click = False
            return
        self._second.clicked(photo, self.model().photos())  # the click may change them
        self.photo_activated.emit(photo)

    def viewer_paths(self) -> list[str]:
        """The photos the viewer steps through when opened from this grid: those shown when
        a double-click began, else those shown now."""
        rows = self._second.rows if self._second.rows is not None else self.model().photos()
        return [p.path for p in rows]

    def _on_double_clicked(self, index: QModelIndex) -> None:
        # Reached only when the first click did not activate (Ctrl/Shift, or no photo).
        if self._second.waiting():
            return
        self._swallow_click = True
        photo = self._photo_at(index)
        if photo is not None:
            self.photo_opened.emit(photo)

    def mousePressEvent(self, event) -> None:
        self._swallow_click = False  # a new press: a new click
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
                Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier):
            photo = self.current_photo()
            if photo is not None:
                self.photo_activated.emit(photo)
                event.accept()
                return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        # Qt's type-ahead asks the model for every row's text: slow at 100k photos in Python.
        self.typed.emit(search)

    def _on_context(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if not index.isValid():
            return
        sel = self.selectionModel()
        if sel is not None and not sel.isSelected(index):
            self.setCurrentIndex(index)
        photos = self.selected_photos() or [p for p in [self._photo_at(index)] if p]
        self.context_requested.emit(photos, self.viewport().mapToGlobal(pos))
