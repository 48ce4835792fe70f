"""Visual themes: k-means in numpy, stable for a fixed seed, stored, incremental, CLI."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from photorec.core import themes as th
from photorec.core.library import Library
from tests.conftest import copy_photos, shared_photos


def _blobs(k=5, per=40, dim=64, spread=0.15, seed=0):
    rng = np.random.default_rng(seed)
    centers = rng.standard_normal((k, dim))
    X = np.repeat(centers, per, axis=0) + spread * rng.standard_normal((k * per, dim))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    return X.astype(np.float32), np.repeat(np.arange(k), per)


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    pairs = set(zip(a.tolist(), b.tolist()))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def test_kmeans_finds_clear_clusters_and_is_deterministic():
    X, truth = _blobs()
    r1 = th.kmeans(X, 5, seed=7)
    r2 = th.kmeans(X, 5, seed=7)
    assert np.array_equal(r1.labels, r2.labels)
    assert np.allclose(r1.centroids, r2.centroids)
    assert _same_partition(r1.labels, truth)
    assert np.allclose(np.linalg.norm(r1.centroids, axis=1), 1.0, atol=1e-5)
    assert 0.0 < r1.inertia <= 1.0


def test_minibatch_path_and_float16_input(monkeypatch):
    X, truth = _blobs(k=4, per=300, dim=32)
    monkeypatch.setattr(th, "FULL_LLOYD_LIMIT", 500)
    monkeypatch.setattr(th, "BATCH", 256)
    r = th.kmeans(X.astype(np.float16), 4, seed=1)
    assert _same_partition(r.labels, truth)


def test_silhouette_and_auto_k():
    X, truth = _blobs(k=4, per=30)
    assert th.silhouette(X, truth) > 0.5
    assert th.silhouette(X, np.arange(len(X)) % 4) < 0.1
    k, info = th.auto_k(X)
    assert k in info["candidates"]
    assert 2 <= k <= th.MAX_AUTO_K


def test_projection_is_deterministic_and_centred():
    X, _ = _blobs(k=3, per=50, dim=40)
    p1 = th.fit_projection(X, 8)
    p2 = th.fit_projection(X[::-1].copy(), 8)
    Z1, Z2 = p1(X), p2(X)
    assert Z1.shape == (150, 8)
    assert np.allclose(np.abs(Z1 @ Z1.T), np.abs(Z2 @ Z2.T), atol=1e-3)


@pytest.fixture(scope="module")
def theme_library(tmp_path_factory):
    root = tmp_path_factory.mktemp("themes")
    copy_photos(root / "photos", n=40, step=2)
    lib = Library.open(root / "data")
    lib.index_folders([root / "photos"])
    yield lib, root
    lib.close()


def test_library_themes_stable_stored_and_browsable(theme_library):
    lib, root = theme_library
    a = th.compute_themes(lib, 4, seed=3)
    b = th.compute_themes(lib, 4, seed=3, store=False)
    assert [t.ckeys for t in a.themes] == [t.ckeys for t in b.themes]
    assert a.k == 4 and sum(t.size for t in a.themes) == 40
    sizes = [t.size for t in a.themes]
    assert sizes == sorted(sizes, reverse=True)  # numbered by size
    for t in a.themes:
        assert t.central and len(t.central) <= 6
        assert t.scores == sorted(t.scores, reverse=True)
        photos = th.theme_photos(lib, a, t.id)
        assert len(photos) == t.size and photos[0].ckey == t.ckeys[0]
    stored = th.load_themes(lib)
    assert stored is not None and [t.ckeys for t in stored.themes] == [t.ckeys for t in a.themes]
    assert stored.added == 0 and not stored.stale


def test_new_photos_join_the_nearest_theme(theme_library, tmp_path):
    lib, root = theme_library
    a = th.compute_themes(lib, 4, seed=0)
    before = {ck: t.id for t in a.themes for ck in t.ckeys}
    new = root / "later"
    new.mkdir(exist_ok=True)
    for p in shared_photos()[1::8][:4]:
        shutil.copy2(p, new / p.name)
    lib.index_folders([new])
    loaded = th.load_themes(lib)
    assert loaded.added == 4
    after = {ck: t.id for t in loaded.themes for ck in t.ckeys}
    assert all(after[ck] == tid for ck, tid in before.items())
    assert sum(t.size for t in loaded.themes) == 44
    assert th.load_themes(lib).added == 0  # stored: not assigned twice
    lib.forget([str(new / p.name) for p in shared_photos()[1::8][:4]])


def test_auto_k_on_the_library(theme_library):
    lib, _ = theme_library
    ts = th.compute_themes(lib, None, seed=0, store=False)
    assert ts.auto and 2 <= ts.k <= 12
    assert ts.info["method"].startswith("silhouette")


def test_cli_themes_json(theme_library, capsys):
    from photorec.cli import main

    lib, _ = theme_library
    data = str(lib.paths.data_dir)
    assert main(["--data-dir", data, "themes", "-k", "3", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.strip()]
    assert len(lines) == 3
    for i, d in enumerate(lines):
        assert d["id"] == i and d["k"] == 3 and d["auto"] is False
        assert isinstance(d["label"], str) and d["size"] >= 1
        assert all(isinstance(p, str) for p in d["central"])
    assert sum(d["size"] for d in lines) == len(lib.photos())
    assert main(["--data-dir", data, "themes", "--members", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.strip()]
    assert sum(len(d["paths"]) for d in lines) == len(lib.photos())
    assert main(["--data-dir", data, "themes"]) == 0
    assert "photos" in capsys.readouterr().out
    assert main(["--data-dir", data, "themes", "-k", "0"]) == 1
