"""The search box: words in, photos out (best first), for the grid or the similar panel.

``SearchBox(search_fn)`` runs ``search_fn(query)`` (for instance
``lambda q: photorec.core.search.engine.search(lib, q, k=200)``) in a worker thread a moment after
the user stops typing, or at once on Enter, and emits :attr:`SearchBox.resultsReady` with the
query and the hits; a result for a query the user has typed past is dropped. Escape clears the
box (:attr:`SearchBox.cleared`). :func:`as_matches` turns hits into the ``Match`` rows the
similar panel already shows, with their scores.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from photorec.gui.tasks import words
from photorec.gui.viewer import BackgroundRunner

log = logging.getLogger(__name__)

DELAY_MS = 300


def as_matches(hits) -> list:
    """Search hits as :class:`photorec.core.library.Match` (path, score, photo id, offline)."""
    from photorec.core.library import Match

    return [Match(h.path, h.score, h.photo_id, h.offline, h.photo) for h in hits]


class SearchBox(QWidget):
    resultsReady = Signal(str, list)  # (query, hits best first)
    failed = Signal(str, str)  # (query, what went wrong, in words)
    cleared = Signal()

    def __init__(self, search_fn: Callable[[str], list], parent: QWidget | None = None, *,
                 delay_ms: int = DELAY_MS, runtime=None) -> None:
        super().__init__(parent)
        self.search_fn = search_fn
        self._runner = BackgroundRunner(self, 1, "search", runtime)
        self._asked = ""  # the query whose answer is wanted now
        self.last_query = ""
        self.last_hits: list = []
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("Search: tags, places, dates, things…"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip(self.tr(
            "Words in English or Portuguese: tags and keywords, titles and descriptions, folder "
            "and file names, dates (2019, june 2019, junho 2019) and what photorec recognises "
            "in the photos (dog, boat, flor)."))
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.search_now)
        self.edit.textChanged.connect(self._typed)
        self.edit.returnPressed.connect(self.search_now)

    def fit_placeholder(self, least: int = 200, most: int = 340) -> None:
        """As wide as its placeholder needs (between ``least`` and ``most`` pixels)."""
        from photorec.gui.elided import placeholder_width

        self.setFixedWidth(max(least, min(most, placeholder_width(self.edit))))

    def text(self) -> str:
        return self.edit.text().strip()

    def set_query(self, text: str) -> None:
        """Put words in the box and search for them at once."""
        self.edit.setText(text)
        self.search_now()

    def _typed(self, _text: str) -> None:
        if not self.text():
            self._timer.stop()
            self._asked = ""
            self.status.clear()
            self.cleared.emit()
            return
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        query = self.text()
        if not query or query == self._asked:
            return
        self._asked = query
        self.status.setText(self.tr("Searching…"))
        fn = self.search_fn
        self._runner.submit(lambda: fn(query), lambda hits: self._done(query, hits),
                            lambda exc: self._error(query, exc))

    def _done(self, query: str, hits: list) -> None:
        if query != self._asked:
            return  # the user typed on: a newer answer is coming
        self.last_query, self.last_hits = query, list(hits)
        n = len(hits)
        if n == 0:
            self.status.setText(self.tr("No photos match"))
        elif n == 1:
            self.status.setText(self.tr("1 photo"))
        else:
            self.status.setText(self.tr("%1 photos").replace("%1", str(n)))
        self.resultsReady.emit(query, list(hits))

    def _error(self, query: str, exc: BaseException) -> None:
        if query != self._asked:
            return
        log.warning("search for %r failed: %s", query, exc)
        self.status.setText(self.tr("Search failed"))
        self.failed.emit(query, words(exc))

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.edit.text():
            self.edit.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    def close_workers(self) -> None:
        self._runner.close()
