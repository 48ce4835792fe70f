"""Peak memory of indexing "memory bombs under the pixel limit", printed as JSON.

    python benchmarks/bench_decode_memory.py [--quick] [--side 13000] [--count 4] [--workers 4]
                                             [--kinds rgba,rgb,grey,...] [--no-bombs]

Per kind (``--kinds``, default all of KINDS: RGBA/RGB/grey/palette/16-bit grey/16-bit RGB PNG,
deflate and uncompressed TIFF, BMP, baseline and progressive JPEG), one file of ``side`` x ``side`` pixels is
indexed alone in a fresh child process and that child's peak resident memory is reported
(``peak_rss_mb``), with what indexing said about the file (new, or failed and why). The goal
(issue 20): every ``peak_rss_mb`` under 600 MB.

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
hwm = None
try:  # this process's own peak: ru_maxrss would include the parent's memory at fork time
    with open("/proc/self/status") as fh:
        hwm = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    pass
print(json.dumps({"new": r.new, "failed": r.failed, "errors": r.errors[:3], "hwm_mb": hwm}))
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


KINDS = ("png_rgba", "png_rgb", "png_grey", "png_palette", "png_grey16", "png_rgb16",
         "tiff_rgb", "tiff_raw", "bmp", "jpeg", "jpeg_progressive")


def _png(path: Path, side: int, depth: int, ctype: int, palette: bool = False) -> None:
    """A flat-coloured PNG written row by row (the parent never holds the pixels)."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    bpp = channels * depth // 8
    comp = zlib.compressobj(9)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    bands = [bytes([0]) + bytes([(40 * i + 7 * k) % 256 for k in range(bpp)]) * side for i in range(6)]
    idat = bytearray()
    for y in range(side):
        idat += comp.compress(bands[(y * 6) // side])
    idat += comp.flush()
    body = [b"\x89PNG\r\n\x1a\n", chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, depth, ctype, 0, 0, 0))]
    if palette:
        body.append(chunk(b"PLTE", bytes(range(256)) * 3))
    body += [chunk(b"IDAT", bytes(idat)), chunk(b"IEND", b"")]
    path.write_bytes(b"".join(body))


def make_kind(dest: Path, kind: str, side: int) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    spec = {"png_rgba": (8, 6), "png_rgb": (8, 2), "png_grey": (8, 0), "png_palette": (8, 3),
            "png_grey16": (16, 0), "png_rgb16": (16, 2)}
    if kind in spec:
        p = dest / f"{kind}.png"
        _png(p, side, *spec[kind], palette=kind == "png_palette")
        return p
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (side, side), (40, 90, 160))
    ImageDraw.Draw(im).rectangle([side // 4, side // 4, side // 2, side // 2], fill=(200, 40, 30))
    if kind in ("tiff_rgb", "tiff_raw"):  # deflate (refused when too large), uncompressed
        p = dest / f"{kind}.tif"
        im.save(p, compression="tiff_deflate" if kind == "tiff_rgb" else None)
    elif kind == "bmp":
        p = dest / f"{kind}.bmp"
        im.save(p)
    else:
        p = dest / f"{kind}.jpg"
        im.save(p, "JPEG", quality=80, progressive=kind == "jpeg_progressive")
    return p


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
    # VmHWM (the child's own peak, Linux); else ru_maxrss, which counts the parent's RSS at fork
    hwm = res.pop("hwm_mb", None)
    res["peak_rss_mb"] = round(hwm if hwm else usage.ru_maxrss / 1024, 1)  # ru_maxrss: KiB
    res["seconds"] = round(secs, 1)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--side", type=int, default=None)
    ap.add_argument("--count", type=int, default=4)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated, of: " + ", ".join(KINDS))
    ap.add_argument("--no-bombs", action="store_true", help="skip the count x RGB PNG run")
    args = ap.parse_args()
    side = args.side or (9000 if args.quick else 13000)
    with tempfile.TemporaryDirectory() as root:
        small = Path(root) / "small"
        small.mkdir()
        for src in sorted(PHOTOS.glob("*.jpg"))[: args.count]:
            shutil.copy(src, small / src.name)
        result = {"side": side, "count": args.count, "workers": args.workers,
                  "megapixels_each": round(side * side / 1e6, 1),
                  "baseline": index_peak(small, args.workers)}
        if not args.no_bombs:
            bombs = make_bombs(Path(root) / "bombs", side, args.count)
            result["png_bytes_each"] = bombs[0].stat().st_size
            result["bombs"] = index_peak(bombs[0].parent, args.workers)
            result["extra_peak_mb"] = round(result["bombs"]["peak_rss_mb"]
                                            - result["baseline"]["peak_rss_mb"], 1)
        kinds = {}
        for kind in [k for k in args.kinds.split(",") if k]:
            if kind not in KINDS:
                ap.error(f"unknown kind {kind!r}")
            p = make_kind(Path(root) / kind, kind, side)
            r = index_peak(p.parent, args.workers)
            r["file_mb"] = round(p.stat().st_size / 2**20, 2)
            kinds[kind] = r
            shutil.rmtree(p.parent)
        result["kinds"] = kinds
        if kinds:
            result["max_peak_rss_mb"] = max(r["peak_rss_mb"] for r in kinds.values())
            result["under_600_mb"] = result["max_peak_rss_mb"] < 600
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
