"""The People page (issue 17): one face tile per person with their photo count (named people
by name, then the unnamed, largest first). Activating a person shows their photos in the grid
(``show_photos``). Name or rename, merge two people, and take wrong faces out of a person
("Not this person", remembered). The selected person's faces are listed, first the faces
photorec is unsure of, marked "?" ("Is this Ana?": "It is this person" or "Not this person").
"Find faces" is the library's face setting.

Self-contained: ``PeopleView(library)``; reads and writes run on the view's jobs.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from photorec.gui.organize_common import OrganizePage, heading, muted
from photorec.i18n import plural

TILE = 112
FACE = 72


def _qimage(im) -> QImage:
    data = im.tobytes()
    return QImage(data, im.width, im.height, im.width * 3, QImage.Format.Format_RGB888).copy()


class PeopleView(OrganizePage):
    show_photos = Signal(list, str)
    people_changed = Signal(int)  # people shown

    def __init__(self, library, parent=None) -> None:
        super().__init__(library, parent)
        self.people: list = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(heading(self.tr("People"), self))
        head.addStretch(1)
        self.enabled = QCheckBox(self.tr("Find faces"), self)
        self.enabled.setToolTip(self.tr("Look for faces while indexing (the faces stay in this "
                                        "library's data folder)"))
        head.addWidget(self.enabled)
        self.name_button = QPushButton(self.tr("Name…"), self)
        self.name_button.setToolTip(self.tr("Name or rename the selected person"))
        self.merge_button = QPushButton(self.tr("Merge"), self)
        self.merge_button.setToolTip(self.tr("The selected people are one person"))
        for b in (self.name_button, self.merge_button):
            head.addWidget(b)
        outer.addLayout(head)
        self.status = muted("", self)
        outer.addWidget(self.status)

        self.list = QListWidget(self)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(TILE, TILE))
        self.list.setGridSize(QSize(TILE + 30, TILE + 48))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.itemActivated.connect(self._activated)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        outer.addWidget(self.list, 1)

        faces_head = QHBoxLayout()
        self.faces_label = muted("", self)
        faces_head.addWidget(self.faces_label, 1)
        self.yes_button = QPushButton(self.tr("It is this person"), self)
        self.yes_button.setToolTip(self.tr("The selected faces marked “?” are this person"))
        faces_head.addWidget(self.yes_button)
        self.not_button = QPushButton(self.tr("Not this person"), self)
        self.not_button.setToolTip(self.tr("Take the selected faces out of this person; "
                                           "photorec will not put them back"))
        faces_head.addWidget(self.not_button)
        outer.addLayout(faces_head)
        self.faces = QListWidget(self)
        self.faces.setViewMode(QListView.ViewMode.IconMode)
        self.faces.setFlow(QListView.Flow.LeftToRight)
        self.faces.setWrapping(False)
        self.faces.setIconSize(QSize(FACE, FACE))
        self.faces.setFixedHeight(FACE + 28)
        self.faces.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.faces.itemSelectionChanged.connect(self._update_buttons)
        outer.addWidget(self.faces)

        self.name_button.clicked.connect(self.rename)
        self.merge_button.clicked.connect(self.merge)
        self.not_button.clicked.connect(self.not_this_person)
        self.yes_button.clicked.connect(self.it_is)
        self.enabled.toggled.connect(self._set_enabled)
        self._update_buttons()

    # -- reading ----------------------------------------------------------------------------

    load = refresh = OrganizePage.read_library

    def _no_library(self) -> None:
        self.status.setText(self.tr("No library yet."))

    def _read(self, lib) -> None:
        self.status.setText(self.tr("Loading people…"))

        def work():
            people = lib.people.everyone()
            crops = lib.people.face_crops([p.cover for p in people if p.cover], TILE)
            return lib.people.enabled, people, {k: _qimage(v) for k, v in crops.items()}

        self.jobs.start("people", work, self._ready, self._failed)

    def _ready(self, result) -> None:
        enabled, people, crops = result
        self.enabled.blockSignals(True)
        self.enabled.setChecked(enabled)
        self.enabled.blockSignals(False)
        selected = {p.id for p in self.selected()}
        self.people = people
        self.list.clear()
        for p in people:
            img = crops.get(p.cover)
            icon = QIcon(QPixmap.fromImage(img)) if img is not None else QIcon()
            photos = plural(len(p.photos), self.tr("%1 photo"), self.tr("%1 photos")).replace(
                "%1", str(len(p.photos)))
            item = QListWidgetItem(icon, f"{self.label(p)}\n{photos}")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.list.addItem(item)
            item.setSelected(p.id in selected)
        if people:
            named = sum(1 for p in people if p.name)
            self.status.setText(plural(len(people), self.tr("%1 person, %2 named"),
                                       self.tr("%1 people, %2 named")).replace(
                "%1", str(len(people))).replace("%2", str(named)))
        elif enabled:
            self.status.setText(self.tr("No people yet: faces are looked for while photos are "
                                        "indexed."))
        else:
            self.status.setText(self.tr("Face finding is off: turn on \u201cFind faces\u201d and "
                                        "rescan to see the people in your photos."))
        self._selection_changed()
        self.people_changed.emit(len(people))

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("The people cannot be shown: %1").replace("%1", str(exc)))

    def label(self, person) -> str:
        return person.name or self.tr("Unnamed")

    def selected(self) -> list:
        ids = {i.data(Qt.ItemDataRole.UserRole) for i in self.list.selectedItems()}
        return [p for p in self.people if p.id in ids]

    def _selection_changed(self) -> None:
        sel = self.selected()
        self.faces.clear()
        self.faces_label.setText("")
        if len(sel) == 1:
            lib, person = self.lib, sel[0]
            self.faces_label.setText(self.tr("Faces of %1:").replace("%1", self.label(person)))

            def work():
                unsure = lib.people.suggestions_for(person.id)[:20]
                ids = unsure + lib.people.faces_of(person.id)[:60]
                crops = lib.people.face_crops(ids, FACE)
                return person.id, [(i, _qimage(crops[i]), i in unsure) for i in ids if i in crops]

            self.jobs.start("faces", work, self._faces_ready, self._failed)
        self._update_buttons()

    def _faces_ready(self, result) -> None:
        pid, faces = result
        sel = self.selected()
        if len(sel) != 1 or sel[0].id != pid:
            return
        self.faces.clear()
        for fid, img, unsure in faces:
            item = QListWidgetItem(QIcon(QPixmap.fromImage(img)), "?" if unsure else "")
            item.setData(Qt.ItemDataRole.UserRole, fid)
            item.setData(Qt.ItemDataRole.UserRole + 1, unsure)
            if unsure:
                item.setToolTip(self.tr("Is this %1?").replace("%1", self.label(sel[0])))
            self.faces.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        sel = self.selected()
        writable = self.lib is not None and not getattr(self.lib, "readonly", True)
        self.name_button.setEnabled(writable and len(sel) == 1)
        self.merge_button.setEnabled(writable and len(sel) >= 2)
        faces = self.faces.selectedItems()
        self.not_button.setEnabled(writable and len(sel) == 1 and bool(faces))
        self.yes_button.setEnabled(writable and len(sel) == 1 and any(
            i.data(Qt.ItemDataRole.UserRole + 1) for i in faces))

    # -- acting -----------------------------------------------------------------------------

    def _activated(self, item: QListWidgetItem) -> None:
        pid = item.data(Qt.ItemDataRole.UserRole)
        person = next((p for p in self.people if p.id == pid), None)
        if person is not None:
            self.open_person(person)

    def open_person(self, person) -> None:
        self.show_photos.emit(list(person.photos),
                              self.tr("Person: %1").replace("%1", self.label(person)))

    def _change(self, fn) -> None:
        lib = self.lib
        if lib is None:
            return
        self.jobs.start("write", lambda: fn(lib), lambda _r: self.load(), self._failed)

    def rename(self, name: str | None = None) -> None:
        sel = self.selected()
        if len(sel) != 1:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("Name"), self.tr("Who is this?"),
                                            text=sel[0].name or "")
            if not ok:
                return
        pid = sel[0].id
        self._change(lambda lib: lib.people.name(pid, name))

    def merge(self) -> None:
        sel = self.selected()
        if len(sel) < 2:
            return
        keep = next((p for p in sel if p.name), max(sel, key=lambda p: p.faces))
        others = [p.id for p in sel if p.id != keep.id]

        def work(lib):
            for o in others:
                lib.people.merge(keep.id, o)

        self._change(work)

    def not_this_person(self) -> None:
        sel = self.selected()
        faces = [i.data(Qt.ItemDataRole.UserRole) for i in self.faces.selectedItems()]
        if len(sel) != 1 or not faces:
            return
        pid = sel[0].id
        self._change(lambda lib: [lib.people.remove_face(pid, f) for f in faces])

    def it_is(self) -> None:
        sel = self.selected()
        faces = [i.data(Qt.ItemDataRole.UserRole) for i in self.faces.selectedItems()
                 if i.data(Qt.ItemDataRole.UserRole + 1)]
        if len(sel) != 1 or not faces:
            return
        pid = sel[0].id
        self._change(lambda lib: lib.people.confirm(pid, faces))

    def _set_enabled(self, on: bool) -> None:
        self._change(lambda lib: lib.people.set_enabled(on))

    def select_person(self, person_id: int) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setSelected(item.data(Qt.ItemDataRole.UserRole) == person_id)
