#!/usr/bin/env python3
"""The README's closer-look screenshots, taken from the real window on a real X server.

    Xvfb :97 -screen 0 1400x900x24 & DISPLAY=:97 openbox &
    DISPLAY=:97 QT_QPA_PLATFORM=xcb python tools/people_small_faces_screenshots.py /tmp/small docs [--lang pt_BR]

Makes a folder of 4000x3000 photos with four real faces 20 to 44 px wide set into a landscape
(the same photos as tests/test_people_closer.py, some turned), indexes it without faces, then
opens the window, which finds the faces and takes the closer look. Writes
``DOCS/people_closer_progress[_LANG].jpg`` (the status bar while it looks closer) and
``DOCS/people_small_faces[_LANG].jpg`` (the viewer, face boxes shown with P, zoomed to 60 %).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tools"))


def make_photos(folder: Path) -> None:
    from PIL import Image
    from test_people_closer import _crowd_far_away

    from photorec.core.people.models import FaceModels

    folder.mkdir(parents=True, exist_ok=True)
    models = FaceModels()
    _crowd_far_away(models, folder / "far0.jpg")
    _crowd_far_away(models, folder / "far1.jpg", orientation=6)
    for i in range(3, 9):  # distinct contents of the same scene
        Image.open(folder / "far0.jpg").rotate(i).save(folder / f"far{i}.jpg", quality=90)
    for name in ("fr_obama.jpg", "fr_biden.jpg"):
        shutil.copy2(REPO / "tests" / "data" / "faces" / name, folder / name)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("out")
    ap.add_argument("--lang", default="en")
    a = ap.parse_args()
    work, out = Path(a.work), Path(a.out)
    data = work / f"data_{a.lang}"
    shutil.rmtree(data, ignore_errors=True)
    if not (work / "photos").is_dir():
        make_photos(work / "photos")
    subprocess.run([sys.executable, "-m", "photorec", "--data-dir", str(data), "index", "--no-faces",
                    str(work / "photos")], check=True, capture_output=True)

    from PySide6.QtCore import QPointF, QSettings, Qt
    from PySide6.QtGui import QImage
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from photorec import i18n

    app = QApplication.instance() or QApplication(sys.argv)
    i18n.use_language(a.lang, app)
    from people_screenshots import wait as wait_for

    from photorec.gui.window import MainWindow

    def wait(cond) -> None:
        wait_for(app, cond, timeout=300.0)

    def save(name: str) -> None:
        for _ in range(10):
            app.processEvents()
            time.sleep(0.05)
        img: QImage = w.grab().toImage()
        path = out / f"{name}{'' if a.lang == 'en' else '_' + a.lang}.png"
        img.save(str(path))
        from PIL import Image

        Image.open(path).convert("RGB").save(path.with_suffix(".jpg"), quality=85)
        path.unlink()

    settings = QSettings(str(data / "shots.ini"), QSettings.Format.IniFormat)
    w = MainWindow(str(data), None, settings, auto_rescan=True)
    w.resize(1280, 800)
    w.show()
    w.start()
    # the closer look's phase ("Looking closer for small faces… 1 of 8")
    wait(lambda: w.progress.last is not None and w.progress.last.phase == "small-faces")
    save("people_closer_progress")
    wait(lambda: w.progress.last is not None and w.progress.last.phase == "done")
    photo = next(p for p in w.service.lib.photos() if Path(p.path).name == "far0.jpg")
    w.viewer.view_photos([photo])
    v = w.viewer.page
    wait(lambda: v.is_loaded() and len(v.faces.boxes) > 0)
    v.setFocus()
    QTest.keyClick(v, Qt.Key.Key_P)
    r = v.canvas.image_rect()
    v.canvas.set_zoom(0.6, around=QPointF(r.x() + 0.475 * r.width(), r.y() + 0.48 * r.height()))
    save("people_small_faces")
    print(f"{len(v.faces.boxes)} face boxes in far0.jpg")
    w.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
