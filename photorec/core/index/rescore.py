"""A projected index's candidates ranked again by their full cosine (read from the catalog), so
that the scores a search gives are the model's own."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

# ids -> (ids, full vectors) in chunks: how a projected index reads the catalog's full vectors
FullVectors = Callable[[list[int]], Iterable[tuple[np.ndarray, np.ndarray]]]


def rescore_rows(full: np.ndarray, labels: np.ndarray, sims: np.ndarray, k: int,
                  read: FullVectors) -> tuple[np.ndarray, np.ndarray]:
    """Each row's candidates ranked by full cosine (``read(ids)`` yields (ids, full vectors));
    a candidate whose full vector cannot be read keeps its projected cosine."""
    labels, sims = labels.copy(), sims.copy()
    for s in range(0, len(full), 256):
        lab = labels[s:s + 256]
        want = np.unique(lab[lab >= 0])
        got_ids, got_vecs = [], []
        for ids, vecs in read(want.tolist()):
            got_ids.append(np.asarray(ids, dtype=np.int64))
            got_vecs.append(np.asarray(vecs, dtype=np.float32))
        if not got_ids:
            continue
        ids, vecs = np.concatenate(got_ids), np.concatenate(got_vecs)
        order = np.argsort(ids)
        ids, vecs = ids[order], vecs[order]
        pos = np.clip(np.searchsorted(ids, lab), 0, len(ids) - 1)
        known = (lab >= 0) & (ids[pos] == lab)
        exact = np.einsum("rd,rkd->rk", full[s:s + 256], vecs[pos])
        sims[s:s + 256] = np.where(known, exact, sims[s:s + 256])
    order = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(labels, order, 1), np.take_along_axis(sims, order, 1)

