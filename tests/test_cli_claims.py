"""The command line says what it does (issue 19): percentages as shown, counts refused in
words, problems counted honestly, a missing file called missing, one mention of a missing
library, files rather than folders in a dry run."""

from __future__ import annotations

import re
import sys

import pytest

from photorec.cli import main
from tests.conftest import copy_photos


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as e:
        main([str(a) for a in argv])
    assert e.value.code == 2
    return capsys.readouterr().err


@pytest.fixture(scope="module")
def lib_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("claims_cli")
    copy_photos(root / "photos", n=16, step=5)
    (root / "photos" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    assert main(["--data-dir", str(root / "data"), "index", str(root / "photos")]) == 0
    return root


def test_min_accepts_45_45pct_and_045_alike(lib_dir, capsys):
    data, photos = lib_dir / "data", sorted((lib_dir / "photos").glob("*.jpg"))
    query = str(photos[3])
    outs = {}
    for form in ("30", "30%", "0.30", "0.3", " 30 %"):
        code, out, err = run(capsys, "--data-dir", data, "similar", query, "--min", form)
        assert code == 0, err
        outs[form] = out
    assert len(set(outs.values())) == 1
    shown = [int(m) for m in re.findall(r"^\s+(\d+)%", outs["30"], re.M)]
    assert shown and min(shown) >= 30
    for bad in ("145", "-3", "abc", "50%%"):
        err = refused(capsys, "--data-dir", data, "similar", query, "--min", bad)
        assert "is not a similarity" in err and "45, 45% and 0.45" in err
    code, out, _ = run(capsys, "--data-dir", data, "more-like", query, "--min", "30%")
    assert code == 0
    code, a, _ = run(capsys, "--data-dir", data, "duplicates", "--threshold", "75")
    code, b, _ = run(capsys, "--data-dir", data, "duplicates", "--threshold", "0.75")
    assert a == b and "75%" in a


@pytest.mark.parametrize("cmd", [["similar", "IMG"], ["more-like", "IMG"], ["search", "dog"]])
@pytest.mark.parametrize("k", ["0", "-5"])
def test_k_0_or_negative_is_refused_as_a_count(lib_dir, capsys, cmd, k):
    query = str(sorted((lib_dir / "photos").glob("*.jpg"))[0])
    argv = [query if a == "IMG" else a for a in cmd]
    err = refused(capsys, "--data-dir", lib_dir / "data", *argv, "-k", k)
    assert f"{k} is not a count" in err and "empty" not in err


def test_index_counts_the_problems_of_this_run_and_the_open_ones(lib_dir, capsys):
    data = lib_dir / "data"
    code, out, err = run(capsys, "--data-dir", data, "index")
    assert code == 0
    assert "0 failed" in out  # nothing failed in this run...
    assert "Problems: 0 found in this run, 1 open in the library" in out  # ...but one is open
    assert "0/0" not in err and "nothing new to read" in err
    assert "broken.jpg" in run(capsys, "--data-dir", data, "problems")[1]


def test_tags_add_on_a_missing_file_says_no_such_file(lib_dir, capsys):
    code, out, err = run(capsys, "--data-dir", lib_dir / "data", "tags", "add", "-t", "cat",
                         "/nonexistent.jpg")
    assert code == 1 and "no such file: /nonexistent.jpg" in err
    assert "not in the library" not in err


def test_a_missing_library_is_named_once(tmp_path, capsys):
    code, out, err = run(capsys, "--data-dir", tmp_path / "nolib", "status")
    assert code == 1
    assert err.count(str(tmp_path / "nolib")) == 1, err
    assert "run 'photorec index FOLDER' first" in err


@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="checks the XDG folders of the Linux file-manager integration; Windows "
                           "and macOS write elsewhere (tests/test_integration_desktop.py)")
def test_integrate_dry_run_shows_files_not_folders(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("HOME", str(tmp_path))
    code, out, err = run(capsys, "integrate", "install", "--dry-run")
    assert code == 0, err
    assert "would create" not in out.replace("would also create", "")
    assert re.search(r"^would also create \d+ folders for them$", out, re.M)
    assert len(re.findall(r"^would write ", out, re.M)) >= 5
    assert not (tmp_path / "share").exists()


@pytest.mark.parametrize("name", ["gnome_wood-l.jpg", "kde_Path.jpg"])
def test_a_mirrored_copy_is_at_most_a_near_duplicate_in_similar(tmp_path, capsys, qtbot, name):
    """The figure alone would say "Same photo" (99 %+) of these mirrored copies: the colour
    layout tells them apart, in the CLI's words and JSON as in the window's similar panel."""
    import json

    from PIL import Image, ImageOps

    from photorec.core.library import Library

    folder = tmp_path / "p"
    folder.mkdir()
    src = next(p for p in copy_photos(tmp_path / "all") if p.name == name)
    im = Image.open(src).convert("RGB")
    im.save(folder / name, quality=95)
    ImageOps.mirror(im).save(folder / ("mirror_" + name), quality=95)
    data = str(tmp_path / "data")
    run(capsys, "--data-dir", data, "index", str(folder), "--no-faces")
    code, out, _ = run(capsys, "--data-dir", data, "similar", str(folder / name), "--json")
    assert code == 0
    res = json.loads(out.splitlines()[-1])["results"]
    mirror = next(r for r in res if r["path"].endswith("mirror_" + name))
    assert mirror["score"] >= 0.985  # "Same photo" by the figure alone
    assert mirror["band"] == "near_duplicate" and mirror["mirrored"] is True
    _, text, _ = run(capsys, "--data-dir", data, "similar", str(folder / name))
    line = next(ln for ln in text.splitlines() if ("mirror_" + name) in ln)
    assert "Near-duplicate" in line and "Same photo" not in line
    query = str(folder / name)
    with Library.open(data, readonly=True) as lib:  # the query's own answer: nothing to add after
        matches = lib.similar(query, k=3)
        assert [m.mirrored for m in matches if m.path.endswith("mirror_" + name)] == [True]
        vec = lib.vector_for(query)  # what the window's query does, with the vector it keeps
        for of, marked in ((lib.photo(query), [True]), (None, [False])):
            matches = lib.similar_to_vector(vec, 3, exclude={query}, of=of)
            assert [m.mirrored for m in matches if m.path.endswith("mirror_" + name)] == marked
        from photorec.gui.history import Query
        from photorec.gui.queries import run_similar
        from photorec.gui.similar import SimilarPanel
        from photorec.gui.thumbs import ThumbnailLoader

        res = run_similar(lib, Query.for_path(query), 3, None, 1)  # the window's worker
        assert res.error is None and res.mirrored == {str(folder / ("mirror_" + name))}
        photo, score = next((p, sc) for p, sc in res.matches if p.path.endswith("mirror_" + name))
        loader = ThumbnailLoader(threads=1)
        panel = SimilarPanel(loader)
        qtbot.addWidget(panel)
        panel.result = res
        assert score >= 0.985 and panel.describe(score, photo) == "Near-duplicate"
        loader.shutdown()
