"""What the window claims is true (issue #19, the window's points): a click answers at once,
More Like These for one photo, Qt's own dialogs in Portuguese, readable secondary text, a search
box that holds still, the sidebar on the right page after a hand-over, live folders, and a
layout that holds at any theme title."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QLabel  # noqa: E402
from test_gui import TIMEOUT, click_photo, library, library_template, open_window, wait_results  # noqa: E402,F401


def test_a_click_shows_the_similar_panel_before_the_event_loop_runs_again(qtbot, open_window, library):
    """No waiting out the double-click interval: the click itself shows the panel and asks."""
    data, photos, original, twin = library
    win = open_window(data)
    click_photo(qtbot, win.library_page.view, str(original))
    # checked right after the click returns, before any timer could fire
    assert win.stack.currentWidget() is win.similar_page
    assert win.similar_page.query.path == str(original) and win.similar_page.pending
    res = wait_results(qtbot, win)
    assert res[0][0] == str(twin)


def test_more_like_these_for_one_photo_and_an_empty_result_that_counts(qtbot, open_window, library):
    data, photos, original, twin = library
    win = open_window(data)
    model = win.library_page.model
    one = [model.by_path(str(original))]
    menu = win.photos.build_photo_menu(one)
    act = next(a for a in menu.actions() if a.text() == "More Like These")
    assert act.isEnabled()
    act.trigger()
    res = wait_results(qtbot, win)
    assert win.stack.currentWidget() is win.similar_page and res[0][0] == str(twin)

    # Nothing reaches "At least": the text says how many photos were asked about.
    win.similar_page.set_params(40, 0.99)
    two = [model.photo(0), model.photo(1)]
    win.photos.more_like_these(two)
    qtbot.waitUntil(lambda: not win.similar_page.pending and win.similar_page.result is not None
                    and win.similar_page.query.kind == "paths", timeout=TIMEOUT)
    assert not win.similar_page.result.matches
    assert "these 2 photos" in win.similar_page.status.text()


def test_qt_file_dialog_in_portuguese(qtbot, qapp):
    """Qt 6.11 gave the file dialog's labels accelerators ("&Look in:") that Qt's own pt_BR
    catalog does not have yet; they are looked up without the "&"."""
    from photorec import i18n

    assert i18n.use_language("pt_BR", qapp) == "pt_BR"
    try:
        d = QFileDialog(None, "x")
        qtbot.addWidget(d)
        d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        d.setFileMode(QFileDialog.FileMode.Directory)
        labels = [w.text() for w in d.findChildren(QLabel)]
        assert "Procurar em:" in labels and "Arquivos do tipo:" in labels, labels
        assert not [t for t in labels if "Look in" in t or "Files of" in t]
        # A string nobody translates still comes back as it is.
        from PySide6.QtCore import QCoreApplication

        assert QCoreApplication.translate("Nowhere", "&Zz") == "&Zz"
        assert QCoreApplication.translate("Nowhere", "Zz") == "Zz"
    finally:
        i18n.use_language("en", qapp)


def _label_ratio(lab: QLabel) -> float:
    from photorec.gui.contrast import ratio

    pal = lab.palette()
    return ratio(pal.color(lab.foregroundRole()), pal.color(lab.backgroundRole()))


def test_secondary_text_meets_wcag_aa(qtbot, open_window, library):
    """Sizes, "% alike", "Suggested:", the Compare, Themes and Tags subtitles (all made by
    organize_common.muted), the counts and subtitles of the library and similar pages, the
    sidebar's counts: at least 4.5:1 against their background, and still muted."""
    from PySide6.QtGui import QColor, QPalette

    from photorec.gui.contrast import AA, ratio, secondary
    from photorec.gui.organize_common import muted

    data, photos, original, twin = library
    win = open_window(data)
    labels = {"library count": win.library_page.count, "similar subtitle": win.similar_page.subtitle,
              "similar status": win.similar_page.status, "muted": muted("1200×800 · 91.0% alike", win)}
    tags = win.views.view("tags")
    labels.update({"tags status": tags.status, "tags accuracy": tags.accuracy_label,
                   "tags selection": tags.selection_label})
    labels["themes status"] = win.views.view("themes").status
    labels["duplicates status"] = win.views.view("duplicates").status
    for name, lab in labels.items():
        assert _label_ratio(lab) >= AA, (name, _label_ratio(lab))
        pal = lab.palette()
        assert pal.color(lab.foregroundRole()) != win.palette().color(QPalette.ColorRole.WindowText), name  # muted
    tree = win.sidebar.tree
    for i in range(tree.topLevelItemCount()):
        it = tree.topLevelItem(i)
        for col in (0, 1):
            brush = it.foreground(col)
            if brush.style() != 0:  # a colour of its own
                assert ratio(brush.color(), tree.palette().color(QPalette.ColorRole.Base)) >= AA, it.text(0)

    # Whatever the palette, light or dark: muted, and AA.
    for fg, bg in (("#000000", "#efefef"), ("#ffffff", "#2b2b2b"), ("#303030", "#d0d0d0"), ("#e0e0e0", "#505050")):
        pal = QPalette(QColor(fg), QColor(bg))
        pal.setColor(QPalette.ColorRole.WindowText, QColor(fg))
        pal.setColor(QPalette.ColorRole.Window, QColor(bg))
        c = secondary(pal)
        assert ratio(c, QColor(bg)) >= AA, (fg, bg)
        assert ratio(QColor(fg), QColor(bg)) < AA or c != QColor(fg), (fg, bg)


def test_search_box_holds_still_and_shows_its_whole_placeholder(qtbot, open_window, library):
    data, photos, original, twin = library
    win = open_window(data)
    lp = win.library_page
    box = win.search.box
    edit = box.edit
    fm = edit.fontMetrics()
    for e in (edit, lp.filter):  # the search box and the name filter: neither placeholder is cut
        side = 2 * (e.style().pixelMetric(e.style().PixelMetric.PM_SmallIconSize) + 8)  # icon, clear button
        assert fm.horizontalAdvance(e.placeholderText()) + side <= e.width(), e.placeholderText()
    qtbot.waitUntil(lambda: box.isVisible() and box.width() > 0, timeout=TIMEOUT)
    before = (box.mapTo(win, box.rect().topLeft()), box.width(), lp.filter.mapTo(win, lp.filter.rect().topLeft()))
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, "small")
    qtbot.waitUntil(win.search.searching, timeout=TIMEOUT)
    qtbot.wait(50)
    after = (box.mapTo(win, box.rect().topLeft()), box.width(), lp.filter.mapTo(win, lp.filter.rect().topLeft()))
    assert after == before, "the search bar moved when typing started"
    assert lp.filter.isVisible() and not lp.filter.isEnabled()  # there, greyed: results are ranked
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert lp.filter.isEnabled()


def test_a_long_theme_title_neither_squeezes_the_sidebar_nor_widens_the_window(qtbot, open_window, library):
    data, photos, original, twin = library
    win = open_window(data)
    qtbot.waitUntil(lambda: win.sidebar.isVisible(), timeout=TIMEOUT)
    qtbot.wait(50)
    side, width = win.sidebar.width(), win.width()
    title = "Theme: " + " ".join(["sunsets over the long winding coastal road"] * 12)
    for n in (len(title), 60, 20):
        win.show_collection([str(original), str(twin)], title[:n])
        qtbot.wait(50)
        assert win.sidebar.width() == side and win.width() == width, n
        lp = win.library_page
        assert lp.title.text() == title[:n]
        if lp.title.is_elided():
            assert lp.title.shown_text().endswith("…") and lp.title.toolTip() in ("", title[:n])
    assert win.library_page.title.minimumSizeHint().width() <= 80


def test_the_sidebar_names_the_page_shown_after_a_hand_over(qtbot, open_window, library):
    """Another launch asks for similar photos while the user is on an organising page: the
    sidebar moves to the library ("All photos"), not left on the page that was."""
    from photorec.gui.sidebar import ALL, KIND_ROLE

    data, photos, original, twin = library
    win = open_window(data)
    win.sidebar.select("duplicates")
    assert win.stack.currentWidget() is win.views.view("duplicates")
    assert win.sidebar.current == ("duplicates", None)
    win.handle_request([str(original)], [])  # what the IPC server calls
    assert win.stack.currentWidget() is win.similar_page
    assert win.sidebar.current == (ALL, None)
    item = win.sidebar.tree.currentItem()
    assert item is not None and item.data(0, KIND_ROLE) == ALL  # what the user sees highlighted
    wait_results(qtbot, win)
    assert win.stack.currentWidget() is win.similar_page  # highlighting did not navigate
    win.back()
    assert win.stack.currentWidget() is win.library_page and win.sidebar.current == (ALL, None)


@pytest.mark.slow
def test_folders_are_live_in_the_window_with_no_rescan(qtbot, open_window, tmp_path):
    """Unplug a folder (its drive renamed away) while the window sits idle: the sidebar, the
    status bar and the photos say offline; plug it back: online. No rescan runs. (How fast:
    benchmarks/bench_gui_folders.py; the watcher checks every second and on file-system events.)"""
    from conftest import copy_photos

    from photorec.core.library import Library
    from photorec.gui.folder_watch import CHECK_INTERVAL_MS

    folder = tmp_path / "drive" / "photos"
    copy_photos(folder, n=3)
    with Library.open(tmp_path / "data") as lib:
        lib.index_folders([folder])
    win = open_window(tmp_path / "data")
    watcher = win.folders.watcher
    assert [f.online for f in win.sidebar.folders()] == [True]
    assert {str(folder), str(folder.parent)} <= set(watcher.fs.directories())
    assert watcher.tick.isActive() and CHECK_INTERVAL_MS <= 1000
    scans = []
    win.service.index_started.connect(lambda: scans.append(1))
    model = win.library_page.model

    shutil.move(tmp_path / "drive", tmp_path / "unplugged")
    qtbot.waitUntil(lambda: not win.sidebar.folders()[0].online, timeout=TIMEOUT)
    assert "offline" in win.summary.text()
    assert win.menus.act_forget_offline.isEnabled()
    qtbot.waitUntil(lambda: model.rowCount() == 3 and not any(model.photo(r).online for r in range(3)),
                    timeout=TIMEOUT)
    assert str(tmp_path) in watcher.fs.directories()  # where it would come back

    shutil.move(tmp_path / "unplugged", tmp_path / "drive")
    qtbot.waitUntil(lambda: win.sidebar.folders()[0].online, timeout=TIMEOUT)
    assert "offline" not in win.summary.text()
    qtbot.waitUntil(lambda: all(model.photo(r).online for r in range(model.rowCount())), timeout=TIMEOUT)
    assert not scans, "a rescan ran"
