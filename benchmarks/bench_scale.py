#!/usr/bin/env python3
"""A simulated library of a million photos: memory per photo and query time of the index
with 256-d projected vectors (core/embed/projection.py), and what the projection costs in quality.
Prints JSON.

    python benchmarks/bench_scale.py            # 1,000,000 vectors (~10+ min on 2 cores)
    python benchmarks/bench_scale.py --quick    # 100,000 vectors, and the full-vector index too

The library: the test photos' real embeddings (79 originals and 4 altered copies of each,
made and decoded as in bench_model_quality.py) plus N simulated photos. Each simulated one is
a real embedding moved along the directions in which real embeddings differ (a random mix
of them) plus a little noise everywhere, renormalised: another photo in the style of a real
one (median cosine to the nearest real embedding ~0.58; a copy is at 0.85 from its original),
so the index sees real-looking neighbourhoods. Their full vectors are kept as the catalog
keeps them (float16 blobs in SQLite, read by id), and the projected index ranks its
candidates by full cosine from there, as the product's does.

Reported:
  index_bytes_per_photo   resident memory the filled index took (graph + ids), per photo
                          (includes the temporaries of building: an upper bound)
  graph_bytes_per_photo   hnswlib's own layout: vector + level-0 links + label + upper levels
  loaded_index_bytes_per_photo
                          resident memory the same index takes when the app opens it: saved,
                          then loaded by VectorIndex.load() in a fresh process (graph, id set,
                          projection), measured there before and after the load
  query_ms p50/p95        VectorIndex.search(full 1280-d query, k=20), one thread
  recall_at_1             each altered copy's nearest among the N + 79 is its original:
                          exact search on full vectors, and the projected HNSW index
  precision_at_3          subject precision among the 79 originals (bench_model_quality's
                          hand-made subjects): full vectors vs projected
  cosine_error            |projected cosine - full cosine| for copy/original pairs
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_model_quality as bmq  # noqa: E402

from photorec.core.embed import projection as P  # noqa: E402
from photorec.core.embed.model import Embedder, load_model_info  # noqa: E402
from photorec.core.index import projected as IP  # noqa: E402
from photorec.core.index.hnsw import VectorIndex  # noqa: E402

CHUNK = 20_000


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def real_vectors(photos: Path):
    decode, _ = bmq.get_decoder("photorec")
    paths = bmq.list_photos(photos)
    orig, copies = [], {t: [] for t in bmq.TRANSFORMS}
    for p in paths:
        data = p.read_bytes()
        orig.append(decode(data))
        for t, blob in bmq.make_copies(data).items():
            copies[t].append(decode(blob))
    emb = Embedder(load_model_info())
    e_orig = emb.embed(np.stack(orig))
    e_copy = np.concatenate([emb.embed(np.stack(copies[t])) for t in bmq.TRANSFORMS])
    owner = np.tile(np.arange(len(paths)), len(bmq.TRANSFORMS))
    return [p.name for p in paths], e_orig, e_copy, owner


class Simulator:
    def __init__(self, real: np.ndarray, spread: float, noise: float, seed: int = 0):
        self.real = real.astype(np.float32)
        dev = real - real.mean(0)
        self.dirs = (dev / np.sqrt(len(dev))).astype(np.float32)
        self.spread, self.noise, self.seed = spread, noise, seed

    def chunk(self, i: int, n: int) -> np.ndarray:
        rng = np.random.default_rng((self.seed, i))
        base = self.real[rng.integers(0, len(self.real), n)]
        g = rng.standard_normal((n, len(self.dirs)), dtype=np.float32)
        iso = rng.standard_normal((n, self.real.shape[1]), dtype=np.float32)
        x = base + self.spread * (g @ self.dirs) + (self.noise / np.sqrt(self.real.shape[1])) * iso
        np.maximum(x, 0, out=x)  # pooled ReLU6 features are never negative
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x

    def chunks(self, total: int):
        for i, s in enumerate(range(0, total, CHUNK)):
            yield s, self.chunk(i, min(CHUNK, total - s))


def exact_top1(sim: Simulator, n: int, queries: np.ndarray, originals: np.ndarray) -> np.ndarray:
    """Label of each query's nearest among the n simulated (labels >= 79) and the originals."""
    best = queries @ originals.T
    lab = best.argmax(1)
    val = best.max(1)
    for s, x in sim.chunks(n):
        c = queries @ x.T
        j = c.argmax(1)
        v = c[np.arange(len(queries)), j]
        better = v > val
        lab[better] = len(originals) + s + j[better]
        val[better] = v[better]
    return lab


def precision_at_3(names: list[str], vecs: np.ndarray) -> float:
    subj = [bmq.SUBJECTS.get(n) for n in names]
    s = vecs @ vecs.T
    np.fill_diagonal(s, -np.inf)
    precs = []
    for i, su in enumerate(subj):
        if su is None or sum(1 for x in subj if x == su) < 2:
            continue
        top = np.argsort(-s[i])[:3]
        precs.append(np.mean([subj[j] == su for j in top]))
    return round(float(np.mean(precs)), 4)


class VectorStore:
    """The catalog's way of keeping full vectors: float16 blobs in SQLite, read by id."""

    def __init__(self, path: Path):
        self.con = sqlite3.connect(str(path), check_same_thread=False)
        self.con.execute("PRAGMA journal_mode=OFF")
        self.con.execute("PRAGMA synchronous=OFF")
        self.con.execute("CREATE TABLE vectors (id INTEGER PRIMARY KEY, vec BLOB NOT NULL)")

    def put(self, ids: np.ndarray, vecs: np.ndarray) -> None:
        v16 = vecs.astype(np.float16)
        self.con.executemany("INSERT INTO vectors VALUES (?, ?)",
                             ((int(i), v16[j].tobytes()) for j, i in enumerate(ids)))
        self.con.commit()

    def iter_vectors(self, ids):
        ids = list(ids)
        q = ",".join("?" * len(ids))
        rows = self.con.execute(f"SELECT id, vec FROM vectors WHERE id IN ({q})", ids).fetchall()
        if rows:
            vid = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            vec = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16)
            yield vid, vec.reshape(len(rows), -1).astype(np.float32)


def graph_bytes(dim: int, m: int = 16) -> float:
    """hnswlib's memory per element: data + level-0 links + label, upper levels on average."""
    level0 = dim * 4 + (2 * m * 4 + 4) + 8
    upper = (m * 4 + 4) / (m - 1) + 8 + 4  # expected upper-level links, link-list pointer, level
    return level0 + upper


def build(sim: Simulator, n: int, originals: np.ndarray, proj, tmp: Path, threads: int,
          store: VectorStore | None = None):
    gc.collect()
    before = rss_bytes()
    idx = VectorIndex(originals.shape[1], tmp / "index-sim.hnsw", "sim", projection=proj)
    if store is not None:
        store.put(np.arange(len(originals)), originals)
        idx.full_vectors = store.iter_vectors
    idx._graph.resize_index(n + len(originals) + 16)
    idx.add(np.arange(len(originals)), originals)
    t0 = time.perf_counter()
    for s, x in sim.chunks(n):
        ids = np.arange(len(originals) + s, len(originals) + s + len(x))
        if store is not None:
            store.put(ids, x)
        y = idx._project(x)
        with idx._lock:  # the same as idx.add, with the build threads of a rebuild
            idx._graph.add_items(y, ids, num_threads=threads)
            idx._ids.update(ids.tolist())
    build_s = time.perf_counter() - t0
    gc.collect()
    return idx, (rss_bytes() - before) / (n + len(originals)), build_s


_LOAD_PROBE = r"""
import gc, json, os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from photorec.core.embed import projection as P
from photorec.core.index import projected as IP
from photorec.core.index.hnsw import VectorIndex
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
base, dim, key = Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
gc.collect()
before = rss()
idx = VectorIndex(dim, base, key, projection=IP.load_projection(base))
ok = idx.load()
gc.collect()
print(json.dumps({"loaded": ok, "count": len(idx), "bytes": rss() - before,
                  "file_bytes": idx.file_bytes}))
"""


def loaded_bytes(idx: VectorIndex) -> dict:
    """Save ``idx`` and measure what loading it costs a fresh process (the app at start)."""
    import subprocess

    idx.save(force=True)
    if idx.projection is not None:
        idx.projection.save(P.projection_path(idx.base_path))
    r = subprocess.run([sys.executable, "-c", _LOAD_PROBE, str(REPO), str(idx.base_path),
                        str(idx.full_dim), idx.model_key], capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f"loading the saved index failed:\n{r.stderr}")
    out = json.loads(r.stdout.strip().splitlines()[-1])
    n = max(1, out["count"])
    return {"loaded_index_bytes_per_photo": round(out["bytes"] / n),
            "index_file_bytes_per_photo": round(out["file_bytes"] / n), "loaded": out["loaded"]}


def query_stats(idx: VectorIndex, queries: np.ndarray, originals_n: int, owner: np.ndarray):
    times, top1 = [], []
    for q in queries:
        t0 = time.perf_counter()
        hits = idx.search(q, 20)
        times.append(time.perf_counter() - t0)
        top1.append(hits[0][0])
    t = np.array(times) * 1000
    return ({"p50": round(float(np.percentile(t, 50)), 3), "p95": round(float(np.percentile(t, 95)), 3),
             "n": len(t)}, np.array(top1))


def recall(labels: np.ndarray, owner: np.ndarray, originals: np.ndarray) -> float:
    ok = labels == owner
    # exact twins among the originals count (as in tests/test_model_quality.py)
    small = labels < len(originals)
    twin = np.zeros_like(ok)
    twin[small] = np.einsum("ij,ij->i", originals[labels[small]], originals[owner[small]]) > 0.9999
    return round(float(np.mean(ok | twin)), 4)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000, help="simulated photos")
    ap.add_argument("--quick", action="store_true", help="100,000 photos, and the full index too")
    ap.add_argument("--compare-full", action="store_true", help="also build the 1280-d index")
    ap.add_argument("--dim", type=int, default=P.DIM)
    ap.add_argument("--whiten", action="store_true")
    ap.add_argument("--spread", type=float, default=2.5)
    ap.add_argument("--noise", type=float, default=0.5)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--photos", type=Path, default=bmq.DEFAULT_PHOTOS)
    args = ap.parse_args(argv)
    n = 100_000 if args.quick else args.n
    compare_full = args.compare_full or args.quick

    names, e_orig, e_copy, owner = real_vectors(args.photos)
    real = np.concatenate([e_orig, e_copy])
    sim = Simulator(real, args.spread, args.noise)
    probe = sim.chunk(10**6, 2000)
    base_cos = float(np.median(np.max(probe @ real.T, axis=1)))

    t0 = time.perf_counter()
    sample = np.concatenate([x for _, x in sim.chunks(min(n, IP.FIT_SAMPLE))])
    proj = P.Projection.fit(sample, args.dim, whiten=args.whiten, n_library=n)
    fit_s = time.perf_counter() - t0
    del sample

    out: dict = {
        "n_simulated": n, "n_real": len(e_orig), "queries": len(e_copy),
        "simulated_median_cosine_to_nearest_real": round(base_cos, 3),
        "projection": {"dim": proj.dim, "whiten": args.whiten, "energy": round(proj.energy, 4),
                       "fit_vectors": proj.info["fit_vectors"], "fit_s": round(fit_s, 1)},
        "cpu_count": os.cpu_count(), "build_threads": args.threads,
    }
    pe_orig, pe_copy = proj.apply(e_orig), proj.apply(e_copy)
    pair_full = np.einsum("ij,ij->i", e_copy, e_orig[owner])
    pair_proj = np.einsum("ij,ij->i", pe_copy, pe_orig[owner])
    out["cosine_error"] = {"mean": round(float(np.abs(pair_proj - pair_full).mean()), 4),
                           "max": round(float(np.abs(pair_proj - pair_full).max()), 4)}
    out["precision_at_3"] = {"full": precision_at_3(names, e_orig),
                             "projected": precision_at_3(names, pe_orig)}

    t0 = time.perf_counter()
    exact = exact_top1(sim, n, e_copy, e_orig)
    out["recall_at_1"] = {"full_exact": recall(exact, owner, e_orig)}
    out["exact_search_s"] = round(time.perf_counter() - t0, 1)

    with tempfile.TemporaryDirectory() as d:
        for label, p in (("projected", proj), ("full", None)):
            if label == "full" and not compare_full:
                continue
            store = VectorStore(Path(d) / "catalog.sqlite") if p is not None else None
            idx, bpp, build_s = build(sim, n, e_orig, p, Path(d), args.threads, store)
            q, top1 = query_stats(idx, e_copy, len(e_orig), owner)
            out[label] = {"index_bytes_per_photo": round(bpp),
                          "graph_bytes_per_photo": round(graph_bytes(idx.dim)),
                          "build_s": round(build_s, 1),
                          "build_photos_per_s": round(n / build_s), "query_ms": q,
                          "dim": idx.dim, **loaded_bytes(idx)}
            out["recall_at_1"][f"{label}_hnsw"] = recall(top1, owner, e_orig)
            if store is not None:  # the same index without the full-cosine ranking
                idx.full_vectors = None
                q2, top2 = query_stats(idx, e_copy, len(e_orig), owner)
                out[label]["query_ms_projected_cosine_only"] = q2
                out["recall_at_1"][f"{label}_hnsw_projected_cosine_only"] = recall(top2, owner, e_orig)
            del idx
            gc.collect()
    out["load_average_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
