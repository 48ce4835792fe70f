"""The organising pages (duplicates, themes, tags): plugged in with
:meth:`ViewsMixin.add_view`, made when first shown, given the service, and read again when
the library changes (:class:`ViewsMixin`)."""

from __future__ import annotations

import logging

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from photorec.gui import icons
from photorec.gui.history import Query
from photorec.gui.sidebar import ALL
from photorec.i18n import translate

log = logging.getLogger(__name__)

# How each organising page reads the library again (their own methods).
REFRESH_METHODS = {"duplicates": "refresh", "themes": "load", "tags": "reload"}


class ViewsMixin:
    """Part of :class:`~photorec.gui.window.MainWindow` (uses its pages and service)."""

    def add_view(self, key: str, label: str, widget, icon: QIcon | None = None) -> None:
        """Plug in another view of the library: a sidebar entry and a page. ``widget`` is a
        QWidget, or a callable making one when the entry is first chosen."""
        self._views[key] = widget
        if isinstance(widget, QWidget):
            self.stack.addWidget(widget)
        self.sidebar.add_view(key, label, icon)

    def view(self, key: str) -> QWidget | None:
        """The page of a view added with :meth:`add_view` (made now if it was not yet)."""
        w = self._views.get(key)
        if w is None or isinstance(w, QWidget):
            return w
        try:
            made = w()
        except Exception as exc:  # noqa: BLE001 - a broken view must not take the window down
            log.exception("cannot open the %s view", key)
            self.show_error(translate("MainWindow", "Cannot open %1").replace("%1", key), str(exc) or exc.__class__.__name__)
            return None
        self._views[key] = made
        self.stack.addWidget(made)
        return made

    def _add_organize_views(self) -> None:
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
                              icons.icon(key, self, themed=False))

    def _make_organize_view(self, module: str, cls: str) -> QWidget:
        import importlib

        mod = importlib.import_module(f"photorec.gui.{module}")
        w = getattr(mod, cls)(self.service, self)  # the library, and the runtime for its jobs
        if hasattr(w, "similar_requested"):
            w.similar_requested.connect(lambda path: self.find_similar(Query.for_path(path)))
        if hasattr(w, "show_photos"):
            w.show_photos.connect(self.show_collection)
        if hasattr(w, "photos_trashed"):
            w.photos_trashed.connect(self._on_view_trashed)
        if hasattr(w, "set_selection"):  # tags and "more like these" act on the grid's selection
            for grid in (self.library_page.view, self.similar_page.view):
                grid.selectionModel().selectionChanged.connect(
                    lambda *_a, g=grid, v=w: v.set_selection([p.path for p in g.selected_photos()]))
            w.set_selection([p.path for p in self.library_page.view.selected_photos()])
        return w

    def _on_library_changed(self, maybe_ours: bool = False) -> None:
        """Indexing ended, or another process wrote to the catalog: the organising pages read
        again, the one on screen now, the others when they are next shown. ``maybe_ours``:
        the page on screen may have written it itself (it refreshes itself then): it is left
        be until it is chosen again."""
        for key, w in self._views.items():
            if not isinstance(w, QWidget):
                continue  # not made yet: it reads the library when it is
            if w.isVisible() and not maybe_ours:
                self._refresh_view(key)
            else:
                self._stale_views.add(key)

    def _refresh_view(self, key: str) -> None:
        self._stale_views.discard(key)
        w = self._views.get(key)
        name = REFRESH_METHODS.get(key)
        fn = getattr(w, name, None) if name else None
        if fn is None:
            fn = next((getattr(w, n) for n in ("refresh", "reload", "load") if hasattr(w, n)), None)
        if fn is not None and self.service.lib is not None:
            log.info("the library changed: %s reads it again", key)
            fn()

    def show_collection(self, paths: list[str], title: str) -> None:
        """The grid limited to some photos (a theme, a tag...), until "All photos"."""
        self.show_library(ALL)
        self.library_page.show_subset(paths, title)

    def _on_view_trashed(self, paths: list[str]) -> None:
        self._on_photos_removed(paths)
        self.service.refresh()
