#!/usr/bin/env python3
"""Where altered copies of the 79 test photos fall among the similarity bands, as JSON: the
share of each kind of copy whose shown figure (a whole percentage,
``photorec.core.embed.similarity.percent``) reaches each candidate "Same photo" floor, and
the band each gets with the shipped floors. The numbers the 0.99 floor was chosen from:
re-saves stay "Same photo", mirrored copies and crops become "Near-duplicate".

    .venv/bin/python benchmarks/bench_bands.py      # ~1 minute on 2 cores
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CANDIDATES = (95, 97, 98, 99)


def _jpeg(im: Image.Image, quality: int) -> Image.Image:
    b = io.BytesIO()
    im.save(b, "JPEG", quality=quality)
    b.seek(0)
    return Image.open(b).convert("RGB")


def variants(im: Image.Image) -> dict[str, Image.Image]:
    w, h = im.size
    return {
        "resave_q85": _jpeg(im, 85),
        "resave_q70": _jpeg(im, 70),
        "half_lanczos": _jpeg(im.resize((w // 2, h // 2), Image.Resampling.LANCZOS), 85),
        "mirror": ImageOps.mirror(im),
        "crop90": im.crop((w // 20, h // 20, w - w // 20, h - h // 20)),
        "third_q35": _jpeg(im.resize((max(1, w // 3), max(1, h // 3))), 35),
    }


def main() -> int:
    from photorec.core.embed import similarity
    from photorec.core.library import Library

    photos = sorted((REPO / "tests" / "data" / "photos").glob("*.jpg"))
    lib = Library.open(tempfile.mkdtemp(prefix="bench_bands_"))
    scores: dict[str, list[float]] = {}
    try:
        for p in photos:
            with Image.open(p) as im:
                im = im.convert("RGB")
                a = lib.vector_for(im)
                for kind, v in variants(im).items():
                    scores.setdefault(kind, []).append(float(a @ lib.vector_for(v)))
    finally:
        lib.close()
    out = {"photos": len(photos), "same_photo_floor": similarity.bands(lib.model)[0].floor,
           "kinds": {}}
    for kind, xs in scores.items():
        figs = np.array([similarity.percent(x) for x in xs])
        out["kinds"][kind] = {
            "median": round(float(np.median(xs)), 4), "min": round(float(min(xs)), 4),
            "share_reaching": {str(c): round(float((figs >= c).mean()), 3) for c in CANDIDATES},
            "bands": dict(Counter(similarity.describe(x, lib.model) for x in xs)),
        }
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
