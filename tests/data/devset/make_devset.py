#!/usr/bin/env python3
"""Make the labelled dev set (tests/data/devset): ~256 px JPEGs with the subject a person
would name, for subject precision@3 (benchmarks/bench_model_quality.py --devset).

Sources (both redistributable, listed per file in LABELS.tsv):
  - Debian package tuxpaint-stamps-default (GPL-2, Bill Kendrick and the Tux Paint
    contributors): photographic stamps (the ``cartoon`` folders and the drawn ones are left
    out), cut-outs with transparency, put on a white background; the subject comes from
    the folder (animals -> animal, food -> food, plants/flowers -> flower, ...).
  - the 79 test photos of tests/data/photos (their own licences, tests/data/photos/SOURCES.tsv),
    those with a clear subject, labelled by hand by the photorec developers.

    apt-get download tuxpaint-stamps-default && dpkg-deb -x tuxpaint-stamps-default_*.deb /tmp/tux
    python tests/data/devset/make_devset.py /tmp/tux/usr/share/tuxpaint/stamps
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from PIL import Image, ImageOps

HERE = Path(__file__).resolve().parent
PHOTOS = HERE.parent / "photos"
LONG_SIDE = 256
QUALITY = 85

# tuxpaint folder (prefix, below stamps/) -> subject; the first match wins; None = left out
STAMP_SUBJECTS: list[tuple[str, str | None]] = [
    ("animals/dinosaur", None),  # models and renders
    ("animals", "animal"),
    ("food", "food"),
    ("plants/flowers/plastic", None),
    ("plants/flowers", "flower"),
    ("plants", "plant"),
    ("town/roadsigns", "text"),
    ("town/houses", "building"),
    ("town/monuments", "building"),
    ("town/flags", None),
    ("symbols/shapes", "abstract"),
    ("household", "object"),
    ("hobbies", "object"),
    ("vehicles", "object"),
    ("sports", "object"),
    ("medical", "object"),
    ("people/body_parts", "people"),
    ("people", "people"),
]

# drawn (not photographic) stamps outside the cartoon folders, seen by eye; left out
STAMP_SKIP = {"clothes"}

# the test photos with a clear subject (the others only appear in the copies benchmark)
PHOTO_SUBJECTS = {
    "kde_FallenLeaf.jpg": "plant", "kde_OneStandsOut.jpg": "plant", "lom_seeding.jpg": "plant",
    "mate_GreenMeadow.jpg": "plant", "ocv_aloeL.jpg": "plant", "mate_LadyBird.jpg": "animal",
    "mate_FreshFlower.jpg": "flower", "skl_flower.jpg": "flower", "ukui_calla.jpg": "flower",
    "kde_BytheWater.jpg": "water", "kde_ColdRipple.jpg": "water", "lom_Infinite-Sea.jpg": "water",
    "mate_Aqua.jpg": "water",
    "kde_Path.jpg": "landscape", "lom_Bridge.jpg": "landscape", "lom_life.jpg": "landscape",
    "lom_picosdeeuropa.jpg": "landscape", "mate_Dune.jpg": "landscape", "ukui_desert.jpg": "landscape",
    "kde_Canopee.jpg": "abstract", "kde_Honeywave.jpg": "abstract", "kde_Kokkini.jpg": "abstract",
    "kde_Patak.jpg": "abstract", "kde_Shell.jpg": "abstract", "kde_Volna.jpg": "abstract",
    "lom_Fossa.jpg": "abstract", "lom_umang.jpg": "abstract", "lom_analogpattern.jpg": "abstract",
    "mate_Float-into-MATE.jpg": "abstract", "ukui_fluent-color.jpg": "abstract",
    "ukui_rollpaper.jpg": "abstract", "ukui_focal-ubuntukylin.jpg": "abstract",
    "mate_MATE-Stripes-Dark.jpg": "abstract", "mate_Silk.jpg": "abstract", "mate_Waves.jpg": "abstract",
    "gnome_symbolic-l.jpg": "abstract", "gnome_truchet-l.jpg": "abstract", "mate_Flow.jpg": "abstract",
    "mpl_grace_hopper.jpg": "people", "sk_astronaut.jpg": "people", "sk_camera.jpg": "people",
    "ocv_left01.jpg": "people",
    "ocv_notes.jpg": "text", "ocv_text_defocus.jpg": "text", "sk_page.jpg": "text",
    "ocv_licenseplate_motion.jpg": "text",
    "ocv_apple.jpg": "food", "ocv_orange.jpg": "food", "sk_coffee.jpg": "food",
    "sk_chelsea.jpg": "animal", "lom_friends.jpg": "animal", "ocv_butterfly.jpg": "animal",
    "mate_Elephants.jpg": "animal",
    "ocv_building.jpg": "building", "ocv_home.jpg": "building", "ocv_aero1.jpg": "building",
    "ukui_city.jpg": "building",
    "ocv_stuff.jpg": "object", "ocv_box_in_scene.jpg": "object", "sk_coins.jpg": "object",
    "kde_ColorfulCups.jpg": "object", "ocv_board.jpg": "object",
}


def _subject(rel: str) -> str | None:
    if "cartoon" in rel.split("/") or rel.split("/")[0] in STAMP_SKIP:
        return None
    for prefix, subject in STAMP_SUBJECTS:
        if rel == prefix or rel.startswith(prefix + "/"):
            return subject
    return None


def _save(im: Image.Image, dest: Path) -> None:
    im.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
    im.save(dest, "JPEG", quality=QUALITY, optimize=True)


def main(argv: list[str]) -> int:
    stamps = Path(argv[1]) if len(argv) > 1 else Path("/usr/share/tuxpaint/stamps")
    if not stamps.is_dir():
        raise SystemExit(f"no tuxpaint stamps in {stamps} (see this script's docstring)")
    for old in HERE.glob("*.jpg"):
        old.unlink()
    rows = []
    for png in sorted(stamps.rglob("*.png")):
        rel_dir = png.parent.relative_to(stamps).as_posix()
        subject = _subject(rel_dir)
        if subject is None or png.name.endswith("_mirror.png") or "_thumb" in png.name:
            continue
        with Image.open(png) as im:
            im = im.convert("RGBA")
            bbox = im.getchannel("A").getbbox()
            if bbox is None:
                continue
            im = im.crop(bbox)
            pad = max(im.size) // 10
            bg = Image.new("RGB", (im.width + 2 * pad, im.height + 2 * pad), (255, 255, 255))
            bg.paste(im, (pad, pad), im)
        name = "tux_" + rel_dir.replace("/", "-") + "_" + png.stem + ".jpg"
        _save(bg, HERE / name)
        rows.append((name, subject, "Debian package tuxpaint-stamps-default",
                     f"usr/share/tuxpaint/stamps/{rel_dir}/{png.name}", "GPL-2"))
    licences = {}
    with open(PHOTOS / "SOURCES.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            licences[r["file"]] = r
    for name, subject in sorted(PHOTO_SUBJECTS.items()):
        with Image.open(PHOTOS / name) as im:
            im = ImageOps.exif_transpose(im).convert("RGB")
        _save(im, HERE / ("photo_" + name))
        src = licences.get(name, {})
        rows.append(("photo_" + name, subject, src.get("source", "tests/data/photos"),
                     f"tests/data/photos/{name}", src.get("licence", "see tests/data/photos/SOURCES.tsv")))
    with open(HERE / "LABELS.tsv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(("file", "subject", "source", "original", "licence"))
        w.writerows(rows)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r[1]] = counts.get(r[1], 0) + 1
    size = sum(p.stat().st_size for p in HERE.glob("*.jpg"))
    print(f"{len(rows)} photos, {size / 1e6:.1f} MB: {dict(sorted(counts.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
