"""Search by words and the metadata pass: how long they take. Prints JSON.

    python benchmarks/bench_search.py [--quick] [--photos N]

The 79 test photos are indexed once (with keywords written into a third of them); then the
catalog is grown to N photos with synthetic rows (copies of the real ones under other paths,
with their metadata rows and the same contents), and each query is timed end to end
(``photorec.core.search.engine.search``) once the word index is built; the build itself (the first
query after the catalog changed) is timed on its own.
The metadata pass is timed on the real photos: the first read, then the pass that finds
nothing changed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

QUERIES = ["dog", "praia", "june 2019", "forest path", "zzz-nothing"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="10,000 photos instead of 100,000")
    ap.add_argument("--photos", type=int, default=None)
    args = ap.parse_args()
    n_target = args.photos or (10_000 if args.quick else 100_000)

    from test_metadata import make_photo

    from photorec.core import metadata_pass as metadata
    from photorec.core.library import Library
    from photorec.core.search.engine import search, word_index
    from photorec.core.store import metadata as store

    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        src = sorted((REPO / "tests" / "data" / "photos").glob("*.jpg"))
        photos = tmp / "photos"
        photos.mkdir()
        for i, p in enumerate(src):
            if i % 3 == 0:
                make_photo(photos / p.name, src=p, iptc=[(2, 25, b"praia"), (2, 120, b"Dia de praia"),
                                                         (2, 55, b"20190614")])
            else:
                shutil.copy2(p, photos / p.name)
        lib = Library.open(tmp / "data")
        lib.index_folders([photos])  # includes the first metadata pass
        store.ensure_schema(lib.catalog)
        with lib.catalog._write() as c:
            c.execute("DELETE FROM file_metadata")
        t = time.perf_counter()
        first = metadata.update_library(lib)
        t_first = time.perf_counter() - t
        t = time.perf_counter()
        again = metadata.update_library(lib)
        t_again = time.perf_counter() - t

        rows = lib.catalog._query("SELECT folder_id, path, size, mtime_ns, ckey, width, height, taken "
                                 "FROM files WHERE status = 'ok'")
        metas = store.all_metadata(lib.catalog)
        n_real = len(rows)
        with lib.catalog._write() as c:
            k = 0
            while n_real + k < n_target:
                fid, path, size, mt, ck, w, h, tk = rows[k % n_real]
                fake = f"{photos}/synthetic/{k // 1000}/{k}_{Path(path).name}"
                c.execute("INSERT INTO files(folder_id, path, size, mtime_ns, ckey, status, width, "
                          "height, taken, added, updated) VALUES (?,?,?,?,?,'ok',?,?,?,0,0)",
                          (fid, fake, size, mt, ck, w, h, tk))
                m = metas.get(path)
                if m is not None:
                    c.execute("INSERT INTO file_metadata(path, file_mtime_ns, sidecars, keywords, "
                              "hierarchical, description, taken, read) VALUES (?,?,?,?,?,?,?,0)",
                              (fake, mt, "", json.dumps(m.keywords), "[]", m.description, m.date))
                k += 1
        n = len(lib.photos())
        t = time.perf_counter()
        search(lib, "warm up")  # the recognised objects are computed (and stored) once
        t_build_first = time.perf_counter() - t
        lib.__dict__.pop("_photorec_word_index", None)
        t = time.perf_counter()
        word_index(lib)
        t_build = time.perf_counter() - t
        timings = {}
        for q in QUERIES:
            runs = []
            for _ in range(3):
                t = time.perf_counter()
                hits = search(lib, q, k=50)
                runs.append(time.perf_counter() - t)
            timings[q] = {"median_s": round(statistics.median(runs), 3), "hits": len(hits)}
        # One indexing batch arrives (16 photos): the index is extended, not rebuilt.
        with lib.catalog._write() as c:
            for j in range(16):
                fid, path, size, mt, ck, w, h, tk = rows[j]
                c.execute("INSERT INTO files(folder_id, path, size, mtime_ns, ckey, status, width, "
                          "height, taken, added, updated) VALUES (?,?,?,?,?,'ok',?,?,?,0,?)",
                          (fid, f"{photos}/batch/{j}_{Path(path).name}", size, mt, ck, w, h, tk,
                           time.time()))
        t = time.perf_counter()
        search(lib, "dog")
        t_batch = time.perf_counter() - t
        lib.close()
        print(json.dumps({
            "photos": n,
            "metadata_first_pass": {"photos": first.read, "seconds": round(t_first, 3),
                                    "photos_per_s": round(first.read / max(t_first, 1e-9), 1)},
            "metadata_unchanged_pass": {"photos": again.unchanged, "seconds": round(t_again, 3)},
            "word_index_build_s": {"first_with_objects": round(t_build_first, 3),
                                   "rebuild": round(t_build, 3)},
            "search_after_a_16_photo_batch_s": round(t_batch, 3),
            "search_with_index_built": timings,
        }, indent=2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
