"""The PCA projection that lets big libraries keep a quarter of the index in memory."""

from __future__ import annotations

import numpy as np
import pytest

from photorec.core.embed import projection as P
from photorec.core.index import projected as IP
from photorec.core.index.hnsw import VectorIndex


def _library(n: int, d: int = 128, rank: int = 24, seed: int = 0) -> np.ndarray:
    """Unit vectors that live near a low-rank subspace, non-negative like pooled CNN features."""
    rng = np.random.default_rng(seed)
    basis = np.abs(rng.normal(size=(rank, d)))
    x = rng.gamma(1.0, size=(n, rank)) @ basis + 0.05 * np.abs(rng.normal(size=(n, d)))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_fit_keeps_the_cosines_and_gives_unit_rows():
    x = _library(2000)
    p = P.Projection.fit(x, 32)
    y = p.apply(x)
    assert y.shape == (2000, 32) and y.dtype == np.float32
    assert np.allclose(np.linalg.norm(y, axis=1), 1.0, atol=1e-5)
    assert p.energy > 0.99
    full, proj = x[:200] @ x[:200].T, y[:200] @ y[:200].T
    assert np.abs(full - proj).max() < 0.02  # the scores the similarity bands read
    # the nearest neighbour of each vector is the same with full and projected vectors
    np.fill_diagonal(full, -1)
    np.fill_diagonal(proj, -1)
    assert np.mean(full.argmax(1) == proj.argmax(1)) >= 0.95
    with pytest.raises(ValueError):
        P.Projection.fit(x[:10], 32)
    with pytest.raises(ValueError):
        p.apply(np.ones((1, 64), np.float32))


def test_whitened_and_centred_variants():
    x = _library(1000)
    w = P.Projection.fit(x, 16, whiten=True, center=True)
    y = w.apply(x)
    assert np.allclose(np.linalg.norm(y, axis=1), 1.0, atol=1e-5)
    assert w.identity != P.Projection.fit(x, 16).identity


def test_save_load_round_trip_and_identity(tmp_path):
    x = _library(800)
    p = P.Projection.fit(x, 24, n_library=5000)
    f = tmp_path / "p.npz"
    p.save(f)
    q = P.Projection.load(f)
    assert q.identity == p.identity and q.n_fit == 5000 and q.dim == 24
    assert np.array_equal(q.apply(x[:5]), p.apply(x[:5]))
    assert P.Projection.fit(x[:400], 24).identity != p.identity
    assert not list(tmp_path.glob("*.tmp*"))


def test_index_holds_projected_vectors_and_answers_full_queries(tmp_path):
    x = _library(3000)
    p = P.Projection.fit(x, 32)
    base = tmp_path / "index-m.hnsw"
    idx = VectorIndex(128, base, "m", projection=p)
    assert idx.dim == 32 and p.identity in idx.path.name and idx.path != base
    idx.add(np.arange(3000), x)
    hits = idx.search(x[7], 3)
    assert hits[0][0] == 7 and hits[0][1] > 0.999
    labels, sims = idx.search_many(x[:50], 2)
    assert (labels[:, 0] == np.arange(50)).mean() >= 0.98
    assert idx.vectors([7]).shape == (1, 32)
    idx.save()
    # another projection never reads this graph: it has its own file
    other = VectorIndex(128, base, "m", projection=P.Projection.fit(x[:1000], 32))
    assert other.path != idx.path and not other.load()
    again = VectorIndex(128, base, "m", projection=p)
    assert again.load() and again.search(x[7], 1)[0][0] == 7


class _Catalog:
    def __init__(self, x):
        self.x = x

    def vector_ids(self, model):
        return np.arange(len(self.x), dtype=np.int64)

    def vector_count(self, model):
        return len(self.x)

    def iter_vectors(self, model, ids=None):
        ids = np.arange(len(self.x)) if ids is None else np.asarray(list(ids), dtype=np.int64)
        for s in range(0, len(ids), 500):
            yield ids[s:s + 500], self.x[ids[s:s + 500]]


class _Model:
    key = "m"
    dim = 128


class _Lib:
    readonly = False
    model = _Model()

    def __init__(self, x, path):
        self.catalog = _Catalog(x)
        self.index = IP.open_index(self.catalog, 128, path, "m")

    def swap_index(self, new):
        self.index = new


def test_small_libraries_keep_full_vectors_big_ones_get_a_projection(tmp_path, monkeypatch):
    monkeypatch.setattr(IP, "MIN_VECTORS", 1000)
    monkeypatch.setattr(P, "DIM", 32)
    x = _library(4000)
    base = tmp_path / "index-m.hnsw"
    small = _Lib(x[:600], base)
    small.index.rebuild(small.catalog)
    small.index.save()
    assert not IP.refit_if_grown(small) and small.index.projection is None

    lib = _Lib(x[:1200], base)
    lib.index.rebuild(lib.catalog)
    lib.index.save()
    assert IP.refit_if_grown(lib)
    p1 = lib.index.projection
    assert p1 is not None and p1.dim == 32 and p1.n_fit == 1200
    assert len(lib.index) == 1200 and lib.index.search(x[5], 1)[0][0] == 5
    # scores are the full vectors' cosines (read back from the catalog), not the projected ones
    for vid, score in lib.index.search(x[9], 5):
        assert abs(score - float(x[vid] @ x[9])) < 1e-5
    labels, sims = lib.index.search_many(x[:300], 4)
    assert labels.shape == (300, 4) and (labels[:, 0] == np.arange(300)).all()
    assert np.abs(sims - np.einsum("rd,rkd->rk", x[:300], x[labels])).max() < 1e-6  # full cosines
    asked = []
    read = lib.index.full_vectors
    lib.index.full_vectors = lambda ids: asked.append(len(ids)) or read(ids)
    lib.index.search(x[9], 5)
    assert asked and asked[0] >= 5 + 16  # more candidates than asked for, ranked by full cosine
    assert not base.exists()  # the full graph it replaced is gone
    assert not IP.refit_if_grown(lib)  # not grown: nothing to do
    # a new process opens the projected index
    reopened = _Lib(x[:1200], base)
    assert reopened.index.projection.identity == p1.identity and reopened.index.load()

    grown = _Lib(x[:4000], base)  # grown more than REFIT_GROWTH-fold since the fit? 4000/1200 < 4
    assert not IP.refit_if_grown(grown)
    monkeypatch.setattr(IP, "REFIT_GROWTH", 3.0)
    grown.index.sync(grown.catalog)
    assert IP.refit_if_grown(grown)
    assert grown.index.projection.n_fit == 4000 and grown.index.projection.identity != p1.identity
    assert len(grown.index) == 4000 and grown.index.search(x[3999], 1)[0][0] == 3999
    assert not (tmp_path / reopened.index.path.name).exists()


def test_readonly_library_never_fits(tmp_path, monkeypatch):
    monkeypatch.setattr(IP, "MIN_VECTORS", 100)
    lib = _Lib(_library(500), tmp_path / "i.hnsw")
    lib.readonly = True
    assert not IP.refit_if_grown(lib)


def test_library_learns_a_projection_after_indexing_and_keeps_it(tmp_path, monkeypatch):
    import shutil

    from photorec.core.library import Library
    from tests.conftest import copy_photos

    monkeypatch.setattr(IP, "MIN_VECTORS", 24)
    monkeypatch.setattr(P, "DIM", 16)
    src = copy_photos(tmp_path / "p", n=30)
    shutil.copy2(src[4], tmp_path / "p" / "twin.jpg")  # an exact copy: one vector, two files
    lib = Library.open(tmp_path / "data")
    lib.index_folders([tmp_path / "p"])
    proj = lib.index.projection
    assert proj is not None and proj.dim == 16 and proj.n_fit == 30
    assert len(lib.index) == 30
    best = lib.similar(src[4], k=1)[0]
    assert best.path.endswith("twin.jpg") and best.score > 0.999
    lib.close()
    again = Library.open(tmp_path / "data")
    try:
        assert again.index.projection.identity == proj.identity and len(again.index) == 30
        assert again.similar(src[4], k=1)[0].path.endswith("twin.jpg")
    finally:
        again.close()
