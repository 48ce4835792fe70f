"""When the index holds projected vectors (:mod:`photorec.core.embed.projection`), and the index
that gives: the policy of the projection, on the index layer.

    open_index(catalog, dim, index_path, model_key) -> VectorIndex
    refit_if_grown(lib) -> bool   (after an indexing run: builds the new index beside the live
                                   one and hands it to ``lib.swap_index(new)``)
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from photorec.core.embed import projection
from photorec.core.embed.projection import Projection, projection_path
from photorec.core.index.hnsw import VectorIndex
from photorec.core.index.rescore import FullVectors
from photorec.core.store import Catalog

if TYPE_CHECKING:
    from photorec.core.library import Library

log = logging.getLogger(__name__)

MIN_VECTORS = 5000  # fewer: full vectors (cheap, and too few to learn 256 directions well)
REFIT_GROWTH = 4.0  # learn again when the library is this many times the size of the fit
FIT_SAMPLE = 50_000  # vectors used to learn it (a random sample of the catalog's)

_refit_lock = threading.Lock()


def load_projection(index_path: Path) -> Projection | None:
    path = projection_path(index_path)
    if not path.is_file():
        return None
    try:
        return Projection.load(path)
    except (OSError, KeyError, ValueError) as exc:
        log.warning("projection %s is unusable (%s); the index uses full vectors", path, exc)
        return None


def fit_from_catalog(catalog: Catalog, model_key: str, dim: int | None = None, sample: int | None = None,
                     seed: int = 0) -> Projection:
    """Learn a projection on a random sample of the catalog's vectors of this model."""
    dim = dim or projection.DIM
    sample = sample or FIT_SAMPLE
    ids = catalog.vector_ids(model_key)
    rng = np.random.default_rng(seed)
    pick = np.sort(rng.choice(ids, size=min(sample, len(ids)), replace=False)) if len(ids) else ids
    parts = [v for _, v in catalog.iter_vectors(model_key, pick.tolist())]
    x = np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)
    return Projection.fit(x, dim, n_library=len(ids))


def wanted(n_vectors: int, current: Projection | None) -> bool:
    """Should a (new) projection be learnt for a library of ``n_vectors``?"""
    if n_vectors < MIN_VECTORS:
        return False
    return current is None or n_vectors >= REFIT_GROWTH * current.n_fit


def open_index(catalog: Catalog, dim: int, index_path: Path, model_key: str) -> VectorIndex:
    """The library's VectorIndex: projected when a projection was learnt for it, else full."""
    proj = load_projection(index_path)
    if proj is not None and proj.input_dim != dim:
        log.warning("projection %s is for %d-d vectors, the model gives %d-d; ignored",
                    projection_path(index_path), proj.input_dim, dim)
        proj = None
    idx = VectorIndex(dim, Path(index_path), model_key, projection=proj)
    idx.full_vectors = _full_vectors(catalog, model_key)
    return idx


def _full_vectors(catalog: Catalog, model_key: str) -> FullVectors:
    """ids -> the catalog's full vectors of those ids (for ranking a projected search)."""
    return lambda ids: catalog.iter_vectors(model_key, ids)


def refit_if_grown(lib: Library) -> bool:
    """After an indexing run: learn a projection when the library has become big enough (or
    has grown ``REFIT_GROWTH``-fold since the last one), build the new index beside the live
    one, hand it to ``lib.swap_index(new)`` (under the library's lock) and drop the old
    files. Returns whether it did."""
    if getattr(lib, "readonly", False):
        return False
    with _refit_lock:
        old = lib.index
        base = Path(getattr(old, "base_path", old.path))
        n = lib.catalog.vector_count(lib.model.key)
        if not wanted(n, old.projection):
            return False
        proj = fit_from_catalog(lib.catalog, lib.model.key)
        log.info("learnt a %d-d projection on %d of %d vectors (%.1f%% of the energy); "
                 "rebuilding the index", proj.dim, proj.info["fit_vectors"], n, 100 * proj.energy)
        new = VectorIndex(lib.model.dim, base, lib.model.key, projection=proj)
        new.full_vectors = _full_vectors(lib.catalog, lib.model.key)
        new.rebuild(lib.catalog)
        new.sync(lib.catalog)  # what was committed while it was being built
        new.save()
        proj.save(projection_path(base))  # after the index: a crash leaves the old pair usable
        lib.swap_index(new)
        # The old pointer and the graph it named (the full-vector one: 530 MB at 100k photos).
        for stale in {old.path, old.meta_path, old.file} - {new.path, new.meta_path, new.file, None}:
            assert stale is not None  # None is taken out of the set
            try:
                stale.unlink()
            except OSError:
                pass
        return True
