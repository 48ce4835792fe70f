"""What the face data's check costs at the start of every face pass, printed as JSON.

    python benchmarks/bench_face_check.py [--faces 100000] [--repeat 3]

A catalog with ``--faces`` face rows (three a photo, one person in ten named), every row sane,
checkpointed. Best of ``--repeat`` runs, the catalog's pages in the OS cache (as they are at
the start of a face pass, right after the index run's scan):

* ``quick_check_s``: ``PRAGMA quick_check(TABLE)`` of the four face tables (pages, cells, and
  the tables' indexes), what the check runs on SQLite 3.33 and later;
* ``integrity_check_faces_s``: ``PRAGMA integrity_check(faces)`` alone, for comparison (it
  also checks every index entry against its row; the check does not use it);
* ``read_every_row_s``: the fallback of an older SQLite (every row of the four tables read);
* ``rows_s``: the sanity of every face row (vector, box, landmarks, people, search counts);
* ``check_s``: the whole ``check_and_heal`` of the intact catalog (what a pass pays);
* ``face_table_s``: for scale, reading the faces for grouping, which every pass does already.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from photorec.core.store import Catalog, face_check  # noqa: E402
from photorec.core.store import people as store  # noqa: E402

MODEL = "bench-faces"


def build(path: Path, n_faces: int) -> None:
    Catalog(path).close()  # the schema, by the migrations
    rng = np.random.default_rng(0)
    con = sqlite3.connect(path)
    per_photo = 3
    photos = n_faces // per_photo
    n_people = max(1, photos // 10)
    con.executemany("INSERT INTO people(id, name, created) VALUES (?, ?, 0)",
                    [(i + 1, f"P{i}" if i % 10 == 0 else None) for i in range(n_people)])
    rows, scans = [], []
    for p in range(photos):
        ckey = f"{p:032x}"
        scans.append((ckey, MODEL, per_photo, 0.0))
        for k in range(per_photo):
            v = rng.standard_normal(128).astype(np.float32)
            v /= np.linalg.norm(v)
            x, y = 0.1 + 0.2 * k, 0.2
            lm = [round(x + 0.02 * j, 5) for j in range(10)]
            rows.append((ckey, MODEL, x, y, 0.15, 0.2, json.dumps(lm), 0.9, 0.8, 120.0,
                         v.astype(np.float16).tobytes(), int(rng.integers(1, n_people + 1))))
    con.executemany("INSERT INTO faces(ckey, model, x, y, w, h, landmarks, score, quality, "
                    "width_px, vec, person_id, added) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0)", rows)
    con.executemany("INSERT INTO face_scans(ckey, model, faces, scanned) VALUES (?,?,?,?)", scans)
    con.commit()
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def best(fn, repeat: int) -> float:
    out = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t0)
    return round(out, 4)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--faces", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "catalog.sqlite3"
        t0 = time.perf_counter()
        build(path, args.faces)
        built = time.perf_counter() - t0
        cat = Catalog(path)
        con = cat._connection()
        tables = (*face_check.FACE_TABLES, face_check.PEOPLE_TABLE)

        def quick() -> None:
            for t in tables:
                assert face_check.table_problem(cat, t) == ""

        def read_all() -> None:
            for t in tables:
                for _row in con.execute(f"SELECT * FROM {t}"):
                    pass

        def rows() -> None:
            bad, kinds, _ids = face_check.bad_rows(cat, MODEL)
            assert not bad, kinds

        def check() -> None:
            assert not face_check.check_and_heal(cat, MODEL).any

        out = {
            "faces": args.faces,
            "catalog_mb": round(path.stat().st_size / 1e6, 1),
            "sqlite": sqlite3.sqlite_version,
            "per_table_check": face_check.PER_TABLE_CHECK,
            "quick_check_s": best(quick, args.repeat),
            "integrity_check_faces_s": best(
                lambda: con.execute("PRAGMA integrity_check(faces)").fetchall(), args.repeat),
            "read_every_row_s": best(read_all, args.repeat),
            "rows_s": best(rows, args.repeat),
            "check_s": best(check, args.repeat),
            "face_table_s": best(lambda: store.face_table(cat, MODEL), args.repeat),
            "build_s": round(built, 1),
        }
        cat.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
