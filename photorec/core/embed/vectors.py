"""Vector maths shared by the organising features (tags, themes, more like these).

numpy only: L2 normalisation, the logistic function, and the PCA projection (centre, project
on the top principal axes, normalise) that the tag classifier and the themes both fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CHUNK = 8192


def unit(x: np.ndarray) -> np.ndarray:
    """L2-normalised rows of a matrix (or a single vector); zero rows stay zero."""
    x = np.asarray(x)
    if x.ndim == 1:
        n = float(np.linalg.norm(x))
        return x / n if n > 0 else x
    n = np.linalg.norm(x, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return x / n


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def logit(p: np.ndarray | float, eps: float = 1e-6) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1 - eps)
    return np.log(p / (1 - p))


@dataclass
class Projection:
    """Centre, project on the top principal axes, normalise: ``unit((x - mean) @ basis)``."""

    mean: np.ndarray  # float32 [d]
    basis: np.ndarray  # float32 [d, p]

    def __call__(self, X: np.ndarray, chunk: int = CHUNK) -> np.ndarray:
        X = np.asarray(X)
        if X.ndim == 1:
            return self(X[None, :], chunk)[0]
        out = np.empty((len(X), self.basis.shape[1]), dtype=np.float32)
        for s in range(0, len(X), chunk):
            out[s:s + chunk] = (np.asarray(X[s:s + chunk], dtype=np.float32) - self.mean) @ self.basis
        return unit(out)


def _orthonormal(Y: np.ndarray) -> np.ndarray:
    """An orthonormal basis of Y's columns through the small Gram matrix (no n x k QR: LAPACK's
    QR of a tall matrix costs seconds on the machines we aim at, matrix products do not)."""
    G = Y.T.astype(np.float64) @ Y.astype(np.float64)
    w, v = np.linalg.eigh(G)
    w = np.maximum(w, w.max() * 1e-10 + 1e-30)
    return (Y @ (v / np.sqrt(w)).astype(Y.dtype)).astype(np.float32)


def fit_projection(sample: np.ndarray, dim: int = 256, seed: int = 0) -> Projection:
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
