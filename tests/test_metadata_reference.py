"""photorec reads other apps' metadata as they mean it, checked against exiftool field by field
on fixtures made with exiftool and exiv2 the way digiKam, darktable, Lightroom, Windows,
Photo Mechanic and ACDSee write (tests/data/metadata/, made by make_fixtures.sh)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pytest

from photorec.core.ingest import metadata

DATA = Path(__file__).parent / "data" / "metadata"
EXIFTOOL = shutil.which("exiftool")
needs_exiftool = pytest.mark.skipif(
    EXIFTOOL is None, reason="exiftool is not installed (apt install libimage-exiftool-perl)")


def exiftool(path: Path) -> dict:
    out = subprocess.run([EXIFTOOL, "-j", "-G1", "-struct", "-n", str(path)], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return json.loads(out)[0]


def _date(text: str) -> float:
    text = str(text)[:19]
    fmt = "%Y:%m:%d %H:%M:%S" if len(text) == 19 else "%Y:%m:%d"
    return datetime.strptime(text, fmt).timestamp()


def _list(v) -> list[str]:
    return [str(x) for x in (v if isinstance(v, list) else [v])]


# For each fixture: which exiftool tag (of the photo, or of its sidecar "S:") each field must
# equal, by the reference apps' order of preference. A keywords entry is (tag of the
# hierarchies, separator, tag of the flat keywords).
WINNERS = {
    "digikam.jpg": {  # the sidecar (a keyword added later in digiKam) wins; TagsList first
        "keywords": ("S:XMP-digiKam:TagsList", "/", "S:XMP-dc:Subject"),
        "title": "S:XMP-dc:Title", "title pt-BR": "S:XMP-dc:Title-pt-BR",
        "description": "S:XMP-dc:Description", "description pt-BR": "S:XMP-dc:Description-pt-BR",
        "rating": "S:XMP-xmp:Rating", "date": "ExifIFD:DateTimeOriginal", "camera": "IFD0:Model",
    },
    "darktable.jpg": {  # the sidecar's keywords, not the embedded one deleted in darktable
        "keywords": ("S:XMP-lr:HierarchicalSubject", "|", "S:XMP-dc:Subject"),
        "rating": "S:XMP-xmp:Rating", "date": "S:XMP-exif:DateTimeOriginal",
        "lat": "S:XMP-exif:GPSLatitude", "lon": "S:XMP-exif:GPSLongitude",
    },
    "lightroom.jpg": {  # Lightroom's photo.xmp; EXIF DateTimeOriginal over the IPTC date
        "keywords": ("S:XMP-lr:HierarchicalSubject", "|", "S:XMP-dc:Subject"),
        "title": "S:XMP-dc:Title", "description": "S:XMP-dc:Description",
        "rating": "S:XMP-xmp:Rating", "date": "ExifIFD:DateTimeOriginal",
        "lat": "S:XMP-exif:GPSLatitude", "lon": "S:XMP-exif:GPSLongitude",
    },
    "windows.jpg": {  # LastKeywordXMP; UTF-8 EXIF text; XPTitle
        "keywords": ("XMP-microsoft:LastKeywordXMP", "/", "XMP-dc:Subject"),
        "title": "IFD0:XPTitle", "description": "IFD0:ImageDescription", "artist": "IFD0:Artist",
        "rating": "IFD0:Rating",
    },
    "windows25.jpg": {"keywords": (None, "", "S:XMP-dc:Subject"),
                      "rating%": "S:XMP-microsoft:RatingPercent"},
    "exiv2.jpg": {  # IPTC in UTF-8; MWG: EXIF DateTimeOriginal over photoshop:DateCreated, IPTC
        "keywords": (None, "", "XMP-dc:Subject"), "description": "IPTC:Caption-Abstract",
        "date": "ExifIFD:DateTimeOriginal",
    },
    "mediapro.jpg": {"keywords": ("XMP-mediapro:CatalogSets", "|", "XMP-dc:Subject")},
    "acdsee.jpg": {"keywords": ("XMP-acdsee:Categories", "acdsee", "XMP-dc:Subject")},
}
STARS = {1: 1, 25: 2, 50: 3, 75: 4, 99: 5}  # Windows' percent -> stars


def _acdsee_paths(xml: str) -> list[str]:
    import xml.etree.ElementTree as ET

    out = []

    def walk(el, parents):
        for c in el.findall("Category"):
            path = parents + [(c.text or "").strip()]
            if c.get("Assigned") == "1" and not c.findall("Category[@Assigned='1']"):
                out.append("|".join(path))
            walk(c, path)

    walk(ET.fromstring(xml), [])
    return out


@needs_exiftool
@pytest.mark.parametrize("name", sorted(WINNERS))
def test_fixture_reads_as_exiftool_says_field_by_field(name):
    photo = DATA / name
    sidecars = [s for s in (DATA / (name + ".xmp"), photo.with_suffix(".xmp")) if s.exists()]
    ref = exiftool(photo)
    if sidecars:
        ref.update({"S:" + k: v for k, v in exiftool(sidecars[0]).items()})
    m = metadata.read_metadata(str(photo))
    assert m.problems == []
    assert m.sidecars == [str(s) for s in sidecars]
    for fld, tag in WINNERS[name].items():
        if fld == "keywords":
            hier_tag, sep, flat_tag = tag
            hier = []
            if hier_tag and sep == "acdsee":
                hier = _acdsee_paths(ref[hier_tag])
            elif hier_tag:
                hier = ["|".join(p.strip() for p in h.split(sep)) for h in _list(ref[hier_tag])]
            hier = [h for h in hier if not h.lower().startswith("darktable|")]
            want = metadata.file_tags(_list(ref[flat_tag]), hier)
            assert m.tags == want, fld
        elif fld.startswith(("title", "description")):
            field, _, lang = fld.partition(" ")
            got = getattr(m, field + "s")[lang or "x-default"]
            assert got == ref[tag], fld
        elif fld == "date":
            assert m.date == _date(ref[tag]), fld
        elif fld in ("lat", "lon"):
            assert getattr(m, fld) == pytest.approx(float(ref[tag]), abs=1e-5), fld
        elif fld == "rating%":
            assert m.rating == STARS[int(ref[tag])], fld
        elif fld == "camera":
            assert m.camera == ref[tag], fld
        else:
            assert getattr(m, fld) == ref[tag], fld


def test_fixtures_what_each_app_means():
    """The same, spelled out: what a user of each app expects photorec to show."""
    read = {n: metadata.read_metadata(str(DATA / n)) for n in WINNERS}
    assert read["darktable.jpg"].tags == ["praia", "mar"]  # "apagada" was deleted in darktable
    assert read["digikam.jpg"].tags == ["Places|Portugal|Douro", "People|Ana", "Events|Vindima"]
    assert read["digikam.jpg"].title_in("pt_BR") == "O rio"
    assert read["digikam.jpg"].title_in("en") == "The river"
    assert read["lightroom.jpg"].tags == ["Places|Portugal|Porto", "família"]
    assert time.localtime(read["lightroom.jpg"].date)[:3] == (2017, 9, 20)  # not IPTC's 2001
    assert time.localtime(read["exiv2.jpg"].date)[:3] == (2016, 5, 4)  # EXIF, not 2014 / 2015
    assert read["exiv2.jpg"].keywords == ["Maçã", "verão"]
    assert read["windows.jpg"].description == "Sé do Porto"  # UTF-8, not "SÃ©"
    assert read["windows.jpg"].artist == "João Sá"
    assert read["windows.jpg"].tags == ["férias", "Lugares|Sé"]
    assert read["windows25.jpg"].rating == 2
    assert read["mediapro.jpg"].tags == ["Animais|Gato"]
    assert read["acdsee.jpg"].tags == ["Lugares|Lisboa"]
    dt = read["darktable.jpg"]
    assert (round(dt.lat, 4), round(dt.lon, 4)) == (41.1579, -8.6291)
