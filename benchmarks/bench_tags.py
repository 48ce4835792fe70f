#!/usr/bin/env python3
"""Are the tag suggestions' confidences right? Calibration on held-out photos, as JSON.

The 79 test photos (tests/data/photos) are labelled by subject (``SUBJECTS`` below: a fixed,
hand-made table; photos without a clear subject are left unlabelled and count as "none of
the tags"). Each round takes a random half of the photos (``--train``), tags them with their
subjects in a fresh library state, trains the product's classifier (``tags.train``) and looks
at the other half, which is left untagged:

* calibration: every (held-out photo, learnt tag) pair, the calibrated probability against
  "the photo has this subject": Brier score, expected calibration error (ECE, 10 bins), and
  the reliability per bin (mean confidence vs observed frequency); the same for the raw,
  uncalibrated logistic outputs, for comparison, and the Brier score of always predicting each
  tag's base rate;
* suggestions: what ``tags.suggest`` offers (its default rules: only tags that beat their base
  rate held-out, at least 50 %), and the precision of those at >= 90 % (the "Accept all
  >= 90 %" button), >= 70 % and >= 50 %, with how many there were.

Photos whose subject is not among the tags learnt in a round (too few training photos) stay
in the held-out half: suggesting a learnt tag for them is wrong, as it would be in a library.

    .venv/bin/python benchmarks/bench_tags.py            # 20 rounds
    .venv/bin/python benchmarks/bench_tags.py --quick    # 5 rounds
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from photorec.core.embed.vectors import sigmoid  # noqa: E402
from photorec.core.library import Library  # noqa: E402
from photorec.core.organize import tags as tg  # noqa: E402
from photorec.core.organize.tag_model import reliability  # noqa: E402
from photorec.core.store import tags as tag_store  # noqa: E402

PHOTOS = REPO / "tests" / "data" / "photos"

# What the test photos show, one subject each (a judgement by looking at them, after the coarse
# subjects of bench_model_quality.py, some merged so that most subjects have 4+ photos).
SUBJECTS: dict[str, str] = {
    **dict.fromkeys(["kde_FallenLeaf", "kde_OneStandsOut", "lom_seeding", "mate_FreshFlower",
                     "mate_GreenMeadow", "mate_LadyBird", "mate_Dune", "skl_flower",
                     "ocv_aloeL"], "plant"),
    **dict.fromkeys(["kde_BytheWater", "kde_ColdRipple", "kde_Path", "lom_Bridge", "lom_life",
                     "lom_picosdeeuropa"], "landscape"),
    **dict.fromkeys(["kde_Canopee", "kde_Honeywave", "kde_Kokkini", "kde_MilkyWay", "kde_Patak",
                     "kde_Shell", "kde_Volna", "lom_Fossa", "lom_umang", "lom_analogpattern",
                     "lom_Infinite-Sea", "mate_Float-into-MATE", "ukui_city", "ukui_desert",
                     "ukui_fluent-color", "ukui_rollpaper", "ukui_focal-ubuntukylin",
                     "ukui_calla"], "abstract"),
    **dict.fromkeys(["gnome_symbolic-l", "gnome_truchet-l", "gnome_wood-l", "sk_brick",
                     "sk_grass", "mate_MATE-Stripes-Dark", "mate_Silk", "mate_Waves"], "texture"),
    **dict.fromkeys(["kde_FlyingKonqui", "kde_SafeLanding", "kde_Altai", "ukui_the-mouse",
                     "gnome_pixels-l", "ocv_Blender_Suzanne1"], "illustration"),
    **dict.fromkeys(["mpl_grace_hopper", "sk_astronaut", "sk_camera", "ocv_left01"], "person"),
    **dict.fromkeys(["ocv_notes", "ocv_text_defocus", "sk_page"], "text"),
    **dict.fromkeys(["ocv_apple", "ocv_orange", "sk_coffee"], "food"),
    **dict.fromkeys(["sk_chelsea", "lom_friends", "ocv_butterfly"], "animal"),
    **dict.fromkeys(["ocv_building", "ocv_home", "ocv_aero1"], "building"),
    **dict.fromkeys(["sk_ihc", "sk_microaneurysms", "sk_retina", "sk_moon"], "science"),
    **dict.fromkeys(["ocv_stuff", "ocv_box_in_scene", "sk_coins", "lom_greentock"], "objects"),
}


def open_library(root: Path, photos: Path = PHOTOS) -> tuple[Library, dict[str, str]]:
    """A library of the test photos under ``root``; returns it and path -> subject."""
    shutil.copytree(photos, root / "photos", dirs_exist_ok=True)
    lib = Library.open(root / "data")
    lib.index_folders([root / "photos"])
    truth = {p.path: SUBJECTS.get(Path(p.path).stem) for p in lib.photos()}
    return lib, truth


def split(truth: dict[str, str], seed: int, train: float = 0.5) -> tuple[list[str], list[str]]:
    """A random ``train`` share of the labelled photos to tag, the rest held out."""
    rng = np.random.default_rng(seed)
    paths = sorted(truth)
    perm = rng.permutation(len(paths))
    cut = int(round(train * len(paths)))
    tagged = [paths[i] for i in perm[:cut] if truth[paths[i]]]
    held = [paths[i] for i in perm[cut:]]
    return tagged, held


def run_round(lib, truth: dict[str, str], seed: int, train: float = 0.5) -> dict:
    """Tag one split, train, and collect the held-out probabilities and suggestions."""
    tg.ensure_schema(lib.catalog)
    with lib.catalog._write() as c:
        tag_store.clear_all_c(c)
    tagged, held = split(truth, seed, train)
    by_tag: dict[str, list[str]] = {}
    for p in tagged:
        by_tag.setdefault(truth[p], []).append(p)
    for t, paths in by_tag.items():
        tg.add_tags(lib, paths, [t])
    t0 = time.perf_counter()
    model = tg.train(lib, seed=seed, store=False)
    seconds = time.perf_counter() - t0
    cks = [lib.photo(p).ckey for p in held]
    vid = lib.catalog.vector_ids_for(cks, lib.model.key)
    X = np.stack([lib.catalog.vector_of_ckey(ck, lib.model.key)[1] for ck in cks if ck in vid])
    held = [p for p, ck in zip(held, cks) if ck in vid]
    Y = np.array([[truth[p] == t for t in model.tags] for p in held], dtype=np.float64)
    L = model.logits(X)
    sug = tg.suggest(lib, model=model, paths=held, include_tagged=True)
    return {"P": model.predict(X).ravel(), "raw": sigmoid(L).ravel(), "Y": Y.ravel(),
            "base": np.tile(model.base, len(held)),
            "suggestions": [(s.confidence, truth[s.path] == s.tag) for s in sug],
            "accuracy": model.accuracy, "baseline": model.baseline, "seconds": seconds,
            "tags": len(model.tags), "not_learnt": model.not_learnt(),
            "model_quality": model.quality}


def precision_at(sugs: list[tuple[float, bool]], threshold: float) -> dict:
    hits = [ok for c, ok in sugs if c >= threshold]
    return {"n": len(hits), "precision": round(float(np.mean(hits)), 4) if hits else None}


def summarise(rounds: list[dict]) -> dict:
    P = np.concatenate([r["P"] for r in rounds])
    raw = np.concatenate([r["raw"] for r in rounds])
    Y = np.concatenate([r["Y"] for r in rounds])
    base = np.concatenate([r["base"] for r in rounds])
    sugs = [s for r in rounds for s in r["suggestions"]]
    cal = reliability(P, Y)
    cal["brier_base_rate"] = round(float(np.mean((base - Y) ** 2)), 5)
    uncal = reliability(raw, Y)
    per_round_09 = [precision_at(r["suggestions"], 0.9) for r in rounds]
    return {
        "rounds": len(rounds),
        "held_out_pairs": int(len(P)),
        "calibrated": cal,
        "uncalibrated": {k: uncal[k] for k in ("brier", "ece", "bins")},
        "suggestions": {
            "total": len(sugs),
            "at_0.9": precision_at(sugs, 0.9),
            "at_0.7": precision_at(sugs, 0.7),
            "at_0.5": precision_at(sugs, 0.5),
            "rounds_with_0.9_below_0.9_precision": sum(
                1 for d in per_round_09 if d["n"] and d["precision"] < 0.9),
        },
        "uncalibrated_at_0.9": precision_at(
            [(float(p), bool(y)) for p, y in zip(raw, Y)], 0.9),
        "top1_accuracy_cv": round(float(np.mean([r["accuracy"] for r in rounds
                                                 if r["accuracy"] is not None])), 4),
        "baseline_cv": round(float(np.mean([r["baseline"] for r in rounds
                                            if r["baseline"] is not None])), 4),
        "tags_learnt_mean": round(float(np.mean([r["tags"] for r in rounds])), 2),
        "tags_not_suggested_mean": round(float(np.mean([len(r["not_learnt"]) for r in rounds])), 2),
        "train_seconds_median": round(float(np.median([r["seconds"] for r in rounds])), 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--quick", action="store_true", help="5 rounds")
    ap.add_argument("--train", type=float, default=0.5, help="share of photos tagged (0.5)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rounds = 5 if args.quick else args.rounds
    with tempfile.TemporaryDirectory(prefix="bench_tags_") as tmp:
        lib, truth = open_library(Path(tmp))
        try:
            res = [run_round(lib, truth, args.seed + i, args.train) for i in range(rounds)]
        finally:
            lib.close()
    out = summarise(res)
    out["photos"] = len(truth)
    out["labelled"] = sum(1 for v in truth.values() if v)
    out["train_share"] = args.train
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
