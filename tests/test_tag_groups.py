"""Tag confidence that holds (issue 19): near-duplicates and similar shots are one example,
never on both sides of a cross-validation fold; with too few independent examples the
classifier says so and shows no percentage."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageEnhance, ImageOps

from photorec.core.library import Library
from photorec.core.organize import tag_model as tm
from photorec.core.organize import tags as tg
from tests.conftest import SHARED_PHOTOS

ORIGINALS = {"flower": ("skl_flower.jpg", "mate_FreshFlower.jpg"),
             "leaf": ("kde_FallenLeaf.jpg", "lom_greentock.jpg")}
UNRELATED = ("sk_astronaut.jpg", "ocv_building.jpg", "kde_MilkyWay.jpg", "sk_coins.jpg")


def test_folds_never_split_a_group():
    rng = np.random.default_rng(1)
    Y = np.zeros((60, 3), np.float32)
    Y[np.arange(60), rng.integers(0, 3, 60)] = 1
    groups = rng.integers(0, 15, 60)
    for seed in range(5):
        fold = tm.folds(Y, 5, seed, groups)
        for g in np.unique(groups):
            assert len(set(fold[groups == g].tolist())) == 1
        assert len(set(fold.tolist())) > 1
    assert tm.independent(Y, groups) == len(np.unique(groups))
    assert tm.independent(Y, None) == 60


def _copies(src, dest, stem):
    out = []
    with Image.open(src) as im:
        im = im.convert("RGB")
        w, h = im.size
        variants = {
            "crop": im.crop((w // 12, h // 12, w - w // 12, h - h // 12)),
            "half": im.resize((w // 2, h // 2), Image.Resampling.LANCZOS),
            "bright": ImageEnhance.Brightness(im).enhance(1.2),
            "mirror": ImageOps.mirror(im),
            "q50": im,
        }
        for name, v in variants.items():
            p = dest / f"{stem}_{name}.jpg"
            v.save(p, quality=50 if name == "q50" else 90)
            out.append(p)
    return out


def test_a_user_who_tags_only_copies_gets_no_confident_suggestion(tmp_path):
    """22+ tagged photos, but only four pictures: no held-out accuracy is claimed, no
    percentage is offered, so "accept all >= 90 %" cannot apply a wrong tag to an unrelated
    photo."""
    folder = tmp_path / "photos"
    folder.mkdir()
    tagged: dict[str, list] = {}
    for tag, names in ORIGINALS.items():
        for name in names:
            src = folder / name
            src.write_bytes((SHARED_PHOTOS / name).read_bytes())
            tagged.setdefault(tag, []).extend([src] + _copies(src, folder, src.stem))
    for name in UNRELATED:
        (folder / name).write_bytes((SHARED_PHOTOS / name).read_bytes())
    lib = Library.open(tmp_path / "data")
    try:
        lib.index_folders([folder])
        for tag, paths in tagged.items():
            tg.add_tags(lib, [str(p) for p in paths], [tag])
        assert sum(len(v) for v in tagged.values()) == 24
        model = tg.train(lib)
        assert model.n_train == 24 and model.independent == 4
        assert not model.measured and model.accuracy is None
        assert "too few independent examples" in model.describe()
        sug = tg.suggest(lib, model=model, paths=[str(folder / n) for n in UNRELATED],
                         include_tagged=True, min_confidence=0.0)
        assert all(s.confidence is None for s in sug)
        assert not [s for s in sug if s.confidence is not None and s.confidence >= 0.9]
        # Without the groups the same photos would pass for 24 independent examples.
        ckeys, X, tags, Y, M, vids = tg._training_set(lib, False)
        assert tm.independent(Y, None) == 24
        assert tm.independent(Y, tg.shot_groups(lib, X, vids)) == 4
        assert tm.independent(Y, tg.shot_groups(lib, X)) == 4  # from the rows' own cosines
    finally:
        lib.close()


def test_cli_shows_no_percentage_when_not_measured(tmp_path, capsys):
    from photorec.cli import main

    folder = tmp_path / "photos"
    folder.mkdir()
    paths = []
    for name in ORIGINALS["flower"] + ORIGINALS["leaf"]:
        src = folder / name
        src.write_bytes((SHARED_PHOTOS / name).read_bytes())
        paths.append([src] + _copies(src, folder, src.stem)[:2])
    (folder / UNRELATED[0]).write_bytes((SHARED_PHOTOS / UNRELATED[0]).read_bytes())
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "index", str(folder)]) == 0
    for tag, group in (("flower", paths[0] + paths[1]), ("leaf", paths[2] + paths[3])):
        assert main(["--data-dir", data, "tags", "add", "-t", tag, *map(str, group)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "tags", "suggest", "--min-confidence", "0"]) == 0
    out = capsys.readouterr().out
    assert "4 independent" in out and "no percentage is shown" in out
    assert "%" not in out.split("\n", 1)[1]
