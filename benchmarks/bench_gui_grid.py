"""The thumbnail grid with a big library: 100,000 photos (fake catalog rows whose thumbnails
are real cached JPEGs, reused), offscreen.

Measures loading the rows into the model, re-sorting and filtering by name (the time the GUI
thread spends, and the time until the rows show: the sorting runs in a worker), inserting an
indexing batch at its sorted place, and scrolling: each step jumps a screen down and repaints, with the
thumbnails decoded lazily by the loader's threads; the frame times are the GUI thread's.
Prints JSON.

    python benchmarks/bench_gui_grid.py [--photos 100000] [--frames 150]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("PHOTOREC_TEST_PHOTOS", REPO / "tests" / "data" / "photos"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--photos", type=int, default=100_000)
    ap.add_argument("--frames", type=int, default=150)
    args = ap.parse_args()

    from PIL import Image
    from PySide6.QtWidgets import QApplication

    from photorec.core.store import Photo
    from photorec.gui.grid import PhotoGridView
    from photorec.gui.models import LibraryModel
    from photorec.gui.thumbs import ThumbnailLoader

    tmp = Path(tempfile.mkdtemp(prefix="photorec-bench-grid-"))
    thumbs = []
    for i, p in enumerate(sorted(SHARED.glob("*.jpg"))):
        with Image.open(p) as im:
            im = im.convert("RGB")
            im.thumbnail((320, 320))
            q = tmp / f"t{i}.jpg"
            im.save(q, quality=85)
            thumbs.append(q)

    app = QApplication.instance() or QApplication([])
    loader = ThumbnailLoader(threads=2)
    # Every photo has its own content key (no cache sharing), mapped onto the real files.
    loader.attach(lambda ckey: thumbs[int(ckey[1:]) % len(thumbs)], lambda photo: None)
    photos = [Photo(i, 1 + i % 5, f"/library/folder{i % 5}/IMG_{(i * 7919) % 1_000_003:07d}.jpg",
                    2_000_000, 1_500_000_000_000_000_000 + i * 1_000_000_000, f"k{i}", "ok", None,
                    4000, 3000, None, True) for i in range(args.photos)]
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    model = LibraryModel()
    view = PhotoGridView(loader)
    view.resize(1060, 740)
    view.setModel(model)
    view.show()
    app.processEvents()

    out: dict = {"benchmark": "gui_grid", "photos": args.photos}
    from photorec.gui.models import prepare
    from photorec.gui.tasks import JobRuntime

    runner = JobRuntime()
    model.submit = lambda fn, done: runner.submit(fn, done, key="grid-rebuild")

    def timed(action) -> tuple[float, float]:
        """(GUI thread ms for the call, ms until the rows are shown)."""
        t0 = time.perf_counter()
        action()
        t1 = time.perf_counter()
        while model.rebuilding:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        return round((t1 - t0) * 1000, 1), round((time.perf_counter() - t0) * 1000, 1)

    t = time.perf_counter()
    prep = prepare(photos, "date")  # the app does this in a worker
    out["prepare_in_worker_ms"] = round((time.perf_counter() - t) * 1000, 1)
    t = time.perf_counter()
    model.set_photos(photos, prep)
    app.processEvents()
    out["load_rows_gui_ms"] = round((time.perf_counter() - t) * 1000, 1)
    out["sort_by_name_gui_ms"], out["sort_by_name_total_ms"] = timed(lambda: model.set_sort("name"))
    out["filter_gui_ms"], out["filter_total_ms"] = timed(lambda: model.set_name_filter("IMG_00"))
    out["filter_rows"] = model.rowCount()
    timed(lambda: model.set_name_filter(""))
    timed(lambda: model.set_sort("date"))
    batch = [Photo(args.photos + i, 1, f"/library/new/IMG_N{i:04d}.jpg", 1,
                   1_500_000_000_000_000_000 + i * 7_777_777_777, f"k{args.photos + i}", "ok", None,
                   4000, 3000, None, True) for i in range(16)]
    t = time.perf_counter()
    model.add_photos(batch)
    app.processEvents()
    out["insert_batch_of_16_ms"] = round((time.perf_counter() - t) * 1000, 2)

    sb = view.verticalScrollBar()
    frames = []
    step = max(1, view.viewport().height())
    for _ in range(args.frames):
        sb.setValue((sb.value() + step) % max(1, sb.maximum()))
        t = time.perf_counter()
        view.viewport().repaint()
        frames.append(time.perf_counter() - t)
        end = time.perf_counter() + 0.03  # let the loader deliver a little, as a user would scroll
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.002)
    frames_ms = sorted(x * 1000 for x in frames)
    out.update({
        "scroll_frames": len(frames),
        "frame_ms_p50": round(statistics.median(frames_ms), 2),
        "frame_ms_p99": round(frames_ms[int(0.99 * (len(frames_ms) - 1))], 2),
        "frame_ms_max": round(frames_ms[-1], 2),
        "visible_cells": len(view.visible_rows()),
        "thumbnail_cache_hits": loader.hits,
        "thumbnail_cache_misses": loader.misses,
        "rss_mb_before_view": round(rss0 / 1024, 1),
        "rss_mb_peak": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    })
    loader.shutdown()
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
