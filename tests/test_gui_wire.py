"""The viewer and the search box wired into the window, --lang, the metadata pass in the
status bar and the Problems page, and the bare launch handing over (issue #12)."""

from __future__ import annotations

import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from conftest import copy_photos
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from test_gui import TIMEOUT, click_photo, library, library_template, open_window, wait_results  # noqa: F401

from photorec.gui.history import Query


def _cell(view, row: int):
    idx = view.model().index(row, 0)
    view.scrollTo(idx)
    return view.visualRect(idx).center()


def double_click(qtbot, view, row: int) -> None:
    """As a user does it: press, release, then the second press (a double-click event), release."""
    pos = _cell(view, row)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _viewer_on(qtbot, win, path: str) -> None:
    v = win.viewer.page
    qtbot.waitUntil(lambda: win.viewer.viewing() and v.paths[v.index] == path and v.is_loaded(), timeout=TIMEOUT)


# -- the viewer -----------------------------------------------------------------------------------


def test_space_and_double_click_open_the_viewer_in_grid_order_and_escape_returns(qtbot, open_window, library):
    data, photos, original, twin = library
    win = open_window(data)
    lp = win.library_page
    view = lp.view
    order = [p.path for p in lp.model.photos()]
    assert len(order) == 13
    view.setFocus()
    view.select_row(2)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    v = win.viewer.page
    assert v is not None and win.stack.currentWidget() is v
    assert v.paths == order and v.index == 2
    _viewer_on(qtbot, win, order[2])
    assert v.panel.fields["name"].text() == Path(order[2]).name  # the information panel
    assert "pixels" in v.panel.fields["size"].text()
    # decoded on the service's job runtime (waited for at shutdown), not on a pool of its own
    assert win.service.runtime.finished.get("viewer", 0) >= 1
    assert win.windowTitle().startswith(Path(order[2]).name)
    qtbot.keyClick(v, Qt.Key.Key_Right)
    _viewer_on(qtbot, win, order[3])
    qtbot.keyClick(v, Qt.Key.Key_Left)
    _viewer_on(qtbot, win, order[2])
    qtbot.keyClick(v, Qt.Key.Key_Escape)
    assert win.stack.currentWidget() is lp and view.hasFocus()
    assert [p.path for p in view.selected_photos()] == [order[2]]  # the same selection
    assert win.windowTitle() == "photorec"
    assert win.nav.history.at_home()

    # A double-click: its first click shows the similar panel at once (no waiting out the
    # double-click interval), its second opens the viewer on top, on the photo clicked.
    double_click(qtbot, view, 4)
    assert win.viewer.viewing() and v.index == 4 and v.paths == order
    assert win.similar_page.query is not None and win.similar_page.query.path == order[4]
    qtbot.keyClick(v, Qt.Key.Key_Right)
    _viewer_on(qtbot, win, order[5])
    qtbot.keyClick(v, Qt.Key.Key_Backspace)  # Back: out of the viewer, to the panel under it
    assert win.stack.currentWidget() is win.similar_page
    assert view.current_photo().path == order[5]  # moved on in the viewer: the grid follows
    win.back()
    assert win.stack.currentWidget() is lp and win.nav.history.at_home()

    # A single click still shows similar photos.
    click_photo(qtbot, view, str(original))
    res = wait_results(qtbot, win)
    assert res[0][0] == str(twin)


def test_viewer_from_similar_results_and_s_finds_similar_to_the_photo_shown(qtbot, open_window, library):
    data, photos, original, twin = library
    win = open_window(data)
    win.similar_page.set_params(40, 0.0)  # any similarity: the test photos are mostly unrelated
    win.nav.find_similar(Query.for_path(str(original)))
    res = wait_results(qtbot, win)
    sv = win.similar_page.view
    double_click(qtbot, sv, 1)
    v = win.viewer.page
    assert win.viewer.viewing() and v.paths == [p for p, _ in res] and v.index == 1
    qtbot.keyClick(v, Qt.Key.Key_Escape)
    assert win.stack.currentWidget() is win.similar_page
    # The double-click's first click asked about that result at once: Back returns.
    assert win.similar_page.query.path == res[1][0]
    win.back()
    res = wait_results(qtbot, win)
    assert win.similar_page.query.path == str(original)

    sv.setFocus()
    sv.select_row(0)
    qtbot.keyClick(sv, Qt.Key.Key_Space)
    _viewer_on(qtbot, win, str(twin))
    qtbot.keyClick(v, Qt.Key.Key_S)
    assert win.stack.currentWidget() is win.similar_page
    res2 = wait_results(qtbot, win)
    assert win.similar_page.query.path == str(twin) and res2[0][0] == str(original)
    # The viewer's "Find Similar" button does the same.
    win.viewer.view_in_grid(sv, win.similar_page.model.photo(0))
    _viewer_on(qtbot, win, res2[0][0])
    qtbot.mouseClick(v.buttons["similar"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.similar_page.query.path == res2[0][0] and not win.similar_page.pending,
                    timeout=TIMEOUT)
    win.back()
    win.back()  # Back: the results the viewer was opened from
    qtbot.waitUntil(lambda: win.similar_page.query.path == str(original) and not win.similar_page.pending,
                    timeout=TIMEOUT)


# -- the search box -------------------------------------------------------------------------------


def test_search_box_shows_ranked_results_with_why_and_escape_clears(qtbot, open_window, library):
    data, photos, original, twin = library
    win = open_window(data)
    lp = win.library_page
    box = win.search.box
    assert lp._bar.indexOf(box) >= 0 and lp._bar.indexOf(box) < lp._bar.indexOf(lp.filter)
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert box.edit.hasFocus()
    qtbot.keyClicks(box.edit, "small")
    qtbot.waitUntil(win.search.searching, timeout=TIMEOUT)
    sv = win.search.view
    assert sv.isVisible() and not lp.view.isVisible()
    assert box.edit.hasFocus()  # typing goes on where it was
    assert [p.path for p in win.search.model.photos()] == [str(twin)]  # only the name matches
    assert lp.title.text() == "Photos matching “small”"
    assert lp.count.text() == "1 photo"
    assert win.service.runtime.finished.get("search", 0) >= 1  # on the service's job runtime
    tip = win.search.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Matched: ") and "small" in tip.split("\n")[0].lower()
    assert win.nav.history.at_home()  # results in place, as the name filter: not a history step

    # A click on a result finds similar; Back returns to the results.
    click_photo(qtbot, sv, str(twin))
    res = wait_results(qtbot, win)
    assert res[0][0] == str(original)
    win.back()
    assert win.stack.currentWidget() is lp and win.search.searching() and sv.hasFocus()
    # Space on a result: the viewer, over the results.
    sv.select_row(0)
    qtbot.keyClick(sv, Qt.Key.Key_Space)
    assert win.viewer.viewing() and win.viewer.page.paths == [str(twin)]
    qtbot.keyClick(win.viewer.page, Qt.Key.Key_Escape)
    assert win.search.searching()

    # Escape clears it: the grid and its title again.
    box.edit.setFocus()
    qtbot.keyClick(box.edit, Qt.Key.Key_Escape)
    assert box.edit.text() == "" and not win.search.searching()
    assert lp.view.isVisible() and not sv.isVisible()
    assert lp.title.text() == "All photos" and lp.count.text() == "13 photos"

    # Words nothing matches: an empty list that says so.
    qtbot.keyClicks(box.edit, "zzqqxx")
    qtbot.waitUntil(lambda: win.search.searching() and box.last_query == "zzqqxx", timeout=TIMEOUT)
    assert win.search.model.rowCount() == 0 and "zzqqxx" in sv.empty_text
    tree = win.sidebar.tree
    tree.itemClicked.emit(tree.currentItem(), 0)  # "All photos" chosen again ends the search
    assert not win.search.searching() and box.edit.text() == ""
    # So does the name filter (it filters the grid, not ranked results).
    box.set_query("small")
    qtbot.waitUntil(win.search.searching, timeout=TIMEOUT)
    assert lp.filter.isVisible() and not lp.filter.isEnabled()  # greyed in place: nothing moves
    win.focus_filter()
    assert not win.search.searching() and lp.filter.isEnabled() and lp.filter.hasFocus()


# -- --lang ---------------------------------------------------------------------------------------


def test_lang_option_reaches_the_cli_and_the_window(qtbot, qapp, tmp_path, monkeypatch):
    from photorec import cli, i18n
    from photorec.gui import app as gui_app
    from photorec.gui import window as window_mod

    seen = {}

    def fake_run_gui(args):
        seen["lang"] = args.lang
        seen["language"] = i18n.language()
        return 0

    try:
        monkeypatch.setattr(gui_app, "run_gui", fake_run_gui)
        assert cli.main(["--lang", "pt_BR", "--data-dir", str(tmp_path / "d")]) == 0
        assert seen == {"lang": "pt_BR", "language": "pt_BR"}
        cli.main(["status", "--lang", "en", "--data-dir", str(tmp_path / "d")])  # a sub-command's option too
        assert i18n.language() == "en"
        monkeypatch.undo()

        # run_gui itself (its event loop left out): the window is made in Portuguese.
        made = []

        class Recording(window_mod.MainWindow):
            def __init__(self, *a, **kw):
                super().__init__(*a, **kw)
                made.append(self)

        class NoCrashHandler:
            def __init__(self, *a, **kw):
                pass

            def install(self):
                pass

            def uninstall(self):
                pass

        from photorec.gui import crash

        monkeypatch.setattr(window_mod, "MainWindow", Recording)
        monkeypatch.setattr(crash, "CrashHandler", NoCrashHandler)
        monkeypatch.setattr(qapp, "exec", lambda: 0)
        args = Namespace(lang="pt_BR", data_dir=str(tmp_path / "d"), provider=None, similar=[], paths=[],
                         screenshot=None)
        assert gui_app.run_gui(args) == 0
        assert i18n.language() == "pt_BR"
        assert made, "no window was made"
        win = made[0]
        try:
            assert win.search.box.edit.placeholderText().startswith("Buscar: ")
            from photorec.gui.viewer import PhotoViewer

            v = PhotoViewer(win)
            assert v.buttons["back"].text() == "Voltar"
            v.close_workers()
        finally:
            win.close()
            win.deleteLater()
    finally:
        i18n.use_language("en")
    assert QGuiApplication.translate("PhotoViewer", "Back") == "Back"


# -- the metadata pass ----------------------------------------------------------------------------


def test_metadata_phase_in_the_status_bar(qtbot, open_window, library):
    from photorec.core.library import Progress
    from photorec.gui.progress import progress_text

    p = Progress("metadata", 64, 200, 500.0, 0.3, "/x.jpg")
    assert progress_text(p) == "Reading keywords and descriptions… 64 of 200"
    data, *_ = library
    win = open_window(data)
    win.progress.start()
    win.service.index_progress.emit(p)
    assert win.progress.label.text().startswith("Reading keywords and descriptions…")
    assert win.progress.bar.maximum() == 200 and win.progress.bar.value() == 64


def test_problems_page_lists_photos_with_bad_metadata(qtbot, open_window, tmp_path):
    from photorec.core.ingest import metadata
    from photorec.core.library import Library
    from photorec.gui.problems import KIND_ROLE, METADATA, PATH_ROLE

    folder = tmp_path / "Photos"
    shots = copy_photos(folder, n=3, step=10)
    (folder / (shots[1].name + ".xmp")).write_text("<x:xmpmeta><rdf:RDF>")  # broken sidecar
    (folder / "broken.jpg").write_bytes(b"\xff\xd8 not a jpeg")  # a file that cannot be read
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([folder])
        assert [p for p, _ in metadata.problems(lib)] == [str(shots[1])]
    win = open_window(tmp_path / "data")
    pp = win.problems_page
    assert pp.count() == 2 and pp.metadata_count == 1
    items = {pp.tree.topLevelItem(i).data(0, PATH_ROLE): pp.tree.topLevelItem(i) for i in range(pp.count())}
    meta = items[str(shots[1])]
    assert meta.data(0, KIND_ROLE) == METADATA
    assert meta.text(1).startswith("Metadata: ") and meta.text(1).endswith("(the photo is indexed)")
    assert items[str(folder / "broken.jpg")].data(0, KIND_ROLE) is None
    assert pp.title.text() == "Problems (2)"
    assert win.library_page.model.row_of_path(str(shots[1])) >= 0  # still in the library
    assert win.menus.act_problems.isEnabled()


# -- a bare launch --------------------------------------------------------------------------------


def test_bare_launch_brings_the_running_window_forward(qtbot, tmp_path):
    from test_ipc import _child_env

    from photorec.gui.ipc import InstanceServer

    data = tmp_path / "library"
    data.mkdir()
    srv = InstanceServer(data, read_timeout_ms=400)
    assert srv.listen()
    env = dict(_child_env(), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "photorec", "--data-dir", str(data)], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with qtbot.waitSignal(srv.request_received, timeout=30000) as blocker:
            pass
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30000)
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        req = blocker.args[0]
        assert req.similar == [] and req.paths == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        srv.close()
