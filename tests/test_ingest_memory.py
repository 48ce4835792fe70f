"""Decode memory (#10.6): the stated pixel limit is Pillow's error, a shared budget keeps
giants from being decoded all at once, and a giant is never copied at full size."""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
import threading
import zlib

import numpy as np
import pytest
from PIL import Image

from photorec.core.ingest import decode as dec
from tests.conftest import REPO


def _png_header_only(path, w: int, h: int) -> None:
    """A PNG that says it is w x h (Image.open reads only this far)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
                     + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # pytest resets filters
def test_the_stated_pixel_limit_is_pillows_error_for_every_open(tmp_path):
    over = tmp_path / "over.png"
    _png_header_only(over, 15000, dec.MAX_PIXELS // 15000 + 1)  # just over the limit
    with pytest.raises(Image.DecompressionBombError):
        Image.open(over)  # any Image.open in the process, not only decode()
    with pytest.raises(dec.DecodeError) as err:
        dec.decode(over)
    assert "180 MP limit" in str(err.value)
    under = tmp_path / "under.png"
    _png_header_only(under, 10000, 10000)  # 100 MP: over half the limit, under the limit
    with Image.open(under) as im:
        assert im.size == (10000, 10000)


def _wait_for(cond, what: str) -> None:
    ev = threading.Event()
    for _ in range(500):
        if cond():
            return
        ev.wait(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_budget_makes_a_request_wait_for_room_first_come_first_served():
    b = dec.MemoryBudget(100)
    order: list[str] = []
    release_a = threading.Event()

    def hold(name: str, n: int, until: threading.Event | None = None) -> None:
        with b.reserve(n):
            order.append(name)
            if until is not None:
                until.wait(10)

    a = threading.Thread(target=hold, args=("a", 60, release_a))
    a.start()
    _wait_for(lambda: order == ["a"], "a to get its 60")
    giant = threading.Thread(target=hold, args=("giant", 10**9))  # over the total: runs alone
    giant.start()
    _wait_for(lambda: len(b._queue) == 1, "the giant to queue")
    small = threading.Thread(target=hold, args=("small", 10))  # would fit, but comes later
    small.start()
    _wait_for(lambda: len(b._queue) == 2, "the small one to queue behind the giant")
    assert order == ["a"] and b.used == 60
    release_a.set()
    for t in (a, giant, small):
        t.join(10)
    assert order == ["a", "giant", "small"]
    assert b.used == 0 and b.peak == 100


def test_palette_and_16_bit_giants_are_sampled_not_averaged(tmp_path):
    p = Image.new("P", (3000, 2000))
    p.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    p.paste(1, (1500, 0, 3000, 2000))
    p.save(tmp_path / "p.png")
    d = dec.decode(tmp_path / "p.png")
    assert tuple(d.pixels[112, 20]) == (255, 0, 0) and tuple(d.pixels[112, 200]) == (0, 0, 255)
    assert (d.width, d.height) == (3000, 2000)
    arr = np.tile(np.linspace(0, 65535, 3000, dtype=np.uint16), (2000, 1))
    Image.fromarray(arr).save(tmp_path / "g.png")
    g = dec.decode(tmp_path / "g.png").pixels
    assert g[100, 5, 0] < 20 and g[100, 218, 0] > 230


_CHILD = textwrap.dedent("""
    import resource, sys, threading
    sys.path.insert(0, sys.argv[1])
    from photorec.core.ingest import decode as dec
    if hasattr(dec, "MemoryBudget"):
        dec.BUDGET = dec.MemoryBudget(200 * 2**20)  # room for one 6000x6000 decode at a time
    start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ts = [threading.Thread(target=dec.decode, args=(p,)) for p in sys.argv[2:]]
    for t in ts: t.start()
    for t in ts: t.join()
    print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start) * 1024)
""")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in KiB, Linux")
def test_three_large_pngs_in_three_threads_cost_about_one_decode(tmp_path):
    """6000x6000 RGB: 144 MB in memory each. Before: three at once, each copied (>800 MB)."""
    paths = []
    for i in range(3):
        im = Image.new("RGB", (6000, 6000), (10 * i, 80, 160))
        im.paste((200, 30, 30), (1000 * i, 1000, 1000 * i + 2500, 4000))
        p = tmp_path / f"big{i}.png"
        im.save(p, compress_level=1)
        paths.append(str(p))
        del im
    res = subprocess.run([sys.executable, "-c", _CHILD, str(REPO), *paths],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    grew = int(res.stdout.strip())
    one = 6000 * 6000 * 4
    assert grew < 1.5 * one, f"decoding grew the process by {grew / 2**20:.0f} MB"
