"""What the index file's integrity costs: open (verify + load) and save, against hnswlib alone.

    python benchmarks/bench_index_file.py [--quick] [--n N] [--dim D]

Prints JSON: file size, hnswlib's own load/save, photorec's load (checksum + load) and save
(serialise under the lock, fsync, checksum, pointer rename), and how long a save holds the
search lock. Vectors are random unit vectors (the file's size and the cost do not depend on
what they are).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from photorec.core.index import hnsw as index_mod
from photorec.core.index.hnsw import VectorIndex


def best(fn, reps: int) -> float:
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return min(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="5,000 vectors instead of 20,000")
    ap.add_argument("--n", type=int)
    ap.add_argument("--dim", type=int, default=1280)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    n = args.n or (5000 if args.quick else 20000)
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(n, args.dim)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    with tempfile.TemporaryDirectory() as d:
        idx = VectorIndex(args.dim, Path(d) / "index-bench.hnsw", "bench")
        t = time.perf_counter()
        idx._graph.resize_index(n + 16)
        idx._graph.add_items(vecs, np.arange(1, n + 1), num_threads=os.cpu_count() or 1)
        idx._ids.update(range(1, n + 1))
        idx._changes += n
        build = time.perf_counter() - t

        save = best(lambda: idx.save(force=True, strict=True), args.reps)
        f = idx.file
        size = f.stat().st_size

        def raw_load():
            import hnswlib

            g = hnswlib.Index(space="cosine", dim=args.dim)
            g.load_index(str(f), max_elements=n + 1024)

        raw = best(raw_load, args.reps)
        verify = best(lambda: index_mod._checksum(f), args.reps)

        def full_load():
            assert VectorIndex(args.dim, Path(d) / "index-bench.hnsw", "bench").load()

        load = best(full_load, args.reps)
        # hnswlib's serialisation is the only part of a save that holds the search lock.
        raw_save = best(lambda: idx._graph.save_index(str(Path(d) / "raw.hnsw")), args.reps)
    print(json.dumps({
        "vectors": n,
        "dim": args.dim,
        "file_mb": round(size / 1e6, 1),
        "build_s": round(build, 1),
        "hnswlib_load_s": round(raw, 3),
        "checksum_s": round(verify, 3),
        "checksum_mb_per_s": round(size / 1e6 / verify),
        "photorec_load_s": round(load, 3),
        "hnswlib_save_s": round(raw_save, 3),
        "photorec_save_s": round(save, 3),
        "search_lock_held_during_save_s": round(raw_save, 3),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
