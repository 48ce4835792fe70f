"""The sidebar: the library (all photos, problems, other views) and its folders with counts,
with add / remove / rescan below. Folders on an unplugged drive are shown offline, the reason
in their tooltip."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QFont, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from photorec.gui import icons
from photorec.gui.contrast import secondary
from photorec.gui.tasks import words
from photorec.i18n import plural

if TYPE_CHECKING:
    from photorec.core.store import Folder

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

ALL = "all"
PROBLEMS = "problems"
FOLDER = "folder"
SECTION = "section"


def folder_label(path: str) -> str:
    name = os.path.basename(path.rstrip("/\\"))
    return name or path


def _count(n: int) -> str:
    return QLocale().toString(n)


class Sidebar(QWidget):
    selected = Signal(str, object)  # kind ("all", "problems", "folder", or a view key), folder id
    add_requested = Signal()
    remove_requested = Signal(object)  # Folder
    rescan_requested = Signal()
    locate_requested = Signal(object)  # Folder
    reveal_requested = Signal(str)  # path
    forget_offline_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(0)
        self.tree.setUniformRowHeights(True)
        self.tree.setFrameShape(QTreeWidget.Shape.NoFrame)
        self.tree.setIconSize(QSize(18, 18))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 4px 2px; }")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._on_current)
        # A click on the entry already chosen chooses it again (e.g. back from a theme's photos).
        self.tree.itemClicked.connect(lambda it, _c: self._on_current(it, None)
                                      if it is self.tree.currentItem() else None)

        self.add_button = self._tool_button(icons.add(self), self.tr("Add a folder of photos to the library"),
                                            self.add_requested.emit)
        self.remove_button = self._tool_button(icons.remove(self), self.tr("Remove the selected folder from "
                                               "the library (files stay on disk)"), self._remove_current)
        self.rescan_button = self._tool_button(icons.rescan(self), self.tr("Look for new and changed photos"),
                                               self.rescan_requested.emit)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(6, 4, 6, 6)
        buttons.setSpacing(2)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.rescan_button)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.tree, 1)
        lay.addLayout(buttons)

        self._folders: list[Folder] = []
        self._problems = 0
        self._total = 0
        self._folder_counts: dict[int, int] | None = None  # live counts, from the grid's model
        self._views: list[tuple[str, str, QIcon | None]] = []
        self._current: tuple[str, object] = (ALL, None)
        self._building = False
        self._rebuild()

    def _tool_button(self, icon: QIcon, tip: str, slot) -> QToolButton:
        b = QToolButton(self)
        b.setIcon(icon)
        b.setToolTip(tip)
        b.setAutoRaise(True)
        b.setIconSize(QSize(16, 16))
        b.clicked.connect(slot)
        return b

    # -- contents -------------------------------------------------------------------------------

    def add_view(self, key: str, label: str, icon: QIcon | None = None) -> None:
        """Another view of the library (duplicates, themes...) under "Library"."""
        self._views.append((key, label, icon))
        self._rebuild()

    def set_folders(self, folders: list[Folder]) -> None:
        self._folders = list(folders)
        self._rebuild()

    def set_counts(self, total: int, problems: int) -> None:
        if (total, problems) == (self._total, self._problems):
            return
        had_problems = self._problems > 0
        self._total, self._problems = total, problems
        if had_problems != (problems > 0):
            self._rebuild()  # the Problems entry comes or goes
            return
        for i in range(self.tree.topLevelItemCount()):
            it = self.tree.topLevelItem(i)
            kind = it.data(0, KIND_ROLE)
            if kind == ALL:
                it.setText(1, _count(total))
            elif kind == PROBLEMS:
                it.setText(1, _count(problems))

    def set_folder_counts(self, counts: dict[int, int]) -> None:
        """Live photo counts (from the grid's model, while indexing adds photos). Kept: a
        rebuild of the tree shows them too, not the catalog's older figures."""
        self._folder_counts = dict(counts)
        for i in range(self.tree.topLevelItemCount()):
            it = self.tree.topLevelItem(i)
            if it.data(0, KIND_ROLE) == FOLDER:
                f = self.folder(it.data(0, ID_ROLE))
                if f is not None and f.online:
                    text = _count(counts.get(f.id, 0))
                    if it.text(1) != text:
                        it.setText(1, text)

    def folders(self) -> list[Folder]:
        return list(self._folders)

    def folder(self, folder_id) -> Folder | None:
        return next((f for f in self._folders if f.id == folder_id), None)

    @property
    def current(self) -> tuple[str, object]:
        return self._current

    def select(self, kind: str, folder_id=None) -> None:
        for i in range(self.tree.topLevelItemCount()):
            it = self.tree.topLevelItem(i)
            if it.data(0, KIND_ROLE) == kind and (kind != FOLDER or it.data(0, ID_ROLE) == folder_id):
                self.tree.setCurrentItem(it)
                return
        if kind != ALL:
            self.select(ALL)

    def highlight(self, kind: str, folder_id=None) -> None:
        """Show ``kind`` as the current entry without asking for its page (the page is on
        screen already: a hand-over's similar results, a view opened from a menu)."""
        if self._current == (kind, folder_id):
            return
        self._building = True  # _on_current stays quiet
        try:
            self.select(kind, folder_id)
            it = self.tree.currentItem()
            if it is not None:
                self._current = (it.data(0, KIND_ROLE), it.data(0, ID_ROLE))
        finally:
            self._building = False

    def _section(self, title: str) -> None:
        it = QTreeWidgetItem([title.upper(), ""])
        it.setFlags(Qt.ItemFlag.NoItemFlags)
        it.setData(0, KIND_ROLE, SECTION)
        f = QFont(self.font())
        f.setBold(True)
        f.setPointSizeF(max(7.0, f.pointSizeF() * 0.8))
        f.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        it.setFont(0, f)
        it.setForeground(0, secondary(self.palette(), QPalette.ColorRole.Text, QPalette.ColorRole.Base))
        self.tree.addTopLevelItem(it)
        it.setFirstColumnSpanned(True)

    def _entry(self, kind: str, ident, text: str, count: str, icon: QIcon | None, tip: str,
               dim: bool = False) -> QTreeWidgetItem:
        it = QTreeWidgetItem([text, count])
        it.setData(0, KIND_ROLE, kind)
        it.setData(0, ID_ROLE, ident)
        it.setToolTip(0, tip)
        it.setToolTip(1, tip)
        if icon is not None:
            it.setIcon(0, icon)
        it.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        c = secondary(self.palette(), QPalette.ColorRole.Text, QPalette.ColorRole.Base)
        it.setForeground(1, c)
        if dim:
            it.setForeground(0, c)
            f = QFont(self.font())
            f.setItalic(True)
            it.setFont(1, f)
        self.tree.addTopLevelItem(it)
        return it

    def _rebuild(self) -> None:
        self._building = True
        try:
            self.tree.clear()
            self._section(self.tr("Library"))
            self._entry(ALL, None, self.tr("All photos"), _count(self._total), icons.photos(self),
                        self.tr("Every photo in the library"))
            for key, label, icon in self._views:
                self._entry(key, None, label, "", icon, label)
            if self._problems:
                self._entry(PROBLEMS, None, self.tr("Problems"), _count(self._problems), icons.warning(self),
                            self.tr("Files photorec could not read, and why"))
            if self._folders:
                self._section(self.tr("Folders"))
            for f in self._folders:
                if f.online:
                    tip = f.path
                    if f.last_scan:
                        tip += self.tr("\nLast checked %1").replace(
                            "%1", time.strftime("%Y-%m-%d %H:%M", time.localtime(f.last_scan)))
                    if f.failed:
                        tip += plural(f.failed, self.tr("\n%1 file could not be read"),
                                      self.tr("\n%1 files could not be read")
                                      ).replace("%1", QLocale().toString(f.failed))
                    n = f.photos if self._folder_counts is None else self._folder_counts.get(f.id, 0)
                    self._entry(FOLDER, f.id, folder_label(f.path), _count(n), icons.folder(self), tip)
                else:
                    tip = (plural(f.photos, self.tr("%1\nOffline: %2\n%3 photo is kept; right-click to locate the "
                                                    "folder or forget it"),
                                  self.tr("%1\nOffline: %2\n%3 photos are kept; right-click to locate the folder "
                                          "or forget them")).replace("%1", f.path)
                           .replace("%2", words(f.offline_reason) or self.tr("not reachable"))
                           .replace("%3", QLocale().toString(f.photos)))
                    self._entry(FOLDER, f.id, folder_label(f.path), self.tr("offline"), icons.offline(self), tip,
                                dim=True)
            self.remove_button.setEnabled(bool(self._folders))
            self.rescan_button.setEnabled(bool(self._folders))
        finally:
            self._building = False
        kind, ident = self._current
        self._building = True
        try:
            self.select(kind, ident)
        finally:
            self._building = False
        now = self._selected_pair()
        if now != self._current:
            self._current = now
            self.selected.emit(*now)

    def _selected_pair(self) -> tuple[str, object]:
        it = self.tree.currentItem()
        if it is None:
            return (ALL, None)
        return (it.data(0, KIND_ROLE), it.data(0, ID_ROLE))

    def _on_current(self, cur: QTreeWidgetItem | None, _prev) -> None:
        if self._building or cur is None:
            return
        pair = (cur.data(0, KIND_ROLE), cur.data(0, ID_ROLE))
        self._current = pair
        self.selected.emit(*pair)

    def _current_folder(self) -> Folder | None:
        kind, ident = self._current
        return self.folder(ident) if kind == FOLDER else None

    def _remove_current(self) -> None:
        f = self._current_folder()
        if f is None and len(self._folders) == 1:
            f = self._folders[0]
        if f is not None:
            self.remove_requested.emit(f)

    def _context_menu(self, pos: QPoint) -> None:
        it = self.tree.itemAt(pos)
        menu = QMenu(self)
        if it is not None and it.data(0, KIND_ROLE) == FOLDER:
            f = self.folder(it.data(0, ID_ROLE))
            if f is not None:
                if not f.online:
                    menu.addAction(self.tr("Locate folder…"), lambda: self.locate_requested.emit(f))
                else:
                    menu.addAction(self.tr("Reveal in file manager"), lambda: self.reveal_requested.emit(f.path))
                    menu.addAction(self.tr("Rescan"), self.rescan_requested.emit)
                menu.addSeparator()
                menu.addAction(self.tr("Remove from library…"), lambda: self.remove_requested.emit(f))
        else:
            menu.addAction(self.tr("Add folder…"), self.add_requested.emit)
            if self._folders:
                menu.addAction(self.tr("Rescan all folders"), self.rescan_requested.emit)
        if any(not f.online for f in self._folders):
            menu.addSeparator()
            act = QAction(self.tr("Forget offline photos…"), menu)

            act.triggered.connect(self.forget_offline_requested.emit)
            menu.addAction(act)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def sizeHint(self) -> QSize:
        return QSize(220, 400)

