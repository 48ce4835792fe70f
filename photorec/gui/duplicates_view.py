"""The duplicates page: groups of near-duplicates (or similar shots), the photo to keep and
why, a side-by-side compare, "not duplicates" / "keep all" decisions that are remembered, and
moving the others to the platform trash after a confirmation.

Self-contained: ``DuplicatesView(library)`` where ``library`` is a Library or a callable that
returns the current one. Heavy work (the neighbour graph, grouping, thumbnails, the trash)
runs on a thread pool; the threshold slider re-counts groups live from the cached graph.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QFile, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFrame, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QSizePolicy, QSlider, QToolButton, QVBoxLayout,
                               QWidget)

from photorec.core import duplicates as dup
from photorec.gui.organize_common import (Jobs, accessor, confirm, fit_pixmap, heading,
                                          human_size, load_image, muted, placeholder,
                                          thumbnail_images)

if TYPE_CHECKING:
    from photorec.core.catalog import Photo

THUMB = 132
PAGE = 30  # group cards built at a time
SLIDER_MIN, SLIDER_MAX = int(dup.GRAPH_FLOOR * 100), 99


def _count_text(groups: int, extra: int) -> str:
    return (f"{groups} group{'s' * (groups != 1)} · "
            f"{extra} photo{'s' * (extra != 1)} could go")


def _describe(p: "Photo", score: float | None = None, keeper: bool = False) -> str:
    dims = f"{p.width}×{p.height}" if p.width else "?"
    text = f"{dims} · {human_size(p.size)}"
    if keeper:
        text += "\nsuggested keeper"
    elif score is not None:
        text += "\nexact copy" if score >= 0.99995 else f"\n{score * 100:.1f}% alike"
    return text


class PhotoTile(QFrame):
    """One photo of a group: thumbnail, name, details, keep badge or trash checkbox."""

    keep_requested = Signal(str)
    compare_toggled = Signal(str, bool)
    similar_requested = Signal(str)

    def __init__(self, member: dup.Member, keeper: bool, parent=None) -> None:
        super().__init__(parent)
        self.member = member
        self.path = member.path
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("photoTile")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(3)
        self.image = QToolButton(self)
        self.image.setCheckable(True)
        self.image.setIconSize(QSize(THUMB, THUMB))
        self.image.setIcon(placeholder(THUMB))
        self.image.setAutoRaise(True)
        self.image.setToolTip(f"{self.path}\nClick to pick it for Compare; double-click for similar photos")
        self.image.toggled.connect(lambda on: self.compare_toggled.emit(self.path, on))
        lay.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter)
        name = QLabel(self._elide(member.photo.name), self)
        name.setToolTip(self.path)
        lay.addWidget(name, 0, Qt.AlignmentFlag.AlignHCenter)
        details = muted(_describe(member.photo, member.score, keeper), self)
        details.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(details)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.trash = QCheckBox("Trash", self)
        self.trash.setToolTip("Move this photo to the trash with the others checked")
        self.keep_button = QPushButton("Keep this", self)
        self.keep_button.setFlat(True)
        self.keep_button.clicked.connect(lambda: self.keep_requested.emit(self.path))
        self.badge = QLabel("KEEP", self)
        self.badge.setStyleSheet("QLabel { background: #2e7d32; color: white; border-radius: 3px;"
                                 " padding: 1px 6px; font-weight: bold; }")
        self.offline = not member.photo.online
        row.addStretch(1)
        row.addWidget(self.badge)
        row.addWidget(self.trash)
        row.addWidget(self.keep_button)
        row.addStretch(1)
        lay.addLayout(row)
        if self.offline:
            off = muted("offline folder", self)
            off.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            lay.addWidget(off)
        self.set_keeper(keeper)

    @staticmethod
    def _elide(name: str, n: int = 22) -> str:
        return name if len(name) <= n else name[: n - 8] + "…" + name[-7:]

    def set_keeper(self, keeper: bool) -> None:
        self.keeper = keeper
        self.badge.setVisible(keeper)
        self.keep_button.setVisible(not keeper)
        self.trash.setVisible(not keeper)
        self.trash.setChecked(not keeper and not self.offline)
        self.trash.setEnabled(not keeper and not self.offline)
        if self.offline:
            self.trash.setToolTip("Its folder is offline: connect the drive to move it to the trash")
        self.setStyleSheet("QFrame#photoTile { border: 2px solid #2e7d32; border-radius: 6px; }"
                           if keeper else "QFrame#photoTile { border-radius: 6px; }")

    def set_image(self, img: QImage) -> None:
        self.image.setIcon(fit_pixmap(img, THUMB))

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        self.similar_requested.emit(self.path)


class GroupCard(QFrame):
    """A group: its photos side by side, why the keeper, and what to do with the group."""

    decided = Signal(object, str)  # the card, "distinct" | "keep"
    trash_requested = Signal(object, list)  # the card, paths
    compare_requested = Signal(str, str)
    similar_requested = Signal(str)

    def __init__(self, group: dup.Group, index: int, parent=None) -> None:
        super().__init__(parent)
        self.group = group
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("groupCard")
        self.setStyleSheet("QFrame#groupCard { border-radius: 8px; }")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        top = QHBoxLayout()
        self.title = QLabel(self)
        f = self.title.font()
        f.setBold(True)
        self.title.setFont(f)
        top.addWidget(self.title)
        top.addStretch(1)
        lay.addLayout(top)
        self.why = muted("", self)
        lay.addWidget(self.why)
        strip = QHBoxLayout()
        strip.setSpacing(8)
        self.tiles: list[PhotoTile] = []
        for i, m in enumerate(group.members):
            t = PhotoTile(m, i == 0, self)
            t.keep_requested.connect(self.set_keeper)
            t.compare_toggled.connect(self._compare_toggled)
            t.similar_requested.connect(self.similar_requested)
            t.trash.toggled.connect(self._update_buttons)
            self.tiles.append(t)
            strip.addWidget(t)
        strip.addStretch(1)
        holder = QWidget(self)
        holder.setLayout(strip)
        scroll = QScrollArea(self)
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumHeight(holder.sizeHint().height() + 18)
        lay.addWidget(scroll)
        buttons = QHBoxLayout()
        self.compare_button = QPushButton("Compare", self)
        self.compare_button.setToolTip("Side by side: the keeper and the photo you clicked "
                                       "(or the two you clicked)")
        self.compare_button.clicked.connect(self._compare)
        self.not_dup = QPushButton("Not duplicates", self)
        self.not_dup.setToolTip("They only look alike: never show this group again")
        self.not_dup.clicked.connect(lambda: self.decided.emit(self, "distinct"))
        self.keep_all = QPushButton("Keep all", self)
        self.keep_all.setToolTip("Keep every photo of this group and do not ask again")
        self.keep_all.clicked.connect(lambda: self.decided.emit(self, "keep"))
        self.trash_button = QPushButton(self)
        self.trash_button.clicked.connect(lambda: self.trash_requested.emit(self, self.to_trash()))
        for b in (self.compare_button, self.not_dup, self.keep_all):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.trash_button)
        lay.addLayout(buttons)
        self._picked: list[str] = []
        self.index = index
        self._refresh_texts()

    # -- state ------------------------------------------------------------------------------

    def keeper_path(self) -> str:
        return next(t.path for t in self.tiles if t.keeper)

    def to_trash(self) -> list[str]:
        return [t.path for t in self.tiles if not t.keeper and t.trash.isChecked()]

    def set_keeper(self, path: str) -> None:
        for t in self.tiles:
            t.set_keeper(t.path == path)
        self._refresh_texts(user_choice=path != self.group.keep.path)

    def set_images(self, images: dict[str, QImage]) -> None:
        for t in self.tiles:
            img = images.get(t.path)
            if img is not None:
                t.set_image(img)

    def _refresh_texts(self, user_choice: bool = False) -> None:
        keeper = next(t for t in self.tiles if t.keeper)
        n = len(self.tiles)
        self.title.setText(f"{self.index}. {n} photos · keep {keeper.member.photo.name}")
        self.why.setText("Your choice." if user_choice else f"Suggested: {self.group.why}.")
        self._update_buttons()

    def _update_buttons(self, *_):
        n = len(self.to_trash())
        self.trash_button.setText(f"Move {n} to Trash…" if n else "Nothing to trash")
        self.trash_button.setEnabled(n > 0)

    def _compare_toggled(self, path: str, on: bool) -> None:
        if on:
            self._picked.append(path)
            while len(self._picked) > 2:
                old = self._picked.pop(0)
                for t in self.tiles:
                    if t.path == old:
                        t.image.blockSignals(True)
                        t.image.setChecked(False)
                        t.image.blockSignals(False)
        elif path in self._picked:
            self._picked.remove(path)

    def _compare(self) -> None:
        keeper = self.keeper_path()
        picked = list(self._picked)
        if len(picked) == 2:
            a, b = picked
        elif len(picked) == 1 and picked[0] != keeper:
            a, b = keeper, picked[0]
        else:
            a, b = keeper, next(t.path for t in self.tiles if t.path != keeper)
        self.compare_requested.emit(a, b)


class ComparePane(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        self.image = QLabel(self)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(360, 300)
        self.image.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.name = QLabel(self)
        f = self.name.font()
        f.setBold(True)
        self.name.setFont(f)
        self.name.setWordWrap(True)
        self.details = muted("", self)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.image, 1)
        lay.addWidget(self.name)
        lay.addWidget(self.details)
        self._img = QImage()

    def set_photo(self, photo: "Photo", quality: dup.Quality | None, extra: str) -> None:
        self.name.setText(photo.name)
        lines = [photo.path, _describe(photo)]
        ext = os.path.splitext(photo.path)[1].lstrip(".").upper()
        fmt = ext
        if quality is not None and quality.jpeg_quality:
            fmt += f" (quality ≈{quality.jpeg_quality})"
        lines.append(f"Format: {fmt}")
        if quality is not None and quality.sharpness is not None:
            lines.append(f"Sharpness: {quality.sharpness:.2f}")
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(photo.date))
        lines.append(("Taken " if photo.taken is not None else "Modified ") + when)
        if extra:
            lines.append(extra)
        if not photo.online:
            lines.append("In an offline folder")
        self.details.setText("\n".join(lines))

    def set_image(self, img: QImage) -> None:
        self._img = img
        self._rescale()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._img.isNull():
            self.image.setText("…")
            return
        s = self.image.size()
        self.image.setPixmap(QPixmap.fromImage(self._img).scaled(
            s, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))


class CompareDialog(QDialog):
    """Two photos side by side, each with what the keeper choice looks at."""

    def __init__(self, lib, a: str, b: str, jobs: Jobs, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare photos")
        self.resize(1000, 640)
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.left, self.right = ComparePane(self), ComparePane(self)
        row.addWidget(self.left, 1)
        row.addWidget(self.right, 1)
        lay.addLayout(row, 1)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        bb.rejected.connect(self.reject)
        bb.accepted.connect(self.accept)
        lay.addWidget(bb)
        pa, pb = lib.photo(a), lib.photo(b)
        if pa is None or pb is None:
            return
        q = dup.quality_of(lib, {pa.ckey: [pa], pb.ckey: [pb]})
        sim = ""
        if pa.ckey == pb.ckey:
            sim = "Exact copies (same content)"
        else:
            va, vb = lib.vector_for(a), lib.vector_for(b)
            sim = f"Similarity {float(va @ vb) * 100:.1f}%"
        self.left.set_photo(pa, q.get(pa.ckey), sim)
        self.right.set_photo(pb, q.get(pb.ckey), sim)
        for pane, path, online in ((self.left, a, pa.online), (self.right, b, pb.online)):
            def load(path=path, online=online, photo=(pa if pane is self.left else pb)):
                if online:
                    img = load_image(path, 1400)
                    if not img.isNull():
                        return img
                tp = lib.thumbnail_path(photo, create=False)
                return load_image(str(tp), 1400) if tp else QImage()

            jobs.start(f"compare-{id(pane)}", load, pane.set_image)


class DuplicatesView(QWidget):
    similar_requested = Signal(str)
    show_photos = Signal(list, str)
    photos_trashed = Signal(list)
    groups_changed = Signal(int)  # the groups shown were (re)computed: how many
    count_changed = Signal(int)  # the live count under the slider

    def __init__(self, library, parent=None) -> None:
        super().__init__(parent)
        self._library = accessor(library)
        self.jobs = Jobs(self)
        self.graph: dup.NeighbourGraph | None = None
        self.decisions: dup.Decisions | None = None
        self.groups: list[dup.Group] = []
        self.cards: list[GroupCard] = []
        self.count = 0
        self._shown = 0
        self.confirm = confirm  # tests replace it
        self._dialogs: list[QDialog] = []
        self._shown_key: tuple | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(heading("Duplicates", self))
        head.addStretch(1)
        self.mode = QComboBox(self)
        self.mode.addItem("Duplicates (the same picture)", "duplicates")
        self.mode.addItem("Similar shots", "similar")
        self.mode.setToolTip("Duplicates: re-saved, resized, cropped or edited copies.\n"
                             "Similar shots: looser, e.g. a burst of the same scene.")
        head.addWidget(self.mode)
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.setToolTip("Look again (after indexing new photos)")
        head.addWidget(self.refresh_button)
        outer.addLayout(head)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Similarity at least", self))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(SLIDER_MIN, SLIDER_MAX)
        self.slider.setPageStep(5)
        self.slider.setMinimumWidth(220)
        self.slider.setToolTip("Lower: more, looser groups. Higher: only near-identical photos.")
        bar.addWidget(self.slider, 1)
        self.threshold_label = QLabel(self)
        self.threshold_label.setMinimumWidth(40)
        bar.addWidget(self.threshold_label)
        bar.addSpacing(16)
        self.burst = QCheckBox("Only shots taken within", self)
        self.burst.setToolTip("Bursts: only group photos taken close together (EXIF time, "
                              "else the file's time)")
        self.within = QDoubleSpinBox(self)
        self.within.setRange(0.5, 3600)
        self.within.setValue(5)
        self.within.setSuffix(" s")
        self.within.setDecimals(1)
        bar.addWidget(self.burst)
        bar.addWidget(self.within)
        bar.addSpacing(16)
        self.count_label = QLabel(self)
        f = self.count_label.font()
        f.setBold(True)
        self.count_label.setFont(f)
        bar.addWidget(self.count_label)
        outer.addLayout(bar)
        self.status = muted("", self)
        outer.addWidget(self.status)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget(self.scroll)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.setSpacing(10)
        self.more_button = QPushButton("Show more groups", self.body)
        self.more_button.clicked.connect(self._show_more)
        self.body_layout.addWidget(self.more_button)
        self.body_layout.addStretch(1)
        self.scroll.setWidget(self.body)
        outer.addWidget(self.scroll, 1)

        self._regroup_timer = QTimer(self)
        self._regroup_timer.setSingleShot(True)
        self._regroup_timer.setInterval(350)
        self._regroup_timer.timeout.connect(self.regroup)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.slider.valueChanged.connect(self._threshold_changed)
        self.burst.toggled.connect(self._filters_changed)
        self.within.valueChanged.connect(self._filters_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.jobs.busy_changed.connect(self._busy)
        self._started = False
        self._set_default_threshold()
        self._show_message("Looking for duplicates…")

    # -- public ------------------------------------------------------------------------------

    @property
    def lib(self):
        return self._library()

    @property
    def threshold(self) -> float:
        return self.slider.value() / 100.0

    @property
    def within_seconds(self) -> float | None:
        return self.within.value() if self.burst.isChecked() else None

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._started:
            self.refresh()

    def refresh(self) -> None:
        """Bring the neighbour graph up to date (only new photos are queried) and regroup."""
        lib = self.lib
        if lib is None:  # shown again once there is one
            self._show_message("No library yet.")
            return
        self._started = True
        self.status.setText("Finding near neighbours of every photo…")

        def work():
            g = dup.neighbour_graph(lib)
            return g, dup.load_decisions(lib)

        self.jobs.start("graph", work, self._graph_ready, self._failed)

    def _update_graph_quietly(self) -> None:
        """After a trash: drop the gone photos from the graph and re-count, keeping the cards
        (and the scroll position) as they are."""
        lib = self.lib
        if lib is None or self.graph is None:
            return

        def done(result):
            self.graph, self.decisions = result
            self._recount()

        self.jobs.start("graph", lambda: (dup.neighbour_graph(lib), dup.load_decisions(lib)), done)

    def regroup(self) -> None:
        lib, g = self.lib, self.graph
        if lib is None or g is None:
            return
        th, within, dec = self.threshold, self.within_seconds, self.decisions
        key = self._filter_key()

        def work():
            t0 = time.perf_counter()
            groups = dup.groups_from_graph(lib, g, th, within, dec)
            images = thumbnail_images(lib, [m.photo for gr in groups[:PAGE] for m in gr.members], THUMB)
            return groups, images, time.perf_counter() - t0, key

        self.jobs.start("groups", work, self._groups_ready, self._failed)

    # -- slots ------------------------------------------------------------------------------

    def _set_default_threshold(self) -> None:
        lib = self.lib
        mode = self.mode.currentData()
        t = dup.default_threshold(lib.model, mode) if lib is not None else 0.9
        self.slider.blockSignals(True)
        self.slider.setValue(int(round(t * 100)))
        self.slider.blockSignals(False)
        self.threshold_label.setText(f"{self.threshold:.2f}")
        self.burst.setEnabled(mode == "similar")
        self.within.setEnabled(mode == "similar")
        if mode != "similar":
            self.burst.setChecked(False)

    def _mode_changed(self, *_):
        self._set_default_threshold()
        self._filters_changed()

    def _threshold_changed(self, value: int) -> None:
        self.threshold_label.setText(f"{value / 100:.2f}")
        self._filters_changed()

    def _filters_changed(self, *_):
        self.within.setEnabled(self.mode.currentData() == "similar")
        self._recount()
        self._regroup_timer.start()

    def _recount(self) -> None:
        g = self.graph
        if g is None:
            return
        th, within, dec = self.threshold, self.within_seconds, self.decisions
        self.jobs.start("count", lambda: g.count(th, within, dec), self._count_ready)

    def _filter_key(self) -> tuple:
        return (self.threshold, self.within_seconds, self.decisions.version if self.decisions else 0)

    def _count_ready(self, n: int) -> None:
        self.count = n
        if self._shown_key == self._filter_key() and self.groups:
            n_extra = sum(len(g.members) - 1 for g in self.groups)
            self.count_label.setText(_count_text(len(self.groups), n_extra))
        else:
            self.count_label.setText(f"{n} group{'s' if n != 1 else ''}")
        self.count_changed.emit(n)

    def _graph_ready(self, result) -> None:
        self.graph, self.decisions = result
        g = self.graph
        self.status.setText(f"{len(g)} photos compared through their {g.k} nearest neighbours "
                            f"({g.seconds:.1f} s).")
        self._recount()
        self.regroup()

    def _groups_ready(self, result) -> None:
        groups, images, seconds, key = result
        self.groups = groups
        self._shown_key = key
        self._clear_cards()
        self._shown = 0
        self._add_cards(images)
        n_extra = sum(len(g.members) - 1 for g in groups)
        self._count_ready(len(groups))
        if not groups:
            self._show_message("No duplicates at this similarity. Lower the slider to look "
                               "further, or try Similar shots.")
        else:
            self.count_label.setText(_count_text(len(groups), n_extra))
        self.groups_changed.emit(len(groups))

    def _failed(self, exc) -> None:
        self.status.setText(f"Could not look for duplicates: {exc}")

    def _busy(self, on: bool) -> None:
        self.refresh_button.setEnabled(not on or not self.jobs.busy("graph"))
        if on:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    # -- cards ------------------------------------------------------------------------------

    def _show_message(self, text: str) -> None:
        self._clear_cards()
        lab = muted(text, self.body)
        lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lab.setMinimumHeight(120)
        lab.setObjectName("emptyMessage")
        self.body_layout.insertWidget(0, lab)
        self.more_button.hide()

    def _clear_cards(self) -> None:
        for i in reversed(range(self.body_layout.count())):
            w = self.body_layout.itemAt(i).widget()
            if w is not None and w is not self.more_button:
                w.setParent(None)
                w.deleteLater()
        self.cards = []

    def _add_cards(self, images: dict[str, QImage] | None = None) -> None:
        start = self._shown
        chunk = self.groups[start:start + PAGE]
        for i, g in enumerate(chunk, start + 1):
            card = GroupCard(g, i, self.body)
            card.decided.connect(self._decide)
            card.trash_requested.connect(self._trash)
            card.compare_requested.connect(self.compare)
            card.similar_requested.connect(self.similar_requested)
            if images:
                card.set_images(images)
            self.body_layout.insertWidget(self.body_layout.count() - 2, card)
            self.cards.append(card)
        self._shown += len(chunk)
        left = len(self.groups) - self._shown
        self.more_button.setVisible(left > 0)
        self.more_button.setText(f"Show {min(PAGE, left)} more of {left} groups")
        if images is None and chunk:
            lib = self.lib
            photos = [m.photo for g in chunk for m in g.members]
            cards = list(self.cards[-len(chunk):])

            def done(imgs, cards=cards):
                for c in cards:
                    try:
                        c.set_images(imgs)
                    except RuntimeError:  # the card is gone
                        pass

            self.jobs.start(f"thumbs-{start}", lambda: thumbnail_images(lib, photos, THUMB), done)

    def _show_more(self) -> None:
        self._add_cards()

    def _remove_card(self, card: GroupCard) -> None:
        if card in self.cards:
            self.cards.remove(card)
        if card.group in self.groups:
            self.groups.remove(card.group)
            self._shown -= 1
        card.setParent(None)
        card.deleteLater()
        n_extra = sum(len(g.members) - 1 for g in self.groups)
        self.count_label.setText(_count_text(len(self.groups), n_extra))
        if not self.groups:
            self._show_message("All done: no groups left at this similarity.")

    def _decide(self, card: GroupCard, decision: str) -> None:
        lib = self.lib
        paths = card.group.paths

        def work():
            dup.decide(lib, paths, decision)
            return dup.load_decisions(lib)

        def done(decisions):
            self.decisions = decisions
            self._recount()
            word = "not duplicates" if decision == "distinct" else "kept, all of them"
            self.status.setText(f"Remembered: those {len(paths)} photos are {word}.")

        self._remove_card(card)
        self.jobs.start(f"decide-{id(card)}", work, done, self._failed)

    def _trash(self, card: GroupCard, paths: list[str]) -> None:
        if not paths:
            return
        names = "\n".join(os.path.basename(p) for p in paths[:8])
        more = f"\n… and {len(paths) - 8} more" if len(paths) > 8 else ""
        keeper = os.path.basename(card.keeper_path())
        if not self.confirm(self, "Move to Trash",
                            f"Move {len(paths)} photo{'s' if len(paths) > 1 else ''} to the "
                            f"trash and keep {keeper}?\n\n{names}{more}\n\nYou can restore them "
                            "from the trash.", f"Move {len(paths)} to Trash"):
            return
        lib = self.lib

        def work():
            moved, failed = [], []
            for p in paths:
                if QFile.moveToTrash(p):
                    moved.append(p)
                else:
                    failed.append(p)
            if moved:
                lib.forget(moved)
            return moved, failed

        def done(result):
            moved, failed = result
            if moved:
                self.photos_trashed.emit(moved)
            if failed:
                self.status.setText(f"Could not move {len(failed)} photo(s) to the trash "
                                    f"(e.g. {failed[0]}): no trash on that drive, or no permission.")
                left = [t for t in card.tiles if t.path in failed]
                if left:
                    return
            else:
                self.status.setText(f"Moved {len(moved)} photo(s) to the trash.")
            self._remove_card(card)
            self._update_graph_quietly()

        self.jobs.start(f"trash-{id(card)}", work, done, self._failed)

    def compare(self, a: str, b: str) -> CompareDialog | None:
        lib = self.lib
        if lib is None:
            return None
        dlg = CompareDialog(lib, a, b, self.jobs, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.finished.connect(lambda *_: self._dialogs.remove(dlg) if dlg in self._dialogs else None)
        self._dialogs.append(dlg)
        dlg.show()
        return dlg
