"""People (issue 17) in the window: the People page (tiles, name, merge, not this person,
the setting) and the viewer's face boxes (a key toggles them; clicking one opens the person).

Screenshots go to the test's temporary folder, or to $PHOTOREC_SCREENSHOTS when set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from photorec.core.library import Library

DATA = Path(__file__).resolve().parent / "data"
PHOTOS = ["faces/fr_obama.jpg", "faces/fr_obama2.jpg", "faces/fr_obama3.jpg",
          "faces/fr_biden.jpg", "photos/sk_astronaut.jpg", "photos/mpl_grace_hopper.jpg",
          "photos/lom_friends.jpg", "photos/kde_Canopee.jpg"]
TIMEOUT = 60000  # generous: the machine running the suite may be busy


@pytest.fixture
def people_library(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    for rel in PHOTOS:
        shutil.copy2(DATA / rel, folder / Path(rel).name)
    from photorec.gui.organize_common import wait_idle

    lib = Library.open(tmp_path / "data")
    lib.index_folders([folder])
    yield lib, folder
    assert wait_idle()  # the views' jobs use the library: let them end before it closes
    lib.close()


def _shot(widget, tmp_path: Path, name: str) -> Path:
    out = Path(os.environ.get("PHOTOREC_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


def test_people_page_names_merges_and_takes_faces_out(qtbot, people_library, tmp_path):
    from photorec.gui.people_view import PeopleView

    lib, folder = people_library
    view = PeopleView(lib)
    qtbot.addWidget(view)
    view.resize(900, 600)
    with qtbot.waitSignal(view.people_changed, timeout=TIMEOUT) as sig:
        view.show()
    assert sig.args == [4] and view.list.count() == 4  # Obama, Biden, Collins, Hopper
    # Unnamed, largest first: Obama's three photos lead.
    first = view.people[0]
    assert len(first.photos) == 3 and "3 photos" in view.list.item(0).text()
    assert not view.list.item(0).icon().isNull()  # a face tile
    assert view.enabled.isChecked()
    _shot(view, tmp_path, "people")

    with qtbot.waitSignal(view.show_photos, timeout=TIMEOUT) as sig:
        view.list.itemActivated.emit(view.list.item(0))
    assert sorted(Path(p).name for p in sig.args[0]) == ["fr_obama.jpg", "fr_obama2.jpg",
                                                          "fr_obama3.jpg"]

    view.list.item(0).setSelected(True)
    with qtbot.waitSignal(view.people_changed, timeout=TIMEOUT):
        view.rename("Barack Obama")
    assert next(p.name for p in lib.people.everyone()) == "Barack Obama"
    assert view.list.item(0).text().startswith("Barack Obama")

    # Merge Obama and Biden (by mistake), then take Biden's face out again.
    biden = next(p for p in view.people if p.photos[0].endswith("fr_biden.jpg"))
    view.list.clearSelection()
    for i in range(view.list.count()):
        if view.list.item(i).data(0x0100) in (first.id, biden.id):
            view.list.item(i).setSelected(True)
    assert view.merge_button.isEnabled()
    with qtbot.waitSignal(view.people_changed, timeout=TIMEOUT) as sig:
        view.merge()
    assert sig.args == [3]
    merged = lib.people.find(first.id)
    assert merged.name == "Barack Obama" and merged.faces == 4
    view.list.clearSelection()
    view.select_person(first.id)
    qtbot.waitUntil(lambda: view.faces.count() == 4, timeout=TIMEOUT)
    biden_ckey = lib.catalog.photo_by_path(str(folder / "fr_biden.jpg")).ckey
    biden_face = next(b.id for b in lib.people.faces_in(biden_ckey) if b.person_id == first.id)
    for i in range(view.faces.count()):
        item = view.faces.item(i)
        item.setSelected(item.data(0x0100) == biden_face)
    assert view.not_button.isEnabled()
    with qtbot.waitSignal(view.people_changed, timeout=TIMEOUT):
        view.not_this_person()
    assert lib.people.find(first.id).faces == 3
    assert "Barack Obama" in view.list.item(0).text()

    # The setting: off, and the library says so.
    with qtbot.waitSignal(view.people_changed, timeout=TIMEOUT):
        view.enabled.setChecked(False)
    assert not lib.people.enabled


def test_viewer_face_boxes_toggle_with_a_key_and_open_the_person(qtbot, people_library, tmp_path):
    from PySide6.QtCore import QPointF, Qt

    from photorec.gui.viewer import PhotoViewer

    lib, folder = people_library
    viewer = PhotoViewer()
    qtbot.addWidget(viewer)
    viewer.resize(1000, 700)
    viewer.faces.provider = lambda path: lib.people.boxes_of_path(path)
    viewer.show()
    viewer.set_photos([str(folder / "fr_obama.jpg")])
    qtbot.waitUntil(viewer.is_loaded, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: len(viewer.faces.boxes) == 1, timeout=TIMEOUT)
    assert not viewer.faces.visible
    qtbot.keyClick(viewer, Qt.Key.Key_P)
    assert viewer.faces.visible
    _shot(viewer, tmp_path, "viewer_faces")
    rect = viewer.faces.box_rect(viewer.faces.boxes[0])
    assert viewer.canvas.image_rect().contains(rect.center())
    with qtbot.waitSignal(viewer.faces.person_clicked, timeout=TIMEOUT) as sig:
        qtbot.mouseClick(viewer.canvas, Qt.MouseButton.LeftButton,
                         pos=QPointF(rect.center()).toPoint())
    assert sig.args[0] == viewer.faces.boxes[0].person_id
    qtbot.keyClick(viewer, Qt.Key.Key_P)
    assert not viewer.faces.visible


def test_unsure_faces_are_offered_as_is_this_person(qtbot, people_library):
    from PySide6.QtCore import Qt

    from photorec.gui.people_view import PeopleView

    lib, folder = people_library
    obama = next(p for p in lib.people.everyone() if len(p.photos) == 3)
    unsure = lib.people.faces_of(obama.id)[-1]
    with lib.catalog._write() as c:  # as grouping leaves a face it is unsure of
        c.execute("UPDATE faces SET person_id = NULL, assigned = NULL, suggestion = ? "
                  "WHERE id = ?", (obama.id, unsure))
    assert lib.people.suggestions_for(obama.id) == [unsure]
    view = PeopleView(lib)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.people_changed, timeout=TIMEOUT):
        view.show()
    view.select_person(obama.id)
    qtbot.waitUntil(lambda: view.faces.count() == 3, timeout=TIMEOUT)
    first = view.faces.item(0)
    assert first.text() == "?" and first.data(Qt.ItemDataRole.UserRole) == unsure
    assert "Is this" in first.toolTip()
    first.setSelected(True)
    assert view.yes_button.isEnabled()
    with qtbot.waitSignal(view.people_changed, timeout=TIMEOUT):
        view.it_is()
    assert lib.people.find(obama.id).faces == 3 and lib.people.suggestions_for(obama.id) == []


def test_similar_panel_switches_to_the_people_shared(qtbot, people_library, tmp_path):
    from photorec.gui.queries import Query
    from photorec.gui.window import MainWindow

    lib, folder = people_library
    lib.people.name(next(p.id for p in lib.people.everyone() if len(p.photos) == 3),
                    "Barack Obama")
    win = MainWindow(tmp_path / "data", settings=None, auto_rescan=False)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.is_ready, timeout=TIMEOUT)
    switch = win.people_switch
    win.nav.find_similar(Query.for_path(str(folder / "kde_Canopee.jpg")))
    qtbot.waitUntil(lambda: not win.similar_page.pending, timeout=TIMEOUT)
    qtbot.wait(300)
    assert not switch.button.isVisible()  # no person in a landscape
    win.nav.find_similar(Query.for_path(str(folder / "fr_obama.jpg")))
    qtbot.waitUntil(lambda: switch.button.isVisible(), timeout=TIMEOUT)
    assert "Barack Obama" in switch.button.toolTip()
    switch.button.setChecked(True)
    page = win.similar_page
    qtbot.waitUntil(lambda: "most shared first" in page.status.text(), timeout=TIMEOUT)
    got = sorted(Path(p.path).name for p in page.model.photos())
    assert got == ["fr_obama2.jpg", "fr_obama3.jpg"]
    assert page.model.describe(page.model.score(0)) == "1 of 1 people"
    assert page.view.delegate.describe(page.model.score(0)) == "1 of 1 people"  # not a band
    _shot(win, tmp_path, "similar_people")
    switch.button.setChecked(False)  # back to the visual ranking
    qtbot.waitUntil(lambda: len(page.model.photos()) > 2, timeout=TIMEOUT)
    assert page.view.delegate.describe(0.99) == page.describe(0.99)  # the bands are back
    win.close()
