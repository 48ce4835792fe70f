"""Five-point face alignment (a similarity transform onto ArcFace's 112x112 template) and the
face's quality (size, sharpness, pose), with numpy and Pillow only."""

from __future__ import annotations

import numpy as np
from PIL import Image

from photorec.core.people.models import EMBED_SIZE

# ArcFace / SFace template: right eye, left eye, nose, mouth right, mouth left (image left
# to right for the eyes), in a 112x112 crop.
TEMPLATE = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366],
                     [41.5493, 92.3655], [70.7299, 92.2041]], np.float64)

SIZE_GOOD = 64.0  # a face this many pixels wide (in the original photo) or more: full marks
BLUR_GOOD = 120.0  # variance of the Laplacian of the aligned grey face that counts as sharp


def similarity(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """The 2x3 similarity transform (rotation, uniform scale, translation) that maps the
    points ``src`` onto ``dst`` best in the least-squares sense (Umeyama, no reflection)."""
    src = np.asarray(src, np.float64)
    dst = np.asarray(dst, np.float64)
    mu_s, mu_d = src.mean(0), dst.mean(0)
    s, d = src - mu_s, dst - mu_d
    var = (s ** 2).sum() / len(src)
    if var < 1e-12:
        raise ValueError("degenerate landmarks")
    cov = d.T @ s / len(src)
    u, sig, vt = np.linalg.svd(cov)
    sign = np.eye(2)
    if np.linalg.det(u) * np.linalg.det(vt) < 0:
        sign[1, 1] = -1
    rot = u @ sign @ vt
    scale = np.trace(np.diag(sig) @ sign) / var
    t = mu_d - scale * rot @ mu_s
    return np.hstack([scale * rot, t[:, None]])


def align(image: Image.Image, landmarks: np.ndarray) -> np.ndarray:
    """The face warped onto the template: uint8 [112, 112, 3] RGB."""
    m = similarity(landmarks, TEMPLATE)
    full = np.vstack([m, [0, 0, 1]])
    inv = np.linalg.inv(full)  # Pillow maps output pixels back to input pixels
    data = tuple(inv[:2].ravel())
    face = image.transform((EMBED_SIZE, EMBED_SIZE), Image.Transform.AFFINE, data,
                           resample=Image.Resampling.BILINEAR)
    return np.asarray(face.convert("RGB"), np.uint8)


def sharpness(face: np.ndarray) -> float:
    """Variance of the Laplacian of the aligned face's central part (grey)."""
    g = face[16:100, 16:96].astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
    lap = (g[1:-1, :-2] + g[1:-1, 2:] + g[:-2, 1:-1] + g[2:, 1:-1] - 4 * g[1:-1, 1:-1])
    return float(lap.var())


def frontal(landmarks: np.ndarray) -> float:
    """1 for a face looking at the camera, towards 0 for a profile: where the nose sits
    between the eyes (and between the mouth corners)."""
    lm = np.asarray(landmarks, np.float64)
    eye_dx = lm[1, 0] - lm[0, 0]
    mouth_dx = lm[4, 0] - lm[3, 0]
    if eye_dx <= 1e-6 or mouth_dx <= 1e-6:
        return 0.0
    r_eye = (lm[2, 0] - lm[0, 0]) / eye_dx
    r_mouth = (lm[2, 0] - lm[3, 0]) / mouth_dx
    off = max(abs(r_eye - 0.5), abs(r_mouth - 0.5))
    return float(np.clip(1.0 - 2.0 * off, 0.0, 1.0))


def quality(width_px: float, sharp: float, pose: float) -> float:
    """0..1: the product of size (``width_px``: the face's width in the original photo),
    sharpness and pose, each in 0..1."""
    size_q = float(np.clip(width_px / SIZE_GOOD, 0.0, 1.0))
    blur_q = float(np.clip(sharp / BLUR_GOOD, 0.0, 1.0))
    return size_q * blur_q * float(np.clip(pose, 0.0, 1.0))
