"""The engine end to end: index real photos, find near-copies, rescan incrementally, keep
vectors across moves, survive bad files, unplugged folders and a SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageEnhance

from photorec.core.library import Library, LibraryError
from tests.conftest import copy_photos, shared_photos


def _variants(src: Path, dest: Path) -> dict[str, Path]:
    """A crop, a rescale, a recompression, an EXIF rotation and a brightness change."""
    dest.mkdir(parents=True, exist_ok=True)
    out = {}
    with Image.open(src) as im:
        im = im.convert("RGB")
        w, h = im.size
        im.crop((w // 10, h // 10, w - w // 10, h - h // 10)).save(dest / "crop.jpg", quality=90)
        im.resize((w // 3, h // 3)).save(dest / "small.png")
        im.save(dest / "q30.jpg", quality=30)
        exif = Image.Exif()
        exif[0x0112] = 6
        im.transpose(Image.Transpose.ROTATE_90).save(dest / "exif_rot.jpg", quality=90, exif=exif.tobytes())
        ImageEnhance.Brightness(im).enhance(1.3).save(dest / "bright.jpg", quality=90)
    for k in ("crop", "small", "q30", "exif_rot", "bright"):
        out[k] = next(dest.glob(k + ".*"))
    return out


def test_transformed_copies_find_their_original(indexed_library, tmp_path):
    lib, photos = indexed_library
    misses = []
    for src in photos[::8]:
        for kind, q in _variants(src, tmp_path / src.stem).items():
            top = lib.similar(q, k=1)
            if not top or Path(top[0].path).name != src.name:
                misses.append((src.name, kind, top[0].path if top else None))
    assert not misses, misses


def test_similar_excludes_itself_and_is_sorted(indexed_library):
    lib, photos = indexed_library
    res = lib.similar(photos[3], k=10)
    assert len(res) == 10
    assert all(r.path != str(photos[3]) for r in res)
    scores = [r.score for r in res]
    assert scores == sorted(scores, reverse=True)
    assert all(-1.0 <= s <= 1.0 for s in scores)


def test_outside_image_is_not_added(indexed_library, tmp_path):
    lib, photos = indexed_library
    n = len(lib.photos())
    with Image.open(photos[5]) as im:
        q = im.convert("RGB").resize((300, 200))
    assert Path(lib.similar(q, k=1)[0].path).name == photos[5].name
    assert len(lib.photos()) == n


def test_incremental_rescan_move_and_change(tmp_path, monkeypatch):
    src = copy_photos(tmp_path / "p", n=8, step=9)
    lib = Library.open(tmp_path / "data")
    r = lib.index_folders([tmp_path / "p"])
    assert (r.new, r.embedded, r.failed) == (8, 8, 0)
    embedded = []
    orig = lib.embedder.embed
    monkeypatch.setattr(lib.embedder, "embed", lambda px: embedded.append(len(px)) or orig(px))

    r = lib.index_folders()
    assert (r.unchanged, r.new, r.embedded) == (8, 0, 0) and not embedded

    # A rename and a move into a sub-folder keep their vectors: nothing re-embedded.
    (tmp_path / "p" / "sub").mkdir()
    src[0].rename(tmp_path / "p" / "renamed.jpg")
    src[1].rename(tmp_path / "p" / "sub" / src[1].name)
    before = lib.photo(str(tmp_path / "p" / "renamed.jpg"))
    assert before is None
    r = lib.index_folders()
    assert r.moved == 2 and r.removed == 2 and r.embedded == 0 and not embedded
    assert lib.photo(str(tmp_path / "p" / "renamed.jpg")).status == "ok"
    assert Path(lib.similar(tmp_path / "p" / "renamed.jpg", k=1)[0].path).name != "renamed.jpg"

    # A changed file is embedded again; a deleted one disappears from results.
    with Image.open(src[2]) as im:
        im.rotate(180).save(src[2], quality=80)
    os.utime(src[2], ns=(time.time_ns(), time.time_ns() + 10**9))
    src[3].unlink()
    r = lib.index_folders()
    assert (r.updated, r.removed, r.embedded) == (1, 1, 1)
    assert all(m.path != str(src[3]) for m in lib.similar(src[4], k=20))
    assert len(lib.photos()) == 7
    lib.close()


def test_bad_files_are_recorded_and_never_stop_the_scan(tmp_path):
    good = copy_photos(tmp_path / "p", n=3, step=20)
    d = tmp_path / "p"
    (d / "empty.jpg").write_bytes(b"")
    (d / "text.png").write_bytes(b"hello" * 100)
    (d / "trunc.jpg").write_bytes(good[0].read_bytes()[:5000])
    os.symlink(d, d / "loop")  # a symlink loop must not hang the walk
    os.symlink(d / "gone.jpg", d / "dangling.jpg")
    lib = Library.open(tmp_path / "data")
    r = lib.index_folders([d])
    assert r.new == 3 and r.failed == 3
    reasons = {Path(p).name: why for p, why in r.errors}
    assert "empty" in reasons["empty.jpg"]
    assert "truncated" in reasons["trunc.jpg"]
    assert "not an image" in reasons["text.png"]
    assert {Path(p.path).name for p in lib.problems()} == {"empty.jpg", "text.png", "trunc.jpg"}
    # Failed files are not retried on every scan, only when asked.
    assert lib.index_folders().failed == 0
    assert lib.index_folders(retry_failed=True).failed == 3
    lib.close()


def test_offline_folder_is_kept_and_comes_back_without_reembedding(tmp_path):
    copy_photos(tmp_path / "drive" / "photos", n=6, step=11)
    other = copy_photos(tmp_path / "local", n=2, step=30)
    lib = Library.open(tmp_path / "data")
    lib.index_folders([tmp_path / "drive" / "photos", tmp_path / "local"])
    folder = str(tmp_path / "drive" / "photos")

    shutil.move(tmp_path / "drive", tmp_path / "unplugged")  # the drive goes away
    r = lib.index_folders()
    assert r.removed == 0 and r.offline and r.offline[0][0] == folder
    st = {f.path: f for f in lib.folders()}
    assert not st[folder].online and st[folder].photos == 6
    res = lib.similar(other[0], k=8)
    assert sum(m.offline for m in res) == 6

    shutil.move(tmp_path / "unplugged", tmp_path / "drive")  # plugged back in
    r = lib.index_folders()
    assert r.embedded == 0 and r.unchanged == 8 and r.removed == 0
    assert all(f.online for f in lib.folders())

    # Mounted somewhere else: relocate keeps every vector.
    shutil.move(tmp_path / "drive", tmp_path / "mnt")
    lib.index_folders()
    lib.relocate_folder(folder, str(tmp_path / "mnt" / "photos"))
    r = lib.index_folders()
    assert r.embedded == 0 and r.unchanged == 8
    assert lib.purge_offline() == 0
    lib.close()


def test_model_identity_is_stored_and_a_corrupt_index_is_rebuilt(tmp_path):
    copy_photos(tmp_path / "p", n=4, step=15)
    lib = Library.open(tmp_path / "data")
    lib.index_folders([tmp_path / "p"])
    q = lib.photos()[0].path
    expected = lib.similar(q, k=3)
    idx = lib.index.file  # the committed graph file (its pointer is lib.index.meta_path)
    lib.close()
    assert lib.catalog.path.exists() and idx.exists()
    idx.write_bytes(b"garbage" * 10)
    lib = Library.open(tmp_path / "data")
    assert [m.path for m in lib.similar(q, k=3)] == [m.path for m in expected]
    assert lib.catalog.get_meta("model") == lib.model.key
    lib.close()
    lib.index.meta_path.unlink()  # no index at all
    lib = Library.open(tmp_path / "data", readonly=True)
    assert [m.path for m in lib.similar(q, k=3)] == [m.path for m in expected]
    lib.close()


def test_missing_folder_and_unusable_data_dir(tmp_path):
    lib = Library.open(tmp_path / "data")
    with pytest.raises(LibraryError, match="not found"):
        lib.index_folders([tmp_path / "nope"])
    lib.close()
    (tmp_path / "file").write_text("x")
    with pytest.raises(LibraryError):
        Library.open(tmp_path / "file" / "data")


def test_cancel_keeps_what_was_committed(tmp_path):
    import threading
    copy_photos(tmp_path / "p", n=40, step=2)
    lib = Library.open(tmp_path / "data")
    cancel = threading.Event()
    batches = []

    def on_batch(photos):
        batches.append(len(photos))
        cancel.set()

    r = lib.index_folders([tmp_path / "p"], on_batch=on_batch, cancel=cancel)
    assert r.cancelled and 0 < len(lib.photos()) < 40
    n = len(lib.photos())
    r = lib.index_folders()
    assert r.unchanged == n and len(lib.photos()) == 40
    lib.close()


_WRITER = r"""
import sys
from photorec.core.library import Library
lib = Library.open(sys.argv[1])
lib.index_folders([sys.argv[2]], on_batch=lambda ph: print("batch", len(ph), flush=True))
print("done", flush=True)
"""


def _big_copies(dest: Path, n: int) -> None:
    """Photos upscaled so that indexing takes long enough to be interrupted."""
    dest.mkdir(parents=True)
    for i, p in enumerate(shared_photos()[:n]):
        with Image.open(p) as im:
            im.convert("RGB").resize((2400, 1800)).save(dest / f"{i:03d}.jpg", quality=85)


@pytest.mark.slow
def test_sigkill_loses_at_most_the_batch_in_flight(tmp_path):
    _big_copies(tmp_path / "p", 60)
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path / "data"), str(tmp_path / "p")],
                            stdout=subprocess.PIPE, text=True)
    seen = 0
    for line in proc.stdout:
        if line.startswith("batch"):
            seen += 1
            if seen == 2:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    lib = Library.open(tmp_path / "data")
    committed = len(lib.photos())
    assert committed >= 2  # two batches were reported committed before the kill
    assert committed < 60
    # What was committed is findable straight away, and the next run finishes the job.
    assert lib.similar(lib.photos()[0].path, k=1)
    r = lib.index_folders()
    assert r.unchanged == committed and r.new == 60 - committed and r.failed == 0
    assert len(lib.photos()) == 60
    assert len(lib.index) == len({p.ckey for p in lib.photos()})  # exact copies share a vector
    lib.close()


# Like _WRITER, but after its first batch it waits for a line on stdin: the test's first reader
# then surely runs while the writer is mid-way (a loaded machine could otherwise let the writer
# finish before the first reader process has even started).
_PAUSING_WRITER = r"""
import sys
from photorec.core.library import Library
first = [True]
def on_batch(ph):
    print("batch", len(ph), flush=True)
    if first[0]:
        first[0] = False
        sys.stdin.readline()
lib = Library.open(sys.argv[1])
lib.index_folders([sys.argv[2]], on_batch=on_batch)
print("done", flush=True)
"""

_READER = r"""
import json, sys
from photorec.core.library import Library
lib = Library.open(sys.argv[1], readonly=True)
print(json.dumps([len(lib.index), len(lib.similar(sys.argv[2], k=100))]))
"""


@pytest.mark.slow
def test_reader_process_queries_while_a_writer_indexes(tmp_path):
    _big_copies(tmp_path / "p", 50)
    query = tmp_path / "p" / "000.jpg"
    w = subprocess.Popen([sys.executable, "-c", _PAUSING_WRITER, str(tmp_path / "data"),
                          str(tmp_path / "p")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    counts = []
    try:
        for line in w.stdout:
            if line.startswith("batch") or line.startswith("done"):
                r = subprocess.run([sys.executable, "-c", _READER, str(tmp_path / "data"), str(query)],
                                   capture_output=True, text=True, timeout=60)
                assert r.returncode == 0, r.stderr
                counts.append(tuple(__import__("json").loads(r.stdout)))
                if len(counts) == 1:
                    w.stdin.write("go\n")  # the writer goes on only now
                    w.stdin.flush()
            if line.startswith("done"):
                break
    finally:
        w.wait(timeout=120)
    assert w.returncode == 0
    sizes = [c[0] for c in counts]
    lib = Library.open(tmp_path / "data", readonly=True)
    distinct = len({p.ckey for p in lib.photos()})
    lib.close()
    assert sizes == sorted(sizes) and sizes[0] > 0 and sizes[-1] == distinct
    assert sizes[0] < distinct  # the first reader ran mid-indexing and saw the library grow
    assert counts[-1][1] == 49


def test_another_model_means_a_reembed_never_a_mix(tmp_path, monkeypatch):
    """Vectors of two models never mix: with another model, every photo is embedded again."""
    import json as _json

    from photorec.core.embed.model import default_model_path

    copy_photos(tmp_path / "p", n=4, step=15)
    lib = Library.open(tmp_path / "data")
    assert lib.index_folders([tmp_path / "p"]).embedded == 4
    lib.close()
    # "Another model": the same network under another identity (name and sha256).
    src = default_model_path()
    other = tmp_path / "other.onnx"
    other.write_bytes(src.read_bytes())
    card = _json.loads(src.with_suffix(".json").read_text())
    card.update(name="other_model", sha256="0" * 64)
    other.with_suffix(".json").write_text(_json.dumps(card))
    monkeypatch.setenv("PHOTOREC_MODEL", str(other))
    lib = Library.open(tmp_path / "data")
    assert lib.model.key.startswith("other_model")
    assert len(lib.index) == 0  # the old vectors are not used
    r = lib.index_folders()
    assert r.embedded == 4 and len(lib.index) == 4
    assert lib.catalog._query("SELECT DISTINCT model FROM vectors") == [(lib.model.key,)]
    assert lib.similar(lib.photos()[0].path, k=3)
    lib.close()


def test_an_unreadable_subfolder_is_not_taken_as_deleted(tmp_path, monkeypatch):
    import photorec.core.ingest.scan as scan_mod

    copy_photos(tmp_path / "p" / "sub", n=3, step=20)
    copy_photos(tmp_path / "p", n=2, step=31)
    lib = Library.open(tmp_path / "data")
    lib.index_folders([tmp_path / "p"])
    assert len(lib.photos()) == 5
    real_scandir = os.scandir

    def scandir(path="."):  # as for a share that stops answering, or a folder made private
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(scan_mod.os, "scandir", scandir)
    r = lib.index_folders()
    assert r.removed == 0 and len(lib.photos()) == 5
    assert any("sub" in p and "permission" in why.lower() for p, why in r.errors)
    lib.close()
