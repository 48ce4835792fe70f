#!/usr/bin/env python3
"""How often more pixels are (wrongly) taken for more detail, as JSON: for each of the 79 test
photos, an enlargement to 4000x3000 with noise (the issue's copy of sk_coffee) and a 2x
Lanczos enlargement, against the original: does the enlargement "prove" detail beyond the
original's resolution (``photorec.core.organize.duplicates.detail.proves_detail``; it must
not)? And does the original prove detail over a copy halved with Lanczos (where it does,
resolution decides the keeper; where not, the earliest capture date and the oldest file do)?

    .venv/bin/python benchmarks/bench_keeper.py     # ~2-3 minutes on 2 cores
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    from photorec.core.organize.duplicates import detail

    rng = np.random.default_rng(0)
    tmp = Path(tempfile.mkdtemp(prefix="bench_keeper_"))
    photos = sorted((REPO / "tests" / "data" / "photos").glob("*.jpg"))
    false_big, false_2x, orig_proves, seconds = [], [], 0, []
    for p in photos:
        with Image.open(p) as im:
            im = im.convert("RGB")
        w, h = im.size
        lin = (w * h) ** 0.5
        big = np.asarray(im.resize((4000, 3000), Image.Resampling.BICUBIC), dtype=np.float32)
        big += rng.normal(0, 6, big.shape[:2] + (1,))
        Image.fromarray(np.clip(big, 0, 255).astype(np.uint8)).save(tmp / "big.jpg", quality=92)
        im.resize((2 * w, 2 * h), Image.Resampling.LANCZOS).save(tmp / "x2.jpg", quality=92)
        detail._cached.cache_clear()
        t = time.perf_counter()
        if detail.proves_detail(str(tmp / "big.jpg"), (4000 * 3000) ** 0.5, lin):
            false_big.append(p.name)
        seconds.append(time.perf_counter() - t)
        if detail.proves_detail(str(tmp / "x2.jpg"), 2 * lin, lin):
            false_2x.append(p.name)
        orig_proves += detail.proves_detail(str(p), lin, lin / 2)
    print(json.dumps({
        "photos": len(photos),
        "enlarged_4000x3000_noisy_taken_for_detail": false_big,
        "enlarged_2x_lanczos_taken_for_detail": false_2x,
        "originals_proving_detail_over_their_half": orig_proves,
        "seconds_per_12mp_check_p50": round(float(np.median(seconds)), 3),
    }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
