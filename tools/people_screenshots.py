#!/usr/bin/env python3
"""The README's People screenshots, taken from the real window on a real X server.

    Xvfb :98 -screen 0 1400x900x24 & openbox &   # (DISPLAY=:98 for openbox)
    photorec --data-dir /tmp/people-lib index tests/data/faces tests/data/photos
    photorec --data-dir /tmp/people-lib people name 2 "Barack Obama"   # (the id it lists)
    DISPLAY=:98 QT_QPA_PLATFORM=xcb python tools/people_screenshots.py /tmp/people-lib docs [--lang pt_BR]

Writes ``DOCS/people[_pt_BR].png`` (the People page) and ``DOCS/people_viewer[_pt_BR].png``
(the viewer with its face boxes shown, key P) of the window as the X server shows it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def wait(app, cond, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.02)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir")
    ap.add_argument("out")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--photo", default="fr_obama.jpg", help="the photo shown in the viewer")
    a = ap.parse_args()
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from photorec import i18n

    app = QApplication.instance() or QApplication(sys.argv)
    i18n.use_language(a.lang, app)
    from photorec.gui.window import MainWindow

    settings = QSettings(str(Path(a.data_dir) / "shots.ini"), QSettings.Format.IniFormat)
    w = MainWindow(a.data_dir, None, settings, auto_rescan=False)
    w.resize(1280, 800)
    w.show()
    w.start()
    wait(app, lambda: w.is_ready)
    suffix = "" if a.lang == "en" else f"_{a.lang}"
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)

    w.sidebar.select("people")
    view = w.views.view("people")
    wait(app, lambda: view is not None and view.list.count() > 0)
    view.list.item(0).setSelected(True)
    wait(app, lambda: view.faces.count() > 0)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.05)
    w.grab().save(str(out / f"people{suffix}.png"))

    lib = w.service.lib
    photo = next(p for p in lib.photos() if Path(p.path).name == a.photo)
    w.viewer.view_photos([photo])
    v = w.viewer.page
    wait(app, lambda: v.is_loaded() and len(v.faces.boxes) > 0)
    v.setFocus()
    from PySide6.QtTest import QTest

    QTest.keyClick(v, Qt.Key.Key_P)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.05)
    w.grab().save(str(out / f"people_viewer{suffix}.png"))
    w.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
