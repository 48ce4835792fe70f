"""The similar-photos page: a header with the query photo, back/forward, and sliders for how
many and how similar; below it the results, best first, each with its similarity."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDateTime,
    QLocale,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from photorec.core.embed.similarity import bands, describe, similar_floor
from photorec.gui import icons
from photorec.gui.contrast import make_secondary
from photorec.gui.grid import PhotoGridView
from photorec.gui.history import Query
from photorec.gui.models import ResultsModel
from photorec.gui.service import SimilarResult
from photorec.gui.thumbs import ThumbnailLoader
from photorec.i18n import plural

if TYPE_CHECKING:
    from photorec.core.store import Photo

QUERY_SIZE = 112
COUNTS = (5, 10, 20, 30, 40, 60, 80, 100, 150, 200)
DEFAULT_COUNT = 40
# photorec.core.embed.similarity's band labels, for lupdate: shown as translate("similarity", label)
BAND_LABELS = (QT_TRANSLATE_NOOP("similarity", "Same photo"), QT_TRANSLATE_NOOP("similarity", "Near-duplicate"),
               QT_TRANSLATE_NOOP("similarity", "Very similar"), QT_TRANSLATE_NOOP("similarity", "Similar"),
               QT_TRANSLATE_NOOP("similarity", "Loosely alike"), QT_TRANSLATE_NOOP("similarity", "Identical file"))


class QueryImage(QWidget):
    """The query photo, drawn from the thumbnail cache (library photos) or a preview image."""

    def __init__(self, loader: ThumbnailLoader, parent=None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.photo: Photo | None = None
        self.preview: QImage | None = None
        self.setFixedSize(QUERY_SIZE, QUERY_SIZE)
        loader.loaded.connect(self.update)

    def set_query(self, photo: Photo | None, preview: QImage | None) -> None:
        self.photo, self.preview = photo, preview
        self.update()

    def ready(self) -> bool:
        if self.photo is not None:
            return self.loader.settled(self.photo, QUERY_SIZE * self.devicePixelRatioF())
        return True

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        img = None
        if self.photo is not None:
            img = self.loader.image(self.photo, QUERY_SIZE * self.devicePixelRatioF())
        elif self.preview is not None and not self.preview.isNull():
            img = self.preview
        box = self.rect()
        if img is None or img.isNull():
            c = QColor(self.palette().color(QPalette.ColorRole.Text))
            c.setAlpha(18)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(c)
            p.drawRoundedRect(box.adjusted(0, 0, -1, -1), 6, 6)
            p.end()
            return
        size = img.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(QPoint(0, 0), size)
        target.moveCenter(box.center())
        p.drawImage(target, img)
        p.setPen(QPen(QColor(0, 0, 0, 50), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(target.adjusted(0, 0, -1, -1))
        p.end()


class SimilarPanel(QWidget):
    back_requested = Signal()
    forward_requested = Signal()
    params_changed = Signal(int, float)  # k, min score (0..1)
    add_folder_requested = Signal(str)

    def __init__(self, loader: ThumbnailLoader, parent=None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.query: Query | None = None
        self.result: SimilarResult | None = None
        self.pending = False
        self.shown_while_indexing = False  # the result was computed while indexing ran
        self.model_info = None  # the library's model: what a score means in words

        self.back_button = self._nav(icons.back(self), self.tr("Back (Alt+Left, Backspace)"), self.back_requested.emit)
        self.forward_button = self._nav(icons.forward(self), self.tr("Forward (Alt+Right)"),
                                        self.forward_requested.emit)
        nav = QHBoxLayout()
        nav.setSpacing(0)
        nav.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignVCenter)
        nav.addWidget(self.forward_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.image = QueryImage(loader, self)
        self.title = QLabel(self)
        tf = QFont(self.font())
        tf.setPointSizeF(tf.pointSizeF() * 1.35)
        tf.setBold(True)
        self.title.setFont(tf)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel(self)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        for lab in (self.subtitle, self.status):
            make_secondary(lab)
        self.add_folder_button = QPushButton(self.tr("Add its folder to the library"), self)
        self.add_folder_button.setToolTip(self.tr("The image is not in the library: add the folder it is in"))
        self.add_folder_button.clicked.connect(self._add_folder)
        self.add_folder_button.hide()
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addStretch(1)
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        text.addWidget(self.status)
        row = QHBoxLayout()
        row.addWidget(self.add_folder_button)
        self.people_row = row  # where similar_people.PeopleSwitch puts "Same people"
        row.addStretch(1)
        text.addLayout(row)
        text.addStretch(1)

        self.count_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.count_slider.setRange(0, len(COUNTS) - 1)
        self.count_slider.setPageStep(1)
        self.count_slider.setValue(COUNTS.index(DEFAULT_COUNT))
        self.count_slider.setToolTip(self.tr("How many similar photos to show"))
        self.count_label = QLabel(self)
        self.min_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.min_slider.setRange(0, 19)  # steps of 5 %
        self.min_slider.setPageStep(2)
        # Until the user moves it, "At least" follows the model's "Similar" floor: what
        # photorec stands behind as similar; lower, photos are only "loosely alike".
        self.min_auto = True
        self.min_slider.setValue(self._floor_step())
        self.min_slider.setToolTip(self.tr("Hide photos less similar than this (it stops at "
                                           "each band: similar, very similar, near-duplicate)"))
        self.min_label = QLabel(self)
        for s in (self.count_slider, self.min_slider):
            s.setFixedWidth(150)
        self.count_label.setMinimumWidth(
            self.count_label.fontMetrics().horizontalAdvance(self.tr("%1 photos").replace("%1", "200")) + 4)
        self.min_label.setMinimumWidth(self.min_label.fontMetrics().horizontalAdvance(
            "95% · " + QCoreApplication.translate("similarity", "Near-duplicate")) + 4)
        controls = QGridLayout()
        controls.setHorizontalSpacing(10)
        controls.setVerticalSpacing(6)
        controls.addWidget(QLabel(self.tr("Show"), self), 0, 0, Qt.AlignmentFlag.AlignRight)
        controls.addWidget(self.count_slider, 0, 1)
        controls.addWidget(self.count_label, 0, 2)
        controls.addWidget(QLabel(self.tr("At least"), self), 1, 0, Qt.AlignmentFlag.AlignRight)
        controls.addWidget(self.min_slider, 1, 1)
        controls.addWidget(self.min_label, 1, 2)
        ctl = QVBoxLayout()
        ctl.addStretch(1)
        ctl.addLayout(controls)
        ctl.addStretch(1)

        header = QWidget(self)
        header.setObjectName("similarHeader")
        hl = QHBoxLayout(header)
        hl.setContentsMargins(12, 12, 16, 12)
        hl.setSpacing(14)
        hl.addLayout(nav)
        hl.addWidget(self.image)
        hl.addLayout(text, 1)
        hl.addLayout(ctl)
        header.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.model = ResultsModel(self)
        self.view = PhotoGridView(loader, self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Similar photos"))

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(header)
        line = QWidget(self)
        line.setFixedHeight(1)
        line.setAutoFillBackground(True)
        lp = line.palette()
        sep = QColor(lp.color(QPalette.ColorRole.WindowText))
        sep.setAlpha(40)
        lp.setColor(QPalette.ColorRole.Window, sep)
        line.setPalette(lp)
        lay.addWidget(line)
        lay.addWidget(self.view, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(180)
        self._debounce.timeout.connect(lambda: self.params_changed.emit(self.k, self.min_score))
        self.count_slider.valueChanged.connect(self._on_slider)
        self.min_slider.valueChanged.connect(self._on_slider)
        self.min_slider.sliderReleased.connect(self._snap)
        self._update_labels()

    def _nav(self, icon, tip: str, slot) -> QToolButton:
        b = QToolButton(self)
        b.setIcon(icon)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.setIconSize(QSize(18, 18))
        b.clicked.connect(slot)
        return b

    # -- parameters -----------------------------------------------------------------------------

    @property
    def k(self) -> int:
        return COUNTS[self.count_slider.value()]

    @property
    def min_score(self) -> float | None:
        """The "At least" score, or None while it follows the model's "Similar" floor."""
        return None if self.min_auto else self.min_slider.value() * 5 / 100.0

    def _floor_step(self) -> int:
        return int(round(similar_floor(self.model_info) * 20))

    def set_params(self, k: int, min_score: float | None) -> None:
        """``min_score`` None or negative: follow the model's "Similar" floor."""
        idx = min(range(len(COUNTS)), key=lambda i: abs(COUNTS[i] - k))
        self.min_auto = min_score is None or min_score < 0
        step = self._floor_step() if self.min_auto else int(round(min_score * 20))
        for s, v in ((self.count_slider, idx), (self.min_slider, step)):
            s.blockSignals(True)
            s.setValue(v)
            s.blockSignals(False)
        self._update_labels()

    def _on_slider(self) -> None:
        if self.sender() is self.min_slider:
            self.min_auto = False  # the user's choice from now on
        self._update_labels()
        self._debounce.start()

    def set_model_info(self, model) -> None:
        """The library's model (``ModelInfo``): the similarity bands are placed per model."""
        self.model_info = model
        self.view.delegate.describe = self.describe
        if self.min_auto:
            self.min_slider.blockSignals(True)
            self.min_slider.setValue(self._floor_step())
            self.min_slider.blockSignals(False)
        self._update_labels()

    def describe(self, score: float, photo: Photo | None = None) -> str:
        """A score in words ("Near-duplicate", "Very similar"...), for this library's model; a
        mirrored copy of the query (``photo``) is at most a near-duplicate."""
        mirrored = photo is not None and self.result is not None and photo.path in self.result.mirrored
        return QCoreApplication.translate("similarity", describe(score, self.model_info, mirrored=mirrored))

    def band_steps(self) -> list[int]:
        """Slider steps (5 % each) where a band starts: the slider snaps to them."""
        return sorted({min(19, int(round(b.floor * 20))) for b in bands(self.model_info)})

    def _snap(self) -> None:
        """Dropped near a band's floor (within one step): onto it."""
        v = self.min_slider.value()
        near = [b for b in self.band_steps() if abs(b - v) <= 1]
        if near:
            best = min(near, key=lambda b: abs(b - v))
            if best != v:
                self.min_slider.setValue(best)

    def _update_labels(self) -> None:
        self.count_label.setText(plural(self.k, self.tr("%1 photo"), self.tr("%1 photos")).replace("%1", str(self.k)))
        m = self.min_slider.value() * 5
        self.min_label.setText(self.tr("any similarity") if m == 0
                               else f"{m}% · {self.describe(m / 100 + 1e-9)}")

    def set_history(self, can_back: bool, can_forward: bool) -> None:
        self.back_button.setEnabled(can_back)
        self.forward_button.setEnabled(can_forward)

    # -- contents -------------------------------------------------------------------------------

    def show_pending(self, query: Query, photo: Photo | None) -> None:
        """A new query: its header at once, results when they come."""
        same = query.same_as(self.query)
        self.query = query
        self.pending = True
        if not same:
            self.result = None
            self.model.clear()
            self.image.set_query(photo, query.image if query.kind == "image" else None)
            self._set_header(query, photo)
            self.view.empty_text = ""
        self.status.setText(self.tr("Looking for similar photos…"))

    def show_result(self, res: SimilarResult, indexing: bool = False) -> None:
        self.query = res.query
        self.result = res
        self.pending = False
        self.shown_while_indexing = indexing
        if res.model is not None and res.model is not self.model_info:
            self.set_model_info(res.model)
        self.image.set_query(res.photo, res.preview)
        self._set_header(res.query, res.photo)
        self.model.describe = self.describe
        self.model.set_results(res.matches)
        self.view.scrollToTop()
        if res.matches:
            self.view.select_row(0, select=False)
        if res.error:
            self.status.setText(res.error)
            self.view.empty_text = self.tr("photorec could not look at this image.")
        elif not res.matches:
            if res.searched == 0:
                self.status.setText(self.tr("Nothing is indexed yet."))
                self.view.empty_text = self.tr("No photos to compare with yet. Add a folder and let it index.")
            elif res.min_score > 0:
                text = self._none_at_least(res)
                if res.closest is not None:
                    text += " " + self.tr("The closest is %1% alike: %2.").replace(
                        "%1", str(round(res.closest * 100))).replace("%2", self.describe(res.closest).lower())
                self.status.setText(text)
                self.view.empty_text = (self._nothing_similar(res.query)
                                        if res.closest is not None
                                        and res.closest < similar_floor(self.model_info)
                                        else self.tr("Nothing this similar. Lower “At least” to see more."))
            else:
                n = len(res.query.paths) if res.query.kind == "paths" else 0
                text = (self.tr("No photos like these %1 photos.").replace("%1", QLocale().toString(n)) if n
                        else self.tr("No similar photos."))
                self.status.setText(text)
                self.view.empty_text = text
        else:
            n = len(res.matches)
            lo, hi = res.matches[-1][1], res.matches[0][1]
            if n == 1:
                text = self.tr("1 photo: ") + f"{self.describe(hi)} ({round(hi * 100)}%)"
            else:
                text = self.tr("%1 photos, best first: ").replace("%1", str(n)) + self.tr(
                    "{hi} ({hp}%) down to {lo} ({lp}%)").format(
                    hi=self.describe(hi), hp=round(hi * 100), lo=self.describe(lo).lower(), lp=round(lo * 100))
            if res.held_back and res.min_score <= similar_floor(self.model_info) + 1e-9:
                text += plural(res.held_back, self.tr(" · 1 more is only loosely alike (lower “At least” to see it)"),
                               self.tr(" · %1 more are only loosely alike (lower “At least” to see them)")).replace(
                    "%1", str(res.held_back))
            elif res.held_back:
                text += plural(res.held_back, self.tr(" · 1 more under “At least”"),
                               self.tr(" · %1 more under “At least”")).replace("%1", str(res.held_back))
            if indexing:
                text += plural(res.searched, self.tr(" · still indexing, compared with the %1 photo indexed so far"),
                               self.tr(" · still indexing, compared with the %1 photos indexed so far")).replace(
                    "%1", QLocale().toString(res.searched))
            self.status.setText(text)
            self.view.empty_text = ""
        self.view.viewport().update()

    def _none_at_least(self, res: SimilarResult) -> str:
        pct = str(round(res.min_score * 100))
        if res.query.kind == "paths":  # "More like these": say how many photos were asked about
            return self.tr("No photo is at least %1% similar to these %2 photos.").replace("%1", pct).replace(
                "%2", QLocale().toString(len(res.query.paths)))
        return self.tr("No photo is at least %1% similar.").replace("%1", pct)

    def _nothing_similar(self, query: Query) -> str:
        if query.kind == "paths":
            return self.tr("Nothing in the library is similar to these %1 photos. Lower “At least” to see "
                           "loosely alike photos too.").replace("%1", QLocale().toString(len(query.paths)))
        return self.tr("Nothing in the library is similar to this photo. Lower “At least” to see loosely "
                       "alike photos too.")

    def _set_header(self, query: Query, photo: Photo | None) -> None:
        outside = query.kind == "path" and photo is None and self.result is not None
        if query.kind == "paths":
            n = len(query.paths)
            self.title.setText(self.tr("More like these %1 photos").replace("%1", str(n)))  # n >= 2 (Query.for_paths)
            names = ", ".join(os.path.basename(p) for p in query.paths[:3])
            self.subtitle.setText(names + (self.tr(" and %1 more").replace("%1", str(n - 3)) if n > 3 else ""))
            self.subtitle.setToolTip("\n".join(query.paths[:20]))
            self.add_folder_button.hide()
            return
        self.title.setText(self.tr("Similar to {name}").format(name=query.label))
        if query.kind == "image":
            self.subtitle.setText(self.tr("An image from the clipboard (not added to the library)"))
        elif photo is not None:
            parts = [os.path.dirname(photo.path)]
            try:
                parts.append(QLocale().toString(QDateTime.fromSecsSinceEpoch(int(photo.date)), "d MMM yyyy"))
            except (OverflowError, OSError, ValueError):
                pass
            if photo.width and photo.height:
                parts.append(f"{photo.width} × {photo.height}")
            if not photo.online:
                parts.append(self.tr("offline"))
            self.subtitle.setText("  ·  ".join(parts))
        elif query.path:
            self.subtitle.setText(self.tr("%1  ·  not in the library").replace("%1", os.path.dirname(query.path)))
        self.subtitle.setToolTip(query.path or "")
        self.add_folder_button.setVisible(bool(outside and query.path and self.result and not self.result.error))

    def _add_folder(self) -> None:
        if self.query is not None and self.query.path:
            self.add_folder_requested.emit(os.path.dirname(self.query.path))

    def ready(self) -> bool:
        """The results and the thumbnails on screen are drawn (the screenshot waits for this)."""
        if self.pending or self.result is None:
            return False
        if not self.image.ready():
            return False
        px = self.view.delegate.thumb * self.view.devicePixelRatioF()
        return all(self.loader.settled(self.model.photo(r), px) for r in self.view.visible_rows())
