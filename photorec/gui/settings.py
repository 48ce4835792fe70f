"""What the window remembers between runs (QSettings): geometry, sort, zoom, names, the
similar panel's sliders, the last folder of a file dialog (:class:`WindowSettings`, one object
that the window and its pages are given)."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSlider, QSplitter, QWidget

from photorec.gui.grid import DEFAULT_THUMB
from photorec.gui.models import SORTS
from photorec.gui.similar import DEFAULT_COUNT, SimilarPanel

log = logging.getLogger(__name__)


class WindowSettings:
    """Typed reads and writes over an optional QSettings (None: nothing is remembered)."""

    def __init__(self, settings: QSettings | None) -> None:
        self.qsettings = settings

    def get(self, key: str, default, kind=None):
        if self.qsettings is None:
            return default
        v = self.qsettings.value(key, default)
        if kind is not None and v is not None:
            try:
                if kind is bool and isinstance(v, str):
                    return v.lower() in ("1", "true", "yes")
                return kind(v)
            except (TypeError, ValueError):
                return default
        return v

    def raw(self, key: str):
        return None if self.qsettings is None else self.qsettings.value(key)

    def set(self, key: str, value) -> None:
        if self.qsettings is not None:
            self.qsettings.setValue(key, value)

    def sync(self) -> None:
        if self.qsettings is not None:
            self.qsettings.sync()

    def last_dir(self) -> str:
        """Where a file dialog opens: the last folder used, else home."""
        d = self.get("dialogs/last_dir", "", str)
        return d if d and os.path.isdir(d) else os.path.expanduser("~")

    def remember_dir(self, path: str) -> None:
        self.set("dialogs/last_dir", path)

    def restore_view(self, zoom: QSlider, names: QAction, similar: SimilarPanel) -> str:
        """The zoom, names and similar sliders as they were; returns the sort to apply."""
        zoom.setValue(self.get("view/zoom", DEFAULT_THUMB, int))
        names.setChecked(self.get("view/names", True, bool))
        similar.set_params(self.get("similar/count", DEFAULT_COUNT, int), self.get("similar/min_score", -1.0, float))
        sort = self.get("view/sort", "date", str)
        return sort if sort in SORTS else "date"

    def restore_geometry(self, window: QWidget, splitter: QSplitter) -> None:
        geo = self.raw("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            window.restoreGeometry(geo)
        split = self.raw("window/splitter")
        if isinstance(split, QByteArray) and not split.isEmpty():
            splitter.restoreState(split)

    def save(self, window: QWidget, splitter: QSplitter, sort: str, zoom: QSlider, names: QAction,
             similar: SimilarPanel) -> None:
        if self.qsettings is None:
            return
        self.set("window/geometry", window.saveGeometry())
        self.set("window/splitter", splitter.saveState())
        self.set("view/sort", sort)
        self.set("view/zoom", zoom.value())
        self.set("view/names", names.isChecked())
        self.set("similar/count", similar.k)
        # -1: "At least" follows the model's "Similar" floor. (The old key "similar/min" held 0,
        # "any similarity", as its default: it is not read, so a new default applies.)
        m = similar.min_score
        self.set("similar/min_score", -1.0 if m is None else m)
        self.sync()
