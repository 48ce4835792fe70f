"""A click that answers at once, and the double-click that may follow it (:class:`SecondPress`).

A grid's click runs "find similar" immediately, which puts the similar panel where the grid was.
For the double-click interval after it, the second press of a double-click, wherever it lands in
the window, is caught by an application event filter and opens the viewer on the photo clicked
first, stepping through the grid's photos as they were at the click."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


class SecondPress(QObject):
    def __init__(self, owner: QWidget, opened: Callable[[object], None]) -> None:
        super().__init__(owner)
        self.owner = owner
        self.opened = opened  # called with the photo clicked first
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(QGuiApplication.styleHints().mouseDoubleClickInterval())
        self.timer.timeout.connect(self.settle)
        self.photo = None
        self.rows: list | None = None  # the grid's photos at the click
        self._swallow_release = False

    def clicked(self, photo, rows: list) -> None:
        """A plain click on ``photo``; ``rows``: the grid's photos now."""
        self.photo, self.rows = photo, rows
        app = QCoreApplication.instance()
        if app is not None and not self.timer.isActive():
            app.installEventFilter(self)
        self.timer.start()

    def waiting(self) -> bool:
        return self.timer.isActive()

    def settle(self) -> None:
        self.timer.stop()
        self.photo = self.rows = None
        self._swallow_release = False
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        t = event.type()
        if t == QEvent.Type.MouseButtonDblClick and self.photo is not None \
                and isinstance(obj, QWidget) and obj.window() is self.owner.window():
            photo = self.photo
            self.photo = None
            self._swallow_release = True  # its release is no click either: the filter stays
            self.timer.start()  # ... until that release, or the interval is over
            try:
                self.opened(photo)
            finally:
                self.rows = None
            return True
        if t == QEvent.Type.MouseButtonRelease and self._swallow_release:
            self.settle()
            return True
        return False
