"""The organising pages (duplicates, themes, tags, people): plugged in with
:meth:`OrganizeViews.add_view`, made when first shown, given the service, and read again when
the library changes (:class:`OrganizeViews`, which owns them and which are stale)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStackedWidget, QWidget

from photorec.gui import icons
from photorec.gui.history import Query
from photorec.gui.tasks import words
from photorec.i18n import translate

if TYPE_CHECKING:
    from photorec.gui.grid import PhotoGridView
    from photorec.gui.service import LibraryService
    from photorec.gui.sidebar import Sidebar

log = logging.getLogger(__name__)

class OrganizeViews(QObject):
    """The pages plugged into the window's stack and sidebar, each made when first chosen."""

    similar_requested = Signal(object)  # Query
    show_photos = Signal(list, str)  # paths, title: the grid limited to them
    photos_trashed = Signal(list)  # paths
    error = Signal(str, str)

    def __init__(self, service: LibraryService, stack: QStackedWidget, sidebar: Sidebar,
                 grids: Callable[[], list[PhotoGridView]], parent: QWidget) -> None:
        super().__init__(parent)
        self.service = service
        self.stack = stack
        self.sidebar = sidebar
        self.grids = grids
        self.views: dict[str, object] = {}  # key: the page, or a callable making it
        self.stale: set[str] = set()  # made, hidden, and the library changed since
        service.library_changed.connect(self.library_changed)

    def add_view(self, key: str, label: str, widget, icon: QIcon | None = None) -> None:
        """Plug in another view of the library: a sidebar entry and a page. ``widget`` is a
        QWidget, or a callable making one when the entry is first chosen."""
        self.views[key] = widget
        if isinstance(widget, QWidget):
            self.stack.addWidget(widget)
        self.sidebar.add_view(key, label, icon)

    def view(self, key: str) -> QWidget | None:
        """The page of a view added with :meth:`add_view` (made now if it was not yet)."""
        w = self.views.get(key)
        if w is None or isinstance(w, QWidget):
            return w
        try:
            made = w()
        except Exception as exc:  # a broken view must not take the window down
            log.exception("cannot open the %s view", key)
            self.error.emit(translate("MainWindow", "Cannot open %1").replace("%1", key), words(exc))
            return None
        self.views[key] = made
        self.stack.addWidget(made)
        return made

    def key_of(self, page) -> str | None:
        """The key of a page made here (None for any other)."""
        return next((k for k, w in self.views.items() if w is page), None)

    def show(self, key: str) -> bool:
        """Show the page ``key`` (read again if the library changed while it was hidden);
        False if there is no such page."""
        if key not in self.views:
            return False
        w = self.view(key)
        if w is not None:
            self.stack.setCurrentWidget(w)
            if key in self.stale:
                self._refresh(key)
        return True

    def add_organize_views(self) -> None:
        """Duplicates, themes and tags (photorec.gui.*_view), made when first shown."""
        import importlib.util

        for key, module, cls, label in (("duplicates", "duplicates_view", "DuplicatesView",
                                         translate("MainWindow", "Duplicates")),
                                        ("themes", "themes_view", "ThemesView", translate("MainWindow", "Themes")),
                                        ("tags", "tags_view", "TagsView", translate("MainWindow", "Tags")),
                                        ("people", "people_view", "PeopleView",
                                         translate("MainWindow", "People"))):

            try:
                found = importlib.util.find_spec(f"photorec.gui.{module}") is not None
            except (ImportError, ValueError):
                found = False
            if found:
                self.add_view(key, label, lambda m=module, c=cls: self._make_organize_view(m, c),
                              icons.icon(key, self.parent(), themed=False))

    def _make_organize_view(self, module: str, cls: str) -> QWidget:
        import importlib

        mod = importlib.import_module(f"photorec.gui.{module}")
        w = getattr(mod, cls)(self.service, self.parent())  # the library, and the runtime for its jobs
        if hasattr(w, "similar_requested"):
            w.similar_requested.connect(lambda path: self.similar_requested.emit(Query.for_path(path)))
        if hasattr(w, "show_photos"):
            w.show_photos.connect(self.show_photos.emit)
        if hasattr(w, "photos_trashed"):
            w.photos_trashed.connect(self.photos_trashed.emit)
        if hasattr(w, "set_selection"):  # tags and "more like these" act on the grid's selection
            grids = self.grids()[:2]  # the library's and the similar page's
            for grid in grids:
                grid.selectionModel().selectionChanged.connect(
                    lambda *_a, g=grid, v=w: v.set_selection([p.path for p in g.selected_photos()]))
            w.set_selection([p.path for p in grids[0].selected_photos()])
        return w

    def library_changed(self, maybe_ours: bool = False) -> None:
        """Indexing ended, or another process wrote to the catalog: the organising pages read
        again, the one on screen now, the others when they are next shown. ``maybe_ours``:
        the page on screen may have written it itself (it refreshes itself then): it is left
        be until it is chosen again."""
        for key, w in self.views.items():
            if not isinstance(w, QWidget):
                continue  # not made yet: it reads the library when it is
            if w.isVisible() and not maybe_ours:
                self._refresh(key)
            else:
                self.stale.add(key)

    def _refresh(self, key: str) -> None:
        self.stale.discard(key)
        w = self.views.get(key)
        fn = getattr(w, "read_library", None)  # an OrganizePage (gui/organize_common.py)
        if fn is None:  # another view plugged in with add_view
            fn = next((getattr(w, n) for n in ("refresh", "reload", "load") if hasattr(w, n)), None)
        if fn is not None and self.service.lib is not None:
            log.info("the library changed: %s reads it again", key)
            fn()
