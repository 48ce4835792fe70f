"""A quarter of the memory: the index holds 256-d projections of the 1280-d embeddings.

Each photo costs ~5.3 KB of RAM in an index of full vectors (1280 float32 + graph links);
a library of a million photos would need 5.3 GB. Once a library has enough photos
(``MIN_VECTORS``), a projection is learnt on its own vectors: the top principal directions
of the (uncentred) vectors, so that dot products, and with them the cosine scores that the
similarity bands and duplicate thresholds read, are kept (for unit vectors most of the
energy lies in a few hundred directions). The catalog keeps the full vectors; the index
holds the projected ones, renormalised; small libraries keep full vectors. A search takes
a few more candidates from the projected graph and ranks them by their full cosine, read
from the catalog, so the scores are the model's own. When the library
has grown ``REFIT_GROWTH`` times since the fit, the projection is learnt again and the
index rebuilt beside the live one, then swapped in.

The parameters live in one file beside the index (``<index>.projection.npz``); their
identity (sha256 of the parameters) is part of the projected index's file name, so an index
is never read with another projection than the one it was built with.

    Projection.fit(vectors, dim=256, whiten=False) -> Projection
    proj.apply(vectors) -> float32 [N, dim], unit rows
    proj.save(path) / Projection.load(path)
    open_index(catalog, dim, index_path, model_key, readonly=False) -> VectorIndex
    refit_if_grown(lib) -> bool       (after an indexing run; builds and swaps lib.index)
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from photorec.core.embed.vectors import unit

log = logging.getLogger(__name__)

DIM = 256  # 1 KB of float32 per photo, + ~0.2 KB of graph links
MIN_VECTORS = 5000  # fewer: full vectors (cheap, and too few to learn 256 directions well)
REFIT_GROWTH = 4.0  # learn again when the library is this many times the size of the fit
FIT_SAMPLE = 50_000  # vectors used to learn it (a random sample of the catalog's)
_EPS = 1e-6

_refit_lock = threading.Lock()


@dataclass(frozen=True)
class Projection:
    components: np.ndarray  # float32 [dim, input_dim], orthonormal rows
    mean: np.ndarray  # float32 [input_dim]; zeros unless fitted with center=True
    scale: np.ndarray  # float32 [dim]; ones unless whitened
    n_fit: int  # how many vectors it was learnt on (the library's size then)
    energy: float  # share of the vectors' squared length the kept directions hold
    info: dict = field(default_factory=dict, compare=False)

    @property
    def dim(self) -> int:
        return int(self.components.shape[0])

    @property
    def input_dim(self) -> int:
        return int(self.components.shape[1])

    @property
    def identity(self) -> str:
        """``pca<dim>-<12 hex>``: changes with any parameter."""
        h = hashlib.sha256()
        for a in (self.components, self.mean, self.scale):
            h.update(np.ascontiguousarray(a, dtype=np.float32).tobytes())
        return f"pca{self.dim}-{h.hexdigest()[:12]}"

    # -- learning --------------------------------------------------------------------------

    @classmethod
    def fit(cls, vectors: np.ndarray, dim: int = DIM, *, whiten: bool = False,
            center: bool = False, n_library: int | None = None) -> "Projection":
        """Learn the top ``dim`` directions of ``vectors`` [N, D] (N >= dim)."""
        x = np.asarray(vectors, dtype=np.float32)
        n, d = x.shape
        if n < dim or dim > d:
            raise ValueError(f"cannot learn {dim} directions from {n} vectors of {d} dimensions")
        mean = x.mean(0) if center else np.zeros(d, np.float32)
        gram = np.zeros((d, d), np.float64)
        for s in range(0, n, 8192):
            part = (x[s:s + 8192] - mean).astype(np.float64)
            gram += part.T @ part
        gram /= n
        evals, evecs = np.linalg.eigh(gram)  # ascending
        order = np.argsort(evals)[::-1][:dim]
        comps = evecs[:, order].T.astype(np.float32)
        top = np.maximum(evals[order], 0.0)
        energy = float(top.sum() / max(evals.clip(min=0).sum(), 1e-12))
        scale = (1.0 / np.sqrt(top + _EPS)).astype(np.float32) if whiten else np.ones(dim, np.float32)
        info = {"whiten": whiten, "center": center, "fit_vectors": n}
        return cls(comps, mean.astype(np.float32), scale, int(n_library or n), energy, info)

    # -- use -------------------------------------------------------------------------------

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        """float32 [N, dim] unit rows (the index is cosine)."""
        x = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
        if x.shape[1] != self.input_dim:
            raise ValueError(f"vectors have {x.shape[1]} dimensions, the projection wants "
                             f"{self.input_dim}")
        y = (x - self.mean) @ self.components.T
        y *= self.scale
        return unit(y)

    # -- file ------------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Atomically (temp file + rename): a reader sees the old file or the new one."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp.npz")
        meta = {"n_fit": self.n_fit, "energy": self.energy, "identity": self.identity, **self.info}
        np.savez(tmp, components=self.components, mean=self.mean, scale=self.scale,
                 meta=np.array(json.dumps(meta)))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> "Projection":
        with np.load(Path(path), allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            p = cls(z["components"].astype(np.float32), z["mean"].astype(np.float32),
                    z["scale"].astype(np.float32), int(meta["n_fit"]), float(meta["energy"]),
                    {k: meta[k] for k in ("whiten", "center", "fit_vectors") if k in meta})
        if meta.get("identity") not in (None, p.identity):
            raise ValueError(f"{path}: the parameters do not match their recorded identity")
        return p


# ------------------------------------------------------------------------------ policy


def projection_path(index_path: Path) -> Path:
    """Where the projection of an index lives: beside it."""
    index_path = Path(index_path)
    return index_path.with_name(index_path.stem + ".projection.npz")


def projected_index_path(index_path: Path, proj: Projection) -> Path:
    index_path = Path(index_path)
    return index_path.with_name(f"{index_path.stem}.{proj.identity}{index_path.suffix}")


def load_projection(index_path: Path) -> Projection | None:
    path = projection_path(index_path)
    if not path.is_file():
        return None
    try:
        return Projection.load(path)
    except (OSError, KeyError, ValueError) as exc:
        log.warning("projection %s is unusable (%s); the index uses full vectors", path, exc)
        return None


def fit_from_catalog(catalog, model_key: str, dim: int | None = None, sample: int | None = None,
                     seed: int = 0) -> Projection:
    """Learn a projection on a random sample of the catalog's vectors of this model."""
    dim = dim or DIM
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


def open_index(catalog, dim: int, index_path: Path, model_key: str):
    """The library's VectorIndex: projected when a projection was learnt for it, else full."""
    from photorec.core.index.hnsw import VectorIndex

    proj = load_projection(index_path)
    if proj is not None and proj.input_dim != dim:
        log.warning("projection %s is for %d-d vectors, the model gives %d-d; ignored",
                    projection_path(index_path), proj.input_dim, dim)
        proj = None
    idx = VectorIndex(dim, Path(index_path), model_key, projection=proj)
    idx.full_vectors = _full_vectors(catalog, model_key)
    return idx


def _full_vectors(catalog, model_key: str):
    """ids -> the catalog's full vectors of those ids (for ranking a projected search)."""
    return lambda ids: catalog.iter_vectors(model_key, ids)


def refit_if_grown(lib) -> bool:
    """After an indexing run: learn a projection when the library has become big enough (or
    has grown ``REFIT_GROWTH``-fold since the last one), build the new index beside the live
    one, swap it into ``lib.index`` and drop the old files. Returns whether it did."""
    if getattr(lib, "readonly", False):
        return False
    with _refit_lock:
        old = lib.index
        base = Path(getattr(old, "base_path", old.path))
        n = lib.catalog.vector_count(lib.model.key)
        if not wanted(n, old.projection):
            return False
        from photorec.core.index.hnsw import VectorIndex

        proj = fit_from_catalog(lib.catalog, lib.model.key)
        log.info("learnt a %d-d projection on %d of %d vectors (%.1f%% of the energy); "
                 "rebuilding the index", proj.dim, proj.info["fit_vectors"], n, 100 * proj.energy)
        new = VectorIndex(lib.model.dim, base, lib.model.key, projection=proj)
        new.full_vectors = _full_vectors(lib.catalog, lib.model.key)
        new.rebuild(lib.catalog)
        new.sync(lib.catalog)  # what was committed while it was being built
        new.save()
        proj.save(projection_path(base))  # after the index: a crash leaves the old pair usable
        lib.index = new
        # The old pointer and the graph it named (the full-vector one: 530 MB at 100k photos).
        for stale in {old.path, old.meta_path, old.file} - {new.path, new.meta_path, new.file, None}:
            try:
                stale.unlink()
            except OSError:
                pass
        return True
