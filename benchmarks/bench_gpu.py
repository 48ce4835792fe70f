#!/usr/bin/env python3
"""Photos per second on the best execution provider here (a GPU where there is one), as JSON.

    python benchmarks/bench_gpu.py [--quick] [--provider auto|cuda|directml|coreml|cpu]
                                   [--photos DIR] [--n N] [--batch B] [--workers W]

Three rates, on the same N photos (the test photos, cycled to N; real JPEGs):

- decode:      ``photorec.core.ingest.decode.decode`` (DCT-scaled decode, EXIF, 224 px model input
               and thumbnail) in W threads, no inference;
- embed:       the packaged model on the chosen provider, uint8 batches of B, no decoding
               (the decoded pixels are reused);
- end_to_end:  decoding in W threads feeding batches of B to the model as they fill, the
               way the indexer runs (without the catalog and thumbnails on disk).

``provider`` is what onnxruntime actually ran on. Where no GPU provider is installed or the
GPU session fails to start, the benchmark says so on stderr in one line, sets
``"fallback": true`` and measures on the CPU, so it runs as is on any machine. GPU
providers come with the extras: ``pip install 'photorec[cuda]'`` (NVIDIA, onnxruntime-gpu)
or ``'photorec[directml]'`` (Windows, any DirectX 12 GPU).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from photorec.core.embed.model import (  # noqa: E402
    PREFERRED_PROVIDERS,
    Embedder,
    ModelError,
    available_providers,
    load_model_info,
)
from photorec.core.ingest import decode as dec  # noqa: E402

PHOTOS = Path(os.environ.get("PHOTOREC_TEST_PHOTOS", REPO / "tests" / "data" / "photos"))
GPU_PROVIDERS = tuple(p for p in PREFERRED_PROVIDERS if p != "CPUExecutionProvider")


def _photos(folder: Path, n: int) -> list[Path]:
    files = sorted(p for p in folder.iterdir() if dec.is_image_name(p.name))
    if not files:
        raise SystemExit(f"no photos in {folder}")
    return [files[i % len(files)] for i in range(n)]


def open_embedder(requested: str) -> tuple[Embedder, bool, str | None]:
    """(embedder, fell back to the CPU?, why) for the requested provider."""
    available = available_providers()
    want_gpu = requested in ("auto", "cuda", "directml", "dml", "coreml")
    gpus = [p for p in GPU_PROVIDERS if p in available]
    if want_gpu and not gpus:
        why = (f"no GPU execution provider in this onnxruntime (available: {', '.join(available)}); "
               "measuring on the CPU")
        return Embedder(provider="cpu"), True, why
    try:
        emb = Embedder(provider=None if requested == "auto" else requested)
    except ModelError as exc:
        return Embedder(provider="cpu"), True, f"{exc}; measuring on the CPU"
    if want_gpu and emb.provider == "CPUExecutionProvider":
        return emb, True, "the GPU provider did not start (see the log); measuring on the CPU"
    return emb, False, None


def bench_decode(paths: list[Path], workers: int) -> tuple[float, np.ndarray]:
    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        pixels = list(pool.map(lambda p: dec.decode(p).pixels, paths))
    dt = time.perf_counter() - t0
    return len(paths) / dt, np.stack(pixels)


def bench_embed(emb: Embedder, pixels: np.ndarray, batch: int) -> float:
    emb.embed(pixels[:batch])  # warm-up (GPU: kernels, memory arena)
    t0 = time.perf_counter()
    for s in range(0, len(pixels), batch):
        emb.embed(pixels[s:s + batch])
    return len(pixels) / (time.perf_counter() - t0)


def bench_end_to_end(emb: Embedder, paths: list[Path], batch: int, workers: int) -> float:
    t0 = time.perf_counter()
    done = 0
    with ThreadPoolExecutor(workers) as pool:
        pending: list[np.ndarray] = []
        for px in pool.map(lambda p: dec.decode(p).pixels, paths):
            pending.append(px)
            if len(pending) == batch:
                done += len(emb.embed(np.stack(pending)))
                pending = []
        if pending:
            done += len(emb.embed(np.stack(pending)))
    return done / (time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--provider", default="auto")
    ap.add_argument("--photos", type=Path, default=PHOTOS)
    ap.add_argument("--n", type=int, default=1024, help="photos per measurement")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--quick", action="store_true", help="160 photos")
    args = ap.parse_args(argv)
    n = 160 if args.quick else args.n

    import onnxruntime as ort

    emb, fallback, why = open_embedder(args.provider.lower())
    if why:
        print(f"bench_gpu: {why}", file=sys.stderr)
    paths = _photos(args.photos, n)
    decode_rate, pixels = bench_decode(paths, args.workers)
    embed_rate = bench_embed(emb, pixels, args.batch)
    e2e_rate = bench_end_to_end(emb, paths, args.batch, args.workers)
    out = {
        "provider": emb.provider,
        "providers": emb.providers,
        "requested": args.provider,
        "fallback": fallback,
        "fallback_reason": why,
        "onnxruntime": ort.__version__,
        "available_providers": available_providers(),
        "model": load_model_info().key,
        "photos": n,
        "batch": args.batch,
        "decode_workers": args.workers,
        "cpu_count": os.cpu_count(),
        "decode_photos_per_s": round(decode_rate, 1),
        "embed_photos_per_s": round(embed_rate, 1),
        "end_to_end_photos_per_s": round(e2e_rate, 1),
        "what": "decode: photorec decode in threads; embed: inference only on decoded uint8 batches; "
                "end_to_end: threaded decode feeding batched inference (no catalog, no thumbnails on disk)",
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
