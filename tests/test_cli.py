"""The command line, exactly as the README and the checks use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from photorec import __version__
from photorec.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_help():
    r = subprocess.run([sys.executable, "-m", "photorec", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == f"photorec {__version__}"
    r = subprocess.run([sys.executable, "-m", "photorec", "--help"], capture_output=True, text=True)
    assert r.returncode == 0
    for cmd in ("index", "similar", "status"):
        assert cmd in r.stdout


def test_index_similar_status(capsys, photo_dir, data_dir, tmp_path):
    (photo_dir / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    code, out, err = run(capsys, "--data-dir", data_dir, "index", photo_dir)
    assert code == 0, err
    assert "12 new" in out and "1 failed" in out and "broken.jpg" in out

    query = sorted(p for p in photo_dir.glob("*.jpg") if p.name != "broken.jpg")[0]
    code, out, err = run(capsys, "--data-dir", data_dir, "similar", query, "-k", "5", "--json")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["query"] == str(query.resolve())
    assert len(doc["results"]) == 5
    for item in doc["results"]:
        assert set(item) <= {"path", "score", "offline"}
        assert Path(item["path"]).is_absolute() and item["path"] != doc["query"]
        assert isinstance(item["score"], float)
    scores = [i["score"] for i in doc["results"]]
    assert scores == sorted(scores, reverse=True)

    # Two queries, one of them from outside the library, options after the command.
    outside = tmp_path / "outside.png"
    from PIL import Image
    with Image.open(query) as im:
        im.convert("RGB").resize((200, 150)).save(outside)
    code, out, _ = run(capsys, "similar", query, outside, "--json", "--data-dir", data_dir)
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
    from tests.conftest import copy_photos
    import shutil
    copy_photos(tmp_path / "drive", n=3, step=10)
    local = copy_photos(tmp_path / "local", n=2, step=33)
    assert run(capsys, "--data-dir", data_dir, "index", tmp_path / "drive", tmp_path / "local")[0] == 0
    shutil.move(tmp_path / "drive", tmp_path / "gone")
    code, out, _ = run(capsys, "--data-dir", data_dir, "index", tmp_path / "local")
    assert code == 0 and "Offline" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "status")
    assert "OFFLINE" in out and "3 photos" in out
    code, out, _ = run(capsys, "--data-dir", data_dir, "similar", local[0], "--json")
    res = json.loads(out)["results"]
    assert len(res) == 4 and sum(1 for r in res if r.get("offline")) == 3
