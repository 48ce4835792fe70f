"""The closer look for small faces (issue 17), printed as JSON.

    python benchmarks/bench_small_faces.py [--photos N] [--faces-per-width K]

- ``recall_by_width``: real faces (tests/data/faces, tests/data/photos: Obama, Biden, Eileen
  Collins, Grace Hopper) shrunk to a given width in the original and pasted into 4000x3000
  camera-like photos made from the landscapes in tests/data/photos, then looked for as
  photorec does: the look while indexing (the photo at 1/8) and the closer look after it
  (``People`` code: decoded at half size, enlarged to 2400 px, 640 px tiles). A face counts
  as found when a box holds its centre.
- ``false_small_faces_per_photo``: small faces the closer look reports in the 4000x3000
  versions of the test photos with no people in them (landscapes, textures, animals).
- ``cpu_ms_per_photo``: the closer look's decode and detection (one thread), the figure to
  weigh against indexing's 40-50 ms per photo (benchmarks/bench_index.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from photorec.core.ingest import decode as dec  # noqa: E402
from photorec.core.people.faces import (  # noqa: E402
    CLOSER_MAX_SIDE,
    FACE_SIDE,
    closer_side,
    find_faces,
    find_small_faces,
)
from photorec.core.people.models import FaceModels  # noqa: E402
from photorec.core.people.regions import fit_long_side  # noqa: E402

DATA = REPO / "tests" / "data"
PEOPLE = [DATA / "faces" / n for n in ("fr_obama.jpg", "fr_obama2.jpg", "fr_obama3.jpg", "fr_biden.jpg")] + [
    DATA / "photos" / n for n in ("sk_astronaut.jpg", "mpl_grace_hopper.jpg")]
WITH_PEOPLE = {"sk_astronaut.jpg", "mpl_grace_hopper.jpg", "sk_camera.jpg"}
WIDTHS = (16, 20, 24, 28, 32, 40, 48, 64)


def look(models: FaceModels, path: Path) -> tuple[list, float, float]:
    """Both looks as photorec makes them: (boxes as fractions, closer decode ms, closer detect ms)."""
    d = dec.decode(path, face_size=FACE_SIDE)
    first = find_faces(models, d.face_image, (d.width, d.height))
    c0 = time.process_time()
    d2 = dec.decode(path, face_size=CLOSER_MAX_SIDE, faces_only=True)
    c1 = time.process_time()
    side = closer_side((d2.width, d2.height), min(max(d.face_image.size), FACE_SIDE))
    small = find_small_faces(models, fit_long_side(d2.face_image, side), (d2.width, d2.height),
                             [f.box for f in first]) if side else []
    c2 = time.process_time()
    return [f.box for f in first + small], (c1 - c0) * 1000, (c2 - c1) * 1000


def camera_like(im: Image.Image, rng: np.random.Generator) -> Image.Image:
    arr = np.asarray(im.resize((4000, 3000), Image.Resampling.BILINEAR), dtype=np.int16)
    noise = rng.standard_normal(arr.shape, dtype=np.float32) * 4.0
    return Image.fromarray(np.clip(arr + noise.round().astype(np.int16), 0, 255).astype(np.uint8))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photos", type=int, default=24, help="background photos (and false-face photos)")
    args = ap.parse_args()
    models = FaceModels()
    rng = np.random.default_rng(7)
    backgrounds = [p for p in sorted((DATA / "photos").glob("*.jpg")) if p.name not in WITH_PEOPLE]
    backgrounds = backgrounds[:: max(1, len(backgrounds) // args.photos)][:args.photos]
    sources = []
    for p in PEOPLE:
        im = Image.open(p).convert("RGB")
        box = find_faces(models, im, im.size)[0].box
        sources.append((im, box))
    found = {w: 0 for w in WIDTHS}
    placed = {w: 0 for w in WIDTHS}
    false_faces, dec_ms, det_ms = 0, [], []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, bg in enumerate(backgrounds):
            base = camera_like(Image.open(bg).convert("RGB"), rng)
            path = Path(tmp) / f"bg{i}.jpg"
            base.save(path, quality=92, subsampling=2)
            boxes, dm, tm = look(models, path)
            false_faces += len(boxes)
            dec_ms.append(dm)
            det_ms.append(tm)
            centres = []
            for j, w in enumerate(WIDTHS):
                im, box = sources[(i + j) % len(sources)]
                s = w / (box[2] * im.width)
                small = im.resize((max(1, round(im.width * s)), max(1, round(im.height * s))),
                                  Image.Resampling.LANCZOS)
                x, y = 150 + (j % 4) * 950, 400 + (j // 4) * 1400 + (i % 3) * 150
                base.paste(small, (x, y))
                centres.append((w, (x + (box[0] + box[2] / 2) * small.width) / 4000,
                                (y + (box[1] + box[3] / 2) * small.height) / 3000))
            base.save(path, quality=92, subsampling=2)
            boxes, _, _ = look(models, path)
            for w, cx, cy in centres:
                placed[w] += 1
                found[w] += any(bx <= cx <= bx + bw and by <= cy <= by + bh for bx, by, bw, bh in boxes)
    print(json.dumps({
        "photos": len(backgrounds),
        "faces_per_width": placed[WIDTHS[0]],
        "recall_by_width": {str(w): round(found[w] / max(placed[w], 1), 3) for w in WIDTHS},
        "recall_20_to_64_px": round(sum(found[w] for w in WIDTHS if w >= 20)
                                    / max(1, sum(placed[w] for w in WIDTHS if w >= 20)), 3),
        "false_small_faces_per_photo": round(false_faces / max(1, len(backgrounds)), 3),
        "cpu_ms_per_photo": {"closer_decode": round(float(np.median(dec_ms)), 1),
                             "closer_detect": round(float(np.median(det_ms)), 1)},
        "seconds": round(time.perf_counter() - t0, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
