"""The photo viewer and the search box, offscreen with pytest-qt."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("pytestqt")

from conftest import shared_photos
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from test_metadata import make_photo

from photorec.gui import viewer as vw

TIMEOUT = 30_000


def rotated_photo(path, w=300, h=200):
    """A w×h photo whose EXIF says 'rotate 90° clockwise to show' (orientation 6)."""
    im = Image.new("RGB", (w, h), (200, 30, 30))
    im.paste((30, 30, 200), (0, 0, w // 2, h))
    ex = Image.Exif()
    ex[0x0112] = 6
    im.save(path, "JPEG", exif=ex)
    return path


@pytest.fixture
def photos(tmp_path):
    ex = Image.Exif()
    ex[0x010F], ex[0x0110] = "Nikon", "Nikon D750"
    sub = ex.get_ifd(0x8769)
    sub[0x9003] = "2019:06:14 18:30:00"
    sub[0x9286] = b"ASCII\x00\x00\x00Boats on the Douro"
    gps = ex.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (41.0, 9.0, 0.0), "W", (8.0, 37.0, 12.0)
    a = make_photo(tmp_path / "a.jpg", exif=ex, src=shared_photos()[10],
                   iptc=[(2, 25, b"river"), (2, 25, b"boats")])
    b = rotated_photo(tmp_path / "b.jpg")
    c = make_photo(tmp_path / "c.jpg", src=shared_photos()[30])
    return [str(a), str(b), str(c)]


def open_viewer(qtbot, photos, index=0, **kw):
    v = vw.PhotoViewer(**kw)
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.show()
    v.set_photos(photos, index)
    qtbot.waitUntil(v.is_loaded, timeout=TIMEOUT)
    return v


def test_decodes_off_the_gui_thread_with_orientation(qtbot, photos, monkeypatch):
    threads = []
    real = vw.load_photo

    def spy(path, info=None):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(path, info)

    monkeypatch.setattr(vw, "load_photo", spy)
    v = open_viewer(qtbot, photos, 1)
    assert threads and not any(threads)
    img = v.canvas.image
    assert (img.width(), img.height()) == (200, 300)  # EXIF orientation applied
    # the left half (blue) of the stored image is the top after a 90° clockwise turn
    top, bottom = img.pixelColor(100, 20), img.pixelColor(100, 280)
    assert top.blue() > 150 and bottom.red() > 150


def test_zoom_keys_and_wheel(qtbot, photos):
    v = open_viewer(qtbot, photos)
    c = v.canvas
    assert c.fit_mode and c.zoom == pytest.approx(c.fit_zoom())
    z = c.zoom
    qtbot.keyClick(v, Qt.Key.Key_Plus)
    assert c.zoom == pytest.approx(z * vw.ZOOM_STEP) and not c.fit_mode
    qtbot.keyClick(v, Qt.Key.Key_Minus)
    qtbot.keyClick(v, Qt.Key.Key_Minus)
    assert c.zoom == pytest.approx(z / vw.ZOOM_STEP)
    qtbot.keyClick(v, Qt.Key.Key_0)
    assert c.zoom == 1.0
    qtbot.keyClick(v, Qt.Key.Key_F)
    assert c.fit_mode and c.zoom == pytest.approx(c.fit_zoom())
    r = c.image_rect()
    assert r.width() <= c.width() + 0.5 and r.height() <= c.height() + 0.5
    pos = QPointF(c.width() / 2, c.height() / 2)
    ev = QWheelEvent(pos, c.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 240), Qt.MouseButton.NoButton,
                     Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    c.wheelEvent(ev)
    assert c.zoom == pytest.approx(min(vw.MAX_ZOOM, c.fit_zoom() * vw.ZOOM_STEP ** 2))
    v.grab()  # paints the zoomed image without error


def test_arrows_move_and_escape_closes(qtbot, photos):
    v = open_viewer(qtbot, photos)
    with qtbot.waitSignal(v.currentChanged, timeout=TIMEOUT) as sig:
        qtbot.keyClick(v, Qt.Key.Key_Right)
    assert sig.args == [photos[1]] and v.index == 1
    qtbot.waitUntil(lambda: v.current is not None and v.current.path == photos[1], timeout=TIMEOUT)
    qtbot.keyClick(v, Qt.Key.Key_Right)
    qtbot.keyClick(v, Qt.Key.Key_Right)  # already the last one
    assert v.index == 2
    qtbot.keyClick(v, Qt.Key.Key_Left)
    assert v.index == 1
    with qtbot.waitSignal(v.closed, timeout=TIMEOUT):
        qtbot.keyClick(v, Qt.Key.Key_Escape)


def test_information_panel(qtbot, photos):
    v = open_viewer(qtbot, photos)
    f = v.panel.fields
    assert f["name"].text() == "a.jpg"
    assert f["date"].text() == "2019-06-14 18:30"
    assert f["camera"].text() == "Nikon D750"
    assert f["location"].text() == "41.15000° N, 8.62000° W"
    assert f["tags"].text() == "river, boats"
    assert f["description"].text() == "Boats on the Douro"
    size = f["size"].text()  # a 7 KB file reads "7 KB" (it read "0.0 MB")
    assert "× " in size and size.endswith(" KB") and "0.0" not in size
    qtbot.keyClick(v, Qt.Key.Key_I)
    assert not v.panel.isVisible()
    qtbot.keyClick(v, Qt.Key.Key_I)
    assert v.panel.isVisible()


def test_a_broken_photo_shows_a_message(qtbot, tmp_path):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 nope")
    v = open_viewer(qtbot, [str(bad)])
    assert v.canvas.image is None and "Cannot show bad.jpg" in v.canvas.message


def test_library_info_shows_photorec_tags(qtbot, tmp_path):
    from photorec.core.library import Library
    from photorec.core.organize import tags

    p = make_photo(tmp_path / "photos" / "x.jpg", iptc=[(2, 25, b"from-file")])
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([tmp_path / "photos"])
        tags.add_tags(lib, [str(p)], ["mine"])
        v = open_viewer(qtbot, [str(p)], info=vw.library_info(lib))
        assert v.panel.fields["tags"].text() == "from-file, mine"
        v.close_workers()


# -- the search box ------------------------------------------------------------------------------


def test_search_box_runs_in_a_worker_and_drops_stale_answers(qtbot):
    from photorec.gui.search_view import SearchBox

    seen = []

    def fake_search(q):
        seen.append((q, threading.current_thread() is threading.main_thread()))
        if q == "slow":
            time.sleep(0.3)
        return [q] * (0 if q == "none" else len(q))

    box = SearchBox(fake_search, delay_ms=20)
    qtbot.addWidget(box)
    got = []
    box.resultsReady.connect(lambda q, hits: got.append((q, hits)))
    box.edit.setText("slow")
    box.search_now()
    box.edit.setText("dog")  # typed on before "slow" answered
    with qtbot.waitSignal(box.resultsReady, timeout=TIMEOUT):
        box.search_now()
    qtbot.wait(400)
    assert got == [("dog", ["dog"] * 3)]  # the answer for "slow" came late and was dropped
    assert all(not main for _, main in seen)
    assert box.status.text() == "3 photos"
    with qtbot.waitSignal(box.resultsReady, timeout=TIMEOUT):
        qtbot.keyClicks(box.edit, "x")  # "dogx", after the typing pause
    with qtbot.waitSignal(box.resultsReady, timeout=TIMEOUT):
        box.set_query("none")
    assert box.status.text() == "No photos match"
    with qtbot.waitSignal(box.cleared, timeout=TIMEOUT):
        qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""
    box.close_workers()


def test_search_box_over_a_library(qtbot, tmp_path):
    from photorec.core.library import Library
    from photorec.core.search.engine import search
    from photorec.gui.search_view import SearchBox, as_matches

    p = make_photo(tmp_path / "photos" / "x.jpg", iptc=[(2, 120, "Vindima no Pinhão".encode())])
    make_photo(tmp_path / "photos" / "y.jpg", src=shared_photos()[7])
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([tmp_path / "photos"])
        box = SearchBox(lambda q: search(lib, q))
        qtbot.addWidget(box)
        with qtbot.waitSignal(box.resultsReady, timeout=TIMEOUT) as sig:
            box.set_query("pinhao")
        query, hits = sig.args
        assert query == "pinhao" and [h.path for h in hits] == [str(p)]
        m = as_matches(hits)[0]
        assert m.path == str(p) and m.photo.path == str(p) and 0 < m.score <= 1
        box.close_workers()
