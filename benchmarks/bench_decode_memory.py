"""Peak memory of indexing "memory bombs under the pixel limit", printed as JSON.

    python benchmarks/bench_decode_memory.py [--quick] [--side 13000] [--count 4] [--workers 4]

Makes ``count`` small PNGs of ``side`` x ``side`` pixels (flat shapes: about 0.5 MB on disk,
``side``^2 pixels in memory; distinct bytes, so each is decoded), then indexes them in a fresh
child process with ``workers`` decoder threads and reports that child's peak resident memory
(``wait4`` rusage). The same run over ``count`` ordinary test photos gives the baseline (model,
onnxruntime, Python). ``--quick``: side 9000.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PHOTOS = REPO / "tests" / "data" / "photos"

_CHILD = r"""
import sys, json
sys.path.insert(0, sys.argv[1])
from photorec.core.library import Library
lib = Library.open(sys.argv[3])
r = lib.index_folders([sys.argv[2]], workers=int(sys.argv[4]))
lib.close()
print(json.dumps({"new": r.new, "failed": r.failed, "errors": r.errors[:3]}))
"""


def _with_text_chunk(png: bytes, text: str) -> bytes:
    """The same PNG with one more tEXt chunk before IEND: same pixels, different bytes."""
    body = b"Comment\0" + text.encode()
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + body) & 0xFFFFFFFF)
    i = png.rindex(b"IEND") - 4
    return png[:i] + chunk + png[i:]


def make_bombs(dest: Path, side: int, count: int) -> list[Path]:
    from PIL import Image, ImageDraw

    dest.mkdir(parents=True, exist_ok=True)
    im = Image.new("RGB", (side, side), (40, 90, 160))
    d = ImageDraw.Draw(im)
    for i in range(12):
        x0, y0 = (i * 997) % side, (i * 1709) % side
        d.rectangle([x0, y0, min(side - 1, x0 + side // 5), min(side - 1, y0 + side // 7)],
                    fill=((i * 53) % 256, (i * 97) % 256, (i * 31) % 256))
    tmp = dest / "base.png.tmp"
    im.save(tmp, "PNG", compress_level=9)
    del im, d
    png = tmp.read_bytes()
    tmp.unlink()
    out = []
    for i in range(count):
        p = dest / f"bomb_{i}.png"
        p.write_bytes(_with_text_chunk(png, f"copy {i}"))
        out.append(p)
    return out


def index_peak(folder: Path, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as data:
        t = time.perf_counter()
        p = subprocess.Popen([sys.executable, "-c", _CHILD, str(REPO), str(folder), data, str(workers)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out = p.stdout.read()
        err = p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        secs = time.perf_counter() - t
    res = json.loads(out) if p.returncode == 0 and out.strip() else {"error": err[-2000:]}
    res["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)  # Linux: KiB
    res["seconds"] = round(secs, 1)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--side", type=int, default=None)
    ap.add_argument("--count", type=int, default=4)
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args()
    side = args.side or (9000 if args.quick else 13000)
    with tempfile.TemporaryDirectory() as root:
        bombs = make_bombs(Path(root) / "bombs", side, args.count)
        small = Path(root) / "small"
        small.mkdir()
        for src in sorted(PHOTOS.glob("*.jpg"))[: args.count]:
            shutil.copy(src, small / src.name)
        result = {
            "side": side, "count": args.count, "workers": args.workers,
            "png_bytes_each": bombs[0].stat().st_size,
            "megapixels_each": round(side * side / 1e6, 1),
            "baseline": index_peak(small, args.workers),
            "bombs": index_peak(bombs[0].parent, args.workers),
        }
    result["extra_peak_mb"] = round(result["bombs"]["peak_rss_mb"] - result["baseline"]["peak_rss_mb"], 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
