"""Indexing and query speed, printed as JSON.

    python benchmarks/bench_index.py [--quick] [--photos N] [--workers W]

- end-to-end photos/s indexing generated 12 MP JPEGs (the real pipeline: scan, content key,
  DCT-scaled decode in worker threads, batched CNN inference, thumbnail cache, SQLite commit);
- in the same run, the decode-only rate (same decoder, same number of threads) and the
  embed-only rate (same model, same batches), and the pipeline efficiency
  end_to_end / (1 / (1/decode + 1/embed)): 1.0 means decoding and inference fully overlap
  as well as two stages sharing the cores can; 0.5 would mean they take turns;
- query latency p50/p95 at 10k and 100k indexed vectors (real embeddings of the photos plus
  noise, so the neighbourhoods look like a photo library's, not like random points);
- peak resident memory and bytes per photo (catalog + index).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from photorec.core import decode as dec  # noqa: E402
from photorec.core.index import VectorIndex  # noqa: E402
from photorec.core.library import BATCH, Library  # noqa: E402
from photorec.core.model import Embedder, load_model_info  # noqa: E402

PHOTOS = Path(os.environ.get("PHOTOREC_TEST_PHOTOS", REPO.parent / "shared" / "data" / "photos"))


def make_12mp(dest: Path, n: int) -> list[Path]:
    srcs = sorted(PHOTOS.glob("*.jpg"))
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = dest / f"img_{i:04d}.jpg"
        if not p.exists():
            with Image.open(srcs[i % len(srcs)]) as im:
                im = im.convert("RGB").resize((4000, 3000), Image.Resampling.BILINEAR)
                if i >= len(srcs):  # distinct files with distinct content
                    im = im.rotate((i // len(srcs)) * 3, resample=Image.Resampling.NEAREST)
                im.save(p, quality=90)
        out.append(p)
    return out


def current_rss_bytes() -> int:
    """Resident memory now (Linux /proc; elsewhere the peak, which is an upper bound)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return int(rss_mb() * 1024 * 1024)


def rss_mb() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 if sys.platform != "darwin" else r / 1e6


def bench_pipeline(files: list[Path], workers: int) -> dict:
    info = load_model_info()
    # Decode only: the same decoder over the same files with the same number of threads.
    t = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        decoded = list(pool.map(lambda p: dec.decode(p).pixels, files))
    decode_rate = len(files) / (time.perf_counter() - t)
    # Embed only: the same model and batch size.
    emb = Embedder(info)
    emb.embed(np.stack(decoded[:BATCH]))  # warm-up
    t = time.perf_counter()
    for i in range(0, len(decoded), BATCH):
        emb.embed(np.stack(decoded[i:i + BATCH]))
    embed_rate = len(decoded) / (time.perf_counter() - t)
    del decoded
    # End to end: a fresh library over the same files.
    with tempfile.TemporaryDirectory() as data:
        lib = Library.open(data)
        lib.embedder  # the model load is a one-off start-up cost, not per-photo work
        t = time.perf_counter()
        report = lib.index_folders([files[0].parent], workers=workers)
        e2e = time.perf_counter() - t
        assert report.new == len(files) and report.failed == 0, report.summary()
        cat_bytes = sum(f.stat().st_size for f in Path(data).glob("catalog.sqlite3*"))
        idx_bytes = lib.index.file_bytes
        lib.close()
    e2e_rate = len(files) / e2e
    ideal = 1.0 / (1.0 / decode_rate + 1.0 / embed_rate)
    return {
        "photos": len(files),
        "photo_size": "4000x3000 JPEG q90",
        "workers": workers,
        "provider": emb.provider,
        "end_to_end_photos_per_s": round(e2e_rate, 1),
        "decode_only_photos_per_s": round(decode_rate, 1),
        "embed_only_photos_per_s": round(embed_rate, 1),
        "ideal_overlapped_photos_per_s": round(ideal, 1),
        "efficiency": round(e2e_rate / ideal, 3),
        "catalog_bytes_per_photo": round(cat_bytes / len(files)),
        "index_bytes_per_photo": round(idx_bytes / len(files)),
    }


def bench_queries(sizes: list[int], queries: int = 300) -> dict:
    info = load_model_info()
    emb = Embedder(info)
    base = np.stack([emb.embed(dec.decode(p).pixels[None])[0] for p in sorted(PHOTOS.glob("*.jpg"))])
    rng = np.random.default_rng(0)
    out = {}
    for n in sizes:
        # Photo-like vectors: real embeddings, each perturbed into its own point.
        vecs = base[rng.integers(0, len(base), n)] + rng.normal(0, 0.03, (n, base.shape[1])).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        with tempfile.TemporaryDirectory() as d:
            rss0 = current_rss_bytes()  # the vectors themselves are already resident
            idx = VectorIndex(info.dim, Path(d) / "i.hnsw", info.key)
            t = time.perf_counter()
            idx._graph.resize_index(n + 16)
            for i in range(0, n, 10000):
                chunk = vecs[i:i + 10000]
                idx._graph.add_items(chunk, np.arange(i, i + len(chunk)), num_threads=os.cpu_count() or 1)
            idx._ids.update(range(n))
            build = time.perf_counter() - t
            resident = current_rss_bytes() - rss0
            idx.save()
            size = idx.file_bytes
            lat = []
            qs = vecs[rng.integers(0, n, queries)] + rng.normal(0, 0.02, (queries, base.shape[1])).astype(np.float32)
            for q in qs:
                t = time.perf_counter()
                idx.search(q, 20)
                lat.append((time.perf_counter() - t) * 1000)
            # Recall of the approximate search against exact search, for honesty.
            hits = 0
            for q in qs[:50]:
                exact = set(np.argsort(-(vecs @ (q / np.linalg.norm(q))))[:20].tolist())
                hits += len(exact & {i for i, _ in idx.search(q, 20)})
            out[str(n)] = {
                "query_p50_ms": round(float(np.percentile(lat, 50)), 3),
                "query_p95_ms": round(float(np.percentile(lat, 95)), 3),
                "recall_at_20": round(hits / (50 * 20), 3),
                "build_s": round(build, 1),
                "index_bytes_per_vector": round(size / n),
                "resident_bytes_per_vector": round(resident / n),
            }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="48 photos, queries at 10k only; under 2 minutes")
    ap.add_argument("--photos", type=int, default=None)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "photorec-bench-12mp"))
    args = ap.parse_args()
    n = args.photos or (48 if args.quick else 160)
    t0 = time.perf_counter()
    files = make_12mp(Path(args.cache) / f"n{n}", n)
    result = {"cpu_count": os.cpu_count(), "quick": args.quick}
    result["indexing"] = bench_pipeline(files, args.workers)
    # Building a 100k graph of 1280-d vectors takes minutes on 2 cores: --quick stops at 10k.
    result["queries"] = bench_queries([10_000] if args.quick else [10_000, 100_000],
                                      200 if args.quick else 1000)
    result["peak_rss_mb"] = round(rss_mb(), 1)
    result["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
