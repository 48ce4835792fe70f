#!/usr/bin/env python3
"""Render photorec's icon from its SVG into the PNG, ICO and ICNS files the app ships.

    python packaging/make_icons.py            # (re)write photorec/resources/icons/*
    python packaging/make_icons.py --check    # exit 1 if the committed files are stale

The SVGs are the source: photorec.svg, and photorec-small.svg (a simplified drawing on a
32 px grid) for the sizes up to 32 px. They are rendered with
PySide6's QSvgRenderer (offscreen, no display needed) at each size, so small sizes are
drawn at that size rather than scaled down; Pillow writes the PNG, ICO and ICNS files
(byte-for-byte reproducible: no timestamps). Run it after changing the SVG and commit
the results.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "photorec" / "resources" / "icons"
SVG = ICON_DIR / "photorec.svg"
#: A simplified drawing on a 32 px grid, used for the small sizes where detail turns to mud.
SMALL_SVG = ICON_DIR / "photorec-small.svg"
SMALL_MAX = 32
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(svg: Path, size: int):
    """The SVG rendered into a size x size RGBA Pillow image."""
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    renderer.render(painter)
    painter.end()
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    data = bytes(rgba.constBits())[: rgba.sizeInBytes()]
    stride = rgba.bytesPerLine()
    return Image.frombuffer("RGBA", (size, size), data, "raw", "RGBA", stride, 1).copy()


def build(svg: Path = SVG, small_svg: Path = SMALL_SVG) -> dict[str, bytes]:
    """File name -> bytes for every generated icon file."""
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES))
    images = {n: render(small_svg if n <= SMALL_MAX and small_svg.is_file() else svg, n) for n in sizes}
    out: dict[str, bytes] = {}
    for n in PNG_SIZES:
        buf = io.BytesIO()
        images[n].save(buf, "PNG", optimize=True)
        out[f"photorec-{n}.png"] = buf.getvalue()
    buf = io.BytesIO()
    largest = images[max(ICO_SIZES)]
    largest.save(buf, "ICO", sizes=[(n, n) for n in ICO_SIZES],
                 append_images=[images[n] for n in ICO_SIZES if n != max(ICO_SIZES)])
    out["photorec.ico"] = buf.getvalue()
    buf = io.BytesIO()
    images[1024].save(buf, "ICNS", append_images=[images[n] for n in ICNS_SIZES if n != 1024])
    out["photorec.icns"] = buf.getvalue()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only check that the committed files are up to date")
    ap.add_argument("--out", type=Path, default=ICON_DIR, help="folder to write to (default: %(default)s)")
    args = ap.parse_args(argv)
    files = build()
    if args.check:
        stale = [name for name, data in files.items()
                 if not (args.out / name).is_file() or (args.out / name).read_bytes() != data]
        for name in stale:
            print(f"stale or missing: {args.out / name}")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
        print(f"wrote {args.out / name} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
