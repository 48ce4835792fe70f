"""Faces (issue 17): detection, verification, grouping and cost, printed as JSON.

    python benchmarks/bench_faces.py

On the labelled real photos of ``tests/data`` (``tests/data/faces/LABELS.tsv``: who is in
which photo; every other photo of ``tests/data/photos`` shows no person):

- ``detection``: recall (faces found / faces labelled, per photo capped at the labelled
  count), false faces per photo (detections beyond the labelled count, over every photo), and
  how many of those false faces could seed a person (the figure that matters for trust: a
  false face that cannot seed never becomes a person);
- ``verification``: every pair of labelled faces, same person or not; the true-accept rate at
  the strictest threshold whose false-accept rate is <= 1%, and at the grouping's JOIN
  threshold; with the number of pairs (few: read the figures with their counts);
- ``grouping``: the labelled photos indexed into a fresh library; purity (share of the faces
  placed in a person that belong to that person's main identity) and completeness (per
  identity, the largest share of its faces that ended up in one person), and false people
  (people whose faces are no labelled person);
- ``cost``: catalog bytes per face (1,000 faces stored) and resident bytes per face loaded
  for grouping; CPU ms per detection run and per face embedding.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from photorec.core.library import Library  # noqa: E402
from photorec.core.people import grouping  # noqa: E402
from photorec.core.people.detect import detect  # noqa: E402
from photorec.core.people.faces import FACE_SIDE, find_faces  # noqa: E402
from photorec.core.people.models import FaceModels  # noqa: E402
from photorec.core.store import people as store  # noqa: E402

DATA = REPO / "tests" / "data"


def labels() -> dict[Path, list[str]]:
    out: dict[Path, list[str]] = {}
    with open(DATA / "faces" / "LABELS.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            who = row["people (left to right)"]
            out[DATA / row["file"]] = [who] * int(row["faces"])
    for p in sorted((DATA / "photos").glob("*.jpg")):
        out.setdefault(p, [])
    return out


def load(path: Path):
    im = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    full = im.size
    im.thumbnail((FACE_SIDE, FACE_SIDE))
    return im, full


def bench_detection(models, lab) -> tuple[dict, dict]:
    found = labelled = false = false_seed = 0
    best: dict[Path, np.ndarray] = {}
    for path, who in lab.items():
        im, full = load(path)
        faces = sorted(find_faces(models, im, full), key=lambda f: -f.quality)
        labelled += len(who)
        found += min(len(faces), len(who))
        extra = faces[len(who):]
        false += len(extra)
        false_seed += sum(1 for f in extra if f.can_seed)
        if who and faces and not who[0].startswith("("):
            best[path] = faces[0].vec
    n = len(lab)
    return {
        "photos": n, "photos_with_people": sum(1 for w in lab.values() if w),
        "faces_labelled": labelled, "recall": round(found / max(labelled, 1), 3),
        "false_faces_per_photo": round(false / n, 3), "false_faces": false,
        "false_faces_that_could_seed_a_person": false_seed,
        "detection_side_px": FACE_SIDE,
    }, best


def bench_verification(best: dict[Path, np.ndarray], lab) -> dict:
    items = [(lab[p][0], v) for p, v in best.items()]
    same, diff = [], []
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            s = float(items[i][1] @ items[j][1])
            (same if items[i][0] == items[j][0] else diff).append(s)
    same_a, diff_a = np.array(same), np.array(diff)
    # The lowest threshold whose false-accept rate is <= 1%.
    cands = sorted(set(diff + same + [1.01]))
    thr = next(t for t in cands if (diff_a >= t).mean() <= 0.01)
    return {
        "identities": len({w for w, _ in items}), "faces": len(items),
        "same_pairs": len(same), "different_pairs": len(diff),
        "same_min": round(float(same_a.min()), 3) if len(same) else None,
        "different_max": round(float(diff_a.max()), 3) if len(diff) else None,
        "threshold_at_far_1pct": round(thr, 3),
        "tar_at_far_1pct": round(float((same_a >= thr).mean()), 3) if len(same) else None,
        "join_threshold": grouping.JOIN,
        "tar_at_join": round(float((same_a >= grouping.JOIN).mean()), 3) if len(same) else None,
        "far_at_join": round(float((diff_a >= grouping.JOIN).mean()), 3) if len(diff) else None,
        "far_at_suggest": round(float((diff_a >= grouping.SUGGEST).mean()), 3) if len(diff) else None,
    }


def bench_grouping(lab) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        photos = Path(tmp) / "photos"
        photos.mkdir()
        truth: dict[str, str] = {}
        for path, who in lab.items():
            q = photos / f"{path.parent.name}_{path.name}"
            shutil.copy2(path, q)
            truth[str(q)] = who[0] if who and not who[0].startswith("(") else ""
        with Library.open(Path(tmp) / "data") as lib:
            lib.index_folders([photos])
            people = lib.people.everyone()
        placed = pure = false_people = 0
        best_share: dict[str, int] = {}
        totals: dict[str, int] = {}
        for who in truth.values():
            if who:
                totals[who] = totals.get(who, 0) + 1
        for p in people:
            ids = [truth.get(x, "") for x in p.photos]
            counts = {w: ids.count(w) for w in set(ids)}
            main = max(counts, key=lambda w: counts[w])
            placed += len(ids)
            pure += counts[main]
            if not main:
                false_people += 1
            else:
                best_share[main] = max(best_share.get(main, 0), counts[main])
        completeness = np.mean([best_share.get(w, 0) / n for w, n in totals.items()])
        return {"people": len(people), "identities": len(totals),
                "purity": round(pure / max(placed, 1), 3),
                "completeness": round(float(completeness), 3), "false_people": false_people}


def bench_cost(models) -> dict:
    im, _full = load(DATA / "faces" / "fr_obama.jpg")
    for _ in range(2):
        detect(models, im)
    c = time.process_time()
    for _ in range(10):
        detect(models, im)
    det_ms = (time.process_time() - c) * 100
    crop = np.zeros((1, 112, 112, 3), np.uint8)
    c = time.process_time()
    for _ in range(10):
        models.embed(crop)
    emb_ms = (time.process_time() - c) * 100
    with tempfile.TemporaryDirectory() as tmp, Library.open(Path(tmp) / "data") as lib:
        cat = lib.catalog
        cat._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = sum(f.stat().st_size for f in Path(tmp, "data").glob("catalog.sqlite3*"))
        rng = np.random.default_rng(0)
        for i in range(100):
            faces = [store.NewFace((0.1, 0.2, 0.1, 0.12), [0.1] * 10, 0.9, 0.8, 120.0,
                                   rng.normal(size=128)) for _ in range(10)]
            store.save_faces(cat, f"ck{i}", "bench", faces)
        cat._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        after = sum(f.stat().st_size for f in Path(tmp, "data").glob("catalog.sqlite3*"))
        table = store.face_table(cat, "bench")
        ram = (table.vecs.nbytes + table.ids.nbytes + table.person.nbytes
               + table.quality.nbytes * 3 + sum(sys.getsizeof(c) for c in table.ckeys))
    return {"catalog_bytes_per_face": round((after - before) / 1000),
            "ram_bytes_per_face_grouping": round(ram / 1000),
            "cpu_ms_per_detection_run": round(det_ms, 1),
            "cpu_ms_per_face_embedding": round(emb_ms, 1)}


def main() -> None:
    t0 = time.perf_counter()
    models = FaceModels()
    lab = labels()
    det, best = bench_detection(models, lab)
    out = {"cpu_count": os.cpu_count(), "models": models.key, "detection": det,
           "verification": bench_verification(best, lab), "grouping": bench_grouping(lab),
           "cost": bench_cost(models)}
    out["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
