"""Metadata people wrote (IPTC, XMP embedded and in sidecars, EXIF) is read, never written;
bad metadata is a problem and the photo stays indexed; tags go back out only into sidecars."""

from __future__ import annotations

import hashlib
import os
import struct
import time
from pathlib import Path

import pytest
from conftest import shared_photos
from PIL import Image

from photorec.core import metadata_pass
from photorec.core.ingest import metadata, xmp
from photorec.core.library import Library
from photorec.core.organize import sidecars

XMP_HEAD = b"http://ns.adobe.com/xap/1.0/\x00"


def _segment(marker: int, payload: bytes) -> bytes:
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def _iptc(records: list[tuple[int, int, bytes]]) -> bytes:
    data = b"".join(b"\x1c" + bytes([r, d]) + struct.pack(">H", len(v)) + v for r, d, v in records)
    block = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(data)) + data
    if len(data) % 2:
        block += b"\x00"
    return b"Photoshop 3.0\x00" + block


def packet(body: str) -> str:
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:lr="http://ns.adobe.com/lightroom/1.0/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        'xmlns:darktable="http://darktable.sf.net/" '
        f'xmlns:digiKam="http://www.digikam.org/ns/1.0/">{body}</rdf:RDF></x:xmpmeta>'
        '<?xpacket end="w"?>'
    )


def bag(prop: str, items: list[str], kind: str = "Bag") -> str:
    lis = "".join(f"<rdf:li>{i}</rdf:li>" for i in items)
    return f"<{prop}><rdf:{kind}>{lis}</rdf:{kind}></{prop}>"


def make_photo(dest: Path, *, iptc=None, xmp_packet: str | None = None, exif=None,
               src: Path | None = None) -> Path:
    """A real test photo re-saved small, with the given metadata segments inserted."""
    src = src or shared_photos()[0]
    with Image.open(src) as im:
        im = im.convert("RGB")
        im.thumbnail((320, 320))
        kw = {"exif": exif} if exif is not None else {}
        import io

        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=80, **kw)
    data = buf.getvalue()
    extra = b""
    if iptc is not None:
        extra += _segment(0xED, _iptc(iptc))
    if xmp_packet is not None:
        extra += _segment(0xE1, XMP_HEAD + xmp_packet.encode("utf-8"))
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data[:2] + extra + data[2:])
    return dest


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_iptc_keywords_title_caption_and_date(tmp_path):
    p = make_photo(tmp_path / "a.jpg", iptc=[
        (1, 90, b"\x1b%G"), (2, 25, b"praia"), (2, 25, "Ma\u00e7\u00e3".encode()),
        (2, 5, b"Douro trip"), (2, 120, "Barcos no rio, ao p\u00f4r do sol".encode()),
        (2, 55, b"20190614"), (2, 60, b"183000"),
    ])
    m = metadata.read_metadata(str(p))
    assert m.keywords == ["praia", "Ma\u00e7\u00e3"]
    assert m.title == "Douro trip"
    assert m.description == "Barcos no rio, ao p\u00f4r do sol"
    assert time.localtime(m.date)[:5] == (2019, 6, 14, 18, 30)
    assert m.problems == []


def test_iptc_marked_utf8_but_latin1_is_a_problem(tmp_path):
    p = make_photo(tmp_path / "a.jpg", iptc=[(1, 90, b"\x1b%G"), (2, 25, "ma\u00e7\u00e3".encode("latin-1"))])
    m = metadata.read_metadata(str(p))
    assert m.keywords == ["ma\u00e7\u00e3"]  # still read, as Latin-1
    assert "not (read as Latin-1)" in m.problem


def test_legacy_iptc_without_charset_is_read_as_cp1252(tmp_path):
    p = make_photo(tmp_path / "a.jpg", iptc=[(2, 25, "ver\u00e3o".encode("cp1252"))])
    m = metadata.read_metadata(str(p))
    assert m.keywords == ["ver\u00e3o"] and m.problems == []


def test_embedded_xmp_subjects_hierarchy_title_description_rating(tmp_path):
    body = (
        '<rdf:Description rdf:about="" xmp:Rating="4" photoshop:DateCreated="2018-03-02T10:00:00">'
        + bag("dc:subject", ["Douro", "river"])
        + bag("lr:hierarchicalSubject", ["Places|Portugal|Douro"])
        + '<dc:title><rdf:Alt><rdf:li xml:lang="pt-BR">O rio</rdf:li>'
          '<rdf:li xml:lang="x-default">The river</rdf:li></rdf:Alt></dc:title>'
        + '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Boats at dusk</rdf:li></rdf:Alt>'
          '</dc:description></rdf:Description>'
    )
    p = make_photo(tmp_path / "a.jpg", xmp_packet=packet(body))
    m = metadata.read_metadata(str(p))
    assert m.keywords == ["Douro", "river"]
    assert m.hierarchical == ["Places|Portugal|Douro"]
    assert m.tags == ["Places|Portugal|Douro", "river"]  # the path whole, Douro not twice
    assert m.title == "The river" and m.description == "Boats at dusk" and m.rating == 4
    assert time.localtime(m.date)[:3] == (2018, 3, 2)


def test_exif_description_usercomment_camera_gps_rating(tmp_path):
    ex = Image.Exif()
    ex[0x010F] = "Canon"
    ex[0x0110] = "Canon EOS 5D"
    ex[0x010E] = "OLYMPUS DIGITAL CAMERA"  # camera junk: not a description
    ex[0x4746] = 3
    sub = ex.get_ifd(0x8769)
    sub[0x9286] = b"UNICODE\x00" + "Vindima em Pinh\u00e3o".encode("utf-16-le")
    sub[0x9003] = "2017:09:20 12:00:00"
    gps = ex.get_ifd(0x8825)
    gps[1], gps[2] = "N", (41.0, 11.0, 24.0)
    gps[3], gps[4] = "W", (7.0, 33.0, 0.0)
    p = make_photo(tmp_path / "a.jpg", exif=ex)
    m = metadata.read_metadata(str(p))
    assert m.camera == "Canon EOS 5D"
    assert m.description == "Vindima em Pinh\u00e3o"
    assert m.rating == 3
    assert m.lat == pytest.approx(41.19, abs=0.01) and m.lon == pytest.approx(-7.55, abs=0.01)
    assert time.localtime(m.date)[:3] == (2017, 9, 20)


@pytest.mark.parametrize("naming", ["digikam", "lightroom", "upper"])
def test_sidecars_in_both_namings_win_over_embedded(tmp_path, naming):
    p = make_photo(tmp_path / "IMG_1.jpg", iptc=[(2, 25, b"old"), (2, 120, b"embedded caption")])
    name = {"digikam": "IMG_1.jpg.xmp", "lightroom": "IMG_1.xmp", "upper": "IMG_1.JPG.XMP"}[naming]
    (tmp_path / name).write_text(packet(
        '<rdf:Description rdf:about="">' + bag("dc:subject", ["Porto"])
        + bag("lr:hierarchicalSubject", ["Places|Portugal|Porto"])
        + '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">From the sidecar</rdf:li>'
          '</rdf:Alt></dc:description></rdf:Description>'), encoding="utf-8")
    m = metadata.read_metadata(str(p))
    assert m.sidecars == [str(tmp_path / name)]
    assert m.keywords == ["Porto"]  # the sidecar's keywords replace the embedded ones
    assert m.hierarchical == ["Places|Portugal|Porto"]
    assert m.description == "From the sidecar"


def test_digikam_tagslist_attribute_form(tmp_path):
    p = make_photo(tmp_path / "a.jpg")
    (tmp_path / "a.jpg.xmp").write_text(packet(
        '<rdf:Description rdf:about="" xmp:Rating="2">'
        + bag("digiKam:TagsList", ["People/Ana", "Events/Wedding"], "Seq") + "</rdf:Description>"))
    m = metadata.read_metadata(str(p))
    assert m.hierarchical == ["People|Ana", "Events|Wedding"] and m.rating == 2


def test_broken_xml_and_entity_bombs_are_problems_not_crashes(tmp_path):
    p = make_photo(tmp_path / "a.jpg", iptc=[(2, 25, b"kept")])
    (tmp_path / "a.jpg.xmp").write_text("<x:xmpmeta><rdf:RDF>not closed")
    bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>')
    (tmp_path / "a.xmp").write_text(bomb)
    m = metadata.read_metadata(str(p))
    assert m.keywords == ["kept"]
    assert "a.jpg.xmp: XMP is not valid XML" in m.problem
    assert "a.xmp: XMP refused: it declares a DTD or entities" in m.problem
    assert "aaaaaaaaaa" not in str(m)


def test_embedded_broken_xmp_is_a_problem(tmp_path):
    p = make_photo(tmp_path / "a.jpg", xmp_packet="<x:xmpmeta><rdf:RDF")
    m = metadata.read_metadata(str(p))
    assert m.problem.startswith("embedded XMP is not valid XML")


@pytest.fixture
def meta_library(tmp_path):
    photos = tmp_path / "photos"
    src = shared_photos()
    make_photo(photos / "douro.jpg", src=src[5], iptc=[(2, 25, b"boats"), (2, 120, b"Barcos no Douro")])
    make_photo(photos / "plain.jpg", src=src[20])
    make_photo(photos / "bad.jpg", src=src[40])
    (photos / "bad.jpg.xmp").write_text("<x:xmpmeta><rdf:RDF>")
    lib = Library.open(tmp_path / "data")
    yield lib, photos
    lib.close()


def test_index_reads_metadata_reports_problems_and_never_writes_photos(meta_library):
    lib, photos = meta_library
    before = {p.name: digest(p) for p in photos.iterdir()}
    report = lib.index_folders([photos])
    assert report.failed == 0 and report.new == 3  # the bad sidecar does not fail the photo
    assert [e for e in report.errors if e[0].endswith("bad.jpg")][0][1].startswith("metadata: sidecar")
    m = metadata.of_photo(lib, str(photos / "douro.jpg"))
    assert m.keywords == ["boats"] and m.description == "Barcos no Douro"
    assert [p for p, _ in metadata.problems(lib)] == [str(photos / "bad.jpg")]
    assert lib.photo(str(photos / "bad.jpg")).status == "ok"
    assert {p.name: digest(p) for p in photos.iterdir()} == before


def test_reread_only_when_file_or_sidecar_changes(meta_library):
    lib, photos = meta_library
    lib.index_folders([photos])
    again = metadata_pass.update_library(lib)
    assert again.read == 0 and again.unchanged == 3
    side = photos / "plain.xmp"  # a Lightroom sidecar appears
    side.write_text(packet('<rdf:Description rdf:about="">' + bag("dc:subject", ["vinho"])
                           + "</rdf:Description>"))
    r = metadata_pass.update_library(lib)
    assert r.read == 1
    assert metadata.of_photo(lib, str(photos / "plain.jpg")).keywords == ["vinho"]
    st = side.stat()
    side.write_text(packet('<rdf:Description rdf:about="">' + bag("dc:subject", ["uvas"])
                           + "</rdf:Description>"))
    os.utime(side, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert metadata_pass.update_library(lib).read == 1
    assert metadata.of_photo(lib, str(photos / "plain.jpg")).keywords == ["uvas"]
    (photos / "bad.jpg.xmp").unlink()  # the broken sidecar is fixed by removing it
    assert metadata_pass.update_library(lib).read == 1
    assert metadata.problems(lib) == []


def test_keywords_become_tags_from_the_file(meta_library):
    from photorec.core.organize import tags

    lib, photos = meta_library
    douro = str(photos / "douro.jpg")
    lib.index_folders([photos])
    assert tags.tags_of(lib, douro) == ["boats"]
    assert tags.file_tags_of(lib, douro) == ["boats"]
    (photos / "douro.jpg.xmp").write_text(packet(
        '<rdf:Description rdf:about="">' + bag("lr:hierarchicalSubject", ["Places|Portugal|Douro"])
        + "</rdf:Description>"))
    metadata_pass.update_library(lib)  # the sidecar's keywords win over the embedded IPTC ones
    assert tags.file_tags_of(lib, douro) == ["Places|Portugal|Douro"]
    assert [p.path for p in tags.photos_with_tag(lib, "Douro")] == [douro]


def test_removed_photo_forgets_its_metadata(meta_library):
    lib, photos = meta_library
    lib.index_folders([photos])
    (photos / "douro.jpg").unlink()
    lib.index_folders()
    assert metadata.of_photo(lib, str(photos / "douro.jpg")) is None


# -- writing sidecars ----------------------------------------------------------------------------


def test_write_tags_round_trip_in_digikam_darktable_form(tmp_path):
    p = make_photo(tmp_path / "a.jpg")
    before = digest(p)
    side, _ = sidecars.write_one(str(p), ["Places|Portugal|Douro", "vinho", "People|Ana", "AC/DC"],
                                 set())
    assert side == str(p) + ".xmp"
    assert digest(p) == before  # the photo itself is never written
    back = xmp.read_sidecar(side)
    assert back.hierarchical == ["Places|Portugal|Douro", "vinho", "People|Ana", "AC/DC"]
    assert back.subject == ["Douro", "vinho", "Ana", "AC/DC"]
    text = Path(side).read_text(encoding="utf-8")
    assert "digiKam:TagsList" in text and "Places/Portugal/Douro" in text
    assert "AC\\/DC" in text  # a slash inside a TagsList part is escaped
    assert "<dc:subject><rdf:Bag>" in text and "lr:hierarchicalSubject" in text
    m = metadata.read_metadata(str(p))
    assert m.tags == ["Places|Portugal|Douro", "vinho", "People|Ana", "AC/DC"]


def test_write_tags_keeps_the_rest_of_an_existing_sidecar(tmp_path):
    p = make_photo(tmp_path / "a.jpg")
    side = tmp_path / "a.jpg.xmp"
    side.write_text(packet(
        '<!-- written by hand --><rdf:Description rdf:about="" xmp:Rating="5" darktable:xmp_version="5">'
        + bag("dc:subject", ["old", "Places", "Portugal", "Douro"])
        + bag("lr:hierarchicalSubject", ["old", "Places|Portugal|Douro", "darktable|format|jpg"])
        + bag("darktable:history", ["exposure"], "Seq")
        + '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Kept title</rdf:li></rdf:Alt></dc:title>'
        + "</rdf:Description>"))
    sidecars.write_one(str(p), ["new|tag"], set())
    back = xmp.read_sidecar(side)
    assert back.subject == ["old", "Places", "Portugal", "Douro", "tag"]  # not flattened
    assert back.hierarchical == ["old", "Places|Portugal|Douro", "new|tag"]
    assert back.title == "Kept title" and back.rating == 5
    text = side.read_text(encoding="utf-8")
    assert "darktable:history" in text and 'darktable:xmp_version="5"' in text
    assert "darktable|format|jpg" in text and "<!-- written by hand -->" in text
    assert text.startswith('<?xpacket begin=') and text.rstrip().endswith('<?xpacket end="w"?>')


def test_write_tags_never_overwrites_a_sidecar_it_cannot_read(tmp_path):
    p = make_photo(tmp_path / "a.jpg")
    side = tmp_path / "a.jpg.xmp"
    side.write_text("<broken")
    with pytest.raises(xmp.XmpError):
        sidecars.write_one(str(p), ["x"], set())
    assert side.read_text() == "<broken"


def test_parse_date_forms():
    assert time.localtime(xmp.parse_date("2019"))[:2] == (2019, 1)
    assert time.localtime(xmp.parse_date("2019-06"))[:2] == (2019, 6)
    assert time.localtime(xmp.parse_date("2019:06:14 10:20:30"))[:6] == (2019, 6, 14, 10, 20, 30)
    assert time.localtime(xmp.parse_date("2019-06-14T10:20:30+05:00"))[3] == 10
    assert xmp.parse_date("yesterday") is None


def test_write_sidecars_from_library_tags_round_trip(meta_library):
    from photorec.core.organize import tags

    lib, photos = meta_library
    lib.index_folders([photos])
    plain = str(photos / "plain.jpg")
    before = digest(photos / "plain.jpg")
    tags.add_tags(lib, [plain], ["Places|Portugal|Porto", "família"])
    written = sidecars.write_sidecars(lib, [plain]).written
    assert written == [plain + ".xmp"]
    assert digest(photos / "plain.jpg") == before
    metadata_pass.update_library(lib)  # the new sidecar is read back as the file's keywords
    back = metadata.of_photo(lib, plain)
    assert sorted(back.tags) == ["Places|Portugal|Porto", "família"]
    assert sorted(back.keywords) == ["Porto", "família"]
    assert sorted(tags.tags_of(lib, plain)) == ["Places|Portugal|Porto", "família"]


def test_done_is_reported_after_the_metadata_pass(meta_library):
    lib, photos = meta_library
    phases = []
    lib.index_folders([photos], progress=lambda p: phases.append((p.phase, p.done, p.total)))
    assert phases[-1][0] == "done"
    assert [p for p in phases if p[0] == "done"] == [phases[-1]]
    meta = [p for p in phases if p[0] == "metadata"]
    assert meta and meta[0][1:] == (0, 3)
    # after the pixel pipeline ("finishing" is always sent; "indexing" may be throttled away)
    assert phases.index(meta[0]) > max(i for i, p in enumerate(phases) if p[0] in ("indexing", "finishing"))


def test_a_darktable_sidecar_without_keywords_hides_the_embedded_ones(tmp_path):
    p = make_photo(tmp_path / "a.jpg", iptc=[(2, 25, b"deleted-in-darktable")])
    (tmp_path / "a.jpg.xmp").write_text(packet(
        '<rdf:Description rdf:about="" darktable:xmp_version="5" xmp:Rating="1"/>'))
    m = metadata.read_metadata(str(p))
    assert m.tags == [] and m.rating == 1


def test_windows_ratings_and_xmp_gps_forms():
    assert [xmp.ms_rating(r) for r in (0, 1, 25, 50, 75, 99)] == [0, 1, 2, 3, 4, 5]
    assert xmp.gps_coordinate("41,9.474N") == pytest.approx(41.1579)
    assert xmp.gps_coordinate("8,37,44.76W") == pytest.approx(-8.6291)
    assert xmp.gps_coordinate("nonsense") is None
