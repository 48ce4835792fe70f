"""write-sidecars --faces (issue 17): the faces of named people go into the XMP sidecar as MWG
face regions, in the frame MWG 2.0 gives them (the stored image, before EXIF orientation),
read back the same by exiftool, exiv2 and photorec; what other apps put there is kept, a face
another app named otherwise is left alone and said, and a second run writes nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from photorec.cli import main
from photorec.core.ingest import decode, regions, regions_write, xmp, xmp_write
from photorec.core.library import Library
from photorec.core.organize import sidecars, tags

FACES = Path(__file__).resolve().parent / "data" / "faces"
EXIFTOOL, EXIV2 = shutil.which("exiftool"), shutil.which("exiv2")
needs_exiftool = pytest.mark.skipif(
    EXIFTOOL is None, reason="exiftool (the reference reader and writer of MWG regions) is not "
    "installed (apt install libimage-exiftool-perl)")
needs_tools = pytest.mark.skipif(
    EXIFTOOL is None or EXIV2 is None,
    reason="exiftool and exiv2 are not installed (apt install libimage-exiftool-perl exiv2)")
OBAMA = "Barack Obama"
MWG_NS = ('xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" '
          'xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" '
          'xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#"')


# -- helpers ------------------------------------------------------------------------------------

def library(tmp_path: Path, photos: dict[str, Path]) -> tuple[Path, Path]:
    """photos (name -> source) indexed with faces, and the person in fr_obama named."""
    folder = tmp_path / "p"
    folder.mkdir(parents=True, exist_ok=True)
    for name, src in photos.items():
        if not (folder / name).exists():
            shutil.copy2(src, folder / name)
    data = tmp_path / "data"
    with Library.open(data) as lib:
        lib.index_folders([folder])
        obama = next(p for p in lib.people.everyone()
                     if any(Path(x).name.startswith(("fr_obama", "upright")) for x in p.photos))
        lib.people.name(obama.id, OBAMA)
    return folder, data


def boxes(data: Path, photo: Path) -> list:
    with Library.open(data, readonly=True) as lib:
        return lib.people.boxes_of_path(str(photo))


def write(data: Path, *paths: Path, faces: bool = True, capsys=None) -> tuple[int, str]:
    if capsys is not None:
        capsys.readouterr()
    argv = ["--data-dir", str(data), "write-sidecars", "--yes", *(["--faces"] if faces else []),
            *map(str, paths)]
    code = main(argv)
    return code, (capsys.readouterr().out if capsys is not None else "")


def exif_regions(path: Path) -> dict:
    out = subprocess.run([EXIFTOOL, "-j", "-G1", "-struct", "-n", str(path)], capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)[0].get("XMP-mwg-rs:RegionInfo", {})


def exiftool_write(path: Path, *args: str) -> None:
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", *args, str(path)], check=True)


def centre(box) -> tuple[float, float, float, float]:
    x, y, w, h = box
    return (x + w / 2, y + h / 2, w, h)


# -- the frame: MWG areas are in the stored image -----------------------------------------------

@pytest.mark.parametrize("orientation", range(1, 9))
def test_the_orientation_maps_match_the_decoders_own_transposes(orientation):
    """A white block drawn into a stored image at a box lands, once the decoder's transpose for
    that EXIF orientation is applied, exactly where to_displayed says; to_stored undoes it."""
    stored = Image.new("L", (40, 30))
    box = (0.25, 0.1, 0.5, 0.3)  # x 10..30, y 3..12 of 40 x 30
    stored.paste(255, (10, 3, 30, 12))
    shown = stored
    for op in decode._TRANSPOSE.get(orientation, ()):
        shown = shown.transpose(op)
    left, top, right, bottom = shown.getbbox()
    want = (left / shown.width, top / shown.height, (right - left) / shown.width,
            (bottom - top) / shown.height)
    assert regions.to_displayed(box, orientation) == pytest.approx(want)
    assert regions.to_stored(want, orientation) == pytest.approx(box)


def rotated_library(tmp_path: Path) -> tuple[Path, Path, Path, tuple[int, int]]:
    """The same face upright and turned (pixels rotated, EXIF orientation 6 turns them back),
    indexed, named and written with --faces: (data, upright, rotated, displayed size)."""
    im = ImageOps.exif_transpose(Image.open(FACES / "fr_obama.jpg")).convert("RGB")
    folder = tmp_path / "p"
    folder.mkdir()
    upright, rotated = folder / "upright.jpg", folder / "rotated.jpg"
    im.save(upright, quality=92)
    exif = Image.Exif()
    exif[0x0112] = 6
    im.transpose(Image.Transpose.ROTATE_90).save(rotated, quality=92, exif=exif)
    _, data = library(tmp_path, {})
    assert write(data, upright, rotated)[0] == 0
    return data, upright, rotated, im.size


def stored_frame_expected(shown) -> tuple[float, float, float, float]:
    """Derived by hand: ROTATE_90 turned the displayed picture counter-clockwise into the
    stored one, so a displayed point (u, v) is stored at (v, 1 - u); width and height swap.
    Returns the stored area as MWG writes it: centre x, centre y, w, h."""
    cx, cy, w, h = centre(shown)
    return (cy, 1 - cx, h, w)


def test_an_exif_rotated_photo_gets_its_regions_in_the_stored_frame(tmp_path):
    """The rotated photo's region is in its stored pixels' frame, and photorec's reader turns
    it back onto the face as displayed."""
    data, upright, rotated, _ = rotated_library(tmp_path)
    shown = boxes(data, upright)[0].box
    own = boxes(data, rotated)[0].box  # photorec's box of the rotated photo, as displayed
    assert np.abs(np.array(own) - np.array(shown)).max() < 0.02  # (test_people checks this too)
    raw = Path(str(rotated) + ".xmp").read_bytes()
    [as_written] = regions.regions_of_packet(raw)  # no geometry: the area as it stands
    assert centre(as_written.box) == pytest.approx(stored_frame_expected(shown), abs=0.02)
    [r] = regions.read_regions(str(rotated))
    assert r.name == OBAMA and r.box == pytest.approx(own, abs=1e-5)
    [u] = regions.read_regions(str(upright))  # orientation 1: the frames are one
    assert u.box == pytest.approx(shown, abs=1e-5)


@needs_exiftool
def test_exiftool_reads_the_rotated_photos_region_in_the_stored_frame(tmp_path):
    data, upright, rotated, (w, h) = rotated_library(tmp_path)
    shown = boxes(data, upright)[0].box
    info = exif_regions(Path(str(rotated) + ".xmp"))
    assert info["AppliedToDimensions"] == {"W": h, "H": w, "Unit": "pixel"}  # as stored
    [region] = info["RegionList"]
    area = region["Area"]
    assert (area["X"], area["Y"], area["W"], area["H"]) == pytest.approx(
        stored_frame_expected(shown), abs=0.02)
    assert region["Name"] == OBAMA and region["Type"] == "Face"
    up = exif_regions(Path(str(upright) + ".xmp"))
    assert up["AppliedToDimensions"] == {"W": w, "H": h, "Unit": "pixel"}
    a = up["RegionList"][0]["Area"]
    assert (a["X"], a["Y"], a["W"], a["H"]) == pytest.approx(centre(shown), abs=1e-5)


def test_a_list_written_against_the_displayed_photo_stays_in_that_frame(tmp_path):
    """An app that ignored the rule (AppliedToDimensions in the displayed shape): its areas
    are read as displayed, and ours join its list in the same frame."""
    geo = regions.Geometry(400, 300, 6)  # stored 400 x 300, displayed 300 x 400
    theirs = (0.1, 0.1, 0.2, 0.15)  # displayed frame
    x, y, w, h = centre(theirs)
    body = (f'<rdf:Description rdf:about="" {MWG_NS}><mwg-rs:Regions rdf:parseType="Resource">'
            '<mwg-rs:AppliedToDimensions stDim:w="300" stDim:h="400" stDim:unit="pixel"/>'
            '<mwg-rs:RegionList><rdf:Bag><rdf:li rdf:parseType="Resource"><mwg-rs:Name>Ana'
            '</mwg-rs:Name><mwg-rs:Type>Face</mwg-rs:Type><mwg-rs:Area stArea:x="%s" '
            'stArea:y="%s" stArea:w="%s" stArea:h="%s" stArea:unit="normalized"/></rdf:li>'
            '</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions></rdf:Description>') % (x, y, w, h)
    original = packet(body).encode()
    [ana] = regions.regions_of_packet(original, geo)
    assert ana.box == pytest.approx(theirs)
    root = xmp.parse_tree(original, comments=True)
    ours = (0.6, 0.5, 0.2, 0.15)
    merged = regions_write.merge_regions(root, [regions_write.NamedFace("Bea", ours)], geo)
    assert merged.added == ["Bea"]
    data = xmp_write.render(root, original)
    got = {r.name: r.box for r in regions.regions_of_packet(data, geo)}
    assert got["Ana"] == pytest.approx(theirs) and got["Bea"] == pytest.approx(ours, abs=1e-5)
    assert b'stDim:w="300"' in data  # their AppliedToDimensions, as they wrote it


# -- merging, on packets (no photo needed) -----------------------------------------------------

def packet(body: str) -> str:
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
            f'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">{body}</rdf:RDF></x:xmpmeta>'
            '<?xpacket end="w"?>')


def test_merging_keeps_other_regions_and_never_duplicates_a_face():
    """Picasa's attribute form, a Pet and a Focus area, a face under another name, the same
    face under our name: only the new face is added, the rest stays as it was."""
    geo = regions.Geometry(1000, 800, 1)
    body = (f'<rdf:Description rdf:about="" {MWG_NS}><mwg-rs:Regions rdf:parseType="Resource">'
            '<mwg-rs:RegionList><rdf:Bag>'
            '<rdf:li><rdf:Description mwg-rs:Name="Ana" mwg-rs:Type="Face"><mwg-rs:Area '
            'stArea:x="0.2" stArea:y="0.2" stArea:w="0.1" stArea:h="0.1" stArea:unit="normalized"/>'
            '</rdf:Description></rdf:li>'
            '<rdf:li><rdf:Description mwg-rs:Name="Rex" mwg-rs:Type="Pet"><mwg-rs:Area '
            'stArea:x="0.8" stArea:y="0.8" stArea:w="0.2" stArea:h="0.2" stArea:unit="normalized"/>'
            '</rdf:Description></rdf:li>'
            '<rdf:li><rdf:Description mwg-rs:Type="Focus"><mwg-rs:Area stArea:x="0.5" '
            'stArea:y="0.5" stArea:w="0.05" stArea:h="0.05" stArea:unit="normalized"/>'
            '</rdf:Description></rdf:li>'
            '<rdf:li><rdf:Description mwg-rs:Name="Barry" mwg-rs:Type="Face"><mwg-rs:Area '
            'stArea:x="0.5" stArea:y="0.2" stArea:w="0.1" stArea:h="0.1" stArea:unit="normalized"/>'
            '</rdf:Description></rdf:li>'
            '</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions></rdf:Description>')
    original = packet(body).encode()
    root = xmp.parse_tree(original, comments=True)
    faces = [regions_write.NamedFace("ana", (0.155, 0.16, 0.1, 0.09)),  # same face, same name
             regions_write.NamedFace(OBAMA, (0.455, 0.15, 0.1, 0.1)),  # Barry's face
             regions_write.NamedFace("Rex Owner", (0.75, 0.75, 0.1, 0.1)),  # over the pet: new
             regions_write.NamedFace("Cid", (0.6, 0.6, 0.1, 0.1))]  # over the focus area: new
    merged = regions_write.merge_regions(root, faces, geo)
    assert merged.added == ["Rex Owner", "Cid"] and merged.present == 1
    assert merged.conflicts == [(OBAMA, "Barry")]
    data = xmp_write.render(root, original)
    text = data.decode()
    assert 'mwg-rs:Type="Pet"' in text and 'mwg-rs:Type="Focus"' in text
    assert [r.name for r in regions.regions_of_packet(data, geo)] == ["Ana", "Barry", "Rex Owner", "Cid"]
    again = xmp.parse_tree(data, comments=True)
    second = regions_write.merge_regions(again, faces, geo)
    assert second.added == [] and second.present == 3  # a second run adds nothing


def test_names_are_written_as_xml_can_carry_them():
    geo = regions.Geometry(100, 100, 1)
    root = xmp_write.new_packet()
    merged = regions_write.merge_regions(
        root, [regions_write.NamedFace("Jo\x00ão \x1b<b>&", (0.1, 0.1, 0.2, 0.2)),
               regions_write.NamedFace("\x07 ", (0.6, 0.6, 0.2, 0.2))], geo)
    assert merged.added == ["João <b>&"]
    data = xmp_write.render(root, None)
    assert [r.name for r in regions.regions_of_packet(data, geo)] == ["João <b>&"]


# -- through the command line and the library ---------------------------------------------------

def test_faces_are_written_only_when_asked_and_only_of_named_people(tmp_path, capsys):
    """Without --faces no region; with it, the named person only: never the unnamed Biden,
    never a suggestion ("Barack Obama?" on Biden's face). Without PATH, photos with a named
    person are written too."""
    folder, data = library(tmp_path, {"fr_obama.jpg": FACES / "fr_obama.jpg",
                                      "fr_biden.jpg": FACES / "fr_biden.jpg"})
    obama, biden = folder / "fr_obama.jpg", folder / "fr_biden.jpg"
    with Library.open(data) as lib:
        tags.add_tags(lib, [str(obama), str(biden)], ["posse"])
        pid = next(p.id for p in lib.people.everyone() if p.name == OBAMA)
        bface = lib.people.boxes_of_path(str(biden))[0]
        with lib.catalog._write() as c:  # photorec is unsure: "Is this Barack Obama?"
            c.execute("UPDATE faces SET suggestion = ? WHERE id = ?", (pid, bface.id))
    assert boxes(data, biden)[0].suggestion_name == OBAMA
    assert write(data, faces=False)[0] == 0
    for p in (obama, biden):
        assert "mwg-rs" not in Path(str(p) + ".xmp").read_text(encoding="utf-8")
    code, out = write(data, capsys=capsys)
    assert code == 0 and "Wrote 1 sidecar." in out and "Wrote 1 face region of named people." in out
    assert [r.name for r in regions.read_regions(str(obama))] == [OBAMA]
    assert regions.read_regions(str(biden)) == []
    assert xmp.read_sidecar(str(obama) + ".xmp").subject == ["posse"]  # keywords untouched
    plain = tmp_path / "q"
    library(plain, {"fr_obama.jpg": FACES / "fr_obama.jpg"})
    code, out = write(plain / "data", capsys=capsys)  # no tag at all: the named person is enough
    assert code == 0 and "Wrote 1 sidecar." in out
    assert [r.name for r in regions.read_regions(str(plain / "p" / "fr_obama.jpg"))] == [OBAMA]


@needs_tools
def test_regions_read_back_by_exiftool_exiv2_and_photorec_and_a_rerun_writes_nothing(tmp_path, capsys):
    folder, data = library(tmp_path, {n: FACES / n for n in ("fr_obama.jpg", "fr_obama2.jpg")})
    photos = sorted(folder.glob("*.jpg"))
    assert write(data, *photos)[0] == 0
    for p in photos:
        side = Path(str(p) + ".xmp")
        [face] = boxes(data, p)
        info = exif_regions(side)
        with Image.open(p) as im:
            assert info["AppliedToDimensions"] == {"W": im.width, "H": im.height, "Unit": "pixel"}
        [region] = info["RegionList"]
        area = region["Area"]
        assert (area["X"], area["Y"], area["W"], area["H"]) == pytest.approx(centre(face.box), abs=1e-5)
        assert area["Unit"] == "normalized" and region["Name"] == OBAMA and region["Type"] == "Face"
        v = subprocess.run([EXIFTOOL, "-validate", "-warning", "-a", str(side)], capture_output=True,
                           text=True)
        assert "Validate                        : OK" in v.stdout and "Warning" not in v.stdout, v.stdout
        e = subprocess.run([EXIV2, "-pa", str(side)], capture_output=True, text=True)
        assert e.returncode == 0 and not e.stderr.strip(), e.stderr
        assert "Xmp.mwg-rs.Regions/mwg-rs:RegionList[1]/mwg-rs:Name XmpText    12  Barack Obama" in e.stdout
        [r] = regions.read_regions(str(p))  # photorec's own reader: the round trip
        assert r.name == OBAMA and r.box == pytest.approx(face.box, abs=1e-5)
    before = {p: Path(str(p) + ".xmp").read_bytes() for p in photos}
    code, out = write(data, *photos, capsys=capsys)
    assert code == 0 and "Wrote 0 sidecars" in out and "Wrote 0 face regions" in out
    assert {p: Path(str(p) + ".xmp").read_bytes() for p in photos} == before


@needs_exiftool
def test_a_digikam_style_sidecar_keeps_everything_and_a_differently_named_face_is_said(tmp_path, capsys):
    """Sidecars exiftool made the way digiKam writes them: a region list with a Pet, a face of
    someone else and (in one) Obama's face named "Barry", beside Microsoft's MP:RegionInfo and
    keywords. Everything stays; Obama is added where his face is free, not where it is Barry,
    and the summary says so."""
    names = ("fr_obama.jpg", "fr_obama2.jpg")
    folder, data = library(tmp_path, {n: FACES / n for n in names})
    free, taken = folder / names[0], folder / names[1]
    for photo, face_name in ((free, "Michelle"), (taken, "Barry")):
        x, y, w, h = boxes(data, photo)[0].box
        if face_name == "Michelle":
            x, y = (0.05, 0.6)  # somewhere else in the photo
        side = Path(str(photo) + ".xmp")
        with Image.open(photo) as im:
            size = im.size
        subprocess.run([EXIFTOOL, "-q", "-o", str(side),
                        f"-XMP-mwg-rs:RegionInfo={{AppliedToDimensions={{W={size[0]},H={size[1]},"
                        "Unit=pixel},RegionList=[{Area={X=0.9,Y=0.9,W=0.1,H=0.1,Unit=normalized},"
                        f"Name=Bo,Type=Pet}},{{Area={{X={x + w / 2:.4f},Y={y + h / 2:.4f},W={w:.4f},"
                        f"H={h:.4f},Unit=normalized}},Name={face_name},Type=Face}}]}}",
                        f"-XMP-MP:RegionInfoMP={{Regions=[{{PersonDisplayName={face_name},"
                        f"Rectangle={x:.4f}|, {y:.4f}|, {w:.4f}|, {h:.4f}}}]}}",
                        f"-XMP-digiKam:TagsList=People/{face_name}", str(photo)], check=True)
    before = {p: exif_regions(Path(str(p) + ".xmp")) for p in (free, taken)}
    mp_before = {p: subprocess.run([EXIFTOOL, "-j", "-struct", "-XMP-MP:all", str(p) + ".xmp"],
                                   capture_output=True, text=True).stdout for p in (free, taken)}
    taken_bytes = Path(str(taken) + ".xmp").read_bytes()
    code, out = write(data, free, taken, capsys=capsys)
    assert code == 0
    assert f"{taken}.xmp: the face of {OBAMA} is not written: another app named that face Barry there" in out
    assert "Wrote 1 face region of named people." in out
    after = exif_regions(Path(str(free) + ".xmp"))
    assert after["AppliedToDimensions"] == before[free]["AppliedToDimensions"]
    assert after["RegionList"][:2] == before[free]["RegionList"]  # the Pet and Michelle, as they were
    assert [r["Name"] for r in after["RegionList"]] == ["Bo", "Michelle", OBAMA]
    v = subprocess.run([EXIFTOOL, "-validate", "-warning", "-a", f"{free}.xmp"],
                       capture_output=True, text=True).stdout
    assert "Validate                        : OK" in v, v
    if EXIV2:
        e = subprocess.run([EXIV2, "-pa", f"{free}.xmp"], capture_output=True, text=True)
        assert e.returncode == 0 and not e.stderr.strip(), e.stderr
    assert Path(str(taken) + ".xmp").read_bytes() == taken_bytes  # nothing to add: not rewritten
    for p in (free, taken):
        mp = subprocess.run([EXIFTOOL, "-j", "-struct", "-XMP-MP:all", str(p) + ".xmp"],
                            capture_output=True, text=True).stdout
        assert json.loads(mp)[0].get("RegionInfoMP") == json.loads(mp_before[p])[0]["RegionInfoMP"]
    assert xmp.read_sidecar(str(free) + ".xmp").hierarchical == ["People|Michelle"]
    with Library.open(data) as lib:
        rep = sidecars.write_sidecars(lib, [str(free), str(taken)], faces=True)
    assert rep.written == [] and rep.faces_written == 0
    assert rep.face_conflicts == [(f"{taken}.xmp", OBAMA, "Barry")]


def test_the_dialogs_faces_box_is_off_unless_ticked(tmp_path, qtbot, monkeypatch):
    pytest.importorskip("pytestqt")
    from PySide6.QtWidgets import QMessageBox

    from photorec.gui.tags_view import TagsView

    folder, data = library(tmp_path, {n: FACES / n for n in ("fr_obama.jpg", "fr_obama2.jpg")})
    a, b = folder / "fr_obama.jpg", folder / "fr_obama2.jpg"
    seen = []

    def answer(tick: bool):
        def exec_(box):
            seen.append((box.text(), box.checkBox().text(), box.checkBox().isChecked()))
            box.checkBox().setChecked(tick)
            return QMessageBox.StandardButton.Yes
        return exec_

    with Library.open(data) as lib:
        tags.add_tags(lib, [str(a), str(b)], ["praia"])
        view = TagsView(lambda: lib)
        qtbot.addWidget(view)
        monkeypatch.setattr(QMessageBox, "exec", answer(False))
        view.set_selection([str(a)])
        view.sidecar_button.click()
        qtbot.waitUntil(lambda: "Wrote" in view.status.text(), timeout=30000)
        assert view.status.text() == "Wrote 1 sidecar."
        assert regions.read_regions(str(a)) == []
        monkeypatch.setattr(QMessageBox, "exec", answer(True))
        view.set_selection([str(a), str(b)])
        view.status.setText("")
        view.sidecar_button.click()
        qtbot.waitUntil(lambda: "Wrote" in view.status.text(), timeout=30000)
        assert view.status.text() == "Wrote 2 sidecars. 2 face regions written."
        assert [r.name for r in regions.read_regions(str(a))] == [OBAMA]
        assert [r.name for r in regions.read_regions(str(b))] == [OBAMA]
    assert [s[2] for s in seen] == [False, False]  # off by default, both times
    assert "faces of named people" in seen[0][1]


def test_the_windows_summary_names_the_faces_left_to_another_app():
    pytest.importorskip("PySide6")
    from photorec.gui import sidecar_writer

    rep = sidecars.SidecarReport(written=["/p/a.jpg.xmp"], faces=True, faces_written=1,
                                 face_conflicts=[("/p/b.jpg.xmp", "Ana %2", "Bea"),
                                                 ("/p/c.jpg.xmp", "Ana", "")])
    assert sidecar_writer.summary(rep) == (
        "Wrote 1 sidecar. 1 face region written. 2 faces left as another app named them "
        "(b.jpg.xmp: Ana %2 is Bea there; c.jpg.xmp: Ana is unnamed there).")
