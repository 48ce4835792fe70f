"""Vector maths shared by the organising features (tags, themes, more like these).

numpy only: L2 normalisation, the logistic function, and the PCA projection (centre, project
on the top principal axes, normalise) that the tag classifier and the themes both fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

CHUNK = 8192


def unit(x: NDArray[np.floating[Any]]) -> NDArray[np.floating[Any]]:
    """L2-normalised rows of a matrix (or a single vector); zero rows stay zero."""
    x = np.asarray(x)
    if x.ndim == 1:
        n = float(np.linalg.norm(x))
        return x / n if n > 0 else x
    norms: NDArray[np.floating[Any]] = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return x / norms


def sigmoid(z: NDArray[np.floating[Any]]) -> NDArray[np.floating[Any]]:
    e: NDArray[np.floating[Any]] = np.exp(-np.clip(z, -30, 30))
    return 1.0 / (1.0 + e)


def logit(p: ArrayLike, eps: float = 1e-6) -> NDArray[np.float64]:
    q = np.clip(np.asarray(p, dtype=np.float64), eps, 1 - eps)
    out: NDArray[np.float64] = np.log(q / (1 - q))
    return out


@dataclass
class Projection:
    """Centre, project on the top principal axes, normalise: ``unit((x - mean) @ basis)``."""

    mean: NDArray[np.float32]  # [d]
    basis: NDArray[np.float32]  # [d, p]

    def __call__(self, X: NDArray[np.floating[Any]], chunk: int = CHUNK) -> NDArray[np.float32]:
        X = np.asarray(X)
        if X.ndim == 1:
            row: NDArray[np.float32] = self(X[None, :], chunk)[0]
            return row
        out = np.empty((len(X), self.basis.shape[1]), dtype=np.float32)
        for s in range(0, len(X), chunk):
            out[s:s + chunk] = (np.asarray(X[s:s + chunk], dtype=np.float32) - self.mean) @ self.basis
        return unit(out)


def _orthonormal(Y: NDArray[np.float32]) -> NDArray[np.float32]:
    """An orthonormal basis of Y's columns through the small Gram matrix (no n x k QR: LAPACK's
    QR of a tall matrix costs seconds on the machines we aim at, matrix products do not)."""
    G = Y.T.astype(np.float64) @ Y.astype(np.float64)
    w, v = np.linalg.eigh(G)
    w = np.maximum(w, w.max() * 1e-10 + 1e-30)
    scale: NDArray[np.float64] = v / np.sqrt(w)
    return (Y @ scale.astype(Y.dtype)).astype(np.float32)


def fit_projection(sample: ArrayLike, dim: int = 256, seed: int = 0) -> Projection:
    """PCA of a sample: exact for small samples, else randomised (Halko et al.: a few power
    iterations, then an eigen-decomposition of a (dim+16)-square matrix). Deterministic: seeded,
    and each axis's largest component is made positive."""
    S = np.asarray(sample, dtype=np.float32)
    mean = S.mean(0, dtype=np.float64)
    Xc = (S - mean).astype(np.float32)
    n, d = Xc.shape
    p = max(1, min(dim, d, n - 1))
    k = min(p + 16, n, d)
    if n <= 300 or k >= min(n, d):
        if n <= d:  # through the small Gram matrix: V = Xc^T U / s
            w, u = np.linalg.eigh(Xc.astype(np.float64) @ Xc.T.astype(np.float64))
            order = np.argsort(w)[::-1][:p]
            basis = (Xc.T.astype(np.float64) @ u[:, order]) / np.sqrt(np.maximum(w[order], 1e-12))
        else:
            w, v = np.linalg.eigh(Xc.T.astype(np.float64) @ Xc.astype(np.float64))
            basis = v[:, ::-1][:, :p]
    else:
        rng = np.random.default_rng(seed)
        Y = Xc @ rng.standard_normal((d, k), dtype=np.float32)
        for _ in range(3):
            Y = Xc @ (Xc.T @ _orthonormal(Y))
        Q = _orthonormal(Y)
        B = (Q.T @ Xc).astype(np.float64)  # k x d
        w, u = np.linalg.eigh(B @ B.T)
        order = np.argsort(w)[::-1][:p]
        basis = (B.T @ u[:, order]) / np.sqrt(np.maximum(w[order], 1e-12))
    signs = np.sign(basis[np.abs(basis).argmax(0), np.arange(basis.shape[1])])
    signs[signs == 0] = 1.0
    basis = basis * signs
    return Projection(mean.astype(np.float32), np.ascontiguousarray(basis, dtype=np.float32))
