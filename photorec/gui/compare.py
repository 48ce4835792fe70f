"""Two photos side by side, each with what the keeper choice looks at (resolution, size,
format and JPEG quality, sharpness, date), and how alike they are.

Nothing here runs on the GUI thread but the widgets: the photos' rows, their quality (which
may be measured and stored in the catalog) and the images are loaded by one background job
(``organize_common.Jobs``, the view's), and the panes fill in when it is done.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from photorec.core.embed import similarity
from photorec.core.organize import duplicates as dup
from photorec.gui.organize_common import Jobs, human_size, load_image, muted

if TYPE_CHECKING:
    from photorec.core.store import Photo

IMAGE_BOX = 1400  # long side the compared images are decoded at


def load_pair(lib, a: str, b: str) -> dict:
    """Everything the dialog shows, read in a worker thread (QImage, never QPixmap)."""
    pa, pb = lib.photo(a), lib.photo(b)
    if pa is None or pb is None:
        return {"missing": a if pa is None else b}
    quality = dup.quality_of(lib, {pa.ckey: [pa], pb.ckey: [pb]})  # may store measurements
    score = None
    identical = pa.ckey == pb.ckey and dup.identical_files(pa, pb)  # bytes compared, here
    if pa.ckey != pb.ckey:
        va, vb = lib.vector_for(a), lib.vector_for(b)
        if va is not None and vb is not None:
            score = float(va @ vb)
    elif not identical:
        score = 1.0  # one content key (one vector), but not byte for byte the same file

    def image(photo) -> QImage:
        if photo.online:
            img = load_image(photo.path, IMAGE_BOX)
            if not img.isNull():
                return img
        tp = lib.thumbnail_path(photo, create=False)
        return load_image(str(tp), IMAGE_BOX) if tp else QImage()

    return {"a": pa, "b": pb, "qa": quality.get(pa.ckey), "qb": quality.get(pb.ckey),
            "score": score, "identical": identical, "model": lib.model, "ia": image(pa),
            "ib": image(pb)}


class ComparePane(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        self.image = QLabel(self)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(360, 300)
        self.image.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.name = QLabel(self)
        f = self.name.font()
        f.setBold(True)
        self.name.setFont(f)
        self.name.setWordWrap(True)
        self.details = muted("", self)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.image, 1)
        lay.addWidget(self.name)
        lay.addWidget(self.details)
        self._img = QImage()

    def set_photo(self, photo: Photo, quality: dup.Quality | None, extra: str) -> None:
        self.name.setText(photo.name)
        dims = f"{photo.width}×{photo.height}" if photo.width else "?"
        lines = [photo.path, f"{dims} · {human_size(photo.size)}"]
        fmt = os.path.splitext(photo.path)[1].lstrip(".").upper()
        if quality is not None and quality.jpeg_quality:
            fmt += self.tr(" (quality ≈{0})").format(quality.jpeg_quality)
        lines.append(self.tr("Format: {0}").format(fmt))
        if quality is not None and quality.sharpness is not None:
            lines.append(self.tr("Sharpness: {0:.2f}").format(quality.sharpness))
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(photo.date))
        lines.append((self.tr("Taken {0}") if photo.taken is not None
                      else self.tr("Modified {0}")).format(when))
        if extra:
            lines.append(extra)
        if not photo.online:
            lines.append(self.tr("In an offline folder"))
        self.details.setText("\n".join(lines))

    def set_image(self, img: QImage) -> None:
        self._img = img
        self._rescale()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._img.isNull():
            self.image.setText("…")
            return
        self.image.setPixmap(QPixmap.fromImage(self._img).scaled(
            self.image.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))


class CompareDialog(QDialog):
    """Two photos side by side, each with what the keeper choice looks at."""

    def __init__(self, lib, a: str, b: str, jobs: Jobs, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare photos"))
        self.resize(1000, 640)
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.left, self.right = ComparePane(self), ComparePane(self)
        row.addWidget(self.left, 1)
        row.addWidget(self.right, 1)
        lay.addLayout(row, 1)
        self.status = muted(self.tr("Loading…"), self)
        lay.addWidget(self.status)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        bb.rejected.connect(self.reject)
        bb.accepted.connect(self.accept)
        lay.addWidget(bb)
        self.loaded = False
        jobs.start(f"compare-{id(self)}", lambda: load_pair(lib, a, b), self._loaded, self._failed)

    def _loaded(self, r: dict) -> None:
        try:
            self._show(r)
        except RuntimeError:  # closed before the job was done
            pass

    def _show(self, r: dict) -> None:
        if "missing" in r:
            self.status.setText(self.tr("{0} is no longer in the library.").format(r["missing"]))
            return
        if r["score"] is None:
            sim = self.tr("Identical files") if r.get("identical") else ""
        else:
            band = QCoreApplication.translate("similarity", similarity.describe(r["score"], r["model"]))

            sim = self.tr("Similarity {0}% ({1})").format(similarity.percent(r["score"]), band)
        self.left.set_photo(r["a"], r["qa"], sim)
        self.right.set_photo(r["b"], r["qb"], sim)
        self.left.set_image(r["ia"])
        self.right.set_image(r["ib"])
        self.status.hide()
        self.loaded = True

    def _failed(self, exc) -> None:
        try:
            self.status.setText(self.tr("Could not load the photos: {0}").format(exc))
        except RuntimeError:
            pass
