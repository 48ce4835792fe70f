"""The command line, exactly as the README and the checks use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from photorec import __version__
from photorec.cli import main
from tests.conftest import REPO, copy_photos


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_help():
    r = subprocess.run([sys.executable, "-m", "photorec", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == f"photorec {__version__}"
    r = subprocess.run([sys.executable, "-m", "photorec", "--help"], capture_output=True, text=True)
    assert r.returncode == 0
    # The sub-commands and the window's options, in one help.
    for word in ("index", "similar", "status", "--similar", "--screenshot", "PATH"):
        assert word in r.stdout
    r = subprocess.run([sys.executable, "-m", "photorec", "index", "--help"], capture_output=True,
                       text=True)
    assert r.returncode == 0 and r.stdout.startswith("usage: photorec index ")


def test_index_similar_status(capsys, photo_dir, data_dir, tmp_path):
    (photo_dir / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    code, out, err = run(capsys, "--data-dir", data_dir, "index", photo_dir)
    assert code == 0, err
    assert "12 new" in out and "1 failed" in out and "broken.jpg" in out

    query = sorted(p for p in photo_dir.glob("*.jpg") if p.name != "broken.jpg")[0]
    code, out, err = run(capsys, "--data-dir", data_dir, "similar", query, "-k", "5", "--json", "--all")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["query"] == str(query.resolve())
    assert len(doc["results"]) == 5
    for item in doc["results"]:
        assert set(item) <= {"path", "score", "band", "offline"}
        assert Path(item["path"]).is_absolute() and item["path"] != doc["query"]
        assert isinstance(item["score"], float)
    scores = [i["score"] for i in doc["results"]]
    assert scores == sorted(scores, reverse=True)

    # Two queries, one of them from outside the library, options after the command.
    outside = tmp_path / "outside.png"
    from PIL import Image
    with Image.open(query) as im:
        im.convert("RGB").resize((200, 150)).save(outside)
    code, out, _ = run(capsys, "similar", query, outside, "--json", "--all", "--data-dir", data_dir)
    docs = [json.loads(x) for x in out.strip().splitlines()]
    assert code == 0 and len(docs) == 2
    assert docs[1]["results"][0]["path"] == str(query.resolve())
    assert len(docs[0]["results"]) == 11  # default 20, but only 11 other photos

    code, out, _ = run(capsys, "--data-dir", data_dir, "similar", query)
    assert code == 0 and "%" in out

    code, out, _ = run(capsys, "--data-dir", data_dir, "status")
    assert code == 0
    assert str(photo_dir) in out and "12 photos" in out and "online" in out and "Model:" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "status", "--json")
    st = json.loads(out)
    assert st["photos"] == 12 and st["failed"] == 1 and st["index_bytes"] > 0

    code, out, _ = run(capsys, "--data-dir", data_dir, "problems", "--json")
    assert json.loads(out.strip())["path"].endswith("broken.jpg")


def test_errors_are_words_and_nonzero(capsys, data_dir, tmp_path):
    code, _, err = run(capsys, "--data-dir", data_dir, "index", tmp_path / "missing")
    assert code != 0 and "does not exist" in err
    code, _, err = run(capsys, "--data-dir", tmp_path / "empty", "similar", tmp_path / "x.jpg")
    assert code != 0 and "index" in err
    (tmp_path / "afile").write_text("x")
    code, _, err = run(capsys, "--data-dir", tmp_path / "afile" / "sub", "index", tmp_path)
    assert code != 0 and "data folder" in err


def test_remove_needs_confirmation(capsys, photo_dir, data_dir):
    assert run(capsys, "--data-dir", data_dir, "index", photo_dir)[0] == 0
    code, _, err = run(capsys, "--data-dir", data_dir, "remove", photo_dir)
    assert code != 0 and "12 photos" in err and "--yes" in err
    code, out, _ = run(capsys, "--data-dir", data_dir, "remove", photo_dir, "--yes")
    assert code == 0 and "untouched" in out
    assert len(list(photo_dir.glob("*.jpg"))) == 12
    code, out, _ = run(capsys, "--data-dir", data_dir, "status", "--json")
    assert json.loads(out)["photos"] == 0


def test_offline_flag_in_json(capsys, tmp_path, data_dir):
    import shutil

    from tests.conftest import copy_photos
    copy_photos(tmp_path / "drive", n=3, step=10)
    local = copy_photos(tmp_path / "local", n=2, step=33)
    assert run(capsys, "--data-dir", data_dir, "index", tmp_path / "drive", tmp_path / "local")[0] == 0
    shutil.move(tmp_path / "drive", tmp_path / "gone")
    code, out, _ = run(capsys, "--data-dir", data_dir, "index", tmp_path / "local")
    assert code == 0 and "Offline" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "status")
    assert "OFFLINE" in out and "3 photos" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "similar", local[0], "--json", "--all")
    res = json.loads(out)["results"]
    assert len(res) == 4 and sum(1 for r in res if r.get("offline")) == 3


# -- a mistyped command (#9) -------------------------------------------------------------------


def _no_display_env() -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_mistyped_command_is_an_error_and_opens_no_window(tmp_path):
    # No display: had it been taken for a path, Qt would abort (exit 134) or the start-up
    # check would say there is no display (exit 1). A typo is a usage error, exit 2.
    r = subprocess.run([sys.executable, "-m", "photorec", "--data-dir", tmp_path / "data",
                        "simlar", "x.jpg"], capture_output=True, text=True, timeout=120,
                       env=_no_display_env(), cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "did you mean 'similar'?" in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


def test_unknown_words_never_reach_the_window(capsys, monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr("photorec.gui.app.run_gui", lambda args: opened.append(args) or 0)
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "--data-dir", tmp_path / "d", "indx", "photos")
    assert code == 2 and "did you mean 'index'?" in err
    code, _, err = run(capsys, "--data-dir", tmp_path / "d", "statuss")
    assert code == 2 and "did you mean 'status'?" in err
    code, _, err = run(capsys, "--data-dir", tmp_path / "d", "holiday.jpg")
    assert code == 2 and "no such file or folder: holiday.jpg" in err
    code, _, err = run(capsys, "--data-dir", tmp_path / "d", "zzzz")
    assert code == 2 and "Commands:" in err and "similar" in err
    assert opened == []
    # An existing path still opens the window, as before.
    (tmp_path / "simlar").mkdir()
    assert run(capsys, "--data-dir", tmp_path / "d", "simlar")[0] == 0
    assert len(opened) == 1 and opened[0].paths == ["simlar"]


# -- index with no PATH (#9) -------------------------------------------------------------------


def test_index_without_path_rescans_every_folder(capsys, tmp_path, data_dir):
    from tests.conftest import shared_photos

    a = copy_photos(tmp_path / "a", n=2, step=7)
    copy_photos(tmp_path / "b", n=2, step=11)
    code, _, err = run(capsys, "--data-dir", data_dir, "index")
    assert code == 1 and "no folders yet" in err and "photorec index FOLDER" in err
    assert run(capsys, "--data-dir", data_dir, "index", tmp_path / "a", tmp_path / "b")[0] == 0
    extra = shared_photos()[-2:]
    shutil.copy2(extra[0], tmp_path / "a" / "new-a.jpg")
    shutil.copy2(extra[1], tmp_path / "b" / "new-b.jpg")
    a[0].unlink()
    code, out, err = run(capsys, "--data-dir", data_dir, "index")
    assert code == 0, err
    assert "2 new" in out and "1 removed" in out and "3 unchanged" in out


# -- offline folders, live (#9) ----------------------------------------------------------------


def _similar_json(capsys, data_dir, query) -> list[dict]:
    code, out, err = run(capsys, "--data-dir", data_dir, "similar", query, "--json", "--all")
    assert code == 0, err
    return json.loads(out)["results"]


def test_unplugged_folder_is_offline_live_and_comes_back(capsys, tmp_path, data_dir):
    drive = tmp_path / "drive"
    copy_photos(drive, n=3, step=10)
    local = copy_photos(tmp_path / "local", n=2, step=33)
    assert run(capsys, "--data-dir", data_dir, "index", drive, tmp_path / "local")[0] == 0
    assert not any(r.get("offline") for r in _similar_json(capsys, data_dir, local[0]))

    shutil.move(drive, tmp_path / "unplugged")  # no rescan since
    res = _similar_json(capsys, data_dir, local[0])
    assert len(res) == 4
    assert sorted(r["path"] for r in res if r.get("offline")) == sorted(
        str(drive / p.name) for p in (tmp_path / "unplugged").iterdir())
    code, out, _ = run(capsys, "--data-dir", data_dir, "status")
    line = next(x for x in out.splitlines() if str(drive) in x)
    assert "OFFLINE" in line and "unplugged" in line and "3 photos" in line
    code, out, _ = run(capsys, "--data-dir", data_dir, "status", "--json")
    states = {f["path"]: f["online"] for f in json.loads(out)["folders"]}
    assert states == {str(drive): False, str(tmp_path / "local"): True}

    # index, with the missing library folder named or not: one line, exit 0, nothing lost.
    for argv in ((), (drive,)):
        code, out, err = run(capsys, "--data-dir", data_dir, "index", *argv)
        assert code == 0, err
        offline_lines = [x for x in out.splitlines() if "Offline" in x]
        assert len(offline_lines) == 1 and str(drive) in offline_lines[0]
        assert "0 removed" in out
    assert len(_similar_json(capsys, data_dir, local[0])) == 4

    shutil.move(tmp_path / "unplugged", drive)  # plugged back in, no rescan yet
    assert not any(r.get("offline") for r in _similar_json(capsys, data_dir, local[0]))
    code, out, _ = run(capsys, "--data-dir", data_dir, "status", "--json")
    assert all(f["online"] for f in json.loads(out)["folders"])
    code, out, err = run(capsys, "--data-dir", data_dir, "index")
    assert code == 0 and "0 new" in out and "5 unchanged" in out and "embedded" not in out


def test_library_folders_and_photos_are_live(tmp_path):
    from photorec.core.library import Library

    copy_photos(tmp_path / "drive", n=2, step=9)
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([tmp_path / "drive"])
        assert [f.online for f in lib.folders()] == [True]
        shutil.move(tmp_path / "drive", tmp_path / "away")
        lib._online.invalidate()  # as if the cache's second or two had passed
        (f,) = lib.folders()
        assert not f.online and "not found" in f.offline_reason
        assert not any(p.online for p in lib.photos())
        assert all(m.offline for m in lib.similar(tmp_path / "away" / os.path.basename(
            lib.photos()[0].path), k=5))


# -- special files as a query (#10.5) ----------------------------------------------------------


def _limited_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # a runaway read stops at 2 GB


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
def test_special_files_are_refused_as_queries(capsys, tmp_path, photo_dir, data_dir):
    assert run(capsys, "--data-dir", data_dir, "index", photo_dir)[0] == 0
    (tmp_path / "x.jpg").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "y.jpg")
    good = sorted(photo_dir.glob("*.jpg"))[0]
    r = subprocess.run([sys.executable, "-m", "photorec", "--data-dir", data_dir, "similar",
                        tmp_path / "x.jpg", tmp_path / "y.jpg", good, "--json", "-k", "1"],
                       capture_output=True, text=True, timeout=120, preexec_fn=_limited_memory,
                       env=_no_display_env())
    assert r.returncode == 1
    assert "x.jpg is a character device, not an image file (it links to /dev/zero)" in r.stderr
    assert "y.jpg is a named pipe (FIFO), not an image file" in r.stderr
    assert "Traceback" not in r.stderr
    assert json.loads(r.stdout)["query"] == str(good)  # the good query is still answered


def test_query_files_are_checked_in_the_core(tmp_path, photo_dir, monkeypatch):
    from photorec.core.ingest import query
    from photorec.core.library import Library, LibraryError

    outside = tmp_path / "outside.jpg"
    shutil.copy2(sorted(photo_dir.glob("*.jpg"))[3], outside)
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photo_dir])
        assert lib.similar(outside, k=1)[0].score > 0.99  # a regular file is read as before
        with pytest.raises(LibraryError, match="is a folder"):
            lib.vector_for(photo_dir)
        if hasattr(os, "mkfifo"):
            os.mkfifo(tmp_path / "pipe.jpg")
            with pytest.raises(LibraryError, match="named pipe"):
                lib.check_query_file(tmp_path / "pipe.jpg")  # the window calls this first
        monkeypatch.setattr(query, "MAX_QUERY_BYTES", 1000)
        with pytest.raises(LibraryError, match="reads query images of up to"):
            lib.vector_for(outside)
        with pytest.raises(LibraryError, match="file not found"):
            lib.vector_for(tmp_path / "missing.jpg")


# -- similarity bands (#9) ---------------------------------------------------------------------


def test_similar_shows_the_band(capsys, photo_dir, data_dir, tmp_path):
    assert run(capsys, "--data-dir", data_dir, "index", photo_dir)[0] == 0
    query = sorted(photo_dir.glob("*.jpg"))[2]
    copy = tmp_path / "copy.jpg"
    shutil.copy2(query, copy)
    code, out, _ = run(capsys, "--data-dir", data_dir, "similar", copy, "-k", "12")
    assert code == 0
    first = out.splitlines()[1]
    assert "100%" in first and "Same photo" in first and str(query) in first
    # by default only what the bands call similar; the rest is counted, and --all shows it
    assert "Loosely alike" not in out and "under the floor: --all shows them" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "similar", copy, "--json", "-k", "12")
    doc = json.loads(out)
    from photorec.core.embed.similarity import similar_floor
    assert doc["min_score"] == similar_floor("efficientnet_lite0") and doc["not_shown"] > 0
    assert all(r["band"] is not None for r in doc["results"])
    assert len(doc["results"]) + doc["not_shown"] == 12
    code, out, _ = run(capsys, "--data-dir", data_dir, "similar", copy, "--json", "-k", "12", "--all")
    res = json.loads(out)["results"]
    assert len(res) == 12
    assert res[0] == {"path": str(query), "score": 1.0, "band": "same"}
    from photorec.core.embed.model import load_model_info
    from photorec.core.embed.similarity import band
    for r in res:
        b = band(r["score"], load_model_info())
        assert r["band"] == (b.key if b else None)
    assert any(r["band"] is None for r in res)  # dissimilar photos are not given a band


# -- the window on a plain Linux desktop (#10) -------------------------------------------------

MISSING = ("libphotorec-missing.so.7", "photorec-missing7", "photorec-missing-libs")
PRESENT = ("libc.so.6", "libc6", "glibc")


def test_startup_check_names_missing_libraries_and_packages():
    from photorec.gui.platform_check import startup_problem

    x11 = {"DISPLAY": ":0"}
    text = startup_problem(x11, "linux", gui_libs=[PRESENT], xcb_libs=[PRESENT, MISSING])
    assert "libphotorec-missing.so.7" in text and "libc.so.6" not in text
    assert "sudo apt install photorec-missing7" in text
    assert "sudo dnf install photorec-missing-libs" in text
    assert startup_problem(x11, "linux", gui_libs=[PRESENT], xcb_libs=[PRESENT]) is None
    # Another platform plugin: the xcb libraries do not matter; QtGui's still do.
    for env in ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, {"WAYLAND_DISPLAY": "wayland-0"}):
        assert startup_problem(env, "linux", gui_libs=[PRESENT], xcb_libs=[MISSING]) is None
        assert "libphotorec-missing" in startup_problem(env, "linux", gui_libs=[MISSING])
    # No display at all.
    assert "no display" in startup_problem({}, "linux", gui_libs=[PRESENT], xcb_libs=[PRESENT])
    assert "DISPLAY is not set" in startup_problem({"QT_QPA_PLATFORM": "xcb"}, "linux",
                                                    gui_libs=[PRESENT], xcb_libs=[PRESENT])
    # Not Linux: Qt finds its own way.
    assert startup_problem({}, "darwin", gui_libs=[MISSING], xcb_libs=[MISSING]) is None
    assert startup_problem({}, "win32") is None


def test_real_xcb_check_covers_what_the_plugin_links_against():
    import shutil as sh

    from photorec.gui import platform_check as pc

    objdump = sh.which("objdump")
    plugin = Path(__import__("PySide6").__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not objdump or not plugin.exists() or not sys.platform.startswith("linux"):
        pytest.skip("needs objdump and PySide6's xcb plugin")
    qt_lib = plugin.parents[2] / "lib"
    needed = set()
    for f in (plugin, qt_lib / "libQt6XcbQpa.so.6", qt_lib / "libQt6Gui.so.6"):
        out = subprocess.run([objdump, "-p", str(f)], capture_output=True, text=True).stdout
        needed |= {line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")}
    shipped = {p.name for p in qt_lib.iterdir()}
    base = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1",
            "libgthread-2.0.so.0", "ld-linux-x86-64.so.2"}
    checked = {lib[0] for lib in pc.GUI_LIBS + pc.XCB_LIBS}
    assert needed - shipped - base - checked == set()


def _run_window(tmp_path, env, prelude=""):
    code = (f"{prelude}\nimport sys\nfrom photorec.cli import main\n"
            f"raise SystemExit(main(['--data-dir', {str(tmp_path / 'data')!r}]))")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env, cwd=tmp_path)


def test_window_without_libraries_or_display_exits_in_words(tmp_path):
    env = _no_display_env()
    env["DISPLAY"] = ":97"  # nothing listens there: the check must answer before Qt is loaded
    prelude = ("from photorec.gui import platform_check as pc\n"
               f"pc.XCB_LIBS = pc.XCB_LIBS + ({MISSING!r},)")
    r = _run_window(tmp_path, env, prelude)
    assert r.returncode == 1, r.stderr
    assert "libphotorec-missing.so.7" in r.stderr and "sudo apt install" in r.stderr
    assert "sudo dnf install" in r.stderr and "photorec-missing-libs" in r.stderr
    assert "qt.qpa" not in r.stderr and "Traceback" not in r.stderr

    r = _run_window(tmp_path, _no_display_env())
    assert r.returncode == 1, r.stderr
    assert "no display" in r.stderr and "photorec index FOLDER" in r.stderr
    assert "qt.qpa" not in r.stderr and "Traceback" not in r.stderr


_SERVICE_QUERY = """
import sys
from PySide6.QtCore import QCoreApplication, QTimer
from photorec.gui.history import Query
from photorec.gui.service import LibraryService

app = QCoreApplication([])
svc = LibraryService(sys.argv[1])
out = []
def done(res):
    out.append(res)
    app.quit()
svc.similar_ready.connect(done)
svc.opened.connect(lambda: svc.find_similar(Query.for_path(sys.argv[2])))
svc.open()
QTimer.singleShot(60_000, app.quit)
app.exec()
svc.shutdown()
print(out[0].error if out else "no answer")
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_window_refuses_a_fifo_query(tmp_path, photo_dir):
    # The window's query path (a drop, a paste, the socket all end in find_similar). In a
    # subprocess: without the check, reading the preview blocks on the FIFO with the GIL held
    # and the whole process freezes.
    from photorec.core.library import Library

    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([photo_dir])
    fifo = tmp_path / "y.jpg"
    os.mkfifo(fifo)
    env = _no_display_env()
    env["QT_QPA_PLATFORM"] = "offscreen"
    try:
        r = subprocess.run([sys.executable, "-c", _SERVICE_QUERY, str(tmp_path / "data"), str(fifo)],
                           capture_output=True, text=True, timeout=90, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("the window froze on a FIFO query")
    assert "named pipe (FIFO), not an image file" in r.stdout, r.stdout + r.stderr


def test_index_summary_shows_a_non_utf8_name_escaped(tmp_path):
    """The summary of `index` writes a file name that is not UTF-8 as `problems` does."""
    import subprocess
    import sys

    folder = tmp_path / "p"
    folder.mkdir()
    bad = os.fsdecode(b"IMG_\xe9t\xe9.jpg")
    (folder / bad).write_bytes(b"not a jpeg")
    r = subprocess.run([sys.executable, "-m", "photorec", "--data-dir", str(tmp_path / "d"),
                        "index", str(folder)], capture_output=True, timeout=300)
    out = r.stdout.decode("utf-8", "replace")
    assert r.returncode == 0, r.stderr
    assert "IMG_\\xe9t\\xe9.jpg" in out and "\ufffd" not in out
