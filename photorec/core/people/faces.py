"""Faces in one photo: detect, align, embed, score. Boxes are kept as fractions of the photo
as it is displayed (EXIF orientation applied by the decoder), so they fit any size it is
drawn at."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from photorec.core.people import align as al
from photorec.core.people.detect import DETECT_SIDE, detect
from photorec.core.people.models import FaceModels

log = logging.getLogger(__name__)

# The long side of the image faces are looked for in. The decoder already holds the photo at
# this size for the thumbnail (see ingest/decode.py), so finding faces costs no extra decode.
# YuNet finds faces down to about 10 px at this scale: 1/64 of the photo's long side
# (63 px in a 4000 px photo). The detector's cost grows with the pixels (measured in
# benchmarks/bench_index.py --faces-only and bench_faces.py).
FACE_SIDE = DETECT_SIDE

# A face may start a person only when it is this good (tiny, blurred, turned-away faces are
# kept and may join a person that is already sure, but never seed one).
SEED_MIN_QUALITY = 0.35
SEED_MIN_SCORE = 0.85
SEED_MIN_PX = 32.0  # width in the original photo


@dataclass
class Face:
    box: tuple[float, float, float, float]  # x, y, w, h: fractions of the displayed photo
    landmarks: list[float]  # 10 numbers, fractions, (x, y) per point
    score: float  # detector confidence
    quality: float  # 0..1 (size, sharpness, pose)
    width_px: float  # the face's width in the original photo
    vec: np.ndarray = field(repr=False)  # float32 [128], unit length

    @property
    def can_seed(self) -> bool:
        return (self.quality >= SEED_MIN_QUALITY and self.score >= SEED_MIN_SCORE
                and self.width_px >= SEED_MIN_PX)


def find_faces(models: FaceModels, image: Image.Image, full_size: tuple[int, int]) -> list[Face]:
    """The faces in ``image`` (the displayed photo at any scale, RGB); ``full_size``: the
    photo's displayed size in pixels, for each face's size in the original."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    w, h = image.size
    scale_to_full = max(full_size) / max(w, h) if max(w, h) else 1.0
    dets = detect(models, image, side=FACE_SIDE)
    if not dets:
        return []
    crops, kept = [], []
    for d in dets:
        try:
            crops.append(al.align(image, d.landmarks))
        except (ValueError, np.linalg.LinAlgError):
            continue  # landmarks on one point: not a face that can be recognised
        kept.append(d)
    if not kept:
        return []
    vecs = models.embed(np.stack(crops))
    out = []
    for d, crop, v in zip(kept, crops, vecs):
        x, y, bw, bh = (float(t) for t in d.box)
        width_px = bw * scale_to_full
        q = al.quality(width_px, al.sharpness(crop), al.frontal(d.landmarks))
        lm = (d.landmarks / np.array([w, h], np.float32)).ravel()
        out.append(Face((x / w, y / h, bw / w, bh / h), [round(float(t), 5) for t in lm],
                        d.score, q, width_px, v.astype(np.float32)))
    return out
