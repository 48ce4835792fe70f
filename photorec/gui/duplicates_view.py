"""The duplicates page: groups of near-duplicates (or similar shots), the photo to keep and
why, a side-by-side compare, "not duplicates" / "keep all" decisions that are remembered, and
moving the others to the platform trash after a confirmation.

Self-contained: ``DuplicatesView(library)`` where ``library`` is a Library or a callable that
returns the current one. Heavy work (the neighbour graph and the perceptual hashes, grouping,
thumbnails, decisions, the compare dialog's loading, the trash) runs as background jobs
(``self.jobs``; every call site is a ``self.jobs.start``); the threshold slider re-counts
groups live from the cached graph. The cards are in ``duplicates_cards``, the compare dialog
in ``compare``.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QFile, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from photorec.core.organize import duplicates as dup
from photorec.gui.compare import CompareDialog, ComparePane  # noqa: F401 - public names
from photorec.gui.duplicates_cards import THUMB, GroupCard, PhotoTile, _count_text  # noqa: F401
from photorec.gui.organize_common import OrganizePage, confirm, heading, muted, thumbnail_images
from photorec.gui.tasks import words
from photorec.i18n import plural

PAGE = 30  # group cards built at a time
SLIDER_MIN, SLIDER_MAX = int(dup.GRAPH_FLOOR * 100), 99


class DuplicatesView(OrganizePage):
    similar_requested = Signal(str)
    show_photos = Signal(list, str)
    photos_trashed = Signal(list)
    groups_changed = Signal(int)  # the groups shown were (re)computed: how many
    count_changed = Signal(int)  # the live count under the slider

    def __init__(self, library, parent=None) -> None:
        super().__init__(library, parent)
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
        head.addWidget(heading(self.tr("Duplicates"), self))
        head.addStretch(1)
        self.mode = QComboBox(self)
        self.mode.addItem(self.tr("Duplicates (the same picture)"), "duplicates")
        self.mode.addItem(self.tr("Similar shots"), "similar")
        self.mode.setToolTip(self.tr("Duplicates: re-saved, resized, cropped or edited copies.\n"
                                     "Similar shots: looser, e.g. a burst of the same scene."))
        head.addWidget(self.mode)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setToolTip(self.tr("Look again (after indexing new photos)"))
        head.addWidget(self.refresh_button)
        outer.addLayout(head)

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Similarity at least"), self))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(SLIDER_MIN, SLIDER_MAX)
        self.slider.setPageStep(5)
        self.slider.setMinimumWidth(220)
        self.slider.setToolTip(self.tr("Lower: more, looser groups. Higher: only near-identical photos."))
        bar.addWidget(self.slider, 1)
        self.threshold_label = QLabel(self)
        self.threshold_label.setMinimumWidth(40)
        bar.addWidget(self.threshold_label)
        bar.addSpacing(16)
        self.burst = QCheckBox(self.tr("Only shots taken within"), self)
        self.burst.setToolTip(self.tr("Bursts: only group photos taken close together (EXIF time, "
                                      "else the file's time)"))
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
        self.more_button = QPushButton(self.tr("Show more groups"), self.body)
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
        self._set_default_threshold()
        self._show_message(self.tr("Looking for duplicates…"))

    # -- public ------------------------------------------------------------------------------

    @property
    def threshold(self) -> float:
        return self.slider.value() / 100.0

    @property
    def within_seconds(self) -> float | None:
        return self.within.value() if self.burst.isChecked() else None

    refresh = OrganizePage.read_library  # the Refresh button

    def _no_library(self) -> None:  # read when shown again once there is one
        self._show_message(self.tr("No library yet."))

    def _read(self, lib) -> None:
        """Bring the neighbour graph up to date (only new photos are queried) and regroup."""
        self.status.setText(self.tr("Finding near neighbours of every photo (the first time, "
                                    "also hashing their thumbnails)…"))

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
        self.threshold_label.setText(QLocale().toString(float(self.threshold), "f", 2))
        self.burst.setEnabled(mode == "similar")
        self.within.setEnabled(mode == "similar")
        if mode != "similar":
            self.burst.setChecked(False)

    def _mode_changed(self, *_):
        self._set_default_threshold()
        self._filters_changed()

    def _threshold_changed(self, value: int) -> None:
        self.threshold_label.setText(QLocale().toString(float(value / 100), "f", 2))
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
            self.count_label.setText(plural(n, self.tr("%1 group"), self.tr("%1 groups")).replace("%1", str(n)))
        self.count_changed.emit(n)

    def _graph_ready(self, result) -> None:
        self.graph, self.decisions = result
        g = self.graph
        self.status.setText(plural(len(g), self.tr("%1 photo compared through its %2 nearest neighbours (%3 s)."),
                                   self.tr("%1 photos compared through their %2 nearest neighbours (%3 s)."))
                            .replace("%1", str(len(g))).replace("%2", str(g.k))
                            .replace("%3", QLocale().toString(float(g.seconds), "f", 1)))
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
            self._show_message(self.tr("No duplicates at this similarity. Lower the slider to look "
                                       "further, or try Similar shots."))
        else:
            self.count_label.setText(_count_text(len(groups), n_extra))
        self.groups_changed.emit(len(groups))

    def _failed(self, exc) -> None:
        self.status.setText(self.tr("Could not look for duplicates: %1").replace("%1", words(exc)))

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
        self.more_button.setText(self.tr("Show %1 more of %2 groups").replace("%1", str(min(PAGE, left)))
                                 .replace("%2", str(left)))
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
            self._show_message(self.tr("All done: no groups left at this similarity."))

    def _decide(self, card: GroupCard, decision: str) -> None:
        lib = self.lib
        paths = card.group.paths

        def work():
            dup.decide(lib, paths, decision)
            return dup.load_decisions(lib)

        def done(decisions):
            self.decisions = decisions
            self._recount()
            text = (self.tr("Remembered: those %1 photos are not duplicates.") if decision == "distinct"
                    else self.tr("Remembered: those %1 photos are kept, all of them."))
            self.status.setText(text.replace("%1", str(len(paths))))

        self._remove_card(card)
        self.jobs.start(f"decide-{id(card)}", work, done, self._failed)

    def _trash(self, card: GroupCard, paths: list[str]) -> None:
        if not paths:
            return
        names = "\n".join(os.path.basename(p) for p in paths[:8])
        more = self.tr("\n… and %1 more").replace("%1", str(len(paths) - 8)) if len(paths) > 8 else ""
        keeper = os.path.basename(card.keeper_path())
        if not self.confirm(self, self.tr("Move to Trash"),
                            plural(len(paths),
                                   self.tr("Move 1 photo to the trash and keep %2?\n\n%3\n\nYou can restore it "
                                                       "from the trash."),
                                   self.tr("Move %1 photos to the trash and keep %2?\n\n%3\n\nYou can restore them "
                                           "from the trash.")).replace("%1", str(len(paths))).replace("%2", keeper)
                            .replace("%3", names + more),
                            self.tr("Move %1 to Trash").replace("%1", str(len(paths)))):
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
                self.status.setText(self.tr("Could not move %1 of the photos to the trash (e.g. %2): no trash "
                                            "on that drive, or no permission.")
                                    .replace("%1", str(len(failed))).replace("%2", failed[0]))
                left = [t for t in card.tiles if t.path in failed]
                if left:
                    return
            else:
                self.status.setText(plural(len(moved), self.tr("Moved 1 photo to the trash."),
                                           self.tr("Moved %1 photos to the trash.")).replace("%1", str(len(moved))))

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
