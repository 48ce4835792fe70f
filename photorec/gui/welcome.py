"""The first-run page, and the quiet page shown while the library opens."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from photorec.gui import icons
from photorec.gui.contrast import make_secondary


def _muted(label: QLabel, _alpha: int = 160) -> None:
    make_secondary(label)  # muted, still AA-readable


class WelcomePage(QWidget):
    add_requested = Signal()
    query_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        logo = QLabel(self)
        pm = icons.app_pixmap(112)
        if not pm.isNull():
            logo.setPixmap(pm)
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("Find similar photos in your library"), self)
        tf = QFont(self.font())
        tf.setPointSizeF(tf.pointSizeF() * 1.8)
        tf.setBold(True)
        title.setFont(tf)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(self.tr(
            "Add a folder of photos. photorec looks at each photo once, on this computer: "
            "nothing is uploaded, and your files are never changed."), self)
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setFixedWidth(460)
        body.setMinimumHeight(body.heightForWidth(460))
        _muted(body)
        self.add_button = QPushButton(self.tr("Add folder…"), self)
        self.add_button.setDefault(True)
        self.add_button.setMinimumHeight(34)
        self.add_button.setMinimumWidth(150)
        f = QFont(self.font())
        f.setBold(True)
        self.add_button.setFont(f)
        self.add_button.clicked.connect(self.add_requested.emit)
        hint = QLabel(self.tr("or drop a folder on this window"), self)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _muted(hint, 130)
        self.query_button = QPushButton(self.tr("Find photos like an image…"), self)
        self.query_button.setFlat(True)
        self.query_button.clicked.connect(self.query_requested.emit)
        self.query_button.hide()  # only useful once something is indexed

        col = QVBoxLayout()
        col.setSpacing(14)
        col.addStretch(3)
        col.addWidget(logo)
        col.addSpacing(4)
        col.addWidget(title)
        col.addWidget(body, 0, Qt.AlignmentFlag.AlignHCenter)
        col.addSpacing(10)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.add_button)
        row.addStretch(1)
        col.addLayout(row)
        col.addWidget(hint)
        col.addWidget(self.query_button, 0, Qt.AlignmentFlag.AlignHCenter)
        col.addStretch(4)
        lay = QHBoxLayout(self)
        lay.addStretch(1)
        lay.addLayout(col, 4)
        lay.addStretch(1)


class OpeningPage(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel(self.tr("Opening library…"), self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        _muted(self.label, 140)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.label)
        lay.addStretch(1)

    def set_error(self, text: str) -> None:
        self.label.setText(self.tr("The library could not be opened.\n\n%1").replace("%1", text))

        _muted(self.label, 220)
