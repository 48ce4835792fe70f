"""The library page: a title bar (what is shown, how many, filter, sort) over the grid, and a
banner when the folder shown is offline."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from photorec.gui import icons
from photorec.gui.contrast import make_secondary
from photorec.gui.elided import ElidedLabel
from photorec.gui.grid import PhotoGridView
from photorec.gui.models import SORTS, LibraryModel
from photorec.gui.thumbs import ThumbnailLoader
from photorec.i18n import plural


class LibraryPage(QWidget):
    locate_requested = Signal()  # the offline folder shown
    # The count in the title changed. The window updates the sidebar and the status bar from
    # this same signal, so all of them show one count from one model at one time (#9).
    counts_changed = Signal()
    sort_changed = Signal(str)  # the sort key, chosen here or set with set_sort

    def __init__(self, loader: ThumbnailLoader, parent=None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.model = LibraryModel(self)
        self.view = PhotoGridView(loader, self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Photos"))

        self._folder_title = self.tr("All photos")
        self.title = ElidedLabel(self.tr("All photos"), self)
        tf = QFont(self.font())
        tf.setPointSizeF(tf.pointSizeF() * 1.35)
        tf.setBold(True)
        self.title.setFont(tf)
        self.count = QLabel(self)
        make_secondary(self.count)

        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter by name (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icons.search(self), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.setFixedWidth(240)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(lambda: self.model.set_name_filter(self.filter.text()))
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter.returnPressed.connect(self._focus_grid)

        self.sort = QComboBox(self)
        for key, label in SORTS.items():
            self.sort.addItem(QCoreApplication.translate("sort", label), key)
        self.sort.setToolTip(self.tr("Sort by"))
        self.sort.currentIndexChanged.connect(lambda _i: self.set_sort(self.sort.currentData()))
        self.view.typed.connect(self.type_to_filter)
        sort_label = QLabel(self.tr("Sort by"), self)
        sort_label.setBuddy(self.sort)

        bar = QHBoxLayout()
        bar.setContentsMargins(16, 12, 16, 10)
        bar.setSpacing(10)
        bar.addWidget(self.title)
        bar.addWidget(self.count, 0, Qt.AlignmentFlag.AlignBaseline)
        self.all_button = QPushButton(self.tr("Show all photos"), self)
        self.all_button.setFlat(True)
        self.all_button.setToolTip(self.tr("Back to the whole library"))
        self.all_button.clicked.connect(lambda: self.show_subset(None))
        self.all_button.hide()
        bar.addWidget(self.all_button)
        bar.addStretch(1)
        self._bar = bar
        bar.addWidget(self.filter)
        bar.addSpacing(6)
        bar.addWidget(sort_label)
        bar.addWidget(self.sort)

        self.banner = QWidget(self)
        self.banner.setAutoFillBackground(True)
        bp = self.banner.palette()
        bp.setColor(QPalette.ColorRole.Window, QColor(255, 196, 0, 60))
        self.banner.setPalette(bp)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        locate = QPushButton(self.tr("Locate folder…"), self.banner)
        locate.clicked.connect(self.locate_requested.emit)
        bl = QHBoxLayout(self.banner)
        bl.setContentsMargins(16, 8, 16, 8)
        bl.addWidget(self.banner_text, 1)
        bl.addWidget(locate)
        self.banner.hide()

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(bar)
        lay.addWidget(self.banner)
        lay.addWidget(self.view, 1)

        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(100)
        self._count_timer.timeout.connect(self.update_count)
        for sig in (self.model.rowsInserted, self.model.rowsRemoved):
            sig.connect(self._count_soon)
        self.model.modelReset.connect(self.update_count)
        self.update_count()

    def _count_soon(self, *args) -> None:
        # Not restarted by every row: while indexing adds rows, the count still moves.
        if not self._count_timer.isActive():
            self._count_timer.start()

    def add_to_bar(self, widget: QWidget) -> None:
        """Another control in the title bar, left of the name filter (a search box)."""
        self._bar.insertWidget(self._bar.indexOf(self.filter), widget)

    def _focus_grid(self) -> None:
        self.view.setFocus()
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.select_row(0)

    def show_subset(self, paths: list[str] | None, title: str = "All photos") -> None:
        """Only these photos (a theme, a tag...); None: back to the whole selection."""
        if paths is None:
            if self.model.subset is not None:
                self.model.set_subset(None)
                self.set_title(self.tr("All photos") if self.model.folder is None else self._folder_title)
            self.all_button.hide()
            return
        self.model.set_subset(paths)
        self.set_title(title)
        self.all_button.show()
        self.view.scrollToTop()

    def set_sort(self, key: str) -> None:
        self.model.set_sort(key)
        i = self.sort.findData(self.model.sort)
        if i >= 0 and self.sort.currentIndex() != i:
            self.sort.setCurrentIndex(i)  # comes back here, the model already sorted
        self.sort_changed.emit(self.model.sort)

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def type_to_filter(self, text: str) -> None:
        """Typing in the grid goes to the name filter."""
        if not text.isprintable() or not text.strip():
            return
        self.filter.setFocus()
        self.filter.setText(self.filter.text() + text)

    def show_folder(self, folder_id: int | None, title: str) -> None:
        """The photos of one folder (None: all of them), the whole of them (no subset)."""
        self.show_subset(None)
        self.model.set_folder(folder_id)
        self.set_title(title)

    def select_path(self, path: str) -> None:
        row = self.model.row_of_path(path)
        if row >= 0:
            self.view.select_row(row)

    def set_title(self, title: str) -> None:
        if self.model.subset is None:
            self._folder_title = title
        self.title.setText(title)
        self.update_count()

    def set_offline(self, reason: str | None) -> None:
        if reason is None:
            self.banner.hide()
        else:
            self.banner_text.setText(self.tr("<b>This folder is offline:</b> %1. Its photos are kept and "
                                     "still found as similar. Connect the drive, or locate the "
                                     "folder if it moved.").replace("%1", reason))
            self.banner.show()

    def update_count(self, *args) -> None:
        self._count_timer.stop()
        n = self.model.rowCount()
        text = plural(n, self.tr("%1 photo"), self.tr("%1 photos")).replace("%1", QLocale().toString(n))
        if self.model.name_filter:
            text += self.tr(" matching “%1”").replace("%1", self.filter.text().strip())
        self.count.setText(text)
        if self.model.name_filter and n == 0:
            self.view.empty_text = self.tr("No photo names match the filter.")
        elif n == 0:
            self.view.empty_text = self.tr("No photos here yet.")

        else:
            self.view.empty_text = ""
        self.counts_changed.emit()

    def ready(self) -> bool:
        if self.model.rebuilding:
            return False
        px = self.view.delegate.thumb * self.view.devicePixelRatioF()
        return all(self.loader.settled(self.model.photo(r), px) for r in self.view.visible_rows())
