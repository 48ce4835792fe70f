"""What the window remembers between runs (QSettings): geometry, sort, zoom, names, the
similar panel's sliders, the last folder of a file dialog (:class:`SettingsMixin`)."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QByteArray

from photorec.gui.grid import DEFAULT_THUMB
from photorec.gui.models import SORTS
from photorec.gui.similar import DEFAULT_COUNT

log = logging.getLogger(__name__)


class SettingsMixin:
    """Part of :class:`~photorec.gui.window.MainWindow` (uses its pages and service)."""

    def _setting(self, key: str, default, kind=None):
        if self.settings is None:
            return default
        v = self.settings.value(key, default)
        if kind is not None and v is not None:
            try:
                if kind is bool and isinstance(v, str):
                    return v.lower() in ("1", "true", "yes")
                return kind(v)
            except (TypeError, ValueError):
                return default
        return v

    def _restore_view_settings(self) -> None:
        sort = self._setting("view/sort", "date", str)
        self.set_sort(sort if sort in SORTS else "date")
        self.zoom.setValue(self._setting("view/zoom", DEFAULT_THUMB, int))
        self._on_zoom(self.zoom.value())
        self.act_names.setChecked(self._setting("view/names", True, bool))
        self.similar_page.set_params(self._setting("similar/count", DEFAULT_COUNT, int),
                                     self._setting("similar/min_score", -1.0, float))

    def restore_geometry(self) -> None:
        if self.settings is None:
            return
        geo = self.settings.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        split = self.settings.value("window/splitter")
        if isinstance(split, QByteArray) and not split.isEmpty():
            self.splitter.restoreState(split)

    def save_settings(self) -> None:
        s = self.settings
        if s is None:
            return
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("view/sort", self.library_page.model.sort)
        s.setValue("view/zoom", self.zoom.value())
        s.setValue("view/names", self.act_names.isChecked())
        s.setValue("similar/count", self.similar_page.k)
        # -1: "At least" follows the model's "Similar" floor. (The old key "similar/min" held 0,
        # "any similarity", as its default: it is not read, so a new default applies.)
        m = self.similar_page.min_score
        s.setValue("similar/min_score", -1.0 if m is None else m)
        s.sync()

    def _last_dir(self) -> str:
        d = self._setting("dialogs/last_dir", "", str)
        return d if d and os.path.isdir(d) else os.path.expanduser("~")

    def _remember_dir(self, path: str) -> None:
        if self.settings is not None:
            self.settings.setValue("dialogs/last_dir", path)
