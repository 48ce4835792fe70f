"""The search box in the library page's title bar (:class:`SearchMixin`, part of
:class:`~photorec.gui.window.MainWindow`).

Words typed there (gui/search_view.py runs ``photorec.core.search.engine.search`` in a worker) show
the matching photos, best first, in the library page in place of its grid, under a title
"Photos matching “dog”"; each photo's tooltip says why it matched. The search box stays where
the user types, so the results follow the typing. Escape (or "Show all photos", or choosing a
folder in the sidebar) clears it; Ctrl+F focuses it. A click on a result finds similar photos
(a history step, Back returns to the results); Space or a double-click opens the viewer.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtWidgets import QLineEdit

from photorec.gui import icons
from photorec.gui.grid import PhotoGridView
from photorec.gui.history import Query
from photorec.gui.models import ResultsModel
from photorec.gui.models import describe as describe_photo
from photorec.i18n import translate

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


class SearchMixin:
    """Part of :class:`~photorec.gui.window.MainWindow` (uses its library page and service)."""

    search_box = None
    search_view: PhotoGridView | None = None

    def _build_search(self) -> None:
        from photorec.gui.search_view import SearchBox

        lp = self.library_page
        box = SearchBox(self._search_words, lp, runtime=self.service.runtime)
        box.setFixedWidth(240)
        box.edit.addAction(icons.search(box), QLineEdit.ActionPosition.LeadingPosition)
        box.status.hide()  # the page's count says how many; the title says what was asked
        box.setObjectName("searchBox")
        self.search_box = box
        self.add_search_box(box)
        lp.filter.setPlaceholderText(translate("MainWindow", "Filter by name"))
        self.search_model = SearchResultsModel(self)
        view = PhotoGridView(self.loader, lp)
        view.setModel(self.search_model)
        view.setAccessibleName(translate("MainWindow", "Photos matching the search"))
        view.hide()
        lp.layout().addWidget(view, 1)
        self.search_view = view
        self._search_query = ""
        self._search_shown = False
        self._title_before = ""
        box.resultsReady.connect(self._on_search_results)
        box.failed.connect(lambda q, text: self.statusBar().showMessage(
            translate("MainWindow", "The search failed: %1").replace("%1", text), 10000))
        box.cleared.connect(self._end_search)
        lp.counts_changed.connect(self._search_counts)
        lp.all_button.clicked.connect(self.clear_search)
        view.photo_activated.connect(lambda p: self.find_similar(Query.for_path(p.path)))
        view.photo_opened.connect(lambda p: self.view_in_grid(view, p))
        view.context_requested.connect(self.photo_menu)
        view.typed.connect(self._type_to_search)
        for act in (self.act_view, self.act_trash, self.act_copy):
            view.addAction(act)

    def _search_words(self, query: str) -> list:
        """The search itself (a worker thread)."""
        from photorec.core.search.engine import search

        lib = self.service.lib
        if lib is None:
            return []
        return search(lib, query, k=SEARCH_K)

    def searching(self) -> bool:
        """Search results are on screen (the library page shows them)."""
        return bool(self._search_query) and self.stack.currentWidget() is self.library_page

    def _on_search_results(self, query: str, hits: list) -> None:
        if not self.search_box.text():
            return
        lp = self.library_page
        self._search_query = query
        self.search_model.set_hits(hits, lp.model.by_path)
        self.search_view.scrollToTop()
        n = self.search_model.rowCount()
        if n:
            self.search_view.select_row(0, select=False)
        self.search_view.empty_text = translate("MainWindow", "No photos match “%1”.").replace("%1", query)
        if not self._search_shown:
            self._search_shown = True
            self._title_before = lp.title.text()
        if self.stack.currentWidget() is not lp:
            self.stack.setCurrentWidget(lp)
        lp.view.hide()
        lp.filter.hide()  # the name filter is for the grid; results are ranked, not filtered
        self.search_view.show()
        lp.title.setText(translate("MainWindow", "Photos matching “%1”").replace("%1", query))
        lp.all_button.show()
        self._search_counts()

    def _search_counts(self) -> None:
        if not self._search_query:
            return
        n = self.search_model.rowCount()
        lp = self.library_page
        if n == 1:
            lp.count.setText(translate("MainWindow", "1 photo"))
        else:
            lp.count.setText(translate("MainWindow", "%1 photos, best first").replace("%1", QLocale().toString(n)))

    def clear_search(self) -> None:
        """Empty the search box: the library grid again."""
        if self.search_box is not None and self.search_box.edit.text():
            self.search_box.edit.clear()  # comes back through cleared -> _end_search
        self._end_search()

    def _end_search(self) -> None:
        if not self._search_query:
            return
        self._search_query = ""
        self._search_shown = False
        lp = self.library_page
        self.search_view.hide()
        self.search_model.clear()
        lp.view.show()
        lp.filter.show()
        lp.all_button.setVisible(lp.model.subset is not None)
        lp.title.setText(lp._folder_title if lp.model.subset is None else self._title_before)
        lp.update_count()
        if self.stack.currentWidget() is lp and self.search_box.edit.hasFocus() is False:
            lp.view.setFocus()

    def focus_search(self) -> None:
        """Ctrl+F: the search box, on the library page."""
        if self.stack.currentWidget() is not self.library_page:
            if self.viewing():
                self.close_viewer()
            if self.stack.currentWidget() is not self.library_page:
                self.show_grid()
        self.search_box.edit.setFocus()
        self.search_box.edit.selectAll()

    def _type_to_search(self, text: str) -> None:
        """Typing in the results grid goes on in the search box."""
        if not text.isprintable() or not text.strip():
            return
        e = self.search_box.edit
        e.setFocus()
        e.setText(e.text() + text)
