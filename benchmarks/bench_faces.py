"""Faces (issue 17): detection, verification, grouping and cost, printed as JSON.

    python benchmarks/bench_faces.py

On the labelled real photos of ``tests/data`` (``tests/data/faces/LABELS.tsv``: who is in
which photo, with a box per face; its README says how to read it; every other photo of
``tests/data/photos`` shows no person). A detection is a labelled face when its box overlaps
the labelled box (IoU >= :data:`MATCH_IOU`, each box used once).

- ``detection``: recall (labelled faces found / faces labelled), false faces per photo
  (detections that are no labelled face, over every photo), and how many of those false faces
  could seed a person (the figure that matters for trust: a false face that cannot seed never
  becomes a person);
- ``verification``: every pair of detected labelled faces whose truth is known: the same name
  (same person), two names, a name and an unnamed ``?`` face, or two ``?`` faces of one photo
  (different people); two ``?`` faces of different photos are left out (``pairs_unknown``).
  The true-accept rate (TAR) at the lowest threshold whose false-accept rate (FAR) is <= 1%
  and <= 0.1%, given only where there are enough different-person pairs for that FAR to
  mean something (1 / FAR of them: 100 and 1,000), and the FAR and TAR at grouping's
  :data:`~photorec.core.people.grouping.JOIN` and ``SUGGEST`` thresholds; always read with
  the pair counts;
- ``grouping``: the labelled photos indexed into a fresh library (photorec's own finding and
  grouping); purity (share of the labelled faces placed in a person that belong to that
  person's main identity: a lower bound, as unnamed faces of two photos count as two
  identities), completeness (per identity, the largest share of its faces that ended up in one
  person; also over the identities with 2+ faces only), false people (people whose faces are
  no labelled person) and people that hold two faces known to be different people;
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
from dataclasses import dataclass
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
MATCH_IOU = 0.3
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Labelled:
    photo: str  # the row's file
    who: str  # a name, "(...)" (no one to compare) or "?..." (known only in this photo)
    box: Box

    @property
    def identity(self) -> str | None:
        """A key equal for the same person; None for a face that is no one to compare."""
        if self.who.startswith("("):
            return None
        return f"{self.photo}:{self.who}" if self.who.startswith("?") else self.who


def labels() -> dict[Path, list[Labelled]]:
    out: dict[Path, list[Labelled]] = {}
    with open(DATA / "faces" / "LABELS.tsv", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            n = int(row["faces"])
            who = [w.strip() for w in row["people (left to right)"].split(";")] if n else []
            boxes = [tuple(float(v) for v in b.split()) for b in row[
                "boxes (x y w h, fractions of the photo as shown)"].split(";") if b.strip()]
            if len(who) != n or len(boxes) != n or any(len(b) != 4 for b in boxes):
                raise SystemExit(f"LABELS.tsv: {row['file']}: {n} faces, {len(who)} people, "
                                 f"{len(boxes)} boxes")
            out[DATA / row["file"]] = [Labelled(row["file"], w, b)  # type: ignore[arg-type]
                                       for w, b in zip(who, boxes)]
    for p in sorted((DATA / "photos").glob("*.jpg")):
        out.setdefault(p, [])
    return out


def iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    return inter / max(a[2] * a[3] + b[2] * b[3] - inter, 1e-12)


def match(found: list[Box], labelled: list[Labelled]) -> dict[int, Labelled]:
    """Detection index -> the labelled face it is (greedy by overlap, each used once)."""
    pairs = sorted(((iou(f, lab.box), i, j) for i, f in enumerate(found)
                    for j, lab in enumerate(labelled)), reverse=True)
    out: dict[int, Labelled] = {}
    used: set[int] = set()
    for o, i, j in pairs:
        if o < MATCH_IOU:
            break
        if i not in out and j not in used:
            out[i] = labelled[j]
            used.add(j)
    return out


def relation(a: Labelled, b: Labelled) -> bool | None:
    """True: the same person; False: different people; None: not known."""
    ia, ib = a.identity, b.identity
    if ia is None or ib is None:
        return None
    qa, qb = a.who.startswith("?"), b.who.startswith("?")
    if qa and qb and a.photo != b.photo:
        return None
    return ia == ib


def load(path: Path):
    im = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    full = im.size
    im.thumbnail((FACE_SIDE, FACE_SIDE))
    return im, full


def bench_detection(models, lab) -> tuple[dict, list[tuple[Labelled, np.ndarray]]]:
    found = labelled = false = false_seed = 0
    faces_found: list[tuple[Labelled, np.ndarray]] = []
    for path, who in lab.items():
        im, full = load(path)
        faces = find_faces(models, im, full)
        m = match([f.box for f in faces], who)
        labelled += len(who)
        found += len(m)
        for i, f in enumerate(faces):
            if i in m:
                if m[i].identity is not None:
                    faces_found.append((m[i], f.vec))
            else:
                false += 1
                false_seed += int(f.can_seed)
    n = len(lab)
    return {
        "photos": n, "photos_with_people": sum(1 for w in lab.values() if w),
        "faces_labelled": labelled, "faces_found": found,
        "recall": round(found / max(labelled, 1), 3),
        "false_faces_per_photo": round(false / n, 3), "false_faces": false,
        "false_faces_that_could_seed_a_person": false_seed,
        "detection_side_px": FACE_SIDE, "match_iou": MATCH_IOU,
    }, faces_found


def _rate(a: np.ndarray, t: float) -> float | None:
    return round(float((a >= t).mean()), 4) if len(a) else None


def bench_verification(faces: list[tuple[Labelled, np.ndarray]]) -> dict:
    same, diff = [], []
    unknown = 0
    for i in range(len(faces)):
        for j in range(i + 1, len(faces)):
            r = relation(faces[i][0], faces[j][0])
            if r is None:
                unknown += 1
                continue
            s = float(faces[i][1] @ faces[j][1])
            (same if r else diff).append(s)
    same_a, diff_a = np.array(same), np.array(diff)
    ids = {lab.identity for lab, _ in faces}
    multi = {k for k in ids if sum(1 for lab, _ in faces if lab.identity == k) > 1}
    out: dict = {
        "identities": len(ids), "identities_with_2_or_more_faces": len(multi),
        "faces": len(faces), "same_pairs": len(same), "different_pairs": len(diff),
        "pairs_unknown": unknown,
        "same_min": round(float(same_a.min()), 3) if len(same) else None,
        "same_median": round(float(np.median(same_a)), 3) if len(same) else None,
        "same_max": round(float(same_a.max()), 3) if len(same) else None,
        "different_max": round(float(diff_a.max()), 3) if len(diff) else None,
        "different_p99": round(float(np.quantile(diff_a, 0.99)), 3) if len(diff) else None,
    }
    # The lowest threshold whose false-accept rate is <= the target (scores are in [-1, 1]).
    cands = sorted(set(diff + same + [1.01]))
    for far, name in ((0.01, "1pct"), (0.001, "0_1pct")):
        need = round(1 / far)
        if len(diff) < need or not len(same):
            out[f"threshold_at_far_{name}"] = None
            out[f"tar_at_far_{name}"] = None
            out[f"note_far_{name}"] = (f"not measurable: needs >= {need} different-person "
                                       f"pairs and some same-person pairs, has {len(diff)} "
                                       f"and {len(same)}")
            continue
        thr = next(t for t in cands if (diff_a >= t).mean() <= far)
        out[f"threshold_at_far_{name}"] = round(thr, 3)
        out[f"tar_at_far_{name}"] = _rate(same_a, thr)
    out.update({
        "join_threshold": grouping.JOIN,
        "tar_at_join": _rate(same_a, grouping.JOIN), "far_at_join": _rate(diff_a, grouping.JOIN),
        "different_pairs_at_or_over_join": int((diff_a >= grouping.JOIN).sum()),
        "suggest_threshold": grouping.SUGGEST,
        "tar_at_suggest": _rate(same_a, grouping.SUGGEST),
        "far_at_suggest": _rate(diff_a, grouping.SUGGEST),
        "different_pairs_at_or_over_suggest": int((diff_a >= grouping.SUGGEST).sum()),
    })
    return out


def bench_grouping(lab) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        photos = Path(tmp) / "photos"
        photos.mkdir()
        copies: dict[Path, list[Labelled]] = {}
        for path, who in lab.items():
            q = photos / f"{path.parent.name}_{path.name}"
            shutil.copy2(path, q)
            copies[q] = who
        members: dict[int, list[Labelled | None]] = {}  # person -> its faces' labels
        with Library.open(Path(tmp) / "data") as lib:
            lib.index_folders([photos])
            people = lib.people.everyone()
            for q, who in copies.items():
                boxes = lib.people.boxes_of_path(str(q))
                m = match([b.box for b in boxes], who)
                for i, b in enumerate(boxes):
                    if b.person_id:
                        members.setdefault(b.person_id, []).append(m.get(i))
    placed = pure = false_people = mixed = 0
    best_share: dict[str, int] = {}
    totals: dict[str, int] = {}
    for who in lab.values():
        for w in who:
            if w.identity is not None:
                totals[w.identity] = totals.get(w.identity, 0) + 1
    for faces in members.values():
        ids = [f.identity if f is not None and f.identity is not None else "" for f in faces]
        counts = {w: ids.count(w) for w in set(ids)}
        main = max(counts, key=lambda w: (counts[w], w))
        placed += len(ids)
        pure += counts[main]
        if not main:
            false_people += 1
        else:
            best_share[main] = max(best_share.get(main, 0), counts[main])
        known = [f for f in faces if f is not None]
        mixed += any(relation(a, b) is False for k, a in enumerate(known) for b in known[k + 1:])
    completeness = np.mean([best_share.get(w, 0) / n for w, n in totals.items()])
    multi = [w for w, n in totals.items() if n > 1]
    completeness_2 = np.mean([best_share.get(w, 0) / totals[w] for w in multi]) if multi else None
    return {"people": len(people), "identities": len(totals),
            "faces_placed_in_a_person": placed,
            "purity": round(pure / max(placed, 1), 3),
            "completeness": round(float(completeness), 3),
            "identities_with_2_or_more_faces": len(multi),
            "completeness_2_or_more_faces": (round(float(completeness_2), 3)
                                             if completeness_2 is not None else None),
            "false_people": false_people,
            "people_with_faces_known_to_differ": mixed}


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
    det, found = bench_detection(models, lab)
    out = {"cpu_count": os.cpu_count(), "models": models.key, "detection": det,
           "verification": bench_verification(found), "grouping": bench_grouping(lab),
           "cost": bench_cost(models)}
    out["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
