"""Spherical k-means on unit vectors (numpy only), and the choice of k.

Cosine = dot product of unit vectors; centroids are re-normalised. k-means++ seeding on a
sample, mini-batch updates (Sculley 2010) when there are many rows, then full Lloyd passes
until assignments settle. Everything is seeded, so the same rows in the same order and the
same seed give the same clusters. Rows may be float16 (they are taken in chunks).

``auto_k``: the candidates 0.75, 1 and 1.5 x sqrt(n/2) (at most ``MAX_AUTO_K``, a number of
clusters one can browse), each scored by the silhouette (cosine) on a sample; the best wins.
(Over a wider range the silhouette of CNN embeddings always prefers the fewest clusters,
which is not what browsing wants.)
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from photorec.core.embed.vectors import unit

MAX_AUTO_K = 48
FULL_LLOYD_LIMIT = 20_000  # above this, mini-batch passes come first
BATCH = 4096
SAMPLE_INIT = 10_000
SAMPLE_AUTO = 4_000
SILHOUETTE_SAMPLE = 2_000
CHUNK = 8192


class Cancelled(Exception):
    pass


def _rows(X: np.ndarray, idx: np.ndarray | slice) -> np.ndarray:
    return np.asarray(X[idx], dtype=np.float32)


def assign(X: np.ndarray, C: np.ndarray, chunk: int = CHUNK) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centroid (label) and its cosine for each row of X, in chunks (X may be float16)."""
    n = len(X)
    labels = np.empty(n, dtype=np.int32)
    best = np.empty(n, dtype=np.float32)
    Ct = np.ascontiguousarray(C.T, dtype=np.float32)
    for s in range(0, n, chunk):
        sims = np.asarray(X[s:s + chunk], dtype=np.float32) @ Ct
        lab = sims.argmax(1)
        labels[s:s + chunk] = lab
        best[s:s + chunk] = sims[np.arange(len(lab)), lab]
    return labels, best


def _kmeans_pp(X: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ seeding (distance 1 - cosine) on a sample of at most SAMPLE_INIT rows."""
    n = len(X)
    idx = rng.choice(n, size=min(n, SAMPLE_INIT), replace=False) if n > SAMPLE_INIT else np.arange(n)
    S = _rows(X, np.sort(idx))
    m = len(S)
    centers = [int(rng.integers(m))]
    d = np.maximum(1.0 - S @ S[centers[0]], 0.0).astype(np.float64)
    for _ in range(1, k):
        total = d.sum()
        if total <= 1e-12:  # fewer distinct points than k
            j = int(rng.integers(m))
        else:
            j = int(np.searchsorted(np.cumsum(d), rng.random() * total))
            j = min(j, m - 1)
        centers.append(j)
        d = np.minimum(d, np.maximum(1.0 - S @ S[j], 0.0))
    return unit(S[centers].copy())


def _update(X: np.ndarray, labels: np.ndarray, C: np.ndarray, chunk: int = CHUNK) -> np.ndarray:
    """The sum of each cluster's rows (one-hot matrix products, in chunks)."""
    k, d = C.shape
    sums = np.zeros((k, d), dtype=np.float64)
    eye = np.eye(k, dtype=np.float32)
    for s in range(0, len(X), chunk):
        onehot = eye[labels[s:s + chunk]]
        sums += onehot.T @ np.asarray(X[s:s + chunk], dtype=np.float32)
    return sums


@dataclass
class KMeansResult:
    centroids: np.ndarray  # float32 [k, d], unit rows
    labels: np.ndarray  # int32 [n]
    scores: np.ndarray  # float32 [n], cosine to the own centroid
    iterations: int
    inertia: float  # mean cosine to the own centroid (higher is tighter)


def kmeans(X: np.ndarray, k: int, *, seed: int = 0, max_iter: int = 60, tol: float = 1e-4,
           cancel: threading.Event | None = None,
           progress: Callable[[int, int], None] | None = None) -> KMeansResult:
    """Spherical k-means of the unit rows of X (float32 or float16)."""
    n = len(X)
    if n == 0:
        raise ValueError("nothing to cluster")
    k = max(1, min(int(k), n))
    rng = np.random.default_rng(seed)
    C = _kmeans_pp(X, k, rng)
    it = 0
    if n > FULL_LLOYD_LIMIT:  # mini-batch (Sculley 2010), a few epochs' worth of batches
        counts = np.zeros(k, dtype=np.float64)
        steps = max(30, min(300, 3 * n // BATCH))
        for step in range(steps):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            idx = np.sort(rng.choice(n, size=BATCH, replace=False))
            B = _rows(X, idx)
            lab = (B @ C.T).argmax(1)
            for c in np.unique(lab):
                rows = B[lab == c]
                counts[c] += len(rows)
                eta = len(rows) / counts[c]
                C[c] = (1 - eta) * C[c] + eta * rows.mean(0)
            C = unit(C)
            if progress:
                progress(step + 1, steps + max_iter)
        max_iter = min(max_iter, 8)  # then a few full passes settle it
    labels = None
    shift = 1.0
    for it in range(1, max_iter + 1):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        new_labels, best = assign(X, C)
        sums = _update(X, new_labels, C)
        sizes = np.bincount(new_labels, minlength=k)
        empty = np.flatnonzero(sizes == 0)
        if len(empty):  # re-seed empty clusters with the points farthest from their centroid
            far = np.argsort(best, kind="stable")[: len(empty)]
            for c, j in zip(empty.tolist(), far.tolist()):
                sums[c] = np.asarray(X[j], dtype=np.float64)
        C_new = unit(sums).astype(np.float32)
        shift = float(np.max(1.0 - np.sum(C_new * C, axis=1)))
        changed = n if labels is None else int(np.count_nonzero(new_labels != labels))
        C, labels = C_new, new_labels
        if progress:
            progress(it, max_iter)
        if not len(empty) and (changed == 0 or shift < tol):
            break
    labels, best = assign(X, C)
    return KMeansResult(C, labels, best, it, float(best.mean()))


def silhouette(X: np.ndarray, labels: np.ndarray, *, sample: int = SILHOUETTE_SAMPLE,
               seed: int = 0) -> float:
    """Mean silhouette (cosine distance) on a sample."""
    n = len(X)
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(n, size=sample, replace=False)) if n > sample else np.arange(n)
    S = _rows(X, idx)
    lab = labels[idx]
    ks = np.unique(lab)
    if len(ks) < 2:
        return -1.0
    remap = np.searchsorted(ks, lab)
    D = np.maximum(1.0 - S @ S.T, 0.0)
    onehot = np.zeros((len(S), len(ks)), dtype=np.float32)
    onehot[np.arange(len(S)), remap] = 1.0
    sums = D @ onehot
    counts = onehot.sum(0)
    own = counts[remap]
    a = sums[np.arange(len(S)), remap] / np.maximum(own - 1, 1)
    other = sums / np.maximum(counts, 1)
    other[np.arange(len(S)), remap] = np.inf
    b = other.min(1)
    s = (b - a) / np.maximum(np.maximum(a, b), 1e-12)
    s[own <= 1] = 0.0
    return float(s.mean())


def auto_k(X: np.ndarray, *, seed: int = 0, cancel: threading.Event | None = None) -> tuple[int, dict[str, Any]]:
    """k picked by silhouette among candidates around sqrt(n/2), on a sample."""
    n = len(X)
    if n < 4:
        return max(1, n), {"method": "tiny library", "candidates": {}}
    base = math.sqrt(n / 2)
    cands = sorted({int(min(MAX_AUTO_K, max(2, round(base * f)))) for f in (0.75, 1.0, 1.5)})
    cands = [c for c in cands if c < n]
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(n, size=SAMPLE_AUTO, replace=False)) if n > SAMPLE_AUTO else np.arange(n)
    S = _rows(X, idx)
    scores: dict[int, float] = {}
    for c in cands:
        r = kmeans(S, c, seed=seed, max_iter=30, cancel=cancel)
        scores[c] = round(silhouette(S, r.labels, seed=seed), 4)
    best = max(cands, key=lambda c: (scores[c], -c))
    return best, {"method": "silhouette on a sample", "sample": len(S), "candidates": scores}
