"""The problems page: files photorec could not read, with the reason, to retry or reveal."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from photorec.gui import desktop

if TYPE_CHECKING:
    from photorec.core.store import Photo

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # METADATA for a photo whose metadata is bad
METADATA = "metadata"


def local_reason(reason: str | None) -> str:
    """A reason from core in the window's language, through the one table of core's words the
    command line uses too (photorec.cli_words; as core wrote it when it is not a known one)."""
    from photorec.cli_words import words

    if not reason:
        return QCoreApplication.translate("problems", "unknown")
    return words(reason)


class ProblemsPage(QWidget):
    retry_requested = Signal()
    reveal_requested = Signal(str)
    open_requested = Signal(str)
    copy_requested = Signal(list)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.reveal_requested.connect(desktop.reveal)
        self.open_requested.connect(desktop.open_file)
        self.copy_requested.connect(desktop.copy_paths)
        self.title = QLabel(self.tr("Problems"), self)
        tf = QFont(self.font())
        tf.setPointSizeF(tf.pointSizeF() * 1.35)
        tf.setBold(True)
        self.title.setFont(tf)
        self.explain = QLabel(
            self.tr("These files could not be read. They stay where they are; photorec skips them "
                    "until they change, or until you retry."), self)
        self.explain.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("Retry all"), self)
        self.retry_button.setToolTip(self.tr("Try to read these files again"))
        self.retry_button.clicked.connect(self.retry_requested.emit)
        self.reveal_button = QPushButton(self.tr("Reveal in file manager"), self)
        self.reveal_button.clicked.connect(self._reveal)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("File"), self.tr("Why"), self.tr("Folder")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.itemDoubleClicked.connect(lambda it, _c: self.reveal_requested.emit(it.data(0, PATH_ROLE)))
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        h = self.tree.header()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(False)
        h.resizeSection(0, 240)
        h.resizeSection(2, 260)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.reveal_button)
        top.addWidget(self.retry_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.setSpacing(8)
        lay.addLayout(top)
        lay.addWidget(self.explain)
        lay.addWidget(self.tree, 1)
        self.metadata_count = 0
        # Files that could not be read, counted: those listed, and those found since the list
        # was read (indexing adds them; the next snapshot lists them).
        self.unreadable = 0
        self._update_buttons()

    def set_problems(self, photos: list[Photo], metadata: list[tuple[str, str]] = ()) -> None:
        """``photos``: files that could not be read; ``metadata``: (path, problem) of photos
        that are indexed but whose keywords, title or description could not be read."""
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        items = []
        for p in photos:
            it = QTreeWidgetItem([p.name, local_reason(p.error), os.path.dirname(p.path)])
            it.setData(0, PATH_ROLE, p.path)
            it.setToolTip(0, p.path)
            it.setToolTip(1, local_reason(p.error) if p.error else "")
            items.append(it)
        for path, problem in metadata:
            why = self.tr("Metadata: %1 (the photo is indexed)").replace("%1", problem or self.tr("unreadable"))
            it = QTreeWidgetItem([os.path.basename(path), why, os.path.dirname(path)])
            it.setData(0, PATH_ROLE, path)
            it.setData(0, KIND_ROLE, METADATA)
            it.setToolTip(0, path)
            it.setToolTip(1, why)
            items.append(it)
        self.tree.addTopLevelItems(items)
        self.tree.setSortingEnabled(True)
        self.metadata_count = len(metadata)
        self.unreadable = len(photos)
        n = len(photos) + len(metadata)
        self.title.setText(self.tr("Problems (%1)").replace("%1", QLocale().toString(n)) if n else self.tr("Problems"))
        self.retry_button.setEnabled(len(photos) > 0)
        self._update_buttons()

    def count(self) -> int:
        return self.tree.topLevelItemCount()

    def total(self) -> int:
        """The problems counted in the sidebar: unreadable files and bad metadata."""
        return self.unreadable + self.metadata_count

    def selected_paths(self) -> list[str]:
        return [it.data(0, PATH_ROLE) for it in self.tree.selectedItems()]

    def _update_buttons(self) -> None:
        self.reveal_button.setEnabled(len(self.tree.selectedItems()) == 1)

    def _reveal(self) -> None:
        paths = self.selected_paths()
        if paths:
            self.reveal_requested.emit(paths[0])

    def _menu(self, pos: QPoint) -> None:
        it = self.tree.itemAt(pos)
        if it is None:
            return
        path = it.data(0, PATH_ROLE)
        menu = QMenu(self)
        menu.addAction(self.tr("Reveal in file manager"), lambda: self.reveal_requested.emit(path))
        menu.addAction(self.tr("Open in default app"), lambda: self.open_requested.emit(path))
        menu.addAction(self.tr("Copy path"), lambda: self.copy_requested.emit(self.selected_paths() or [path]))
        menu.addSeparator()
        menu.addAction(self.tr("Retry all"),
 self.retry_requested.emit)
        menu.exec(self.tree.viewport().mapToGlobal(pos))
