""""More like these": the photos most like a selection, away from "not like this" examples.

The query is Rocchio's (the mean of the positives minus a share of the mean of the negatives),
but the candidates are gathered around each positive too (a selection of two different
subjects finds both, not only what lies between them), then ranked by their mean cosine to the
positives minus ``NEGATIVE_WEIGHT`` times their cosine to the *closest* negative, and a
candidate closer to a negative than to every positive is dropped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from photorec.core.embed.vectors import unit
from photorec.core.errors import LibraryError
from photorec.core.index.match import Match

if TYPE_CHECKING:
    from PIL import Image

    from photorec.core.library import Library

    Query = str | os.PathLike[str] | Image.Image | bytes  # what Library.vector_for reads

NEGATIVE_WEIGHT = 0.5
MAX_QUERIES = 16


def more_like(lib: Library, positives: Iterable[Query], negatives: Iterable[Query] = (), k: int = 50, *,
              min_score: float = -1.0) -> list[Match]:
    """The ``k`` library photos most like ``positives`` (paths, PIL images or bytes) and unlike
    ``negatives``, best first, as :meth:`Library.similar` gives them (``Match`` with its
    catalog ``photo``; equal scores by path); the examples themselves are left out. ``score``
    is the mean cosine to the positives, less ``NEGATIVE_WEIGHT`` times the cosine to the
    closest negative; ``min_score`` drops the weaker ones."""
    positives, negatives = list(positives), list(negatives)
    if not positives:
        raise LibraryError("choose_a_photo")
    if k <= 0:
        return []
    P = np.stack([lib.vector_for(p) for p in positives]).astype(np.float32)
    N = np.stack([lib.vector_for(n) for n in negatives]).astype(np.float32) if negatives else None
    exclude = {os.path.abspath(os.fspath(x)) for x in positives + negatives
               if isinstance(x, (str, os.PathLike))}
    mean_p = P.mean(0)
    q = mean_p - (NEGATIVE_WEIGHT * N.mean(0) if N is not None else 0.0)
    q = unit(q)
    want = max(k, 1) * 2 + len(exclude) + 8
    pool: dict[int, float] = {}
    queries = [q] + [P[i] for i in range(min(len(P), MAX_QUERIES))] if len(P) > 1 else [q]
    for vec in queries:
        for vid, _ in lib.index.search(vec, want):
            pool[vid] = 0.0
    if not pool:
        return []
    model = lib.model.key
    vids, vecs = [], []
    for ids, v in lib.catalog.iter_vectors(model, list(pool)):
        vids.extend(ids.tolist())
        vecs.append(v)
    V = np.concatenate(vecs) if vecs else np.zeros((0, P.shape[1]), np.float32)
    score = V @ mean_p
    keep = np.ones(len(V), dtype=bool)
    if N is not None:
        neg = (V @ N.T).max(1)
        score = score - NEGATIVE_WEIGHT * neg
        keep &= neg <= (V @ P.T).max(1)
    keep &= score >= min_score
    files = lib.catalog.files_of_vectors([v for v, ok in zip(vids, keep) if ok], model)
    for photos in files.values():
        lib.apply_online(photos)  # an unplugged drive is offline now, rescan or not
    out: list[Match] = []
    for j in np.argsort(-score, kind="stable").tolist():
        if not keep[j]:
            continue
        if len(out) >= k and round(min(1.0, float(score[j])), 6) < out[-1].score:
            break  # k found, and no tie left to order by path
        for p in files.get(vids[j], []):
            if p.path not in exclude:
                out.append(Match(p.path, round(min(1.0, float(score[j])), 6), p.id,
                                 not p.online, p))
    out.sort(key=lambda m: (-m.score, m.path))
    return out[:k]
