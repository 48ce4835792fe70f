"""Face detection with YuNet: one run over the whole image, the anchor-free outputs decoded,
then NMS.

The shipped graph takes any height and width (packaging/make_face_models.py freed them), so
the image runs at its own size, padded to multiples of 32. YuNet finds faces down to about
10 px at that scale: the caller picks the scale (:data:`photorec.core.people.faces.FACE_SIDE`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from photorec.core.people.models import FaceModels

STRIDES = (8, 16, 32)
ALIGN = 32  # the input's sides are padded to a multiple of the largest stride
DETECT_SIDE = 640  # the long side faces are looked for at (see faces.FACE_SIDE)
MIN_SCORE = 0.6  # YuNet's score for a face to be kept at all (quality decides the rest)
NMS_IOU = 0.3
MAX_FACES = 500  # a crowd larger than this keeps its 500 best faces


@dataclass
class Detection:
    box: np.ndarray  # float32 [4]: x, y, w, h in pixels of the image handed in
    landmarks: np.ndarray  # float32 [5, 2]: right eye, left eye, nose, mouth right, left
    score: float


def _decode(out: dict[str, np.ndarray], width: int, min_score: float) -> list[np.ndarray]:
    """Rows [x, y, w, h, score, 10 landmark coords] in the input's pixels."""
    rows = []
    for s in STRIDES:
        cols = width // s
        cls = np.clip(out[f"cls_{s}"][:, 0], 0, 1)
        obj = np.clip(out[f"obj_{s}"][:, 0], 0, 1)
        score = np.sqrt(cls * obj)
        idx = np.nonzero(score >= min_score)[0]
        if not len(idx):
            continue
        r, c = (idx // cols).astype(np.float32), (idx % cols).astype(np.float32)
        b = out[f"bbox_{s}"][idx]
        k = out[f"kps_{s}"][idx]
        cx, cy = (c + b[:, 0]) * s, (r + b[:, 1]) * s
        w = np.exp(np.clip(b[:, 2], -10, 10)) * s
        h = np.exp(np.clip(b[:, 3], -10, 10)) * s
        kx = (k[:, 0::2] + c[:, None]) * s
        ky = (k[:, 1::2] + r[:, None]) * s
        kps = np.stack([kx, ky], axis=2).reshape(len(idx), 10)
        rows.append(np.column_stack([cx - w / 2, cy - h / 2, w, h, score[idx], kps]))
    return rows


def nms(rows: np.ndarray, iou: float = NMS_IOU, limit: int = MAX_FACES) -> np.ndarray:
    """Greedy non-maximum suppression on [x, y, w, h, score, ...] rows, best first."""
    if not len(rows):
        return rows
    order = np.argsort(-rows[:, 4])
    x1, y1 = rows[:, 0], rows[:, 1]
    x2, y2 = x1 + rows[:, 2], y1 + rows[:, 3]
    area = np.maximum(rows[:, 2], 0) * np.maximum(rows[:, 3], 0)
    keep: list[int] = []
    while len(order) and len(keep) < limit:
        i = order[0]
        keep.append(i)
        rest = order[1:]
        w = np.maximum(0, np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]))
        h = np.maximum(0, np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]))
        inter = w * h
        union = area[i] + area[rest] - inter
        order = rest[inter / np.maximum(union, 1e-6) <= iou]
    return rows[keep]


def _run(models: FaceModels, rgb: np.ndarray, min_score: float) -> list[np.ndarray]:
    """One YuNet pass over an RGB uint8 array, padded at right/bottom to multiples of 32."""
    h, w = rgb.shape[:2]
    H, W = -(-h // ALIGN) * ALIGN, -(-w // ALIGN) * ALIGN
    x = np.zeros((1, 3, H, W), np.float32)
    x[0, :, :h, :w] = rgb[:, :, ::-1].transpose(2, 0, 1)  # RGB -> BGR, HWC -> CHW
    return _decode(models.detect_raw(x), W, min_score)


def _tiles(length: int, tile: int, overlap: int) -> list[tuple[int, int]]:
    """(start, size) of the fewest tiles of at most ``tile`` px that cover ``length`` px, of
    even sizes (multiples of 32, so no tile is mostly padding), each overlapping the next by at
    least ``overlap`` px."""
    if length <= tile:
        return [(0, length)]
    n = -(-(length - overlap) // (tile - overlap))
    even = -(-(length + (n - 1) * overlap) // n)  # ceil: the tiles' size to cover it evenly
    size = min(tile, -(-even // ALIGN) * ALIGN)
    step = (length - size) / (n - 1)
    return [(round(i * step), size) for i in range(n)]


def _run_tiled(models: FaceModels, rgb: np.ndarray, min_score: float, tile: int,
               overlap: int) -> list[np.ndarray]:
    """YuNet over ``tile`` x ``tile`` windows of the array (the cost per pixel of one big run
    grows with its size: the convolutions no longer fit the CPU's caches; 2000x1500 as one
    run takes 1.5x the time of its 640 px tiles). A face smaller than ``overlap`` is whole in
    some tile."""
    h, w = rgb.shape[:2]
    rows = []
    for y0, th in _tiles(h, tile, overlap):
        for x0, tw in _tiles(w, tile, overlap):
            for r in _run(models, rgb[y0:y0 + th, x0:x0 + tw], min_score):
                r[:, [0, 5, 7, 9, 11, 13]] += x0
                r[:, [1, 6, 8, 10, 12, 14]] += y0
                rows.append(r)
    return rows


def detect(models: FaceModels, image: Image.Image, min_score: float = MIN_SCORE,
           side: int = DETECT_SIDE, tile: int = 0, overlap: int = 64) -> list[Detection]:
    """The faces in an RGB image, best first, in its pixels. The image is looked at with its
    long side at most ``side`` (the cost grows with the pixels); ``tile`` > 0 runs the
    detector over tiles of that size, for faces smaller than ``overlap`` px at that scale."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    w, h = image.size
    if w < 2 or h < 2:
        return []
    scale = min(1.0, side / max(w, h))
    small = image if scale == 1.0 else image.resize(
        (max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.BILINEAR)
    arr = np.asarray(small)
    found = _run_tiled(models, arr, min_score, tile, overlap) if tile else _run(models, arr, min_score)
    rows = []
    for r in found:
        r[:, :4] /= scale
        r[:, 5:] /= scale
        rows.append(r)
    if not rows:
        return []
    kept = nms(np.concatenate(rows))
    out = []
    for r in kept:
        box = r[:4].astype(np.float32)
        # Clip to the image: a face at the edge keeps the part that is in the photo.
        x1, y1 = max(0.0, box[0]), max(0.0, box[1])
        x2, y2 = min(float(w), box[0] + box[2]), min(float(h), box[1] + box[3])
        if x2 - x1 < 1 or y2 - y1 < 1:
            continue
        out.append(Detection(np.array([x1, y1, x2 - x1, y2 - y1], np.float32),
                             r[5:15].reshape(5, 2).astype(np.float32), float(r[4])))
    return out
