"""Whether a larger copy's extra pixels hold a picture: an enlarged copy claims a resolution
it has no detail for, and must never beat the original it was made from.

Natural pictures look alike at every scale: a band of frequencies a quarter octave wide holds
about as much energy, measured at its own sampling, as the next one down. An image enlarged
from a smaller one has little in the bands above the original's resolution (what the
interpolation leaves), and noise added afterwards is spread evenly over the picture, unlike
detail, which sits on edges and texture. So each band's energy is measured per block and the
even floor (the blocks' median) is taken out; a larger member proves real detail beyond a
smaller one's resolution when its bands above that resolution hold at least
``DETAIL_RATIO`` of the energy of the bands just under it. Measured on the 79 test photos
where the picture has enough texture to judge (``MIN_ENERGY``): enlargements to 4000x3000
with noise reach at most 0.44, 2x Lanczos enlargements (which sharpen) 0.52; originals over
their halves 0.39-1.22. The floor sits above every enlargement: a larger copy that cannot
prove its detail does not win by resolution, and the original is then kept by its date
(``python benchmarks/bench_keeper.py``). A smoother picture proves nothing.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache

import numpy as np
from PIL import Image

log = logging.getLogger(__name__)

CROP = 1024  # the central crop measured, in the image's own pixels
STEP = 2 ** 0.25  # a quarter octave between bands
MIN_SIDE = 40  # the coarsest band is measured on at least this many pixels
BLOCK = 16  # block side for the even floor (noise) estimate
DETAIL_RATIO = 0.6  # bands above the other's resolution holding this share: real detail
MIN_ENERGY = 8.0  # under this (grey levels squared per pixel) a band is too flat to judge


def _resize(x: np.ndarray, w: int, h: int) -> np.ndarray:
    im = Image.fromarray(x.astype(np.float32, copy=False))
    return np.asarray(im.resize((w, h), Image.Resampling.BOX if w < x.shape[1] else
                                Image.Resampling.BICUBIC), dtype=np.float32)


def _band_energy(band: np.ndarray) -> float:
    """The band's energy per pixel above its even floor (noise spread over the picture)."""
    h, w = band.shape
    bh, bw = h // BLOCK, w // BLOCK
    if bh < 2 or bw < 2:
        return float((band ** 2).mean())
    e = (band[:bh * BLOCK, :bw * BLOCK] ** 2).reshape(bh, BLOCK, bw, BLOCK).mean(axis=(1, 3))
    floor = float(np.median(e))
    return float(np.maximum(e - floor, 0.0).mean())


def band_profile(x: np.ndarray) -> list[tuple[float, float]]:
    """(scale, energy) of each quarter-octave band, finest first; ``scale`` is the band's top
    (1.0: the image's own resolution)."""
    h, w = x.shape
    out = []
    s = 1.0
    cur = x
    while min(h, w) * s / STEP >= MIN_SIDE:
        nw, nh = max(1, round(w * s / STEP)), max(1, round(h * s / STEP))
        low = _resize(cur, nw, nh)
        band = cur - _resize(low, cur.shape[1], cur.shape[0])
        out.append((s, _band_energy(band)))
        cur, s = low, s / STEP
    return out


def beyond_ratio(profile: list[tuple[float, float]], scale: float) -> float | None:
    """How much energy the bands above ``scale`` (the other member's resolution, as a share of
    this image's) hold, against the bands just under it: ~1 for real detail, ~0.2-0.4 for an
    enlargement (interpolation leaves a little there, and added noise is taken out as the
    even floor). None when it cannot be judged: too close a scale, or a picture too smooth
    for its bands to say anything."""
    above = [e for s, e in profile if s > scale * STEP ** 1.5]
    under = [e for s, e in profile if s <= scale * 1.01][:3]
    if not above or not under:
        return None
    ref = float(np.mean(under))
    if ref < MIN_ENERGY:
        return None
    return float(np.mean(above)) / ref


def proves_detail(path: str, linear: float, other_linear: float) -> bool:
    """Does the image at ``path`` (``linear`` = sqrt(width x height)) hold real detail beyond
    the resolution of a copy of ``other_linear``? False when it cannot be shown (unreadable,
    too smooth to tell, or too close in size): resolution that is not shown to be real is not
    counted."""
    if other_linear <= 0 or linear < other_linear * STEP ** 2:
        return False
    prof = profile_of(path)
    if prof is None:
        return False
    r = beyond_ratio(prof, other_linear / linear)
    return r is not None and r >= DETAIL_RATIO


def profile_of(path: str) -> list[tuple[float, float]] | None:
    """:func:`band_profile` of a file's central ``CROP`` pixels at full resolution (cached
    per path, size and modification time); None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _cached(path, st.st_size, st.st_mtime_ns)


@lru_cache(maxsize=2048)
def _cached(path: str, size: int, mtime_ns: int) -> list[tuple[float, float]] | None:
    try:
        with Image.open(path) as im:
            im = im.convert("L")
            w, h = im.size
            if max(w, h) > CROP:
                left, top = max(0, (w - CROP) // 2), max(0, (h - CROP) // 2)
                im = im.crop((left, top, min(w, left + CROP), min(h, top + CROP)))
            x = np.asarray(im, dtype=np.float32)
    except Exception as exc:  # noqa: BLE001 - an unreadable file is only not judged
        log.debug("cannot measure the detail of %s: %s", path, exc)
        return None
    return band_profile(x)
