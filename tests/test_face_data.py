"""The labelled face photos of tests/data/faces: every photo has its source and licence, and
LABELS.tsv (read by benchmarks/bench_faces.py) is consistent: one person and one box per
counted face, boxes inside the photo, no two boxes of a photo on the same face."""

from __future__ import annotations

import csv
from pathlib import Path

from PIL import Image

DATA = Path(__file__).parent / "data"
FACES = DATA / "faces"
BOXES = "boxes (x y w h, fractions of the photo as shown)"


def rows(name: str) -> list[dict[str, str]]:
    with open(FACES / name, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_every_face_photo_has_a_source_and_licence() -> None:
    sources = {r["file"]: r for r in rows("SOURCES.tsv")}
    photos = {p.name for p in FACES.glob("*.jpg")}
    assert photos == set(sources)
    for name, r in sources.items():
        assert r["source"] and r["original file"] and r["licence"], name
        with Image.open(FACES / name) as im:
            assert max(im.size) <= 1024, name


def test_labels_are_consistent() -> None:
    labelled = rows("LABELS.tsv")
    assert {r["file"] for r in labelled} >= {f"faces/{p.name}" for p in FACES.glob("*.jpg")}
    for r in labelled:
        assert (DATA / r["file"]).is_file(), r["file"]
        n = int(r["faces"])
        people = [w.strip() for w in r["people (left to right)"].split(";")] if n else []
        boxes = [[float(v) for v in b.split()] for b in r[BOXES].split(";") if b.strip()]
        assert len(people) == len(boxes) == n, r["file"]
        unnamed = [w for w in people if w.startswith("?")]
        assert len(set(unnamed)) == len(unnamed), r["file"]
        for x, y, w, h in boxes:
            assert 0 <= x and 0 <= y and w > 0 and h > 0, r["file"]
            assert x + w <= 1.001 and y + h <= 1.001, r["file"]
        xs = [b[0] for b in boxes]
        assert xs == sorted(xs), f"{r['file']}: boxes are listed left to right"
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:  # two boxes of one photo never cover the same face
                ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
                iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
                assert ix * iy < 0.3 * min(a[2] * a[3], b[2] * b[3]), r["file"]
