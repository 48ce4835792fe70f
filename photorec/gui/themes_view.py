"""The themes page: the library clustered into visual themes (k-means), each shown as a mosaic
of its most central photos with its name and size; activating one shows its photos in the
grid (``show_photos``).

Self-contained: ``ThemesView(library)``. The stored themes are shown at once (photos indexed
since join their nearest theme); clustering again runs on a thread pool.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from photorec.core.organize import themes as th
from photorec.gui.organize_common import OrganizePage, heading, muted, thumbnail_images
from photorec.gui.tasks import words
from photorec.i18n import language, plural

# The month names in photorec.core.organize.theme_names' date spans, for lupdate (see local_dates)
MONTH_WORDS = (
    QT_TRANSLATE_NOOP("months", "January"), QT_TRANSLATE_NOOP("months", "February"),
    QT_TRANSLATE_NOOP("months", "March"), QT_TRANSLATE_NOOP("months", "April"),
    QT_TRANSLATE_NOOP("months", "May"), QT_TRANSLATE_NOOP("months", "June"),
    QT_TRANSLATE_NOOP("months", "July"), QT_TRANSLATE_NOOP("months", "August"),
    QT_TRANSLATE_NOOP("months", "September"), QT_TRANSLATE_NOOP("months", "October"),
    QT_TRANSLATE_NOOP("months", "November"), QT_TRANSLATE_NOOP("months", "December"),
    QT_TRANSLATE_NOOP("months", "Jan"), QT_TRANSLATE_NOOP("months", "Feb"),
    QT_TRANSLATE_NOOP("months", "Mar"), QT_TRANSLATE_NOOP("months", "Apr"),
    QT_TRANSLATE_NOOP("months", "Jun"), QT_TRANSLATE_NOOP("months", "Jul"),
    QT_TRANSLATE_NOOP("months", "Aug"), QT_TRANSLATE_NOOP("months", "Sep"),
    QT_TRANSLATE_NOOP("months", "Oct"), QT_TRANSLATE_NOOP("months", "Nov"),
    QT_TRANSLATE_NOOP("months", "Dec"),
)


def local_dates(text: str) -> str:
    """A theme name or date span from core ("Jun–Aug 2020", "Theme 3", "mostly Holidays")
    in the language of the window: its month names and core's two fallback names."""
    text = re.sub(r"^Theme (\d+)", lambda m: QCoreApplication.translate("ThemesView", "Theme %1")
                  .replace("%1", m.group(1)), text)
    text = re.sub(r"^mostly (.+?)(?= · |$)", lambda m: QCoreApplication.translate("ThemesView", "mostly %1")
                  .replace("%1", m.group(1)), text)
    return re.sub(r"[A-Z][a-z]+", lambda m: QCoreApplication.translate("months", m.group(0))
                  if m.group(0) in MONTH_WORDS else m.group(0), text)


MOSAIC = 176
GAP = 3


def mosaic(images: list[QImage], size: int = MOSAIC) -> QImage:
    """Up to four images in a 2x2 square (one image fills it), cropped to fill each cell."""
    out = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(QColor(0, 0, 0, 0))
    imgs = [i for i in images if i is not None and not i.isNull()][:4]
    p = QPainter(out)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if not imgs:
        p.setBrush(QColor(128, 128, 128, 60))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(0, 0, size, size, 8, 8)
    n = 1 if len(imgs) == 1 else 2
    cell = (size - (n - 1) * GAP) // n
    for i, img in enumerate(imgs if n == 2 else imgs[:1]):
        r, c = divmod(i, 2)
        x, y = c * (cell + GAP), r * (cell + GAP)
        scaled = img.scaled(cell, cell, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                            Qt.TransformationMode.SmoothTransformation)
        sx, sy = (scaled.width() - cell) // 2, (scaled.height() - cell) // 2
        p.drawImage(x, y, scaled, sx, sy, cell, cell)
    p.end()
    return out


class ThemesView(OrganizePage):
    show_photos = Signal(list, str)
    themes_changed = Signal(int)  # themes shown (after loading or clustering)

    def __init__(self, library, parent=None) -> None:
        super().__init__(library, parent)
        self.theme_set: th.ThemeSet | None = None
        self.seed = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(heading(self.tr("Themes"), self))
        head.addStretch(1)
        head.addWidget(QLabel(self.tr("Number of themes"), self))
        self.k = QSpinBox(self)
        self.k.setRange(0, th.MAX_K)
        self.k.setSpecialValueText(self.tr("Auto"))
        self.k.setToolTip(self.tr("Auto picks a number that suits the library's size and shape"))
        head.addWidget(self.k)
        self.recompute = QPushButton(self.tr("Recompute"), self)
        self.recompute.setToolTip(self.tr("Cluster the whole library again"))
        head.addWidget(self.recompute)
        outer.addLayout(head)
        self.status = muted("", self)
        outer.addWidget(self.status)

        self.list = QListWidget(self)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(MOSAIC, MOSAIC))
        self.list.setGridSize(QSize(MOSAIC + 36, MOSAIC + 58))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setSpacing(6)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.list.itemActivated.connect(self._activated)
        outer.addWidget(self.list, 1)

        self.recompute.clicked.connect(lambda: self.compute(self.k.value() or None))

    # -- work -------------------------------------------------------------------------------

    load = OrganizePage.read_library

    def _no_library(self) -> None:  # loaded when shown again once there is one
        self.status.setText(self.tr("No library yet."))

    def _read(self, lib) -> None:
        """Show the stored themes (computing them the first time)."""
        self.status.setText(self.tr("Loading themes…"))

        def work():
            ts = th.load_themes(lib, lang=language())
            if ts is None:
                if not lib.photos():
                    return None, {}
                ts = th.compute_themes(lib, None, seed=self.seed, store=not lib.readonly, lang=language())
            return ts, self._mosaics(lib, ts)

        self.jobs.start("themes", work, self._ready, self._failed)

    def compute(self, k: int | None = None) -> None:
        lib = self.lib
        if lib is None:
            return
        self.status.setText(self.tr("Grouping the library into themes…"))
        self.recompute.setEnabled(False)

        def work():
            ts = th.compute_themes(lib, k, seed=self.seed, store=not lib.readonly, lang=language())
            return ts, self._mosaics(lib, ts)

        self.jobs.start("themes", work, self._ready, self._failed)

    @staticmethod
    def _mosaics(lib, ts: th.ThemeSet) -> dict[int, QImage]:
        photos = [p for t in ts.themes for p in t.central[:4]]
        imgs = thumbnail_images(lib, photos, MOSAIC)
        return {t.id: mosaic([imgs.get(p.path) for p in t.central[:4]]) for t in ts.themes}

    def _ready(self, result) -> None:
        self.recompute.setEnabled(True)
        ts, mosaics = result
        self.theme_set = ts
        self.list.clear()
        if ts is None:
            self.status.setText(self.tr("No photos yet: add a folder, and themes appear here."))
            self.themes_changed.emit(0)
            return
        for t in ts.themes:
            item = QListWidgetItem(QIcon(QPixmap.fromImage(mosaics[t.id])), self._text(t))
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            item.setToolTip(self._tooltip(t))
            self.list.addItem(item)
        how = self.tr("picked automatically") if ts.auto else self.tr("your choice")
        total = sum(t.size for t in ts.themes)
        themes = plural(ts.k, self.tr("%1 theme"), self.tr("%1 themes")).replace("%1", str(ts.k))
        photos = plural(total, self.tr("1 photo"), self.tr("{n} photos")).format(n=total)
        text = (self.tr("%1 (%2) of %3 · computed in %4 s").replace("%1", themes)
                .replace("%2", how).replace("%3", photos)
                .replace("%4", QLocale().toString(float(ts.seconds), "f", 1)))
        if ts.added:
            text += plural(ts.added, self.tr(" · %1 new photo placed in its nearest theme"),
                           self.tr(" · %1 new photos placed in their nearest theme")).replace("%1", str(ts.added))
        if ts.stale:
            text += self.tr(" · the library has grown: Recompute for a fresh look")
        self.status.setText(text + self.tr(". Double-click a theme to see its photos."))
        self.k.blockSignals(True)
        self.k.setValue(0 if ts.auto else ts.k)
        self.k.blockSignals(False)
        self.themes_changed.emit(len(ts.themes))

    def _text(self, t: th.Theme) -> str:
        """Two lines: the name, then its dates and size."""
        photos = plural(t.size, self.tr("1 photo"), self.tr("{n} photos")).format(n=t.size)
        n = t.name
        if n is None or not n.dates:
            return f"{local_dates(t.label)}\n{photos}"
        return f"{local_dates(n.head or t.label)}\n{local_dates(n.dates)} · {photos}"

    def _tooltip(self, t: th.Theme) -> str:
        lines = [plural(t.size, self.tr("{label}: {n} photo."), self.tr("{label}: {n} photos."))
                 .format(label=local_dates(t.label), n=t.size)]
        n = t.name
        if n is not None:
            if n.tags:
                lines.append(self.tr("Most common tags: {tags}").format(tags=", ".join(n.tags)))
            if n.classes:
                lines.append(self.tr("What the model sees: {words}").format(
                    words=", ".join(n.classes)))
            if n.dates:
                lines.append(self.tr("Taken: {dates}").format(dates=local_dates(n.dates)))
        lines.append(self.tr("Most typical:"))
        return "\n".join(lines + [p.name for p in t.central])

    def _failed(self, exc) -> None:
        self.recompute.setEnabled(True)
        self.status.setText(self.tr("Could not make themes: %1").replace("%1", words(exc)))

    def theme_paths(self, theme_id: int) -> list[str]:
        lib, ts = self.lib, self.theme_set
        if lib is None or ts is None:
            return []
        return [p.path for p in th.theme_photos(lib, ts, theme_id)]

    def open_theme(self, theme_id: int) -> None:
        lib, ts = self.lib, self.theme_set
        if lib is None or ts is None:
            return
        label = local_dates(ts.themes[theme_id].label)
        self.jobs.start("open", lambda: self.theme_paths(theme_id),
                        lambda paths: self.show_photos.emit(paths, self.tr("Theme: %1").replace("%1", label)))


    def _activated(self, item: QListWidgetItem) -> None:
        self.open_theme(int(item.data(Qt.ItemDataRole.UserRole)))
