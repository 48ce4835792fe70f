"""How long the window's event loop is kept waiting while a library is indexed.

Builds the real window offscreen over a fresh library, adds a folder of photos (the shared
photos plus larger generated ones, which take longer to decode), and while it indexes runs a
5 ms QTimer that notes how late each tick fires; meanwhile it scrolls the grid and asks for
similar photos, as a user would. Prints JSON: the longest stall, p99, p50, and more.

Then, the library indexed, it clicks photos in the grid as a user does (a real mouse press
and release through Qt) and times each click until the similar panel is on screen and
painted ("click_to_panel_ms"), and until its results are shown ("click_to_results_ms").

    python benchmarks/bench_gui_responsiveness.py [--large 40] [--copies 1] [--clicks 10]

The design targets: no stall over 50 ms (issue #3); a click answers within 50 ms (issue #19).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("PHOTOREC_TEST_PHOTOS", REPO / "tests" / "data" / "photos"))


def make_photos(dest: Path, copies: int, large: int) -> int:
    from PIL import Image, ImageFilter

    dest.mkdir(parents=True, exist_ok=True)
    src = sorted(SHARED.glob("*.jpg"))
    n = 0
    for c in range(copies):
        for p in src:
            q = dest / (p.name if c == 0 else f"{p.stem}-copy{c}.jpg")
            if c == 0:
                shutil.copy2(p, q)
            else:  # a re-encoded copy: new content, so it is decoded and embedded again
                with Image.open(p) as im:
                    im.convert("RGB").rotate(c * 7, expand=False).save(q, quality=88)
            n += 1
    for i in range(large):
        p = src[i % len(src)]
        with Image.open(p) as im:
            big = im.convert("RGB").resize((4000, 3000), Image.Resampling.BILINEAR)
            big = big.filter(ImageFilter.DETAIL)
            big.save(dest / f"large-{i:03d}-{p.stem}.jpg", quality=92)
        n += 1
    return n


def time_clicks(app, win, wait, n: int) -> tuple[list[float], list[float]]:
    """Click ``n`` grid photos with the mouse; each click's time until the similar panel is
    shown and painted, and until its results are in (ms)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = win.library_page.view
    panel, results = [], []
    for i in range(n):
        win.show_grid()
        wait(lambda: win.stack.currentWidget() is win.library_page, 5)
        app.processEvents()
        rows = list(view.visible_rows())
        if not rows:
            break
        row = rows[(i * 7) % len(rows)]
        pos = view.visualRect(view.model().index(row, 0)).center()
        t0 = time.perf_counter()
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        shown = win.stack.currentWidget() is win.similar_page
        win.similar_page.repaint()  # painted now, not when the loop next gets to it
        t1 = time.perf_counter()
        if shown:
            panel.append(round((t1 - t0) * 1000, 1))
        if wait(lambda: not win.similar_page.pending and win.similar_page.result is not None, 30):
            results.append(round((time.perf_counter() - t0) * 1000, 1))
        QTest.qWait(app.styleHints().mouseDoubleClickInterval() + 50)  # no double-click with the next
    return panel, results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--large", type=int, default=40, help="generated 12 MP photos to add (default 40)")
    ap.add_argument("--copies", type=int, default=1, help="times the shared photos are used (default 1)")
    ap.add_argument("--no-interact", action="store_true", help="do not scroll or query while indexing")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--clicks", type=int, default=10, help="grid clicks to time once indexed (default 10)")
    args = ap.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from photorec.gui.app import SWITCH_INTERVAL_S
    from photorec.gui.history import Query
    from photorec.gui.stall import StallMeter
    from photorec.gui.window import MainWindow

    tmp = Path(tempfile.mkdtemp(prefix="photorec-bench-gui-"))
    try:
        t0 = time.perf_counter()
        n = make_photos(tmp / "photos", args.copies, args.large)
        prep_s = time.perf_counter() - t0

        app = QApplication.instance() or QApplication([])
        sys.setswitchinterval(SWITCH_INTERVAL_S)  # as photorec.gui.app does
        win = MainWindow(tmp / "data", settings=None, auto_rescan=False)
        win.resize(1280, 800)
        t_show = time.perf_counter()
        win.show()
        app.processEvents()
        shown_s = time.perf_counter() - t_show
        win.start()

        def wait(pred, timeout: float) -> bool:
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                app.processEvents()
                if pred():
                    return True
                time.sleep(0.002)
            return False

        assert wait(lambda: win.is_ready, 60), "library did not open"
        opened_s = time.perf_counter() - t_show
        meter = StallMeter(5)
        done = {}
        first_photo = {}
        win.service.index_finished.connect(lambda r: done.setdefault("report", r))
        win.library_page.model.rowsInserted.connect(
            lambda *a: first_photo.setdefault("t", time.perf_counter()))
        similar_times: list[float] = []
        asked: dict = {}

        def on_similar(res) -> None:
            if "t" in asked:
                similar_times.append(time.perf_counter() - asked.pop("t"))

        win.service.similar_ready.connect(on_similar)

        def interact() -> None:  # what a user might do while it indexes
            if done:
                return
            model = win.library_page.model
            view = win.library_page.view
            if win.stack.currentWidget() is win.library_page:
                sb = view.verticalScrollBar()
                sb.setValue(sb.value() + 120 if sb.value() < sb.maximum() else 0)
                if model.rowCount() > 5 and len(similar_times) < 5 and "t" not in asked:
                    asked["t"] = time.perf_counter()
                    win.nav.find_similar(Query.for_path(model.photo(model.rowCount() // 2).path))
            else:
                win.back()

        poke = QTimer()
        poke.setInterval(250)
        poke.timeout.connect(interact)

        meter.start()
        t1 = time.perf_counter()
        win.folders.add_folders([str(tmp / "photos")])
        if not args.no_interact:
            poke.start()
        ok = wait(lambda: "report" in done, 1800)
        index_s = time.perf_counter() - t1
        poke.stop()
        meter.stop()
        report = done.get("report")
        panel_ms, results_ms = time_clicks(app, win, wait, args.clicks)
        result = {
            "benchmark": "gui_responsiveness",
            "photos": n,
            "large_photos": args.large,
            "finished": ok,
            "index_seconds": round(index_s, 2),
            "photos_per_s": round(n / index_s, 1) if index_s else None,
            "first_photo_in_grid_s": round(first_photo["t"] - t1, 2) if "t" in first_photo else None,
            "window_shown_s": round(shown_s, 3),
            "library_open_s": round(opened_s, 3),
            "similar_while_indexing_s": [round(x, 3) for x in similar_times],
            "interactions": not args.no_interact,
            **meter.summary(),
            "target_ms": 50,
            "click_to_panel_ms": panel_ms,
            "click_to_panel_max_ms": max(panel_ms) if panel_ms else None,
            "click_to_results_ms": results_ms,
            "grid_rows": win.library_page.model.rowCount(),
            "embedded": getattr(report, "embedded", None),
            "failed": getattr(report, "failed", None),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "prep_seconds": round(prep_s, 1),
        }
        win.close()
        print(json.dumps(result, indent=2))
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
