"""What errors-as-values cost where it runs often, printed as JSON.

    python benchmarks/bench_reasons.py [--quick] [--rows 100000]

* ``photo_row_us``: building one catalog ``Photo`` (its ``error`` read back as a Reason; None
  for a photo that was read), against ``photo_row_plain_us``, the same dataclass without it.
* ``problem_json_us`` / ``problem_legacy_us``: reading back one stored problem, as photorec now
  stores it (JSON) and as 0.2 stored it (English words, matched to a code).
* ``words_pt_us``: saying one reason in Portuguese by its code (``cli_words.words``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from photorec import i18n  # noqa: E402
from photorec.cli_words import words  # noqa: E402
from photorec.core.errors import Reason  # noqa: E402
from photorec.core.store import Photo  # noqa: E402

# Photo as it was before reasons were values: the same fields, no __post_init__.
PlainPhoto = dataclasses.make_dataclass("PlainPhoto", [
    (f.name, f.type) if f.default is dataclasses.MISSING else (f.name, f.type, dataclasses.field(default=f.default))
    for f in dataclasses.fields(Photo)])


def per_item_us(fn, items) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for x in items:
            fn(x)
        best = min(best, time.perf_counter() - t0)
    return round(best / len(items) * 1e6, 3)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    n = 10_000 if args.quick else args.rows
    rows = [(i, 1, f"/p/IMG_{i:06d}.jpg", 1000 + i, i, f"k{i}", "ok", None, 4000, 3000, None)
            for i in range(n)]
    stored = Reason("path_reason", path="/p/x.jpg", reason=Reason("corrupt", detail="bad")).to_json()
    legacy = "image too large: 30000x20000 pixels is over the 400 MP limit"
    m = max(1000, n // 10)
    i18n.use_language("pt_BR")
    reason = Reason.from_stored(stored)
    out = {
        "rows": n,
        "photo_row_us": per_item_us(lambda r: Photo(*r), rows),
        "photo_row_plain_us": per_item_us(lambda r: PlainPhoto(*r), rows),
        "problem_json_us": per_item_us(Reason.from_stored, [stored] * m),
        "problem_legacy_us": per_item_us(Reason.from_stored, [legacy] * m),
        "words_pt_us": per_item_us(words, [reason] * m),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
