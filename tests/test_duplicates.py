"""Near-duplicates: groups of altered copies, no false group among distinct photos, keeper
choice, decisions that survive rescans and renames, offline folders, the CLI JSON shape."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageEnhance

from photorec.core import duplicates as dup
from photorec.core.catalog import Photo
from photorec.core.library import Library
from tests.conftest import copy_photos

MUST_GROUP = ("crop90", "bright", "half", "png")  # altered copies the strict mode must group


def make_copies(src: Path, dest: Path) -> dict[str, Path]:
    """The altered copies of issue #5: recompressed at q35 and 1/3 size, cropped to 90%,
    brightened, resized to half, and re-saved losslessly."""
    dest.mkdir(parents=True, exist_ok=True)
    out = {}
    with Image.open(src) as im:
        im = im.convert("RGB")
        w, h = im.size
        out["small_q35"] = dest / f"{src.stem}__small_q35.jpg"
        im.resize((max(1, w // 3), max(1, h // 3)), Image.Resampling.BILINEAR).save(out["small_q35"], quality=35)
        out["crop90"] = dest / f"{src.stem}__crop90.jpg"
        dx, dy = w // 20, h // 20
        im.crop((dx, dy, w - dx, h - dy)).save(out["crop90"], quality=90)
        out["bright"] = dest / f"{src.stem}__bright.jpg"
        ImageEnhance.Brightness(im).enhance(1.3).save(out["bright"], quality=90)
        out["half"] = dest / f"{src.stem}__half.jpg"
        im.resize((w // 2, h // 2), Image.Resampling.LANCZOS).save(out["half"], quality=85)
        out["png"] = dest / f"{src.stem}__png.png"
        im.save(out["png"])
    return out


def _origin(path: str, digests: dict[str, str]) -> str:
    """What a file is a copy of: originals by content (two byte-identical originals are one)."""
    name = Path(path).name
    stem = name.split("__")[0] if "__" in name else Path(name).stem
    return digests.get(stem, stem)


@pytest.fixture(scope="module")
def dup_library(tmp_path_factory):
    """All 79 shared photos plus altered copies of every 8th one (about 130 files)."""
    root = tmp_path_factory.mktemp("dups")
    originals = copy_photos(root / "photos")
    chosen = originals[::8]
    copies = {p.stem: make_copies(p, root / "copies") for p in chosen}
    lib = Library.open(root / "data")
    lib.index_folders([root / "photos", root / "copies"])
    digests = {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in originals}
    yield lib, originals, chosen, copies, digests
    lib.close()


# -- grouping on real photos -------------------------------------------------------------------


def test_altered_copies_group_with_their_original(dup_library):
    lib, originals, chosen, copies, digests = dup_library
    groups = dup.find_groups(lib)
    by_path = {p: g for g in groups for p in g.paths}
    missing = []
    for src in chosen:
        g = by_path.get(str(src))
        for kind in MUST_GROUP:
            if g is None or str(copies[src.stem][kind]) not in g.paths:
                missing.append((src.name, kind))
    assert not missing, missing


def test_no_false_group_among_distinct_photos(dup_library):
    lib, originals, chosen, copies, digests = dup_library
    for mode in ("duplicates",):
        for g in dup.find_groups(lib, mode=mode):
            origins = {_origin(p, digests) for p in g.paths}
            assert len(origins) == 1, f"false group: {[Path(p).name for p in g.paths]}"


def test_distinct_originals_alone_make_no_group_but_exact_copies(dup_library):
    """Among the 79 originals the only group is the byte-identical pair (same content key)."""
    lib, originals, chosen, copies, digests = dup_library
    only_originals = {str(p) for p in originals}
    for g in dup.find_groups(lib):
        inside = [p for p in g.paths if p in only_originals]
        if len(inside) >= 2:
            ckeys = {lib.photo(p).ckey for p in inside}
            assert len(ckeys) == 1, [Path(p).name for p in inside]


def test_keeper_is_the_original_and_says_why(dup_library):
    lib, originals, chosen, copies, digests = dup_library
    groups = dup.find_groups(lib)
    for g in groups:
        assert g.keep.path == g.paths[0]
        assert g.why and g.why[0].isupper()
        assert g.members[0].score == 1.0
        assert all(0.0 <= m.score <= 1.0 for m in g.members)
        scores = [m.score for m in g.members[1:]]
        assert scores == sorted(scores, reverse=True)
    # Never a degraded copy: a smaller, cropped or heavily recompressed one. (A lossless
    # re-save at full size may win over a JPEG original: the issue ranks lossless first.)
    for g in groups:
        assert not g.keep.path.endswith(("__small_q35.jpg", "__crop90.jpg", "__half.jpg")), g.why


def test_looser_mode_and_threshold_slider_counts(dup_library):
    lib, *_ = dup_library
    graph = dup.neighbour_graph(lib)
    counts = [graph.count(t) for t in (0.99, 0.9, 0.8, 0.7)]
    strict = dup.default_threshold(lib.model, "duplicates")
    loose = dup.default_threshold(lib.model, "similar")
    assert loose < strict
    assert graph.count(strict) == len(dup.find_groups(lib, graph=graph, include_decided=True))
    in_strict = sum(len(g.members) for g in dup.find_groups(lib, graph=graph))
    in_loose = sum(len(g.members) for g in dup.find_groups(lib, mode="similar", graph=graph))
    assert in_loose >= in_strict
    assert all(c >= 1 for c in counts)


def test_graph_cache_is_reused_and_updated(dup_library, tmp_path):
    lib, *_ = dup_library
    dup.neighbour_graph(lib)
    again = dup.neighbour_graph(lib)
    assert again.queried == 0  # nothing new: nothing was asked of the index
    full = dup.build_graph(lib)
    assert len(again.a) == len(full.a)


# -- decisions, rescans, renames, offline folders ----------------------------------------------


@pytest.fixture
def small_library(tmp_path):
    photos = copy_photos(tmp_path / "photos", n=5, step=9)
    src = photos[1]
    made = make_copies(src, tmp_path / "photos")
    for kind in ("small_q35", "half", "png"):
        made[kind].unlink()
    lib = Library.open(tmp_path / "data")
    lib.index_folders([tmp_path / "photos"])
    yield lib, tmp_path / "photos", src, made
    lib.close()


def test_not_duplicates_survives_rescan_and_rename(small_library):
    lib, folder, src, made = small_library
    groups = dup.find_groups(lib)
    assert len(groups) == 1
    assert set(groups[0].paths) == {str(src), str(made["crop90"]), str(made["bright"])}
    dup.decide(lib, groups[0].paths, "distinct")
    assert dup.find_groups(lib) == []
    # Rename one, touch another, rescan: the decision holds (it is keyed by content).
    renamed = folder / "renamed.jpg"
    os.rename(made["crop90"], renamed)
    os.utime(made["bright"])
    report = lib.index_folders()
    assert report.moved == 1
    assert dup.find_groups(lib) == []
    # A fresh process sees it too.
    lib2 = Library.open(lib.paths.data_dir, readonly=True)
    try:
        assert dup.find_groups(lib2) == []
        assert len(dup.find_groups(lib2, include_decided=True)) == 1
    finally:
        lib2.close()
    # A new look-alike brings a group back, with the new photo in it.
    more = make_copies(src, folder / "more")
    extra = more.pop("half")
    for other in more.values():
        other.unlink()
    lib.index_folders()
    groups = dup.find_groups(lib)
    assert len(groups) == 1 and str(extra) in groups[0].paths
    # Undo: the original group is back.
    dup.undo_decisions(lib)
    assert len(dup.find_groups(lib)[0].members) == 4


def test_keep_all_of_exact_copies(small_library):
    lib, folder, src, made = small_library
    copy = folder / "copy of photo.jpg"
    other = next(p for p in lib.photos() if "__" not in p.name and p.path != str(src))
    shutil.copy2(other.path, copy)
    lib.index_folders()
    exact = [g for g in dup.find_groups(lib) if str(copy) in g.paths]
    assert len(exact) == 1 and len(exact[0].members) == 2
    assert exact[0].members[1].score == 1.0
    dup.decide(lib, exact[0].paths, "keep")
    os.rename(copy, folder / "renamed copy.jpg")
    lib.index_folders()
    assert not [g for g in dup.find_groups(lib) if any("copy" in p for p in g.paths)]


def test_offline_duplicates_are_reported_with_a_flag(tmp_path):
    a = tmp_path / "a"
    b = tmp_path / "b"
    (src,) = copy_photos(a, n=1, step=20)
    made = make_copies(src, b)
    made.pop("png").unlink()  # a lossless copy at full size would be the keeper
    lib = Library.open(tmp_path / "data")
    try:
        lib.index_folders([a, b])
        os.rename(b, tmp_path / "b-unplugged")
        report = lib.index_folders()
        assert report.offline
        groups = dup.find_groups(lib)
        assert len(groups) == 1
        d = groups[0].to_json()
        assert d["paths"][0] == str(src) and d["offline"][0] is False
        assert any(d["offline"][1:])
        for p, off in zip(d["paths"], d["offline"]):
            assert off == p.startswith(str(b))
        assert str(made["crop90"]) in d["paths"]
    finally:
        lib.close()


# -- the CLI -----------------------------------------------------------------------------------


def test_cli_duplicates_json(small_library, capsys):
    from photorec.cli import main

    lib, folder, src, made = small_library
    data = str(lib.paths.data_dir)
    assert main(["--data-dir", data, "duplicates", "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines() if x.strip()]
    assert len(lines) == 1
    g = lines[0]
    assert set(g) >= {"paths", "scores", "keep", "why"}
    assert isinstance(g["why"], str) and g["why"]
    assert g["keep"] == g["paths"][0] == str(src)
    assert all(os.path.isabs(p) for p in g["paths"])
    assert len(g["scores"]) == len(g["paths"]) == len(g["offline"])
    assert g["scores"][0] == 1.0 and all(0 <= s <= 1 for s in g["scores"])
    assert g["offline"] == [False] * len(g["paths"])
    # Text output, a stricter threshold, decisions through the CLI.
    assert main(["--data-dir", data, "duplicates"]) == 0
    assert "Keep" in capsys.readouterr().out
    assert main(["--data-dir", data, "duplicates", "--threshold", "0.999", "--json"]) == 0
    assert capsys.readouterr().out.strip() == ""
    assert main(["--data-dir", data, "duplicates", "not-duplicates", *g["paths"]]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "duplicates", "--json"]) == 0
    assert capsys.readouterr().out.strip() == ""
    assert main(["--data-dir", data, "duplicates", "--threshold", "7"]) == 1
    assert "threshold" in capsys.readouterr().err


# -- pieces ------------------------------------------------------------------------------------


def test_components_match_a_plain_union_find():
    rng = np.random.default_rng(3)
    n = 300
    a = rng.integers(n, size=250)
    b = rng.integers(n, size=250)
    labels = dup.components(n, a, b)
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(a.tolist(), b.tolist()):
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    expect = np.array([find(x) for x in range(n)])
    # Same partition (labels are the smallest member in both).
    assert np.array_equal(labels, expect)


def test_time_window_and_big_group_split():
    n = 6
    times = np.array([0, 1, 2, 100, 101, np.nan])
    a = np.array([0, 1, 2, 3, 4], dtype=np.int32)
    b = np.array([1, 2, 3, 4, 5], dtype=np.int32)
    sim = np.full(5, 0.95, dtype=np.float32)
    g = dup.NeighbourGraph("m", np.arange(n), [f"c{i}" for i in range(n)], times,
                           np.ones(n, np.int32), a, b, sim)
    # A chain is cut by complete linkage: every member has an edge to its keeper (first).
    parts = g.partition(0.9)
    assert sorted(sorted(x.tolist()) for x in parts) == [[0, 1, 2], [3, 4]]  # 5: 2 hops from 3
    edges = set(zip(a.tolist(), b.tolist()))
    for p in parts:
        k = int(p[0])
        assert all((min(k, v), max(k, v)) in edges for v in p[1:].tolist())
    within = sorted(sorted(x.tolist()) for x in g.partition(0.9, within=5))
    assert within == [[0, 1, 2], [3, 4]]
    # A chain longer than MAX_GROUP is split, never one giant group.
    m = dup.MAX_GROUP * 3
    ca = np.arange(m - 1, dtype=np.int32)
    cs = np.linspace(0.8, 0.99, m - 1).astype(np.float32)
    chain = dup.NeighbourGraph("m", np.arange(m), [f"c{i}" for i in range(m)], np.zeros(m),
                               np.ones(m, np.int32), ca, ca + 1, cs)
    parts = chain.partition(0.8)
    assert parts and all(2 <= len(p) <= dup.MAX_GROUP for p in parts)


def _photo(i, path, w, h, size, taken=None, mtime=0, ckey=None):
    return Photo(i, 1, path, size, mtime, ckey or f"k{i}", "ok", None, w, h, taken, True)


def test_keeper_choice_reasons():
    q = {f"k{i}": dup.Quality(1.0, None) for i in range(5)}
    photos = [_photo(0, "/a/small.jpg", 800, 600, 90_000, mtime=5),
              _photo(1, "/a/big.jpg", 4000, 3000, 3_000_000, taken=1.0, mtime=9)]
    best, why = dup.choose_keeper(photos, q)
    assert best == 1 and "largest resolution (4000x3000)" in why.lower()
    assert "capture time" in why
    # Same size: the sharper one, and a lossless file beats a heavily compressed JPEG.
    q2 = {"k0": dup.Quality(10.0, None, 35), "k1": dup.Quality(30.0, None, None)}
    photos = [_photo(0, "/a/x.jpg", 1000, 800, 50_000), _photo(1, "/a/x.png", 1000, 800, 900_000)]
    best, why = dup.choose_keeper(photos, q2)
    assert best == 1 and "sharpest" in why.lower() and "lossless" in why
    # Exact copies: the oldest file.
    q3 = {"same": dup.Quality(5.0, None)}
    photos = [_photo(0, "/b/copy.jpg", 10, 10, 100, mtime=50, ckey="same"),
              _photo(1, "/a/orig.jpg", 10, 10, 100, mtime=10, ckey="same")]
    best, why = dup.choose_keeper(photos, q3)
    assert best == 1


def test_jpeg_quality_estimate(tmp_path):
    im = Image.new("RGB", (64, 64), (120, 30, 200))
    for q in (35, 75, 95):
        p = tmp_path / f"q{q}.jpg"
        im.save(p, quality=q)
        with Image.open(p) as j:
            assert abs(dup.jpeg_quality(j) - q) <= 2
    im.save(tmp_path / "x.png")
    with Image.open(tmp_path / "x.png") as j:
        assert dup.jpeg_quality(j) is None


def test_default_thresholds_per_model():
    class M:
        name = "efficientnet_lite0"
        card: dict = {}

    assert dup.default_threshold(M, "duplicates") == dup.MODEL_THRESHOLDS["efficientnet_lite0"][0]
    M.card = {"duplicate_threshold": 0.93}
    assert dup.default_threshold(M) == 0.93
    with pytest.raises(ValueError):
        dup.default_threshold(M, "nope")
