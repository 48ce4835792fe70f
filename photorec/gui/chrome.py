"""The window's chrome that is not a page: the zoom control of the status bar, the summary
line, the About and error boxes. Plain widgets and functions, no state of the window."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QSizePolicy, QSlider, QSplitter, QWidget

from photorec.gui import icons
from photorec.gui.grid import MAX_THUMB, MIN_THUMB
from photorec.i18n import plural, translate

log = logging.getLogger(__name__)


def side_by_side(parent: QWidget, side: QWidget, main: QWidget) -> QSplitter:
    """The sidebar left of the pages; the pages take the room the window gains."""
    splitter = QSplitter(Qt.Orientation.Horizontal, parent)
    splitter.addWidget(side)
    splitter.addWidget(main)
    splitter.setStretchFactor(0, 0)
    splitter.setStretchFactor(1, 1)
    splitter.setCollapsible(1, False)
    splitter.setSizes([220, 1060])
    splitter.setHandleWidth(1)
    return splitter


def zoom_control(parent: QWidget) -> tuple[QWidget, QSlider]:
    """The thumbnail size slider between a small and a large picture: (its box, the slider)."""
    zoom = QSlider(Qt.Orientation.Horizontal, parent)
    zoom.setRange(MIN_THUMB, MAX_THUMB)
    zoom.setSingleStep(8)
    zoom.setPageStep(32)
    zoom.setFixedWidth(130)
    zoom.setToolTip(translate("MainWindow", "Thumbnail size (Ctrl+plus, Ctrl+minus)"))
    box = QWidget(parent)
    zl = QHBoxLayout(box)
    zl.setContentsMargins(8, 0, 8, 0)
    zl.setSpacing(4)
    small, large = QLabel(box), QLabel(box)
    small.setPixmap(icons.icon("small", parent, themed=False).pixmap(12, 12))
    large.setPixmap(icons.icon("large", parent, themed=False).pixmap(16, 16))
    zl.addWidget(small)
    zl.addWidget(zoom)
    zl.addWidget(large)
    box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
    return box, zoom


def summary_text(photos: int, folders: int, offline: int) -> str:
    """The status bar's line: "79 photos in 2 folders · 1 offline"."""
    p = plural(photos, translate("MainWindow", "%1 photo"), translate("MainWindow", "%1 photos")
               ).replace("%1", QLocale().toString(photos))
    f = plural(folders, translate("MainWindow", "%1 folder"),
               translate("MainWindow", "%1 folders")).replace("%1", str(folders))
    text = translate("MainWindow", "%1 in %2").replace("%1", p).replace("%2", f)
    if offline:
        text += plural(offline, translate("MainWindow", " · %1 offline", "one"),
                       translate("MainWindow", " · %1 offline", "other")).replace("%1", str(offline))
    return text


def error_box(parent: QWidget, title: str, text: str) -> None:
    """A warning that does not block: indexing and the grid go on."""
    box = QMessageBox(QMessageBox.Icon.Warning, "photorec", title, parent=parent)
    box.setInformativeText(text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def about_box(parent: QWidget, lib) -> None:
    from photorec import __version__

    extra = ""
    if lib is not None:
        extra = (translate("MainWindow", "<p>Library: <code>%1</code><br>Model: %2</p>")
                 .replace("%1", str(lib.paths.data_dir)).replace("%2", lib.model.name))
    QMessageBox.about(parent, translate("MainWindow", "About photorec"),
                      translate("MainWindow", "<h3>photorec %1</h3><p>Find similar photos in your own photo "
                                "library: offline, private, fast.</p>").replace("%1", __version__) + extra)
