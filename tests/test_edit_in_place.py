"""An edit in place that the sampled content key misses still gets a new vector (issue 20)."""

from __future__ import annotations

import os

from PIL import Image

from photorec.core.ingest import scan
from photorec.core.library import Library
from tests.conftest import shared_photos


def _bmp(src, dest, size=(600, 400)) -> bytes:
    with Image.open(src) as im:
        im.convert("RGB").resize(size).save(dest, "BMP")
    return dest.read_bytes()


def _same_samples(new: bytes, old: bytes) -> bytes:
    """``new`` with ``old``'s bytes where the sampled key looks: same size, same key."""
    assert len(new) == len(old) > 3 * scan.SAMPLE
    out = bytearray(new)
    n, s = len(old), scan.SAMPLE
    for at in (0, n // 2 - s // 2, n - s):
        out[at:at + s] = old[at:at + s]
    return bytes(out)


def test_a_bmp_edited_in_place_with_the_same_size_and_samples_gets_a_new_vector(tmp_path):
    photos = shared_photos()
    folder = tmp_path / "photos"
    folder.mkdir()
    target = folder / "edited.bmp"
    old = _bmp(photos[0], target)
    for p in photos[10:14]:
        _bmp(p, folder / (p.stem + ".bmp"))
    new = _same_samples(_bmp(photos[40], tmp_path / "new.bmp"), old)
    (tmp_path / "query.bmp").write_bytes(new)
    assert scan.content_key_of_bytes(new) == scan.content_key_of_bytes(old)

    lib = Library.open(tmp_path / "data")
    try:
        first = lib.index_folders([folder])
        assert first.new == 5 and first.failed == 0
        before = lib.similar(tmp_path / "query.bmp", k=5)
        assert before[0].score < 0.9  # the old picture is not the new one

        target.write_bytes(new)  # in place: the same inode, the same size
        st = target.stat()
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
        second = lib.index_folders([folder])
        assert second.updated == 1 and second.embedded == 1 and second.failed == 0

        hits = lib.similar(tmp_path / "query.bmp", k=5)
        assert hits[0].path == str(target)
        assert hits[0].score > 0.99, "similar still sees the old picture"

        # Touched again without a change: its whole-file key is known, nothing is embedded.
        os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 9_000_000_000))
        third = lib.index_folders([folder])
        assert third.embedded == 0 and third.updated == 1
        assert lib.similar(tmp_path / "query.bmp", k=1)[0].score > 0.99
    finally:
        lib.close()


def test_the_full_key_differs_from_the_sampled_key_and_reads_every_byte(tmp_path):
    data = os.urandom(4 * scan.SAMPLE)
    p = tmp_path / "f.bin"
    p.write_bytes(data)
    with open(p, "rb") as f:
        full = scan.full_key_of_open_file(f, len(data))
        sampled = scan.key_of_open_file(f, len(data))
    assert full == scan.content_key_of_bytes(data, full=True) and full != sampled
    assert scan.content_key_of_bytes(data[:100], full=True) == scan.content_key_of_bytes(data[:100])
    changed = bytearray(data)
    changed[scan.SAMPLE + 5] ^= 1  # outside the samples
    assert scan.content_key_of_bytes(bytes(changed)) == sampled
    assert scan.content_key_of_bytes(bytes(changed), full=True) != full
