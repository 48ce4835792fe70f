"""The organising views (duplicates, themes, tags) as standalone widgets, with pytest-qt.

Screenshots go to the test's temporary folder, or to $PHOTOREC_SCREENSHOTS when set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from photorec.core.library import Library
from photorec.core.organize import duplicates as dup
from photorec.core.organize import tags as tg
from tests.conftest import copy_photos
from tests.test_duplicates import make_copies
from tests.test_tags import LABELS

TIMEOUT = 30000


@pytest.fixture(scope="module")
def gui_library(tmp_path_factory):
    """30 photos, altered copies of 3 of them (3 groups), some tagged."""
    root = tmp_path_factory.mktemp("gui")
    photos = copy_photos(root / "photos", n=30, step=2)
    for src in (photos[4], photos[12], photos[20]):
        made = make_copies(src, root / "photos" / "copies")
        made.pop("small_q35").unlink()
    lib = Library.open(root / "data")
    lib.index_folders([root / "photos"])
    names = {p.stem: str(p) for p in photos}
    for tag, members in LABELS.items():
        tagged = [names[m] for m in members if m in names]
        if tagged:
            tg.add_tags(lib, tagged, [tag])
    yield lib, root
    lib.close()


def _shot(widget, tmp_path: Path, name: str) -> Path:
    out = Path(os.environ.get("PHOTOREC_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


def test_duplicates_view(qtbot, gui_library, tmp_path, monkeypatch):
    from photorec.gui import duplicates_view as dv
    from photorec.gui.organize_common import wait_idle

    lib, root = gui_library
    view = dv.DuplicatesView(lambda: lib)
    qtbot.addWidget(view)
    view.resize(1180, 820)
    with qtbot.waitSignal(view.groups_changed, timeout=TIMEOUT) as sig:
        view.show()
    assert sig.args == [3]
    assert len(view.cards) == 3
    card = view.cards[0]
    assert card.tiles[0].keeper and card.group.why in card.why.text()
    assert sum("copies" not in t.path for t in card.tiles) == 1  # one original per group
    qtbot.waitUntil(lambda: not card.tiles[0].image.icon().isNull(), timeout=TIMEOUT)
    qtbot.wait(200)  # let the layout settle before the screenshot
    _shot(view, tmp_path, "duplicates")

    # The slider counts live from the cached graph.
    with qtbot.waitSignal(view.count_changed, timeout=TIMEOUT) as sig:
        view.slider.setValue(99)
    assert sig.args[0] <= 3
    with qtbot.waitSignal(view.groups_changed, timeout=TIMEOUT):
        view.slider.setValue(int(dup.default_threshold(lib.model) * 100))
    assert len(view.cards) == 3

    # Choosing another keeper, comparing.
    card = view.cards[0]
    other = card.tiles[1].path
    card.tiles[1].keep_button.click()
    assert card.keeper_path() == other and card.tiles[0].path in card.to_trash()
    dlg = view.compare(card.tiles[0].path, other)
    qtbot.waitUntil(lambda: dlg.left.image.pixmap() is not None and not dlg.left.image.pixmap().isNull(),
                    timeout=TIMEOUT)
    assert "Similarity" in dlg.left.details.text()
    _shot(dlg, tmp_path, "compare")
    dlg.close()

    # "Not duplicates" removes the group and is remembered.
    with qtbot.waitSignal(view.count_changed, timeout=TIMEOUT):
        view.cards[0].not_dup.click()
    assert len(view.cards) == 2
    wait_idle()
    assert len(dup.find_groups(lib)) == 2

    # Move to trash (a fake trash: tests never touch the user's), after a confirmation.
    trash = tmp_path / "trash"
    trash.mkdir()

    class FakeQFile:
        @staticmethod
        def moveToTrash(path):
            shutil.move(path, trash / os.path.basename(path))
            return True

    monkeypatch.setattr(dv, "QFile", FakeQFile)
    view.confirm = lambda *a: False
    card = view.cards[0]
    card.trash_button.click()
    assert len(view.cards) == 2  # cancelled: nothing happens
    view.confirm = lambda *a: True
    victims = card.to_trash()
    with qtbot.waitSignal(view.photos_trashed, timeout=TIMEOUT) as sig:
        card.trash_button.click()
    assert sorted(sig.args[0]) == sorted(victims)
    assert all(not os.path.exists(p) for p in victims)
    assert all(lib.photo(p) is None for p in victims)
    qtbot.waitUntil(lambda: len(view.cards) == 1, timeout=TIMEOUT)
    wait_idle()
    dup.undo_decisions(lib)


def test_themes_view(qtbot, gui_library, tmp_path):
    from photorec.gui.themes_view import ThemesView

    lib, _ = gui_library
    view = ThemesView(lib)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    with qtbot.waitSignal(view.themes_changed, timeout=TIMEOUT) as sig:
        view.show()
    n = sig.args[0]
    assert n >= 2 and view.list.count() == n
    assert "themes" in view.status.text()
    qtbot.wait(100)
    _shot(view, tmp_path, "themes")
    with qtbot.waitSignal(view.show_photos, timeout=TIMEOUT) as sig:
        view.list.itemActivated.emit(view.list.item(0))
    paths, title = sig.args
    assert paths and title.startswith("Theme")
    assert len(paths) == view.theme_set.themes[0].size
    with qtbot.waitSignal(view.themes_changed, timeout=TIMEOUT) as sig:
        view.compute(3)
    assert sig.args == [3] and view.k.value() == 3


def test_tags_view(qtbot, gui_library, tmp_path):
    from photorec.gui.tags_view import TagsView

    lib, root = gui_library
    view = TagsView(lambda: lib)
    qtbot.addWidget(view)
    view.resize(1180, 760)
    view.show()
    qtbot.waitUntil(lambda: view.tag_list.count() >= len(LABELS), timeout=TIMEOUT)
    coffee = str(root / "photos" / "sk_coffee.jpg")
    if not os.path.exists(coffee):
        coffee = lib.photos()[0].path
    view.set_selection([coffee])
    assert "1 photo selected" in view.selection_label.text()
    with qtbot.waitSignal(view.tags_changed, timeout=TIMEOUT):
        view.add_tag("breakfast")
    assert "breakfast" in tg.tags_of(lib, coffee)
    qtbot.waitUntil(lambda: any(view.tag_list.item(i).data(256) == "breakfast"
                                for i in range(view.tag_list.count())), timeout=TIMEOUT)
    with qtbot.waitSignal(view.show_photos, timeout=TIMEOUT) as sig:
        view.filter_by("breakfast")
    assert sig.args[0] == [coffee]

    with qtbot.waitSignal(view.suggestions_ready, timeout=TIMEOUT) as sig:
        view.suggest()
    assert sig.args[0] > 0
    assert "accuracy" in view.accuracy_label.text()
    qtbot.wait(100)
    _shot(view, tmp_path, "tags")
    first = view.tree.topLevelItem(0)
    path, tag = first.data(0, 256), first.data(1, 256)
    first.setSelected(True)
    view.reject_selected()
    qtbot.waitUntil(lambda: "Rejected" in view.status.text(), timeout=TIMEOUT)
    assert (lib.photo(path).ckey, tag) in tg.rejections(lib)

    view.set_selection([coffee])
    with qtbot.waitSignal(view.show_photos, timeout=TIMEOUT) as sig:
        view.more_like(k=5)
    assert len(sig.args[0]) == 5 and coffee not in sig.args[0]

    out = tmp_path / "tags.json"
    view.export_to(str(out))
    qtbot.waitUntil(out.exists, timeout=TIMEOUT)
    with qtbot.waitSignal(view.tags_changed, timeout=TIMEOUT):
        view.remove_tag("breakfast")
    assert "breakfast" not in tg.tags_of(lib, coffee)
    with qtbot.waitSignal(view.tags_changed, timeout=TIMEOUT):
        view.import_from(str(out))
    assert "breakfast" in tg.tags_of(lib, coffee)


def test_views_without_a_library(qtbot):
    from PySide6.QtWidgets import QLabel

    from photorec.gui.duplicates_view import DuplicatesView
    from photorec.gui.tags_view import TagsView
    from photorec.gui.themes_view import ThemesView

    for cls in (DuplicatesView, ThemesView, TagsView):
        w = cls(lambda: None)
        qtbot.addWidget(w)
        w.show()
        qtbot.wait(20)
        assert not w.jobs.busy()  # nothing to run without a library, and nothing crashed
        texts = [lab.text() for lab in w.findChildren(QLabel)]
        if cls is not TagsView:  # the tags page simply stays empty
            assert "No library yet." in texts, texts


def test_window_closes_cleanly_while_duplicates_and_themes_jobs_run(qtbot, gui_library, tmp_path,
                                                                     monkeypatch, caplog):
    """#10: closing the window closed SQLite under the organising views' jobs ("Cannot
    operate on a closed database"). Now the window cancels and waits for every job, then
    closes the library."""
    import logging
    import threading
    import time

    from photorec.core.organize import themes as th
    from photorec.gui.window import MainWindow

    lib, root = gui_library
    data = tmp_path / "data"
    shutil.copytree(lib.paths.data_dir, data)
    caplog.set_level(logging.INFO)
    started = {"graph": threading.Event(), "themes": threading.Event()}
    finished: dict[str, object] = {}

    def slow(name, fn):
        def run(lib, *a, **kw):
            started[name].set()
            time.sleep(0.8)  # still working when the window closes
            try:
                out = fn(lib, *a, **kw)
                lib.photos()  # and the catalog is still open afterwards
            except Exception as exc:  # what the test looks for
                finished[name] = exc
                raise
            finished[name] = "ok"
            return out
        return run

    monkeypatch.setattr(dup, "neighbour_graph", slow("graph", dup.neighbour_graph))
    monkeypatch.setattr(th, "load_themes", slow("themes", th.load_themes))
    win = MainWindow(data, auto_rescan=False)
    win.show_error = lambda title, text: None
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.is_ready, timeout=TIMEOUT)
    win.sidebar.select("duplicates")
    win.sidebar.select("themes")
    qtbot.waitUntil(lambda: started["graph"].is_set() and started["themes"].is_set(), timeout=TIMEOUT)
    assert win.service.runtime.busy()
    win.close()
    assert finished == {"graph": "ok", "themes": "ok"}, finished
    assert win.service.runtime.running_threads() == []
    assert win.service.lib is None
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "closed database" not in text and "did not stop" not in text, text


CLI_TAG = """
import sys
from photorec.core.organize import tags as tg
from photorec.core.library import Library
lib = Library.open(sys.argv[1])
tg.add_tags(lib, [sys.argv[2]], [sys.argv[3]])
lib.close()
"""


def test_pages_refresh_when_another_process_changes_the_library(qtbot, gui_library, tmp_path):
    """#9: the Tags, Themes and Duplicates pages went stale. A tag added by another process
    (the CLI) shows on the Tags page on screen; a page made but hidden reads the library
    again when it is shown next."""
    import subprocess
    import sys

    from photorec.gui.window import MainWindow

    lib, root = gui_library
    data = tmp_path / "data"
    shutil.copytree(lib.paths.data_dir, data)
    win = MainWindow(data, auto_rescan=False)
    win.show_error = lambda title, text: None
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.start()
    qtbot.waitUntil(lambda: win.is_ready, timeout=TIMEOUT)
    win.service._watch.setInterval(100)  # the window polls every 2 s; the test needs no wait
    win.sidebar.select("themes")
    themes = win.views.view("themes")
    qtbot.waitUntil(lambda: themes.theme_set is not None, timeout=TIMEOUT)
    loads = []
    real_load = themes.read_library  # what the window calls (OrganizePage)
    themes.read_library = lambda: (loads.append(1), real_load())
    win.sidebar.select("tags")
    tags = win.views.view("tags")

    def listed() -> set:
        return {tags.tag_list.item(i).data(256) for i in range(tags.tag_list.count())}

    qtbot.waitUntil(lambda: bool(listed() - {None}), timeout=TIMEOUT)
    assert "from-the-cli" not in listed()
    photo = lib.photos()[0].path
    cli = subprocess.Popen([sys.executable, "-c", CLI_TAG, str(data), photo, "from-the-cli"])
    qtbot.waitUntil(lambda: cli.poll() is not None, timeout=120_000)  # the window lives on meanwhile
    assert cli.returncode == 0
    qtbot.waitUntil(lambda: "from-the-cli" in listed(), timeout=TIMEOUT)
    assert loads == []  # hidden: not read while nobody looks at it
    win.sidebar.select("themes")
    assert loads == [1]
    # A change the page on screen may have made itself (an organising job just ended) does
    # not make that page read again under the user; the hidden ones do when shown.
    reloads = []
    tags.read_library = lambda: reloads.append(1)
    win.sidebar.select("tags")
    win.views.library_changed(True)
    assert reloads == [] and {"themes", "tags"} <= win.views.stale
    win.views.library_changed(False)
    assert reloads == [1]
    win.close()
