"""The search box in the library page's title bar (:class:`SearchController`, the search's own
object: its box, its results model and grid, what was asked).

Words typed there (gui/search_view.py runs ``photorec.core.search.engine.search`` in a worker) show
the matching photos, best first, in the library page in place of its grid, under a title
"Photos matching “dog”"; each photo's tooltip says why it matched. The search box stays where
the user types, so the results follow the typing. Escape (or "Show all photos", or choosing a
folder in the sidebar) clears it; Ctrl+F focuses it. A click on a result finds similar photos
(a history step, Back returns to the results); Space or a double-click opens the viewer.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QStackedWidget

from photorec.gui import icons
from photorec.gui.elided import placeholder_width
from photorec.gui.grid import PhotoGridView
from photorec.gui.history import Query
from photorec.gui.models import ResultsModel
from photorec.gui.models import describe as describe_photo
from photorec.i18n import translate

if TYPE_CHECKING:
    from photorec.gui.library_view import LibraryPage
    from photorec.gui.service import LibraryService
    from photorec.gui.thumbs import ThumbnailLoader

log = logging.getLogger(__name__)

SEARCH_K = 200  # photos shown for a search, best first


class SearchResultsModel(ResultsModel):
    """Photos matching words, best first; the tooltip says what matched."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.why: dict[str, list[str]] = {}

    def set_hits(self, hits, photo_of) -> None:
        rows, why = [], {}
        for h in hits:
            p = photo_of(h.path) or h.photo
            if p is None:
                continue
            rows.append((p, None))
            why[p.path] = list(h.why)
        self.why = why
        self.set_results(rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            p = self.photo(index.row())
            if p is not None:
                reasons = self.why.get(p.path) or []
                head = translate("MainWindow", "Matched: %1").replace("%1", "; ".join(reasons)) if reasons else ""
                return "\n".join(x for x in (head, describe_photo(p)) if x)
        return super().data(index, role)


class SearchController(QObject):
    """Words typed in the library page's search box, and their ranked results in its place."""

    similar_requested = Signal(object)  # Query
    open_requested = Signal(object, object)  # grid, Photo: the viewer
    context_requested = Signal(list, object)  # photos, global position
    message = Signal(str, int)

    def __init__(self, service: LibraryService, page: LibraryPage, loader: ThumbnailLoader,
                 stack: QStackedWidget, parent=None) -> None:
        super().__init__(parent)
        from photorec.gui.search_view import SearchBox

        self.service = service
        self.page = page
        self.stack = stack
        lp = page
        box = SearchBox(self._search_words, lp, runtime=service.runtime)
        box.edit.addAction(icons.search(box), QLineEdit.ActionPosition.LeadingPosition)
        box.fit_placeholder()  # its placeholder whole, in any language
        box.status.hide()  # the page's count says how many; the title says what was asked
        box.setObjectName("searchBox")
        self.box = box
        lp.add_to_bar(box)
        lp.filter.setPlaceholderText(translate("MainWindow", "Filter by name"))
        lp.filter.setFixedWidth(max(140, min(240, placeholder_width(lp.filter))))  # room for a long title
        self.model = SearchResultsModel(self)
        view = PhotoGridView(loader, lp)
        view.setModel(self.model)
        view.setAccessibleName(translate("MainWindow", "Photos matching the search"))
        view.hide()
        lp.layout().addWidget(view, 1)
        self.view = view
        self.query = ""
        self._shown = False
        self._title_before = ""
        box.resultsReady.connect(self._on_results)
        box.failed.connect(lambda q, text: self.message.emit(
            translate("MainWindow", "The search failed: %1").replace("%1", text), 10000))
        box.cleared.connect(self._end)
        lp.counts_changed.connect(self._counts)
        lp.all_button.clicked.connect(self.clear)
        view.photo_activated.connect(lambda p: self.similar_requested.emit(Query.for_path(p.path)))
        view.photo_opened.connect(lambda p: self.open_requested.emit(view, p))
        view.context_requested.connect(self.context_requested.emit)
        view.typed.connect(self._type_to_search)

    def _search_words(self, query: str) -> list:
        """The search itself (a worker thread)."""
        from photorec.core.search.engine import search

        lib = self.service.lib
        if lib is None:
            return []
        return search(lib, query, k=SEARCH_K)

    def searching(self) -> bool:
        """Search results are on screen (the library page shows them)."""
        return bool(self.query) and self.stack.currentWidget() is self.page

    def _on_results(self, query: str, hits: list) -> None:
        if not self.box.text():
            return
        lp = self.page
        self.query = query
        self.model.set_hits(hits, lp.model.by_path)
        self.view.scrollToTop()
        n = self.model.rowCount()
        if n:
            self.view.select_row(0, select=False)
        self.view.empty_text = translate("MainWindow", "No photos match “%1”.").replace("%1", query)
        if not self._shown:
            self._shown = True
            self._title_before = lp.title.text()
        if self.stack.currentWidget() is not lp:
            self.stack.setCurrentWidget(lp)
        lp.view.hide()
        # The name filter is for the grid; results are ranked, not filtered. It stays in its
        # place, greyed, so that nothing in the bar moves while the user types.
        lp.filter.setEnabled(False)
        self.view.show()
        lp.title.setText(translate("MainWindow", "Photos matching “%1”").replace("%1", query))
        lp.all_button.show()
        self._counts()

    def _counts(self) -> None:
        if not self.query:
            return
        n = self.model.rowCount()
        lp = self.page
        if n == 1:
            lp.count.setText(translate("MainWindow", "1 photo"))
        else:
            lp.count.setText(translate("MainWindow", "%1 photos, best first").replace("%1", QLocale().toString(n)))

    def clear(self) -> None:
        """Empty the search box: the library grid again."""
        if self.box.edit.text():
            self.box.edit.clear()  # comes back through cleared -> _end
        self._end()

    def _end(self) -> None:
        if not self.query:
            return
        self.query = ""
        self._shown = False
        lp = self.page
        self.view.hide()
        self.model.clear()
        lp.view.show()
        lp.filter.setEnabled(True)
        lp.all_button.setVisible(lp.model.subset is not None)
        lp.title.setText(lp._folder_title if lp.model.subset is None else self._title_before)
        lp.update_count()
        if self.stack.currentWidget() is lp and self.box.edit.hasFocus() is False:
            lp.view.setFocus()

    def return_to(self, path: str | None) -> None:
        """The library page is shown again: its grid (the results, if a search is on) takes
        the focus, ``path`` selected."""
        grid = self.view if self.searching() else self.page.view
        row = grid.model().row_of_path(path) if path else -1
        if row >= 0:
            grid.select_row(row)
        grid.setFocus()

    def focus(self) -> None:
        """The search box, its text selected (Ctrl+F, once the library page is shown)."""
        self.box.edit.setFocus()
        self.box.edit.selectAll()

    def _type_to_search(self, text: str) -> None:
        """Typing in the results grid goes on in the search box."""
        if not text.isprintable() or not text.strip():
            return
        e = self.box.edit
        e.setFocus()
        e.setText(e.text() + text)

    def close_workers(self) -> None:
        self.box.close_workers()
