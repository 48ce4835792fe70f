"""Reading metadata as the reference apps mean it, and write-sidecars: how long they take and
how much they find. Prints JSON.

    python benchmarks/bench_sidecars.py [--copies N]

The fixtures of tests/data/metadata (written by exiftool and exiv2 the way digiKam,
darktable, Lightroom, Windows, Photo Mechanic and ACDSee write) are copied N times into a
temporary folder and indexed; then: read_metadata per photo (files and sidecars), the words
the apps wrote that ``search`` finds, write-sidecars of every photo after tagging them, and a
second write-sidecars that finds nothing to change.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

FIXTURES = REPO / "tests" / "data" / "metadata"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=20)
    args = ap.parse_args()
    from photorec.core.ingest import metadata
    from photorec.core.library import Library
    from photorec.core.organize import sidecars, tags
    from photorec.core.search import engine

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "photos"
        for i in range(args.copies):
            d = root / f"set{i:03d}"
            d.mkdir(parents=True)
            for f in FIXTURES.iterdir():
                if f.suffix.lower() in (".jpg", ".xmp"):
                    shutil.copy2(f, d / f.name)
        photos = sorted(root.rglob("*.jpg"))
        t0 = time.perf_counter()
        metas = [metadata.read_metadata(str(p)) for p in photos]
        read_s = time.perf_counter() - t0
        words = {w for m in metas[:len(metas) // args.copies] for t in m.tags for w in
                 engine.words(t.split("|")[-1])}
        with Library.open(Path(tmp) / "data") as lib:
            lib.index_folders([root])
            found = sum(1 for w in sorted(words) if engine.search(lib, w, k=1))
            tags.add_tags(lib, [str(p) for p in photos], ["bench|photorec"])
            t0 = time.perf_counter()
            rep = sidecars.write_sidecars(lib)
            write_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = sidecars.write_sidecars(lib)
            again_s = time.perf_counter() - t0
            lib.index_folders()
            t0 = time.perf_counter()
            nothing = sidecars.write_sidecars(lib)
            nothing_s = time.perf_counter() - t0
    print(json.dumps({
        "photos": len(photos),
        "read_metadata_ms_per_photo": round(1000 * read_s / len(photos), 3),
        "keyword_words": len(words), "keyword_words_found_by_search": found,
        "write_sidecars": {"written": len(rep.written), "skipped": len(rep.skipped),
                           "ms_per_sidecar": round(1000 * write_s / max(1, len(rep.written)), 3)},
        "second_run_before_index": {"written": len(again.written), "unchanged": again.unchanged,
                                    "ms_per_photo": round(1000 * again_s / len(photos), 3)},
        "after_index": {"written": len(nothing.written), "unchanged": nothing.unchanged,
                        "seconds": round(nothing_s, 3)},
    }))


if __name__ == "__main__":
    main()
