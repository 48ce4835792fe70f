"""How soon a new user sees something: time from adding a folder of N photos (default 10,000)
to the first thumbnails committed (what the grid shows) and to the first "similar" answer,
in the indexing process (the window) and from a second process (the CLI), printed as JSON.

    python benchmarks/bench_first_results.py [--photos 10000] [--quick]

The folder is made from the shared photos: each file is a real JPEG with a distinct tail, so
every one has its own content key and goes through the whole pipeline (decode, embed, commit).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from photorec.core.library import Library  # noqa: E402

PHOTOS = Path(os.environ.get("PHOTOREC_TEST_PHOTOS", REPO / "tests" / "data" / "photos"))

_READER = r"""
import json, sys, time
t = time.perf_counter()
from photorec.core.library import Library
lib = Library.open(sys.argv[1], readonly=True)
res = lib.similar(sys.argv[2], k=10)
print(json.dumps({"results": len(res), "indexed": len(lib.index), "seconds": time.perf_counter() - t}))
"""


def make_folder(dest: Path, n: int) -> None:
    srcs = [p.read_bytes() for p in sorted(PHOTOS.glob("*.jpg"))]
    dest.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        sub = dest / f"{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        p = sub / f"IMG_{i:05d}.jpg"
        if not p.exists():
            # Bytes after the JPEG end marker are ignored by decoders but change the content key.
            p.write_bytes(srcs[i % len(srcs)] + f"photorec-bench-{i}".encode())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photos", type=int, default=10_000)
    ap.add_argument("--quick", action="store_true", help="1,000 photos")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "photorec-bench-first"))
    args = ap.parse_args()
    n = 1000 if args.quick else args.photos
    folder = Path(args.cache) / f"n{n}"
    make_folder(folder, n)

    with tempfile.TemporaryDirectory() as data:
        marks: dict[str, float] = {}
        first_photo: list[str] = []
        ready = threading.Event()
        cancel = threading.Event()

        def on_batch(photos):
            if "first_thumbnails_s" not in marks:
                marks["first_thumbnails_s"] = time.perf_counter() - t0
                first_photo.append(photos[0].path)
                ready.set()

        t0 = time.perf_counter()
        lib = Library.open(data)  # what the window does when the user adds the folder
        worker = threading.Thread(
            target=lambda: marks.__setitem__("report", lib.index_folders([folder], on_batch=on_batch, cancel=cancel)))
        worker.start()
        ready.wait(120)
        res = lib.similar(first_photo[0], k=10)  # the user clicks the first thumbnail
        while not res and time.perf_counter() - t0 < 120:  # ... until another photo is in
            time.sleep(0.05)
            res = lib.similar(first_photo[0], k=10)
        marks["first_similar_in_window_s"] = time.perf_counter() - t0
        marks["first_similar_results"] = len(res)
        # Another process (the CLI) asks while indexing goes on.
        r = subprocess.run([sys.executable, "-c", _READER, data, first_photo[0]],
                           capture_output=True, text=True, timeout=300)
        other = json.loads(r.stdout) if r.returncode == 0 else {"error": r.stderr[-500:]}
        marks["first_similar_other_process_s"] = round(time.perf_counter() - t0, 2)
        cancel.set()  # the rest of the folder would take minutes; what matters is measured
        worker.join()
        report = marks.pop("report")
        lib.close()
    print(json.dumps({
        "photos_in_folder": n,
        "cpu_count": os.cpu_count(),
        "first_thumbnails_s": round(marks["first_thumbnails_s"], 2),
        "first_similar_in_window_s": round(marks["first_similar_in_window_s"], 2),
        "first_similar_results": marks["first_similar_results"],
        "first_similar_other_process_s": marks["first_similar_other_process_s"],
        "other_process": other,
        "indexed_before_stop": report.new,
        "goals": {"first_thumbnails_s": 2.0, "first_similar_s": 10.0},
    }, indent=2))


if __name__ == "__main__":
    main()
