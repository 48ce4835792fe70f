"""Visual themes: k-means in numpy, stable for a fixed seed, stored, incremental, named by what
they hold, CLI."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from datetime import datetime

import numpy as np
import pytest

from photorec.core.embed import classes
from photorec.core.library import Library
from photorec.core.organize import tags as tg
from photorec.core.organize import theme_names as tn
from photorec.core.organize import themes as th
from tests.conftest import REPO, copy_photos, shared_photos


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
    from photorec.core.embed import kmeans as km

    monkeypatch.setattr(km, "FULL_LLOYD_LIMIT", 500)
    monkeypatch.setattr(km, "BATCH", 256)
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


def test_new_photos_join_the_nearest_theme(tmp_path):
    # Its own library: this test adds photos (a shared one would change under other tests).
    copy_photos(tmp_path / "photos", n=20, step=4)
    lib = Library.open(tmp_path / "data")
    try:
        lib.index_folders([tmp_path / "photos"])
        a = th.compute_themes(lib, 3, seed=0)
        before = {ck: t.id for t in a.themes for ck in t.ckeys}
        new = tmp_path / "later"
        new.mkdir()
        for p in shared_photos()[1::8][:4]:
            shutil.copy2(p, new / p.name)
        lib.index_folders([new])
        loaded = th.load_themes(lib)
        assert loaded.added == 4
        after = {ck: t.id for t in loaded.themes for ck in t.ckeys}
        assert all(after[ck] == tid for ck, tid in before.items())
        assert sum(t.size for t in loaded.themes) == 24
        assert th.load_themes(lib).added == 0  # stored: not assigned twice
    finally:
        lib.close()


def test_auto_k_on_the_library(theme_library):
    lib, _ = theme_library
    ts = th.compute_themes(lib, None, seed=0, store=False)
    # 40 photos: the candidates are 0.75, 1 and 1.5 x sqrt(40 / 2), rounded.
    assert ts.auto and set(ts.info["candidates"]) == {3, 4, 7}
    assert ts.k in (3, 4, 7) and ts.info["method"].startswith("silhouette")
    assert ts.info["candidates"][ts.k] == max(ts.info["candidates"].values())


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
    assert all({"tags", "classes", "dates"} <= set(d) for d in lines)
    assert len({d["label"] for d in lines}) == 3
    assert main(["--data-dir", data, "themes", "--members", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.strip()]
    assert sum(len(d["paths"]) for d in lines) == len(lib.photos())
    assert main(["--data-dir", data, "themes"]) == 0
    assert "photos" in capsys.readouterr().out
    for bad in ("0", "-5", "two"):  # refused as a count, not "the library is empty"
        with pytest.raises(SystemExit) as e:
            main(["--data-dir", data, "themes", "-k", bad])
        assert e.value.code == 2
        assert "is not a count" in capsys.readouterr().err
    # More themes than the photos can fill: refused with the most it can make, and the
    # stored themes stay as they were; a k the user chose is not called "(k chosen)".
    n = len(lib.photos())
    assert main(["--data-dir", data, "themes", "-k", "500", "--recompute"]) == 1
    err = capsys.readouterr().err
    assert f"-k 500: {n} photos cannot fill that many themes; at most {n // th.MIN_PER_THEME}" in err
    assert main(["--data-dir", data, "themes", "-k", str(n // th.MIN_PER_THEME), "--json"]) == 0
    out = capsys.readouterr()
    assert "(k chosen)" not in out.err and len(out.out.splitlines()) == n // th.MIN_PER_THEME


# -- names -----------------------------------------------------------------------------------


def _ts(y, m, d=15):
    return time.mktime(datetime(y, m, d, 12).timetuple())


def test_date_spans():
    assert tn.date_span([_ts(2020, 6, 1), _ts(2020, 6, 30)]) == "June 2020"
    assert tn.date_span([_ts(2020, 6), _ts(2020, 8)]) == "Jun–Aug 2020"
    assert tn.date_span([_ts(2019, 3), _ts(2021, 1)]) == "2019–2021"
    # One stray old scan does not stretch "June 2020" to "1998–2020".
    assert tn.date_span([_ts(1998, 1)] + [_ts(2020, 6, d) for d in range(1, 20)]) == "June 2020"
    assert tn.date_span([]) is None
    # Only dates photos have (issue 19: "May–Dec 2026" from interpolation where no photo has
    # those months): 10 photos in January and 10 in December 2026.
    d = [_ts(2026, 1, i + 1) for i in range(10)] + [_ts(2026, 12, i + 1) for i in range(10)]
    assert tn.date_span(d) == "Jan–Dec 2026"
    d = [_ts(2026, 1, 5)] * 12 + [_ts(2026, 12, 5)] * 3  # the span's ends are photos' months
    span = tn.date_span(d)
    months = {datetime.fromtimestamp(x).strftime("%b") for x in d}
    assert all(w in months for w in re.findall(r"[A-Z][a-z]{2}", span)), span


def test_names_from_tags_classes_dates_or_folder():
    june = [_ts(2020, 6)] * 5
    tags = [["beach", "Holiday"], ["beach"], ["beach", "holiday"], ["sea"], []]
    assert tn.top_tags(tags) == ["beach", "Holiday"]  # "sea" is on 1 of 5
    assert tn.name_theme(0, tags, june, ["a"] * 5).label == "beach, Holiday · June 2020"
    # Tags first, then what the model sees in most of it to fill up: a calibrated word.
    probs = np.full((5, classes.N_CLASSES), 1e-4)
    retriever = classes.classes_for_word("golden retriever")[0]
    probs[:, retriever] = 0.7
    n = tn.name_theme(0, [["holiday"]] * 5, june, ["a"] * 5, probs)
    assert n.label == "holiday, dog · June 2020"
    assert n.tags == ["holiday"] and n.classes == ["dog"]
    # A class that says the same as a tag is not said twice.
    assert tn.name_theme(0, [["dog"]] * 5, june, ["a"] * 5, probs).label.startswith("dog, ")
    # Nothing to say but the folder, or nothing at all; dates alone are a name.
    assert tn.name_theme(2, [[]] * 5, [], ["Trip"] * 4 + ["x"]).label == "mostly Trip"
    assert tn.name_theme(2, [[]] * 5, june, ["a", "b", "c", "d", "e"]).label == "June 2020"
    assert tn.name_theme(2, [[]] * 5, [], ["a", "b", "c", "d", "e"]).label == "Theme 3"
    names = tn.unique([tn.ThemeName("dog"), tn.ThemeName("cat"), tn.ThemeName("dog")])
    assert [x.label for x in names] == ["dog", "cat", "dog (2)"]


def test_many_breeds_make_a_dog():
    breeds = classes.classes_for_word("dog")[:6]
    P = np.full((6, classes.N_CLASSES), 1e-4)
    for row, b in zip(P, breeds):
        row[b] = 0.6  # a different breed on each photo: no class shared, the word is
    assert tn.class_words(P)[0] == "dog"
    assert tn.class_words(np.full((6, classes.N_CLASSES), 1e-3)) == []  # nothing seen


def test_a_class_word_names_a_theme_only_when_most_photos_carry_it():
    """Issue 19: "food" named 18 mostly-wallpaper photos of which 2 showed food; "nematode"
    named the Milky Way. A word needs more than half of the photos above its floor."""
    pizza = classes.classes_for_word("pizza")[0]
    P = np.full((18, classes.N_CLASSES), 1e-4)
    P[:2, pizza] = 0.9  # 2 of 18 show food, clearly
    assert tn.class_words(P) == []
    P[:10, pizza] = 0.9  # 10 of 18
    assert tn.class_words(P)[0] == "food"
    # A word the dev set could not calibrate never names a theme, however sure the model is.
    nematode = classes.classes_for_word("nematode")[0]
    cats = classes._names()["classes"][nematode]["categories"]
    Q = np.full((8, classes.N_CLASSES), 1e-4)
    Q[:, nematode] = 0.9
    words = tn.class_words(Q)
    assert classes.class_name(nematode) not in words or any(c in tn.CLASS_FLOORS for c in cats)
    assert all(tn.category_of_word(w) in tn.CLASS_FLOORS for w in words[:1])


@pytest.mark.slow
def test_class_floors_hold_on_the_dev_set():
    """The shipped floors are the dev set's: at each, at least 80 % of the photos carrying a
    word have a subject it fits (the benchmark's calibration, checked on its data)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "bench_theme_names", REPO / "benchmarks" / "bench_theme_names.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    files, subs, Z = bench.devset_vectors(bench.DEVSET)
    P = classes.class_probabilities(Z)
    cal = bench.calibrate(P, subs, 0.8, 5)
    assert {c: v["floor"] for c, v in cal.items() if v["floor"] is not None} == tn.CLASS_FLOORS
    carry_of = tn.carriers(P, tn.CLASS_FLOORS)
    for c in tn.CLASS_FLOORS:
        carry = carry_of[c]
        fits = bench.subjects_of(c)
        assert carry.sum() >= 5 and np.mean([subs[i] in fits for i in np.flatnonzero(carry)]) >= 0.8


def test_colour_words_and_placeholder_folders():
    blue = np.zeros((8, 8, 3), np.uint8)
    blue[..., 2] = 70
    blue[..., 1] = 15
    assert tn.photo_colour(blue) == ("dark", "blue")
    assert tn.photo_colour(np.full((8, 8, 3), 128, np.uint8)) == (None, "grey")
    assert tn.colour_key([("dark", "blue")] * 3 + [(None, "green")]) == "dark blue"
    assert tn.colour_key([(None, "red"), (None, "orange"), (None, "yellow"), ("dark", "blue")]) \
        == "warm tones"
    assert tn.colour_key([(None, "red"), (None, "blue")]) is None  # nothing holds for most
    assert tn.colour_phrase("dark blue", "pt_BR") == "azul-escuro"
    assert tn.colour_phrase("warm tones", "pt_BR") == "tons quentes"
    n = tn.name_theme(0, [[]] * 4, [], ["a"] * 4, None, colours=[("dark", "blue")] * 4)
    assert n.label == "dark blue" and n.colour == "dark blue"
    for folder in ("photos", "Photos", "DCIM", "New folder", "100CANON", "IMG_2020", "Imagens"):
        assert tn.is_placeholder(folder), folder
        assert "mostly" not in tn.name_theme(0, [[]] * 5, [], [folder] * 4 + ["x"]).label
    assert not tn.is_placeholder("Lisbon 2019")


def test_library_themes_are_named(tmp_path):
    photos = copy_photos(tmp_path / "photos", n=16, step=5)
    for p in photos:
        os.utime(p, (_ts(2020, 6), _ts(2020, 6)))
    lib = Library.open(tmp_path / "data")
    try:
        lib.index_folders([tmp_path / "photos"])
        ts = th.compute_themes(lib, 3, seed=0)
        labels = [t.label for t in ts.themes]
        assert len(set(labels)) == 3 and all(lab.endswith("June 2020") or "June 2020 (" in lab
                                             for lab in labels)
        members = [p.path for p in th.theme_photos(lib, ts, 1)]
        tg.add_tags(lib, members, ["holiday"])
        named = th.load_themes(lib).themes[1]
        assert named.label.startswith("holiday") and named.name.tags == ["holiday"]
        assert not re.fullmatch(r"Theme \d+.*", named.label)
    finally:
        lib.close()
