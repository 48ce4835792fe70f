"""A perceptual hash (DCT pHash, 64 bits) of a picture: a second signal for "the same picture".

The CNN embedding is robust to crops and edits but reads a small, heavily recompressed copy
a little differently; the pHash, made from the lowest frequencies of a 32x32 grey version,
hardly moves under shrinking, recompression, brightening or a lossless re-save, and is
cheap (a 32x32 DCT as two matrix products). It is *not* robust to crops or rotations, so it
only ever adds pairs to what the embedding finds, never vetoes one, and it is only trusted
together with a sane cosine (see ``photorec.core.organize.duplicates``).

Computed on the cached thumbnail (320 px), numpy only.
"""

from __future__ import annotations

import os

import numpy as np
from numpy.typing import ArrayLike, NDArray
from PIL import Image

SIZE = 32  # the grey picture the DCT is taken of
LOW = 8  # the LOW x LOW lowest frequencies make the 64 bits
BITS = LOW * LOW


def _dct_matrix(n: int) -> NDArray[np.float64]:
    k = np.arange(n)[:, None]
    x = np.arange(n)[None, :]
    m: NDArray[np.float64] = np.cos(np.pi * (2 * x + 1) * k / (2 * n)) * np.sqrt(2.0 / n)
    m[0] /= np.sqrt(2.0)
    return m


_D = _dct_matrix(SIZE)


def phash_pixels(grey: np.ndarray) -> int:
    """The hash of a SIZE x SIZE grey array (any float scale), as an unsigned 64-bit int."""
    c = _D @ np.asarray(grey, dtype=np.float64) @ _D.T
    low = c[:LOW, :LOW].reshape(-1)
    med = np.median(low[1:])  # the DC term only says how bright: left out of the median
    bits = (low > med).astype(np.uint64)
    return int((bits << np.arange(BITS, dtype=np.uint64)).sum())


def phash(im: Image.Image) -> int:
    """The hash of a PIL image (its orientation as given)."""
    if im.mode not in ("L", "RGB"):
        im = im.convert("RGB")
    g = im.convert("L")
    if max(g.size) > 4 * SIZE:  # a cheap first step; BOX averages like an area resize
        g = g.copy()
        g.thumbnail((4 * SIZE, 4 * SIZE), Image.Resampling.BOX)
    g = g.resize((SIZE, SIZE), Image.Resampling.BOX)
    return phash_pixels(np.asarray(g, dtype=np.float64))


def phash_file(path: str | os.PathLike[str]) -> int:
    """The hash of an image file (a thumbnail, usually): decoded at a reduced scale."""
    with Image.open(path) as im:
        im.draft("RGB", (4 * SIZE, 4 * SIZE))
        return phash(im)


_POP8 = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def hamming(a: ArrayLike, b: ArrayLike) -> NDArray[np.int16]:
    """Bits that differ between hashes (ints or uint64 arrays, broadcast)."""
    x = np.bitwise_xor(np.asarray(a, dtype=np.uint64), np.asarray(b, dtype=np.uint64))
    shape = x.shape
    by = np.ascontiguousarray(x.reshape(-1)).view(np.uint8).reshape(-1, 8)
    bits: NDArray[np.int16] = _POP8[by].sum(axis=1).astype(np.int16)
    return bits.reshape(shape)


def to_signed(h: int) -> int:
    """SQLite integers are signed 64-bit: store the hash's bit pattern that way."""
    return h - (1 << 64) if h >= (1 << 63) else h


def from_signed(v: int) -> int:
    return v + (1 << 64) if v < 0 else v
