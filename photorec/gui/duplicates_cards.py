"""The duplicates page's cards: a group (its photos side by side, why the keeper, what to do
with the group) and each photo's tile (thumbnail, details, keep badge or trash checkbox).

A photo is pre-ticked for the trash only when a signal says it is the same picture as the
keeper (``Member.same``): a similar shot below the duplicates threshold never is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from photorec.core.embed import similarity
from photorec.core.organize import duplicates as dup
from photorec.gui.organize_common import fit_pixmap, human_size, muted, placeholder
from photorec.i18n import plural

if TYPE_CHECKING:
    from photorec.core.store import Photo

THUMB = 132


def _count_text(groups: int, extra: int) -> str:
    g = plural(groups, QCoreApplication.translate("PhotoTile", "%1 group"),
               QCoreApplication.translate("PhotoTile", "%1 groups")).replace("%1", str(groups))
    e = plural(extra, QCoreApplication.translate("PhotoTile", "%1 photo could go"),
               QCoreApplication.translate("PhotoTile", "%1 photos could go")).replace("%1", str(extra))
    return f"{g} · {e}"


def _describe(p: Photo, score: float | None = None, keeper: bool = False,
              signal: str | None = None, loose: bool = False, member=None) -> str:
    dims = f"{p.width}×{p.height}" if p.width else "?"
    text = f"{dims} · {human_size(p.size)}"
    if keeper:
        text += "\n" + QCoreApplication.translate("PhotoTile", "suggested keeper")
    elif member is not None and member.identical:  # equal bytes, compared
        text += "\n" + QCoreApplication.translate("PhotoTile", "identical file")
    elif score is not None:
        # the band and the figure of the similar panel's one table (core.embed.similarity)
        band = getattr(member, "band", None) or similarity.describe(score)
        text += "\n" + QCoreApplication.translate("similarity", band) + " · " + \
            QLocale().toString(similarity.percent(score)) + "%"
        if signal == "phash":
            text += " · " + QCoreApplication.translate("PhotoTile", "same picture by its hash")
        elif loose:
            text += " · " + QCoreApplication.translate("PhotoTile", "similar shot")
    return text


def local_why(why: str) -> str:
    """The keeper's reasons from core in the language of the window, through the table the
    command line uses too (photorec.cli_words; unknown words stay)."""
    from photorec.cli_words import keeper_words

    return keeper_words(why)


def same_as_keeper(tile: PhotoTile, keeper: PhotoTile) -> bool:
    """May this tile be pre-ticked for the trash, with that keeper? Only when a signal says it
    is the same picture as the keeper. The scores and signals are measured against the
    suggested keeper; against another one only the suggested keeper itself is known."""
    if tile is keeper:
        return False
    if keeper.suggested:
        return tile.member.same
    if tile.suggested:
        return keeper.member.same
    return False


class PhotoTile(QFrame):
    """One photo of a group: thumbnail, name, details, keep badge or trash checkbox."""

    keep_requested = Signal(str)
    compare_toggled = Signal(str, bool)
    similar_requested = Signal(str)

    def __init__(self, member: dup.Member, keeper: bool, parent=None, loose: bool = False) -> None:
        super().__init__(parent)
        self.member = member
        self.path = member.path
        self.suggested = keeper  # the keeper the group was measured from
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
        self.image.setToolTip(self.tr("%1\nClick to pick it for Compare; double-click for similar photos")
                              .replace("%1", self.path))
        self.image.toggled.connect(lambda on: self.compare_toggled.emit(self.path, on))
        lay.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter)
        name = QLabel(self._elide(member.photo.name), self)
        name.setToolTip(self.path)
        lay.addWidget(name, 0, Qt.AlignmentFlag.AlignHCenter)
        details = muted(_describe(member.photo, member.score, keeper, member.signal,
                                  loose and not member.same, member), self)
        details.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(details)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.trash = QCheckBox(self.tr("Trash"), self)
        self.trash.setToolTip(self.tr("Move this photo to the trash with the others checked"))
        self.keep_button = QPushButton(self.tr("Keep this"), self)
        self.keep_button.setFlat(True)
        self.keep_button.clicked.connect(lambda: self.keep_requested.emit(self.path))
        self.badge = QLabel(self.tr("KEEP"), self)
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
            off = muted(self.tr("offline folder"), self)
            off.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            lay.addWidget(off)
        self.set_keeper(keeper, same=member.same)

    @staticmethod
    def _elide(name: str, n: int = 22) -> str:
        return name if len(name) <= n else name[: n - 8] + "…" + name[-7:]

    def set_keeper(self, keeper: bool, same: bool = False) -> None:
        """Make it the keeper, or not; ``same``: a signal says it is the same picture as the
        keeper, so it is pre-ticked for the trash (never otherwise)."""
        self.keeper = keeper
        self.badge.setVisible(keeper)
        self.keep_button.setVisible(not keeper)
        self.trash.setVisible(not keeper)
        self.trash.setChecked(not keeper and not self.offline and same)
        self.trash.setEnabled(not keeper and not self.offline)
        if self.offline:
            self.trash.setToolTip(self.tr("Its folder is offline: connect the drive to move it "
                                          "to the trash"))
        elif not keeper and not same:
            self.trash.setToolTip(self.tr("Not ticked: it is not the same picture as the keeper "
                                          "by either signal. Tick it to move it to the trash."))
        self.setStyleSheet("QFrame#photoTile { border: 2px solid #2e7d32; border-radius: 6px; }"
                           if keeper else "QFrame#photoTile { border-radius: 6px; }")

    def set_image(self, img: QImage) -> None:
        self.image.setIcon(fit_pixmap(img, THUMB))

    def mouseDoubleClickEvent(self, event) -> None:
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
        loose = any(not m.same for m in group.members[1:])
        for i, m in enumerate(group.members):
            t = PhotoTile(m, i == 0, self, loose=loose)
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
        self.compare_button = QPushButton(self.tr("Compare"), self)
        self.compare_button.setToolTip(self.tr("Side by side: the keeper and the photo you clicked "
                                               "(or the two you clicked)"))
        self.compare_button.clicked.connect(self._compare)
        self.not_dup = QPushButton(self.tr("Not duplicates"), self)
        self.not_dup.setToolTip(self.tr("They only look alike: never show this group again"))
        self.not_dup.clicked.connect(lambda: self.decided.emit(self, "distinct"))
        self.keep_all = QPushButton(self.tr("Keep all"), self)
        self.keep_all.setToolTip(self.tr("Keep every photo of this group and do not ask again"))
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
        keeper = next(t for t in self.tiles if t.path == path)
        for t in self.tiles:
            t.set_keeper(t is keeper, same_as_keeper(t, keeper))
        self._refresh_texts(user_choice=path != self.group.keep.path)

    def set_images(self, images: dict[str, QImage]) -> None:
        for t in self.tiles:
            img = images.get(t.path)
            if img is not None:
                t.set_image(img)

    def _refresh_texts(self, user_choice: bool = False) -> None:
        keeper = next(t for t in self.tiles if t.keeper)
        n = len(self.tiles)
        self.title.setText(self.tr("%1. %2 photos · keep %3").replace("%1", str(self.index)).replace(
            "%2", str(n)).replace("%3", keeper.member.photo.name))
        why = (self.tr("Your choice.") if user_choice
               else self.tr("Suggested: %1.").replace("%1", local_why(self.group.why)))
        hashed = sum(m.signal == "phash" for m in self.group.members[1:])
        loose = sum(not m.same for m in self.group.members[1:])
        if hashed:
            why += " " + plural(hashed,
                                self.tr("1 photo found by the perceptual hash (a smaller or recompressed copy)."),
                                self.tr("%1 photos found by the perceptual hash (smaller or recompressed copies).")
                                ).replace("%1", str(hashed))
        if loose:
            why += " " + plural(loose, self.tr("1 similar shot, not the same picture: not ticked."),
                                self.tr("%1 similar shots, not the same picture: not ticked.")
                                ).replace("%1", str(loose))
        self.why.setText(why)
        self._update_buttons()

    def _update_buttons(self, *_):
        n = len(self.to_trash())
        self.trash_button.setText(self.tr("Move %1 to Trash…").replace("%1", str(n)) if n
                                  else self.tr("Nothing to trash"))

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
