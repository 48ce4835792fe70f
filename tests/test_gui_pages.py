"""The window is made of pages (issue #16): each page is its own object with its own state,
talks to the service and to the window through signals, and works without a MainWindow.
MainWindow composes them; no mixin shares state with it through ``self``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QObject  # noqa: E402
from PySide6.QtWidgets import QStackedWidget, QWidget  # noqa: E402
from test_gui import TIMEOUT, library, library_template  # noqa: E402,F401

from photorec.gui.history import Query  # noqa: E402

GUI = Path(__file__).resolve().parents[1] / "photorec" / "gui"


def test_main_window_has_no_page_mixins_and_composes_page_objects():
    from photorec.gui.window import MainWindow

    ours = [c for c in MainWindow.__mro__ if c.__module__.startswith("photorec.")]
    assert ours == [MainWindow], f"MainWindow inherits behaviour from {ours[1:]}"
    for path in GUI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        mixins = [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name.endswith("Mixin")]
        assert not mixins, f"{path.name} still defines {mixins}"
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, f"{path.name} is over 500 lines"


def test_window_holds_one_object_per_page(qtbot, tmp_path):
    from photorec.gui.folder_actions import FolderController
    from photorec.gui.navigation import Navigator
    from photorec.gui.photo_actions import PhotoActions
    from photorec.gui.searching import SearchController
    from photorec.gui.viewing import ViewerController
    from photorec.gui.views import OrganizeViews
    from photorec.gui.window import MainWindow

    win = MainWindow(tmp_path / "data", auto_rescan=False)
    try:
        for name, cls in (("nav", Navigator), ("viewer", ViewerController), ("search", SearchController),
                          ("folders", FolderController), ("views", OrganizeViews), ("photos", PhotoActions)):
            obj = getattr(win, name)
            assert isinstance(obj, cls) and isinstance(obj, QObject)
        # Their state is theirs: the window has no copy of it.
        for attr in ("history", "_similar_token", "_viewer_return", "_search_query", "_views", "_stale_views",
                     "_problems_total"):
            assert attr not in vars(win), attr
    finally:
        win.shutdown()


@pytest.fixture
def service(qtbot, library):
    from photorec.gui.service import LibraryService

    data, photos, original, twin = library
    s = LibraryService(data)
    with qtbot.waitSignal(s.snapshot_ready, timeout=TIMEOUT) as snap:
        s.open()
    yield s, snap.args[0], original, twin
    s.shutdown()


def test_similar_page_works_alone_with_a_service(qtbot, service):
    """The Navigator and its SimilarPanel, in a bare stack: a query, its answer, Back."""
    from photorec.gui.navigation import Navigator
    from photorec.gui.settings import WindowSettings
    from photorec.gui.similar import SimilarPanel
    from photorec.gui.thumbs import ThumbnailLoader

    svc, snap, original, twin = service
    host = QWidget()
    qtbot.addWidget(host)
    stack = QStackedWidget(host)
    home = QWidget()
    loader = ThumbnailLoader(threads=1, parent=host)
    page = SimilarPanel(loader, host)
    stack.addWidget(home)
    stack.addWidget(page)
    by_path = {p.path: p for p in snap.photos}
    nav = Navigator(svc, page, stack, by_path.get, WindowSettings(None), lambda fn: fn(), host)
    titles, homes = [], []
    nav.title_changed.connect(titles.append)
    nav.home_requested.connect(homes.append)

    nav.find_similar(Query.for_path(str(original)))
    assert stack.currentWidget() is page and titles and original.name in titles[-1]
    qtbot.waitUntil(lambda: not page.pending and page.result is not None, timeout=TIMEOUT)
    ranked = [page.model.photo(r).path for r in range(page.model.rowCount())]
    assert ranked and ranked[0] == str(twin)  # the re-encoded copy is the closest
    nav.back()
    assert homes and homes[-1].path == str(original)  # the window is asked to show the grid
    loader.shutdown()


def test_viewer_page_works_alone_with_a_service(qtbot, service):
    from photorec.gui.viewing import ViewerController

    svc, snap, original, twin = service
    host = QWidget()
    qtbot.addWidget(host)
    stack = QStackedWidget(host)
    home = QWidget()
    stack.addWidget(home)
    viewer = ViewerController(svc, stack, home, lambda: [], host)
    asked, titles = [], []
    viewer.similar_requested.connect(asked.append)
    viewer.title_changed.connect(titles.append)
    viewer.open([str(original), str(twin)], 1)
    assert viewer.viewing() and viewer.page.index == 1
    viewer.similar_to_viewed()
    assert not viewer.viewing() and stack.currentWidget() is home
    assert asked and asked[0].path == str(twin)
    viewer.close_workers()


def test_organize_views_work_alone_with_a_service(qtbot, service):
    from photorec.gui.sidebar import Sidebar
    from photorec.gui.views import OrganizeViews

    svc, snap, original, twin = service
    host = QWidget()
    qtbot.addWidget(host)
    stack = QStackedWidget(host)
    views = OrganizeViews(svc, stack, Sidebar(host), lambda: [], host)
    views.add_organize_views()
    assert {"duplicates", "themes", "tags"} <= set(views.views)
    assert views.show("duplicates") and stack.currentWidget() is views.view("duplicates")
    views.library_changed(True)
    assert "duplicates" in views.stale
    assert not views.show("no such page")


def test_search_works_alone_with_a_service(qtbot, service):
    """The SearchController over a bare LibraryPage: words in, ranked results in the page."""
    from photorec.gui.library_view import LibraryPage
    from photorec.gui.searching import SearchController
    from photorec.gui.thumbs import ThumbnailLoader

    svc, snap, original, twin = service
    host = QWidget()
    qtbot.addWidget(host)
    stack = QStackedWidget(host)
    loader = ThumbnailLoader(threads=1, parent=host)
    page = LibraryPage(loader, host)
    page.model.set_photos(snap.photos, snap.prepared)
    stack.addWidget(page)
    search = SearchController(svc, page, loader, stack, host)
    asked = []
    search.similar_requested.connect(asked.append)
    search.box.set_query("small")
    qtbot.waitUntil(search.searching, timeout=TIMEOUT)
    assert [p.path for p in search.model.photos()] == [str(twin)]
    assert page.title.text().startswith("Photos matching")
    search.clear()
    assert not search.searching() and page.title.text() == "All photos"
    search.close_workers()
    loader.shutdown()


def test_folders_controller_works_alone_with_a_service(qtbot, service):
    from photorec.gui.folder_actions import FolderController
    from photorec.gui.library_view import LibraryPage
    from photorec.gui.problems import ProblemsPage
    from photorec.gui.progress import IndexProgress
    from photorec.gui.settings import WindowSettings
    from photorec.gui.sidebar import Sidebar
    from photorec.gui.thumbs import ThumbnailLoader

    svc, snap, original, twin = service
    host = QWidget()
    qtbot.addWidget(host)
    loader = ThumbnailLoader(threads=1, parent=host)
    sidebar = Sidebar(host)
    folders = FolderController(svc, sidebar, LibraryPage(loader, host), ProblemsPage(host), IndexProgress(host),
                               WindowSettings(None), lambda *a: True, lambda fn: fn(), host)
    said = []
    folders.message.connect(lambda text, ms: said.append(text))
    folders.show_folders(snap.folders)
    assert [f.path for f in sidebar.folders()] == [f.path for f in snap.folders]
    assert str(original.parent) in folders.watcher.fs.directories()
    with qtbot.waitSignal(svc.index_finished, timeout=TIMEOUT):
        folders.rescan()
    assert said and said[-1].startswith("Library up to date")  # told to the window, as a signal
    loader.shutdown()


def test_an_organize_page_reads_its_library_when_first_shown_then_when_asked(qtbot):
    """The four organising pages' base: nothing read when made; with no library yet, it says
    so and reads when shown once there is one; later shows do not read again, the window's
    ``read_library`` (after the library changed) does."""
    from photorec.gui.organize_common import OrganizePage

    class Page(OrganizePage):
        def _read(self, lib) -> None:
            reads.append(lib)

        def _no_library(self) -> None:
            missing.append(1)

    reads: list = []
    missing: list = []
    current: dict = {"lib": None}
    page = Page(lambda: current["lib"])
    qtbot.addWidget(page)
    assert reads == [] and missing == []
    page.show()
    assert reads == [] and missing == [1]
    page.hide()
    current["lib"] = lib = object()
    page.show()
    assert reads == [lib]
    page.hide()
    page.show()
    assert reads == [lib]
    page.read_library()
    assert reads == [lib, lib] and missing == [1]


def test_an_organize_page_without_its_reader_is_refused_when_defined():
    """A page that forgets ``_read`` fails where it is written, not when a user opens it."""
    import pytest

    from photorec.gui.organize_common import OrganizePage

    with pytest.raises(TypeError, match="without _read"):
        class Forgetful(OrganizePage):  # noqa: F841 - defining it is the test
            def _no_library(self) -> None:
                pass
