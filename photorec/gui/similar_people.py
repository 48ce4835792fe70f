"""The Similar panel's people axis (issue 17): when the photo asked about holds people, a
"Same people" button ranks the library by the people it shares with that photo instead of by
look, and says who is shared; pressing it again goes back to the visual ranking.

Self-contained: ``PeopleSwitch(panel, library, run, revisual)`` puts its button in the
panel's header and is told each visual result (:meth:`on_result`). ``run(fn, done)`` runs
``fn`` off the GUI thread; ``revisual()`` asks the window for the visual ranking again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton


class PeopleSwitch(QObject):
    def __init__(self, panel, library: Callable[[], object], run, revisual) -> None:
        super().__init__(panel)
        self.panel = panel
        self.library = library
        self.run = run
        self.revisual = revisual
        self.path: str | None = None
        self.names: list[str] = []
        self.button = QPushButton(self.tr("Same people"), panel)
        self.button.setCheckable(True)
        self.button.hide()
        self.button.toggled.connect(self._toggled)
        panel.people_row.addWidget(self.button)

    def on_result(self, res) -> None:
        """A visual result is shown: offer the switch when its photo holds people."""
        self.panel.view.delegate.describe = self.panel.describe  # the similarity bands again
        self.button.blockSignals(True)
        self.button.setChecked(False)
        self.button.blockSignals(False)
        self.button.hide()
        query = getattr(res, "query", None)
        path = getattr(query, "path", None) if getattr(query, "kind", "") == "path" else None
        self.path = path
        lib = self.library()
        if not path or lib is None:
            return

        def work():
            ids = lib.people.people_in(path)
            named = {p.id: p.name for p in lib.people.everyone()}
            return path, [named.get(i) or self.tr("someone unnamed") for i in sorted(ids)]

        self.run(work, self._offer)

    def _offer(self, result) -> None:
        path, names = result
        if path != self.path or not names:
            return
        self.names = names
        self.button.setToolTip(self.tr("Rank by the people this photo shares with others (%1) "
                                       "instead of by look").replace("%1", ", ".join(names)))
        self.button.show()

    def _toggled(self, on: bool) -> None:
        if not on:
            self.revisual()
            return
        lib, path, k = self.library(), self.path, self.panel.k
        if lib is None or not path:
            return

        def work():
            mine, ranked = lib.people.shared(path, k=k)
            photos = {p.path: p for p in lib.photos()}
            named = {p.id: p.name for p in lib.people.everyone()}
            rows = [(photos[p], len(ids) / max(len(mine), 1), [named.get(i) for i in ids])
                    for p, ids in ranked if p in photos]
            return path, len(mine), rows

        self.run(work, self._show)

    def _show(self, result) -> None:
        path, total, rows = result
        if path != self.path or not self.button.isChecked():
            return
        panel = self.panel

        def describe(score: float, photo=None) -> str:
            n = round(score * total)
            return self.tr("%1 of %2 people").replace("%1", str(n)).replace("%2", str(total))

        panel.model.describe = describe
        panel.view.delegate.describe = describe  # the badges: "1 of 2 people · 50%"
        panel.model.set_results([(photo, score) for photo, score, _ in rows])
        panel.view.scrollToTop()
        shown = ", ".join(self.names)
        panel.status.setText(
            self.tr("%1 photos with the people of this one (%2), most shared first")
            .replace("%1", str(len(rows))).replace("%2", shown) if rows else
            self.tr("No other photo shows the people of this one (%1).").replace("%1", shown))
        panel.view.viewport().update()
