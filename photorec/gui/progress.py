"""Indexing progress for the status bar: done/total, photos per second, time left, with pause
and cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QSize, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from photorec.gui import icons
from photorec.i18n import translate

if TYPE_CHECKING:
    from photorec.core.library import Progress


def duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(round(seconds))
    if s < 60:
        return (translate("IndexProgress", "less than a minute") if s >= 10
                else translate("IndexProgress", "a few seconds"))
    m = (s + 30) // 60
    if m < 60:
        return translate("IndexProgress", "about %1 min").replace("%1", str(m))
    h, m = divmod(m, 60)
    return translate("IndexProgress", "about %1 h %2 min").replace("%1", str(h)).replace("%2", f"{m:02d}")


def progress_text(p: Progress) -> str:
    if p.phase == "scanning":
        return translate("IndexProgress", "Looking for new and changed photos…")
    if p.phase == "finishing":
        return translate("IndexProgress", "Saving the index…")
    if p.phase == "metadata":  # after the photos: tags, keywords, titles from files and sidecars
        text = translate("IndexProgress", "Reading keywords and descriptions…")
        if p.total:
            text += " " + translate("IndexProgress", "%1 of %2").replace(
                "%1", QLocale().toString(p.done)).replace("%2", QLocale().toString(p.total))
        return text
    if p.phase == "faces":  # faces of the photos indexed before (issue 17)
        return translate("IndexProgress", "Looking for faces… %1 of %2").replace(
            "%1", QLocale().toString(p.done)).replace("%2", QLocale().toString(p.total))
    if p.phase == "small-faces":  # the closer look after indexing (issue 17)
        return translate("IndexProgress", "Looking closer for small faces… %1 of %2").replace(
            "%1", QLocale().toString(p.done)).replace("%2", QLocale().toString(p.total))
    if p.phase == "done":
        return translate("IndexProgress", "Up to date")
    text = (translate("IndexProgress", "Indexing %1 of %2").replace("%1", QLocale().toString(p.done))
            .replace("%2", QLocale().toString(p.total)))
    if p.paused:
        return text + translate("IndexProgress", " · paused")
    if p.rate > 0:
        text += translate("IndexProgress", " · %1 photos/s").replace("%1", QLocale().toString(float(p.rate), "f", 1))
    left = duration(p.eta)
    if left and p.done < p.total:
        text += translate("IndexProgress", " · %1 left").replace("%1", left)
    return text


class IndexProgress(QWidget):
    pause_toggled = Signal(bool)
    cancel_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(160)
        self.bar.setFixedHeight(10)
        self.bar.setTextVisible(False)
        self.pause_button = QToolButton(self)
        self.pause_button.setAutoRaise(True)
        self.pause_button.setCheckable(True)
        self.pause_button.setIconSize(QSize(14, 14))
        self.pause_button.toggled.connect(self._on_pause)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.setIcon(icons.stop(self))
        self.cancel_button.setIconSize(QSize(14, 14))
        self.cancel_button.setToolTip(self.tr("Stop indexing (what is done is kept)"))
        self.cancel_button.clicked.connect(self.cancel_requested.emit)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 4, 0)
        lay.setSpacing(6)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.pause_button)
        lay.addWidget(self.cancel_button)
        self._set_pause_look(False)
        self.last: Progress | None = None
        self.hide()

    def _set_pause_look(self, paused: bool) -> None:
        self.pause_button.setIcon(icons.play(self) if paused else icons.pause(self))
        self.pause_button.setToolTip(self.tr("Resume indexing") if paused else self.tr("Pause indexing"))

    def _on_pause(self, checked: bool) -> None:
        self._set_pause_look(checked)
        self.pause_toggled.emit(checked)

    def start(self) -> None:
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(False)
        self.pause_button.blockSignals(False)
        self._set_pause_look(False)
        self.label.setText(self.tr("Looking for new and changed photos…"))
        self.bar.setRange(0, 0)
        self.pause_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
        self.show()

    def update_progress(self, p: Progress) -> None:
        self.last = p
        self.label.setText(progress_text(p))
        if p.phase in ("indexing", "metadata", "faces", "small-faces") and p.total:
            self.bar.setRange(0, p.total)
            self.bar.setValue(p.done)
        elif p.phase in ("finishing", "done"):
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
            self.pause_button.setEnabled(False)
            self.cancel_button.setEnabled(False)
        else:
            self.bar.setRange(0, 0)

    def cancelling(self) -> None:
        self.label.setText(self.tr("Stopping…"))

        self.pause_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

    def finish(self) -> None:
        self.hide()
