"""How soon the window shows a folder going offline and coming back (issue #19: within 3 s,
with no rescan).

Builds a small library offscreen, opens the real window over it, then renames the folder's
drive away and back a few times while the window sits idle, timing each change until the
sidebar shows it. With --no-events the file-system watcher is emptied first, so only the
periodic check sees the change (as for network shares and some removable mounts). Prints JSON.

    python benchmarks/bench_gui_folders.py [--rounds 5] [--no-events]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-events", action="store_true", help="only the periodic check (no file-system events)")
    args = ap.parse_args()

    from PySide6.QtWidgets import QApplication

    from photorec.core.library import Library
    from photorec.gui.folder_watch import CHECK_INTERVAL_MS
    from photorec.gui.window import MainWindow

    tmp = Path(tempfile.mkdtemp(prefix="photorec-bench-folders-"))
    try:
        folder = tmp / "drive" / "photos"
        folder.mkdir(parents=True)
        for p in sorted(SHARED.glob("*.jpg"))[:4]:
            shutil.copy2(p, folder / p.name)
        with Library.open(tmp / "data") as lib:
            lib.index_folders([folder])
        app = QApplication.instance() or QApplication([])
        win = MainWindow(tmp / "data", settings=None, auto_rescan=False)
        win.resize(1280, 800)
        win.show()
        win.start()

        def wait(pred, timeout: float) -> float | None:
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < timeout:
                app.processEvents()
                if pred():
                    return time.perf_counter() - t0
                time.sleep(0.005)
            return None

        assert wait(lambda: win.is_ready, 60) is not None, "the library did not open"
        scans = []
        win.service.index_started.connect(lambda: scans.append(1))
        fs = win.folders.watcher.fs
        offline_s, online_s = [], []
        for _ in range(args.rounds):
            if args.no_events and fs.directories():
                fs.removePaths(fs.directories())
            shutil.move(tmp / "drive", tmp / "unplugged")
            offline_s.append(wait(lambda: not win.sidebar.folders()[0].online, 15))
            if args.no_events and fs.directories():
                fs.removePaths(fs.directories())
            shutil.move(tmp / "unplugged", tmp / "drive")
            online_s.append(wait(lambda: win.sidebar.folders()[0].online, 15))
        win.close()
        seen = [x for x in offline_s + online_s if x is not None]
        print(json.dumps({
            "benchmark": "gui_folders",
            "events": not args.no_events,
            "check_interval_ms": CHECK_INTERVAL_MS,
            "offline_shown_s": [None if x is None else round(x, 3) for x in offline_s],
            "online_shown_s": [None if x is None else round(x, 3) for x in online_s],
            "max_s": round(max(seen), 3) if seen else None,
            "missed": len(offline_s) + len(online_s) - len(seen),
            "target_s": 3,
            "rescans": len(scans),
            "cpus": os.cpu_count(),
        }, indent=2))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
