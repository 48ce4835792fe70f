"""The tags page: tags with their counts (a click filters the grid), tagging the photos
selected in the grid, export/import, writing XMP sidecars, suggested tags from a classifier trained on your tags
(with its held-out accuracy; accept or reject, rejections are remembered), and "more like
these" from the selection, optionally away from photos marked "not like this".

Self-contained: ``TagsView(library)``; the window passes its grid selection in with
:meth:`TagsView.set_selection` and shows what ``show_photos(paths, title)`` asks for.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from photorec.core.organize import tags as tg
from photorec.core.organize.morelike import more_like
from photorec.gui import sidecar_writer
from photorec.gui.organize_common import OrganizePage, fit_pixmap, heading, muted, thumbnail_images
from photorec.gui.tasks import words
from photorec.i18n import plural

ICON = 48
MAX_SUGGESTIONS = 500


class TagsView(OrganizePage):
    show_photos = Signal(list, str)
    similar_requested = Signal(str)
    tags_changed = Signal()
    suggestions_ready = Signal(int)

    def __init__(self, library, parent=None) -> None:
        super().__init__(library, parent)
        self.selection: list[str] = []
        self.negatives: list[str] = []
        self.suggestions: list[tg.Suggestion] = []
        self.model: tg.TagModel | None = None

        outer = QHBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(16)

        # -- left: tags, the selection, more like these -------------------------------------
        left = QVBoxLayout()
        left.addWidget(heading(self.tr("Tags"), self))
        self.tag_list = QListWidget(self)
        self.tag_list.setToolTip(self.tr("Double-click a tag to see its photos"))
        self.tag_list.setSpacing(2)
        self.tag_list.itemActivated.connect(self._tag_activated)
        left.addWidget(self.tag_list, 1)
        row = QHBoxLayout()
        self.show_folders = QCheckBox(self.tr("Folders as tags"), self)
        self.show_folders.setToolTip(self.tr("List each folder as a tag folder:NAME"))
        self.show_folders.toggled.connect(self.reload)
        row.addWidget(self.show_folders)
        row.addStretch(1)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.import_button.setToolTip(self.tr("Read tags from a JSON or CSV file"))
        self.export_button.setToolTip(self.tr("Write every tag to a JSON or CSV file"))
        self.import_button.clicked.connect(self._import_dialog)
        self.export_button.clicked.connect(self._export_dialog)
        self.sidecar_button = QPushButton(self.tr("Write to sidecars…"), self)
        self.sidecar_button.setToolTip(self.tr("Write the keywords and tags of the selected photos "
                                               "(or of every photo whose tags differ from its "
                                               "file) into their XMP sidecars"))
        self.sidecar_button.clicked.connect(self._sidecars_dialog)
        row.addWidget(self.import_button)
        row.addWidget(self.export_button)
        row.addWidget(self.sidecar_button)
        left.addLayout(row)

        box = QGroupBox(self.tr("Selected photos"), self)
        g = QGridLayout(box)
        self.selection_label = muted(self.tr("Select photos in the grid to tag them."), box)
        g.addWidget(self.selection_label, 0, 0, 1, 3)
        self.tag_edit = QLineEdit(box)
        self.tag_edit.setPlaceholderText(self.tr("New tag, e.g. beach"))
        self.tag_edit.returnPressed.connect(lambda: self.add_tag(self.tag_edit.text()))
        self.add_button = QPushButton(self.tr("Add tag"), box)
        self.add_button.clicked.connect(lambda: self.add_tag(self.tag_edit.text()))
        self.remove_button = QPushButton(self.tr("Remove tag"), box)
        self.remove_button.setToolTip(self.tr("Remove the tag chosen in the list from the selected photos"))
        self.remove_button.clicked.connect(self._remove_current)
        g.addWidget(self.tag_edit, 1, 0)
        g.addWidget(self.add_button, 1, 1)
        g.addWidget(self.remove_button, 1, 2)
        left.addWidget(box)

        box = QGroupBox(self.tr("More like these"), self)
        g = QGridLayout(box)
        self.negatives_label = muted("", box)
        g.addWidget(self.negatives_label, 0, 0, 1, 3)
        self.more_button = QPushButton(self.tr("More like the selection"), box)
        self.more_button.clicked.connect(lambda: self.more_like())
        self.not_like_button = QPushButton(self.tr("Not like this"), box)
        self.not_like_button.setToolTip(self.tr("Remember the selected photos as examples of what "
                                                "you do not want"))
        self.not_like_button.clicked.connect(self.mark_not_like)
        self.clear_neg_button = QPushButton(self.tr("Clear"), box)
        self.clear_neg_button.clicked.connect(self.clear_negatives)
        g.addWidget(self.more_button, 1, 0)
        g.addWidget(self.not_like_button, 1, 1)
        g.addWidget(self.clear_neg_button, 1, 2)
        left.addWidget(box)
        self.status = muted("", self)
        left.addWidget(self.status)
        outer.addLayout(left, 2)

        # -- right: suggestions --------------------------------------------------------------
        right = QVBoxLayout()
        head = QHBoxLayout()
        head.addWidget(heading(self.tr("Suggested tags"), self))
        head.addStretch(1)
        self.suggest_button = QPushButton(self.tr("Suggest tags"), self)
        self.suggest_button.setToolTip(self.tr("Learn from your tagged photos and suggest tags for "
                                               "the untagged ones (a few seconds)"))
        self.suggest_button.clicked.connect(self.suggest)
        self.learn_folders = QCheckBox(self.tr("Learn folders too"), self)
        self.learn_folders.setToolTip(self.tr("Also suggest folder:NAME, the folder a photo looks like "
                                              "it belongs in"))
        head.addWidget(self.learn_folders)
        head.addWidget(self.suggest_button)
        right.addLayout(head)
        self.accuracy_label = muted(self.tr("Tag a few photos per tag (at least "
                                            "%1 in all), then ask for suggestions.").replace("%1", str(tg.MIN_TRAIN)),
                                    self)
        right.addWidget(self.accuracy_label)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Photo"), self.tr("Suggested tag"), self.tr("Confidence")])
        self.tree.setRootIsDecorated(False)
        self.tree.setIconSize(QSize(ICON, ICON))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        hdr = self.tree.header()
        hdr.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hdr.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hdr.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemDoubleClicked.connect(
            lambda item, _c: self.similar_requested.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        right.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.accept_button = QPushButton(self.tr("Accept"), self)
        self.reject_button = QPushButton(self.tr("Reject"), self)
        self.reject_button.setToolTip(self.tr("Wrong tag for this photo: never suggested again"))
        self.accept_sure = QPushButton(self.tr("Accept all ≥ 90%"), self)
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.accept_sure.clicked.connect(lambda: self.accept_above(0.9))
        row.addWidget(self.accept_button)
        row.addWidget(self.reject_button)
        row.addStretch(1)
        row.addWidget(self.accept_sure)
        right.addLayout(row)
        outer.addLayout(right, 3)

        self._update_selection_label()

    # -- tags ---------------------------------------------------------------------------------

    reload = OrganizePage.read_library

    def _read(self, lib) -> None:
        folders = self.show_folders.isChecked()
        self.jobs.start("tags", lambda: (tg.all_tags(lib, folders=folders),
                                         tg.file_tag_counts(lib)),
                        self._tags_ready, self._failed)

    def _tags_ready(self, result) -> None:
        rows, from_files = result if isinstance(result, tuple) else (result, {})
        current = self.current_tag()
        self.tag_list.clear()
        for tag, n in rows:
            item = QListWidgetItem(f"{tag}  ({n})")
            item.setData(Qt.ItemDataRole.UserRole, tag)
            f = from_files.get(tag.lower(), 0)
            if f:  # keywords read from the photo files (IPTC/XMP)
                item.setToolTip(plural(f, self.tr("{n} of these photos carries it in its file (IPTC/XMP keywords)"),
                                       self.tr("{n} of these photos carry it in their file "
                                               "(IPTC/XMP keywords)")).format(n=f))
            if tag.startswith(tg.FOLDER_PREFIX):
                item.setForeground(self.palette().color(self.palette().ColorRole.PlaceholderText))
            self.tag_list.addItem(item)
            if tag == current:
                self.tag_list.setCurrentItem(item)
        if not rows:
            item = QListWidgetItem(self.tr("No tags yet"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tag_list.addItem(item)

    def current_tag(self) -> str | None:
        item = self.tag_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _tag_activated(self, item: QListWidgetItem) -> None:
        tag = item.data(Qt.ItemDataRole.UserRole)
        if tag:
            self.filter_by(tag)

    def filter_by(self, tag: str) -> None:
        lib = self.lib
        self.jobs.start("filter", lambda: [p.path for p in tg.photos_with_tag(lib, tag)],
                        lambda paths: self.show_photos.emit(paths, self.tr("Tagged “%1”").replace("%1", tag)),
                        self._failed)

    def set_selection(self, paths: list[str]) -> None:
        """The photos selected in the grid (the window calls this when the selection changes)."""
        self.selection = [os.path.abspath(p) for p in paths]
        self._update_selection_label()

    def _update_selection_label(self) -> None:
        n = len(self.selection)
        self.selection_label.setText(plural(n, self.tr("%1 photo selected."), self.tr("%1 photos selected."))
                                     .replace("%1", str(n)) if n else
                                     self.tr("Select photos in the grid to tag them."))
        for w in (self.add_button, self.remove_button, self.more_button, self.not_like_button,
                  self.tag_edit):
            w.setEnabled(n > 0)
        k = len(self.negatives)
        self.negatives_label.setText(
            plural(k, self.tr("%1 photo marked “not like this”."), self.tr("%1 photos marked “not like this”."))
            .replace("%1", str(k)) if k else
            self.tr("Find photos like the selected ones. Mark some “not like this” to steer away."))
        self.clear_neg_button.setEnabled(k > 0)

    def add_tag(self, text: str) -> None:
        lib, paths = self.lib, list(self.selection)
        text = text.strip()
        if not text or not paths:
            return

        def done(n):
            self.tag_edit.clear()
            self.status.setText(plural(len(paths), self.tr("Tagged 1 photo “%2”."), self.tr("Tagged %1 photos “%2”."))
                                .replace("%1", str(len(paths))).replace("%2", text))
            self.reload()
            self.tags_changed.emit()

        self.jobs.start("edit", lambda: tg.add_tags(lib, paths, [text]), done, self._failed)

    def _remove_current(self) -> None:
        tag = self.current_tag()
        if tag and not tag.startswith(tg.FOLDER_PREFIX):
            self.remove_tag(tag)

    def remove_tag(self, tag: str) -> None:
        lib, paths = self.lib, list(self.selection)

        def done(n):
            self.status.setText(plural(n, self.tr("Removed “%1” from 1 photo."),
                                       self.tr("Removed “%1” from %2 photos."))
                                .replace("%2", str(n)).replace("%1", tag))
            self.reload()
            self.tags_changed.emit()

        self.jobs.start("edit", lambda: tg.remove_tags(lib, paths, [tag]), done, self._failed)

    def export_to(self, path: str) -> None:
        lib = self.lib
        self.jobs.start("io", lambda: tg.export_tags(lib, path),
                        lambda n: self.status.setText(plural(n, self.tr("Wrote %1 tag to %2."),
                                                             self.tr("Wrote %1 tags to %2."))
                                                      .replace("%1", str(n)).replace("%2", path)), self._failed)

    def import_from(self, path: str) -> None:
        lib = self.lib

        def done(rep: tg.ImportReport):
            tags = plural(rep.tags, self.tr("%1 tag"), self.tr("%1 tags")).replace("%1", str(rep.tags))
            rejected = plural(rep.rejected, self.tr("%1 rejection"), self.tr("%1 rejections")
                              ).replace("%1", str(rep.rejected))
            text = (self.tr("Imported %1 and %2 from %3.").replace("%1", tags).replace("%2", rejected)
                    .replace("%3", os.path.basename(path)))
            if rep.unmatched:
                text += plural(rep.unmatched, self.tr(" %1 is for a photo not in the library now (kept)."),
                               self.tr(" %1 are for photos not in the library now (kept).")
                               ).replace("%1", str(rep.unmatched))
            if rep.skipped:
                k = len(rep.skipped)
                text += plural(k, self.tr(" %1 entry skipped."), self.tr(" %1 entries skipped.")).replace("%1", str(k))
            self.status.setText(text)
            self.reload()
            self.tags_changed.emit()

        self.jobs.start("io", lambda: tg.import_tags(lib, path), done, self._failed)

    def write_sidecars(self, paths: list[str] | None, faces: bool = False) -> None:
        """Write the sidecars of ``paths`` (None: every photo whose tags differ from its file);
        ``faces``: the faces of named people too, as MWG regions."""
        from photorec.core.organize import sidecars

        lib = self.lib
        self.jobs.start("io", lambda: sidecars.write_sidecars(lib, paths, faces),
                        lambda rep: self.status.setText(sidecar_writer.summary(rep)), self._failed)

    def _sidecars_dialog(self) -> None:
        ok, faces = sidecar_writer.confirm(self, len(self.selection))
        if ok:
            self.write_sidecars(list(self.selection) or None, faces)

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export tags"), "photorec-tags.json",
                                              "JSON (*.json);;CSV (*.csv)")
        if path:
            self.export_to(path)

    def _import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import tags"), "",
                                              self.tr("Tag files (*.json *.csv);;All files (*)"))
        if path:
            self.import_from(path)

    # -- suggestions --------------------------------------------------------------------------

    def suggest(self) -> None:
        lib = self.lib
        if lib is None:
            return
        self.suggest_button.setEnabled(False)
        self.accuracy_label.setText(self.tr("Learning from your tags…"))

        folders = self.learn_folders.isChecked()

        def work():
            model = tg.train(lib, use_folders=folders, store=not lib.readonly)
            sug = tg.suggest(lib, model=model)[:MAX_SUGGESTIONS]
            photos = {}
            for s in sug:
                if s.path not in photos:
                    p = lib.photo(s.path)
                    if p is not None:
                        photos[s.path] = p
            return model, sug, thumbnail_images(lib, list(photos.values()), ICON * 2)

        self.jobs.start("suggest", work, self._suggestions_ready, self._suggest_failed)

    def _suggestions_ready(self, result) -> None:
        model, sug, images = result
        self.suggest_button.setEnabled(True)
        self.model, self.suggestions = model, sug
        k = len(model.tags)  # photos: at least tags.MIN_TRAIN; tags: one is enough to train
        tags = plural(k, self.tr("%1 tag"), self.tr("%1 tags")).replace("%1", str(k))
        if model.accuracy is not None:
            text = self.tr("Held-out accuracy {acc} (always guessing the most common tag: "
                           "{base}), from {n} tagged photos and {tags}. Confidences are "
                           "measured on photos the classifier did not learn from.").format(
                acc=f"{model.accuracy:.0%}", base=f"{model.baseline:.0%}", n=model.n_train,
                tags=tags)
            missing = model.not_learnt()
            if missing:
                text += " " + self.tr("Not suggested yet (no better than guessing; tag more "
                                      "photos): {tags}.").format(tags=", ".join(missing[:8]))
            self.accuracy_label.setText(text)
        else:
            self.accuracy_label.setText(self.tr(
                "Trained on {n} photos ({ind} independent: near-duplicates and similar shots "
                "count once) and {tags}: too few independent examples to measure how often it "
                "is right, so no percentage is shown. Tag more photos that are not copies of "
                "each other.").format(n=model.n_train, ind=model.independent, tags=tags))
        self.tree.clear()
        for s in sug:
            item = QTreeWidgetItem([os.path.basename(s.path), s.tag,
                                    "—" if s.confidence is None else f"{s.confidence:.0%}"])
            item.setData(0, Qt.ItemDataRole.UserRole, s.path)
            item.setData(1, Qt.ItemDataRole.UserRole, s.tag)
            item.setToolTip(0, s.path + (self.tr(" (offline)") if s.offline else ""))
            img = images.get(s.path)
            if img is not None:
                item.setIcon(0, QIcon(fit_pixmap(img, ICON)))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        if not sug:
            item = QTreeWidgetItem([self.tr("No suggestions: every photo is tagged, or none is close "
                                            "enough to a tag"), "", ""])
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.tree.addTopLevelItem(item)
        self.suggestions_ready.emit(len(sug))

    def _suggest_failed(self, exc) -> None:
        self.suggest_button.setEnabled(True)
        self.accuracy_label.setText(words(exc))
        self.suggestions_ready.emit(0)

    def _selected_suggestions(self) -> list[QTreeWidgetItem]:
        return [i for i in self.tree.selectedItems() if i.data(0, Qt.ItemDataRole.UserRole)]

    def _resolve(self, items: list[QTreeWidgetItem], accept: bool) -> None:
        lib = self.lib
        pairs = [(i.data(0, Qt.ItemDataRole.UserRole), i.data(1, Qt.ItemDataRole.UserRole))
                 for i in items]
        if not pairs:
            return
        for i in items:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(i))

        def work():
            for path, tag in pairs:
                (tg.accept if accept else tg.reject)(lib, path, tag)
            return len(pairs)

        def done(n):
            self.status.setText((plural(n, self.tr("Accepted %1 suggestion."), self.tr("Accepted %1 suggestions."))
                                 if accept else
                                 plural(n, self.tr("Rejected %1 suggestion."), self.tr("Rejected %1 suggestions.")))
                                .replace("%1", str(n)))
            if accept:
                self.reload()
                self.tags_changed.emit()

        self.jobs.start("resolve", work, done, self._failed)

    def accept_selected(self) -> None:
        self._resolve(self._selected_suggestions(), True)

    def reject_selected(self) -> None:
        self._resolve(self._selected_suggestions(), False)

    def accept_above(self, confidence: float) -> None:
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        sure = {(s.path, s.tag) for s in self.suggestions
                if s.confidence is not None and s.confidence >= confidence}
        self._resolve([i for i in items if (i.data(0, Qt.ItemDataRole.UserRole),
                                            i.data(1, Qt.ItemDataRole.UserRole)) in sure], True)

    # -- more like these ----------------------------------------------------------------------

    def mark_not_like(self) -> None:
        for p in self.selection:
            if p not in self.negatives:
                self.negatives.append(p)
        self._update_selection_label()

    def clear_negatives(self) -> None:
        self.negatives = []
        self._update_selection_label()

    def more_like(self, positives: list[str] | None = None, negatives: list[str] | None = None,
                  k: int = 100) -> None:
        lib = self.lib
        pos = list(positives if positives is not None else self.selection)
        neg = [n for n in (negatives if negatives is not None else self.negatives) if n not in pos]
        if lib is None or not pos:
            return
        title = (plural(len(pos), self.tr("More like 1 photo"), self.tr("More like %1 photos"))
                 .replace("%1", str(len(pos))) + (self.tr(", unlike %1").replace("%1", str(len(neg))) if neg else ""))

        self.jobs.start("more", lambda: [m.path for m in more_like(lib, pos, neg, k=k)],
                        lambda paths: self.show_photos.emit(paths, title), self._failed)

    def _failed(self, exc) -> None:
        self.status.setText(words(exc))
