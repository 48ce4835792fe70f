"""Faces in one photo: detect, align, embed, score. Boxes are kept as fractions of the photo
as it is displayed (EXIF orientation applied by the decoder), so they fit any size it is
drawn at."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from photorec.core.people import align as al
from photorec.core.people.detect import DETECT_SIDE, Detection, detect
from photorec.core.people.models import FaceModels

log = logging.getLogger(__name__)

# The long side of the image faces are looked for in while indexing. The decoder already holds
# the photo at about this size for the thumbnail (see ingest/decode.py: a 4000 px JPEG is
# decoded at 1/8, 500 px), so finding faces costs no extra decode. YuNet finds faces down to
# about 10 px at that scale: 80 px in a 4000 px photo. Smaller faces are left to the closer
# look below. (Costs: benchmarks/bench_index.py --faces-only, bench_faces.py.)
FACE_SIDE = DETECT_SIDE

# The closer look, after indexing (People.look_closer): the photo decoded again at the size
# where a face of MIN_FACE_PX in the original is MIN_DETECT_PX at the detector's scale
# (2400 px for a 4000 px photo), at most CLOSER_MAX_SIDE, in tiles of CLOSER_TILE px. YuNet's
# smallest faces are nominally 10 px, but a 20 px face seen at 10 px scored below 0.3 in
# tests/test_people_closer.py and 0.78 seen at 12 px.
MIN_FACE_PX = 20
MIN_DETECT_PX = 12
CLOSER_MAX_SIDE = 3000
CLOSER_TILE = 640
CLOSER_OVERLAP = 64  # px at the closer scale: the largest face the closer look keeps
CLOSER_MIN_SCORE = 0.7  # small faces need a surer detector: many more windows are looked at

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
    return _describe(models, image, detect(models, image, side=FACE_SIDE), full_size)


def closer_side(full_size: tuple[int, int], seen_side: int) -> int:
    """The long side to look at a photo again at for small faces, or 0 when the look at
    ``seen_side`` px already saw faces of :data:`MIN_FACE_PX` in the original (or the photo
    is too small to hold smaller ones)."""
    full = max(full_size)
    side = int(min(full, -(-full * MIN_DETECT_PX // MIN_FACE_PX), CLOSER_MAX_SIDE))
    return side if seen_side > 0 and side * 4 > seen_side * 5 else 0  # worth a second look


def find_small_faces(models: FaceModels, image: Image.Image, full_size: tuple[int, int],
                     known: list[tuple[float, float, float, float]]) -> list[Face]:
    """The closer look: faces in ``image`` (the photo at about :func:`closer_side`) that are
    too small for the look while indexing, and not one of ``known`` (boxes as fractions)."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    w, h = image.size
    dets = detect(models, image, min_score=CLOSER_MIN_SCORE, side=max(w, h), tile=CLOSER_TILE,
                  overlap=CLOSER_OVERLAP)
    new = []
    for d in dets:
        x, y, bw, bh = (float(t) for t in d.box)
        if bw > CLOSER_OVERLAP:
            continue  # a larger face may be cut by a tile; the look while indexing has it
        cx, cy = (x + bw / 2) / w, (y + bh / 2) / h
        if any(kx <= cx <= kx + kw and ky <= cy <= ky + kh for kx, ky, kw, kh in known):
            continue
        new.append(d)
    return _describe(models, image, new, full_size)


def _describe(models: FaceModels, image: Image.Image, dets: list[Detection],
              full_size: tuple[int, int]) -> list[Face]:
    """Align, embed and score detections of ``image``."""
    w, h = image.size
    scale_to_full = max(full_size) / max(w, h) if max(w, h) else 1.0
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
