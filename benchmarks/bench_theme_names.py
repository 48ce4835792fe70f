#!/usr/bin/env python3
"""How often a theme's class word is right, on the labelled dev set (``tests/data/devset``),
and the floors that make it so, as JSON.

The model's broader words ("animal", "food", "flower", "building"...) are its ImageNet
classes grouped (``photorec/resources/classes.json``). A photo *carries* a word when the
classes under it hold at least the word's floor of its probability (and 1.5 times what a flat
spread would give them: ``theme_names.carriers``). For each word the dev
set can judge (its subjects: animal, food, flower, plant, building, landscape, water,
people, text, object; abstract pictures are the negatives every word must avoid), this
measures the precision of carrying it (the share of carriers whose subject fits the word)
at a ladder of floors, and calibrates the floor: the lowest with a precision of at least
``--precision`` (0.8) over at least ``--min-carriers`` photos. A word the dev set cannot
judge, or that never reaches the precision, gets no floor and never names a theme.

It then names themes of the dev set (k-means, k picked automatically) with the floors in
``photorec.core.organize.theme_names.CLASS_FLOORS`` and reports, for every theme named by a
class word, the share of its photos whose subject fits the word (the name's precision), and
the share of themes named by a class word at all.

    .venv/bin/python benchmarks/bench_theme_names.py            # ~1 minute on 2 cores
    .venv/bin/python benchmarks/bench_theme_names.py --table    # also the floors as Python
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEVSET = REPO / "tests" / "data" / "devset"
FLOORS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)

ANIMAL = {"animal", "mammal", "pet", "dog", "cat", "bird", "bug", "insect", "fish", "reptile",
          "amphibian", "snake", "lizard", "frog", "turtle", "crocodile", "crab", "crustacean",
          "mollusc", "sea_life", "shark", "whale", "monkey", "bear", "big_cat", "elephant", "fox",
          "wolf", "wild_dog", "rabbit", "rodent", "sheep", "pig", "cattle", "horse",
          "farm_animal", "antelope", "panda", "parrot", "duck", "owl_eagle", "beetle",
          "butterfly", "spider", "worm"}
FOOD = {"food", "dish", "fruit", "dessert", "bread", "drink", "vegetable"}
OBJECT = {"object", "appliance", "bag", "ball", "bathroom", "bed", "bottle", "camera", "chair",
          "clock", "clothing", "computer", "electronics", "furniture", "guitar", "hat",
          "instrument", "kitchen", "light", "phone", "piano", "screen", "shoe", "sport", "table",
          "tool", "toy", "weapon", "vehicle", "aircraft", "boat", "bicycle", "bus", "car",
          "motorbike", "train", "truck"}


def subjects_of(category: str) -> set[str] | None:
    """The dev set subjects a broader word is right for; None: the dev set cannot judge it."""
    if category in ANIMAL:
        return {"animal"}
    if category in FOOD:
        return {"food"}
    if category == "mushroom":
        return {"food", "plant"}
    if category in ("flower", "plant"):
        return {"flower", "plant"}
    if category in ("building", "religious", "bridge", "structure", "shop", "fence"):
        return {"building"}
    if category in ("landscape", "mountain", "lake", "sea", "water"):
        return {"landscape", "water"}
    if category == "person":
        return {"people"}
    if category in ("text", "book"):
        return {"text", "object"}
    if category in OBJECT:
        return {"object"}
    return None


def devset_vectors(folder: Path):
    """(files, subjects, unit vectors) of the dev set, embedded through a throwaway library."""
    from photorec.core.library import Library

    rows = [line.rstrip("\n").split("\t") for line in
            (folder / "LABELS.tsv").read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    subject = {r[0]: r[1] for r in rows}
    tmp = Path(tempfile.mkdtemp(prefix="bench_theme_names_"))
    try:
        lib = Library.open(tmp / "data")
        lib.index_folders([folder])
        files, subs, vecs = [], [], []
        for p in lib.photos():
            name = Path(p.path).name
            if name not in subject:
                continue
            got = lib.catalog.vector_of_ckey(p.ckey, lib.model.key)
            if got is None:
                continue
            v = got[1]
            files.append(name)
            subs.append(subject[name])
            vecs.append(np.asarray(v, dtype=np.float32))
        lib.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return files, subs, np.stack(vecs)


def calibrate(P: np.ndarray, subs: list[str], precision: float, min_carriers: int) -> dict:
    from photorec.core.organize.theme_names import carriers, category_mass

    names = sorted(category_mass(P).keys())
    out = {}
    for c in names:
        fits = subjects_of(c)
        if fits is None:
            continue
        ok = np.array([s in fits for s in subs])
        ladder = []
        floor = None
        for f in FLOORS:
            carry = carriers(P, {c: f})[c]
            n = int(carry.sum())
            prec = float(ok[carry].mean()) if n else None
            ladder.append({"floor": f, "carriers": n, "precision": None if prec is None else round(prec, 3)})
            if floor is None and n >= min_carriers and prec is not None and prec >= precision:
                floor = f
        out[c] = {"floor": floor, "ladder": ladder}
    return out


def name_themes(Z: np.ndarray, P: np.ndarray, subs: list[str], floors: dict) -> dict:
    """Themes of the dev set (k-means, k automatic) named by class words with the shipped
    floors; each named theme's precision."""
    from photorec.core.embed.kmeans import auto_k, kmeans
    from photorec.core.embed.vectors import fit_projection
    from photorec.core.organize.theme_names import class_words

    proj = fit_projection(Z, 256, seed=0)
    X = proj(Z)
    k, _ = auto_k(X, seed=0)
    res = kmeans(X, k, seed=0)
    themes, named, hits, total = [], 0, 0, 0
    for t in range(k):
        idx = np.flatnonzero(res.labels == t)
        words = class_words(P[idx], "en", floors=floors)
        row = {"size": int(len(idx)), "words": words,
               "subjects": dict(sorted({s: int(sum(subs[i] == s for i in idx))
                                        for s in {subs[i] for i in idx}}.items()))}
        if words:
            named += 1
            from photorec.core.organize.theme_names import category_of_word

            c = category_of_word(words[0])
            fits = subjects_of(c) if c else None
            if fits:
                good = int(sum(subs[i] in fits for i in idx))
                row["precision"] = round(good / len(idx), 3)
                hits += good
                total += len(idx)
        themes.append(row)
    return {"k": int(k), "themes_named_by_a_class_word": named,
            "name_precision_over_their_photos": round(hits / total, 3) if total else None,
            "themes": themes}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--devset", type=Path, default=DEVSET)
    ap.add_argument("--precision", type=float, default=0.8)
    ap.add_argument("--min-carriers", type=int, default=5)
    ap.add_argument("--table", action="store_true", help="print the floors as a Python dict too")
    args = ap.parse_args()
    from photorec.core.embed import classes

    files, subs, Z = devset_vectors(args.devset)
    P = classes.class_probabilities(Z)
    cal = calibrate(P, subs, args.precision, args.min_carriers)
    out = {"devset": str(args.devset), "photos": len(files), "precision_goal": args.precision,
           "min_carriers": args.min_carriers,
           "floors": {c: v["floor"] for c, v in cal.items() if v["floor"] is not None},
           "calibration": cal}
    from photorec.core.organize.theme_names import CLASS_FLOORS

    out["shipped_floors_equal_these"] = CLASS_FLOORS == out["floors"]
    out["themes"] = name_themes(Z, P, subs, CLASS_FLOORS or out["floors"])
    print(json.dumps(out, indent=1))
    if args.table:
        print({c: v["floor"] for c, v in sorted(cal.items()) if v["floor"] is not None},
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
