"""write-sidecars never loses or invents a keyword: copies keep their own keywords, another
app's sidecar keeps everything, read-only sidecars are left alone, writes are atomic, and a
bad sidecar is named while the rest are written. Reading a sidecar is bounded."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import shared_photos
from test_metadata import bag, digest, make_photo, packet

from photorec.cli import main
from photorec.core.ingest import metadata, xmp
from photorec.core.library import Library
from photorec.core.organize import sidecars, tags
from photorec.core.search import engine as srch

EXIFTOOL, EXIV2 = shutil.which("exiftool"), shutil.which("exiv2")
needs_tools = pytest.mark.skipif(
    EXIFTOOL is None or EXIV2 is None,
    reason="exiftool and exiv2 are not installed (apt install libimage-exiftool-perl exiv2)")


def subject_packet(*words: str, extra: str = "") -> str:
    return packet('<rdf:Description rdf:about="">' + bag("dc:subject", list(words)) + extra
                  + "</rdf:Description>")


def index(data: Path, *folders: Path) -> None:
    assert main(["--data-dir", str(data), "index", *map(str, folders)]) == 0


def write(data: Path, *paths, code: int = 0) -> None:
    assert main(["--data-dir", str(data), "write-sidecars", "--yes", *map(str, paths)]) == code


def test_copies_keep_their_own_keywords(tmp_path, capsys):
    """The issue's reproduction: one JPEG in a/ and b/, each with its own sidecar keyword."""
    a, b = tmp_path / "a" / "x.jpg", tmp_path / "b" / "x.jpg"
    make_photo(a)
    b.parent.mkdir()
    shutil.copyfile(a, b)
    Path(str(a) + ".xmp").write_text(subject_packet("alpha"), encoding="utf-8")
    Path(str(b) + ".xmp").write_text(subject_packet("beta"), encoding="utf-8")
    data = tmp_path / "data"
    index(data, a.parent, b.parent)
    with Library.open(data) as lib:
        assert lib.photo(str(a)).ckey == lib.photo(str(b)).ckey  # the same content
        assert tags.tags_of(lib, str(a)) == ["alpha"] and tags.tags_of(lib, str(b)) == ["beta"]
        assert [h.path for h in srch.search(lib, "beta")] == [str(b)]
        tags.add_tags(lib, [str(a)], ["mine"])
    capsys.readouterr()
    write(data)
    assert "Wrote 2 sidecars" in capsys.readouterr().out
    assert xmp.read_sidecar(str(a) + ".xmp").subject == ["alpha", "mine"]
    assert xmp.read_sidecar(str(b) + ".xmp").subject == ["beta", "mine"]  # user tags follow content


def test_lightroom_sidecar_is_written_into_and_no_second_one_made(tmp_path):
    photo = make_photo(tmp_path / "p" / "IMG_1.jpg")
    lr = tmp_path / "p" / "IMG_1.xmp"
    lr.write_text(subject_packet("Porto"), encoding="utf-8")
    data = tmp_path / "data"
    index(data, photo.parent)
    with Library.open(data) as lib:
        tags.add_tags(lib, [str(photo)], ["rio"])
    write(data, photo)
    assert sorted(os.listdir(photo.parent)) == ["IMG_1.jpg", "IMG_1.xmp"]
    assert xmp.read_sidecar(lr).subject == ["Porto", "rio"]


def test_a_new_sidecar_carries_the_embedded_xmp(tmp_path):
    body = ('<rdf:Description rdf:about="" xmp:Rating="4" photoshop:DateCreated="2018-03-02T10:00:00">'
            + bag("dc:subject", ["Douro"])
            + '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">The river</rdf:li>'
              '<rdf:li xml:lang="pt-BR">O rio</rdf:li></rdf:Alt></dc:title>'
            + '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Boats</rdf:li></rdf:Alt>'
              '</dc:description></rdf:Description>')
    photo = make_photo(tmp_path / "p" / "a.jpg", xmp_packet=packet(body),
                       iptc=[(2, 25, b"ignored: XMP wins")])
    data = tmp_path / "data"
    index(data, photo.parent)
    before = metadata.read_metadata(str(photo))
    with Library.open(data) as lib:
        tags.add_tags(lib, [str(photo)], ["boats"])
    write(data, photo)
    side = xmp.read_sidecar(str(photo) + ".xmp")
    assert side.titles == {"x-default": "The river", "pt-BR": "O rio"}
    assert side.description == "Boats" and side.rating == 4
    assert side.subject == ["Douro", "boats"]
    after = metadata.read_metadata(str(photo))
    assert (after.date, after.rating, after.titles) == (before.date, before.rating, before.titles)


def test_without_paths_only_photos_whose_tags_differ_are_written(tmp_path, capsys):
    folder = tmp_path / "p"
    src = shared_photos()
    tagged = make_photo(folder / "tagged.jpg", src=src[3])
    same = make_photo(folder / "same.jpg", src=src[4], iptc=[(2, 25, b"sea")])
    plain = make_photo(folder / "plain.jpg", src=src[5])
    data = tmp_path / "data"
    index(data, folder)
    with Library.open(data) as lib:
        tags.add_tags(lib, [str(tagged)], ["dog"])
        tags.add_tags(lib, [str(same)], ["sea"])  # the file already says so
    capsys.readouterr()
    write(data)
    out = capsys.readouterr().out
    assert "Wrote 1 sidecar" in out and "1 photo already says what photorec says" in out
    assert sorted(p.name for p in folder.glob("*.xmp")) == ["tagged.jpg.xmp"]
    assert not (Path(str(plain) + ".xmp")).exists()


def test_a_rewrite_keeps_everything_another_app_put_there(tmp_path):
    """Hierarchy parts in dc:subject, comments, a keyword digiKam added after the last index,
    a symlinked sidecar (written through), its 0600 mode."""
    photo = make_photo(tmp_path / "p" / "a.jpg")
    real = tmp_path / "elsewhere" / "a.xmp"
    real.parent.mkdir()
    real.write_text(packet(
        '<!-- digiKam was here --><rdf:Description rdf:about="">'
        + bag("dc:subject", ["Places", "Portugal", "Douro"])
        + bag("lr:hierarchicalSubject", ["Places|Portugal|Douro"])
        + bag("digiKam:TagsList", ["Places/Portugal/Douro"], "Seq") + "</rdf:Description>"),
        encoding="utf-8")
    real.chmod(0o600)
    link = Path(str(photo) + ".xmp")
    link.symlink_to(real)
    data = tmp_path / "data"
    index(data, photo.parent)
    # digiKam adds a keyword after photorec's last index
    text = real.read_text(encoding="utf-8")
    real.write_text(text.replace("<rdf:li>Places/Portugal/Douro</rdf:li>",
                                 "<rdf:li>Places/Portugal/Douro</rdf:li><rdf:li>People/Ana</rdf:li>"),
                    encoding="utf-8")
    with Library.open(data) as lib:
        tags.add_tags(lib, [str(photo)], ["vinho"])
    write(data, photo)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    text = real.read_text(encoding="utf-8")
    assert "<!-- digiKam was here -->" in text
    back = xmp.read_sidecar(real)
    assert back.subject == ["Places", "Portugal", "Douro", "vinho"]
    assert back.hierarchical == ["Places|Portugal|Douro", "People/Ana".replace("/", "|"), "vinho"]
    assert not [n for n in os.listdir(real.parent) if n.endswith(".tmp")]


def test_read_only_sidecar_is_reported_and_the_rest_written(tmp_path, capsys):
    folder = tmp_path / "p"
    src = shared_photos()
    ro = make_photo(folder / "ro.jpg", src=src[6])
    deep = make_photo(folder / "deep.jpg", src=src[7])
    ok = make_photo(folder / "ok.jpg", src=src[8])
    ro_side = Path(str(ro) + ".xmp")
    ro_side.write_text(subject_packet("kept"), encoding="utf-8")
    data = tmp_path / "data"
    index(data, folder)
    with Library.open(data) as lib:
        tags.add_tags(lib, [str(ro), str(deep), str(ok)], ["new"])
    ro_side.chmod(0o444)
    Path(str(deep) + ".xmp").write_text("<a>" * 3000 + "</a>" * 3000)  # after the index
    before = ro_side.read_bytes()
    capsys.readouterr()
    write(data, code=1)
    out, err = capsys.readouterr()
    assert "Wrote 1 sidecar" in out and "2 skipped" in out
    assert f"skipped {ro_side}: the sidecar is read-only" in err
    assert f"skipped {deep}.xmp: the sidecar is nested too deeply" in err
    assert ro_side.read_bytes() == before and stat.S_IMODE(ro_side.stat().st_mode) == 0o444
    assert xmp.read_sidecar(str(ok) + ".xmp").subject == ["new"]
    assert "Traceback" not in err


def test_removing_a_tag_in_photorec_removes_only_that_keyword(tmp_path):
    photo = make_photo(tmp_path / "p" / "a.jpg")
    side = Path(str(photo) + ".xmp")
    side.write_text(subject_packet("keep", "drop"), encoding="utf-8")
    data = tmp_path / "data"
    index(data, photo.parent)
    with Library.open(data) as lib:
        tags.add_tags(lib, [str(photo)], ["mine"])
        tags.remove_tags(lib, [str(photo)], ["drop"])
    write(data, photo)
    assert xmp.read_sidecar(side).subject == ["keep", "mine"]
    with Library.open(data) as lib:  # a tag photorec wrote, removed later, goes too
        tags.remove_tags(lib, [str(photo)], ["mine"])
    write(data, photo)
    assert xmp.read_sidecar(side).subject == ["keep"]


@pytest.mark.slow
@needs_tools
def test_round_trip_read_back_by_exiftool_and_exiv2_without_warnings(tmp_path):
    """photorec writes into each fixture app's sidecar (and a new one); exiftool and exiv2
    read it back with no warnings, and every field the other app wrote is still there."""
    import json

    fixtures = Path(__file__).parent / "data" / "metadata"
    folder = tmp_path / "p"
    folder.mkdir()
    for f in fixtures.iterdir():
        if f.suffix.lower() in (".jpg", ".xmp"):
            shutil.copy2(f, folder / f.name)
    data = tmp_path / "data"
    index(data, folder)
    photos = sorted(folder.glob("*.jpg"))

    def fields(path: Path) -> dict:
        out = subprocess.run([EXIFTOOL, "-j", "-G1", "-struct", "-XMP:all", str(path)],
                             capture_output=True, text=True, check=True).stdout
        return {k: v for k, v in json.loads(out)[0].items() if k.startswith("XMP-")
                and k != "XMP-x:XMPToolkit"}

    sides = {p: sidecars.sidecar_for_writing(str(p)) for p in photos}
    before = {p: fields(Path(s)) if os.path.exists(s) else fields(p) for p, s in sides.items()}
    with Library.open(data) as lib:
        tags.add_tags(lib, list(map(str, photos)), ["Viagens|AC/DC", "photorec"])
    write(data)
    for p, s in sides.items():
        assert os.path.exists(s), s
        v = subprocess.run([EXIFTOOL, "-validate", "-warning", "-a", s], capture_output=True,
                           text=True)
        assert "Validate                        : OK" in v.stdout, (s, v.stdout)
        e = subprocess.run([EXIV2, "-pa", s], capture_output=True, text=True)
        assert e.returncode == 0 and not e.stderr.strip(), (s, e.stderr)
        after = fields(Path(s))
        for k, v in before[p].items():  # nothing another app wrote is lost
            if isinstance(v, list):
                assert set(map(str, v)) <= set(map(str, after.get(k, []))), (s, k)
            else:
                assert after.get(k) == v, (s, k)
        assert "Viagens|AC/DC" in after["XMP-lr:HierarchicalSubject"]
        assert "Viagens/AC\\/DC" in after["XMP-digiKam:TagsList"]
        m = metadata.read_metadata(str(p))
        assert "Viagens|AC/DC" in m.tags and "photorec" in m.tags, s
    assert sorted(f.name for f in folder.iterdir() if f.name.endswith(".xmp")) == sorted(
        os.path.basename(s) for s in sides.values())  # no second sidecar anywhere


KILLER = textwrap.dedent("""
    import os, sys, time
    from photorec.core.ingest import xmp_write
    from photorec.core.organize import sidecars
    photo, point, flag = sys.argv[1], sys.argv[2], sys.argv[3]
    real = {"fsync": os.fsync, "replace": os.replace}
    def pause(*a, **k):
        if point == "replace":
            real["replace"](*a, **k)
        open(flag, "w").close()
        time.sleep(60)
    setattr(os, point if point == "fsync" else "replace", pause)
    sidecars.write_one(photo, ["new"], set())
""")


@pytest.mark.parametrize("point", ["fsync", "replace"])
def test_killed_mid_write_leaves_old_or_new_and_temps_are_cleaned(tmp_path, point):
    photo = make_photo(tmp_path / "p" / "a.jpg")
    side = Path(str(photo) + ".xmp")
    old = subject_packet("old")
    side.write_text(old, encoding="utf-8")
    flag = tmp_path / "flag"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(photo), point, str(flag)], env=env)
    try:
        deadline = time.monotonic() + 120
        while not flag.exists():
            assert proc.poll() is None, "the writer ended before the kill point"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        proc.kill()  # SIGKILL
    finally:
        proc.wait()
    if point == "fsync":  # killed before the rename: the old sidecar, whole
        assert side.read_text(encoding="utf-8") == old
        temps = [n for n in os.listdir(side.parent) if n.endswith(".tmp")]
        assert temps, "the kill point is after the temp file is made"
    else:  # killed after the rename: the new one, whole
        assert xmp.read_sidecar(side).subject == ["old", "new"]
    data = tmp_path / "data"
    index(data, photo.parent)
    with Library.open(data) as lib:
        rep = sidecars.write_sidecars(lib, [str(photo)])
    assert rep.temps_removed == (1 if point == "fsync" else 0)
    assert not [n for n in os.listdir(side.parent) if n.endswith(".tmp")]


# -- reading is bounded -------------------------------------------------------------------------


def test_sidecars_that_are_not_sane_files_are_refused_and_the_photos_indexed(tmp_path):
    folder = tmp_path / "p"
    src = shared_photos()
    names = ["fifo", "zero", "huge", "deep"]
    for i, n in enumerate(names):
        make_photo(folder / f"{n}.jpg", src=src[10 + i], iptc=[(2, 25, n.encode())])
    os.mkfifo(folder / "fifo.jpg.xmp")
    (folder / "zero.jpg.xmp").symlink_to("/dev/zero")
    with open(folder / "huge.jpg.xmp", "wb") as fh:
        fh.truncate(64 * 1024 * 1024)  # sparse: 64 MB of nothing
    (folder / "deep.jpg.xmp").write_text("<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + "<a>" * 3000
                                         + "</a>" * 3000 + "</x:xmpmeta>")
    with Library.open(tmp_path / "data") as lib:
        report = lib.index_folders([folder])
        assert report.new == 4 and report.failed == 0
        problems = dict(metadata.problems(lib))
        assert "fifo.jpg.xmp: not a regular file" in problems[str(folder / "fifo.jpg")]
        assert "zero.jpg.xmp: not a regular file" in problems[str(folder / "zero.jpg")]
        assert "huge.jpg.xmp: XMP sidecar too large" in problems[str(folder / "huge.jpg")]
        assert "nested more than" in problems[str(folder / "deep.jpg")]
        for n in names:  # the embedded keywords are still read
            assert tags.tags_of(lib, str(folder / f"{n}.jpg")) == [n]


def test_a_symlinked_sidecar_to_a_regular_file_is_read(tmp_path):
    photo = make_photo(tmp_path / "p" / "a.jpg")
    real = tmp_path / "a.xmp"
    real.write_text(subject_packet("linked"), encoding="utf-8")
    Path(str(photo) + ".xmp").symlink_to(real)
    assert metadata.read_metadata(str(photo)).keywords == ["linked"]


def test_the_photo_is_never_written(tmp_path):
    photo = make_photo(tmp_path / "p" / "a.jpg", iptc=[(2, 25, b"x")])
    before = digest(photo)
    data = tmp_path / "data"
    index(data, photo.parent)
    with Library.open(data) as lib:
        tags.add_tags(lib, [str(photo)], ["y"])
    write(data)
    assert digest(photo) == before


def test_the_tags_page_writes_sidecars_and_says_what_happened(tmp_path, qtbot, monkeypatch):
    pytest.importorskip("pytestqt")
    from PySide6.QtWidgets import QMessageBox

    from photorec.gui.tags_view import TagsView

    folder = tmp_path / "p"
    src = shared_photos()
    a = make_photo(folder / "a.jpg", src=src[20])
    ro = make_photo(folder / "ro.jpg", src=src[21])
    ro_side = Path(str(ro) + ".xmp")
    ro_side.write_text(subject_packet("kept"), encoding="utf-8")
    ro_side.chmod(0o444)
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([folder])
        tags.add_tags(lib, [str(a), str(ro)], ["praia"])
        view = TagsView(lambda: lib)
        qtbot.addWidget(view)
        asked = []
        monkeypatch.setattr(QMessageBox, "exec",
                            lambda box: asked.append(box.text()) or QMessageBox.StandardButton.Yes)
        view.set_selection([str(a), str(ro)])
        view.sidecar_button.click()
        qtbot.waitUntil(lambda: "Wrote" in view.status.text(), timeout=30000)
        assert "the 2 selected photos" in asked[0]
        assert view.status.text() == "Wrote 1 sidecar. 1 skipped (ro.jpg.xmp: read-only, left as it is)."
        assert xmp.read_sidecar(str(a) + ".xmp").subject == ["praia"]
        assert xmp.read_sidecar(ro_side).subject == ["kept"]


def test_temps_left_by_photorec_0_2_are_removed_and_nothing_else(tmp_path):
    from photorec.core.ingest import xmp_write

    folder = tmp_path / "p"
    folder.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that is gone
    old = folder / f"x.jpg.xmp.{dead.pid}.tmp"
    old.write_text('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">',
                   encoding="utf-8")
    empty = folder / f"y.jpg.xmp.{dead.pid}.tmp"
    empty.write_bytes(b"")
    users = folder / f"notes.xmp.{dead.pid}.tmp"
    users.write_text("my own notes")
    alive = folder / f".z.jpg.xmp.photorec-{os.getppid()}.tmp"  # a writer still running
    alive.write_text("")
    assert xmp_write.remove_stale_temps(str(folder)) == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted([users.name, alive.name])


def test_embedded_metadata_of_something_not_a_regular_file_is_not_read(tmp_path):
    fifo = tmp_path / "a.jpg"
    os.mkfifo(fifo)
    m = metadata.read_metadata(str(fifo))  # returns at once: a FIFO is never opened
    assert m.problems == ["the photo is not a regular file; its metadata was not read"]
