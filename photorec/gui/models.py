"""List models for the photo grids.

:class:`LibraryModel` holds every photo of the library (the engine's ``Photo`` objects) and
shows a filtered, sorted slice: one folder or all, a name filter, by date / name / folder.
Filtering and sorting happen in the model itself (plain Python lists and ``bisect``), not in
a QSortFilterProxyModel calling back into Python for each comparison, so 100,000 photos stay
quick; photos arriving from the indexer are inserted at their sorted place.

:class:`ResultsModel` holds an ordered list of similar photos with their scores.
"""

from __future__ import annotations

import bisect
import os
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

if TYPE_CHECKING:
    from photorec.core.store import Photo

PhotoRole = Qt.ItemDataRole.UserRole + 1
ScoreRole = Qt.ItemDataRole.UserRole + 2
OfflineRole = Qt.ItemDataRole.UserRole + 3
PathRole = Qt.ItemDataRole.UserRole + 4

SORT_DATE = "date"
SORT_NAME = "name"
SORT_FOLDER = "folder"
# translated where shown: QCoreApplication.translate("sort", label)
SORTS = {SORT_DATE: QT_TRANSLATE_NOOP("sort", "Date taken"), SORT_NAME: QT_TRANSLATE_NOOP("sort", "Name"),
         SORT_FOLDER: QT_TRANSLATE_NOOP("sort", "Folder")}

# A big change is cheaper as a reset than as thousands of row signals.
RESET_THRESHOLD = 2000
# From this many photos on, filtering and sorting run in a worker (when the model has one).
ASYNC_ROWS = 20_000

_Index = QModelIndex | QPersistentModelIndex


def sort_key(sort: str) -> Callable[[Photo], Any]:
    if sort == SORT_NAME:
        return lambda p: (p.name.casefold(), p.path)
    if sort == SORT_FOLDER:
        return lambda p: (os.path.dirname(p.path).casefold(), p.name.casefold(), p.path)
    # Newest first; the date is the EXIF time, else the file's modification time.
    return lambda p: (-p.date, p.name.casefold(), p.path)


def describe(photo: Photo) -> str:
    """A tooltip: path, date, size, offline state."""
    lines = [photo.path]
    try:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(photo.date))
        lines.append((QCoreApplication.translate("photo", "Taken %1") if photo.taken is not None
                      else QCoreApplication.translate("photo", "Modified %1")).replace("%1", when))
    except (OverflowError, OSError, ValueError):
        pass
    if photo.width and photo.height:
        lines.append(f"{photo.width} × {photo.height}")
    if not photo.online:
        lines.append(QCoreApplication.translate("photo", "Offline: its drive or folder is not reachable"))
    return "\n".join(lines)


class PhotoListModel(QAbstractListModel):
    """Rows of ``Photo``; subclasses decide which and in what order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Photo] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def photo(self, row: int) -> Photo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def photos(self) -> list[Photo]:
        return list(self._rows)

    def score(self, row: int) -> float | None:
        return None

    def score_words(self, score: float, photo: Photo | None = None) -> str:
        """"Near-duplicate · 91%": the band (when the model's is known) and the percentage."""
        pct = f"{round(max(0.0, min(1.0, score)) * 100)}%"
        fn = getattr(self, "describe", None)
        return (f"{fn(score, photo)} · {pct}" if fn is not None
                else QCoreApplication.translate("PhotoListModel", "%1 similar").replace("%1", pct))


    def row_of_path(self, path: str) -> int:
        for i, p in enumerate(self._rows):
            if p.path == path:
                return i
        return -1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or row >= len(self._rows):
            return None
        p = self._rows[row]
        if role == PhotoRole:
            return p
        if role == Qt.ItemDataRole.DisplayRole:
            return p.name
        if role == ScoreRole:
            return self.score(row)
        if role == OfflineRole:
            return not p.online
        if role == PathRole:
            return p.path
        if role == Qt.ItemDataRole.ToolTipRole:
            s = self.score(row)
            text = describe(p)
            return text if s is None else f"{self.score_words(s, p)}\n{text}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            s = self.score(row)
            return p.name if s is None else f"{p.name}, {self.score_words(s, p)}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Iterable[QModelIndex]):
        from PySide6.QtCore import QMimeData, QUrl

        md = QMimeData()
        urls = [QUrl.fromLocalFile(self._rows[i.row()].path) for i in indexes if i.isValid()]
        md.setUrls(urls)
        return md


class LibraryModel(PhotoListModel):
    rebuilt = Signal()  # a filter or sort computed in a worker has landed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # submit(fn, on_done): run fn in a worker, on_done(result) back in the GUI thread.
        # With one, big libraries are filtered and sorted off the GUI thread.
        self.submit: Callable[[Callable[[], Any], Callable[[Any], None]], None] | None = None
        self._gen = 0  # bumped by every rebuild; a late worker result for an older one is dropped
        self._dirty: set[int] | None = None  # photos changed while a worker rebuild runs
        self._all: dict[int, Photo] = {}  # photo id -> photo, the whole library
        self._paths: dict[str, Photo] | None = None  # path -> photo, built when asked
        self._counts: dict[int, int] | None = None  # folder id -> photos, built when asked
        self._sigs: dict[int, tuple] = {}  # photo id -> what the grid shows of it (see _sig)
        self._folder: int | None = None
        self._subset: frozenset[str] | None = None  # only these paths (a theme, a tag...)
        self._filter = ""
        self._sort = SORT_DATE
        self._key = sort_key(self._sort)

    # -- state --------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self._all)

    @property
    def folder(self) -> int | None:
        return self._folder

    @property
    def sort(self) -> str:
        return self._sort

    @property
    def name_filter(self) -> str:
        return self._filter

    def folder_counts(self) -> dict[int, int]:
        """Photos per folder id (kept up to date as photos come and go)."""
        if self._counts is None:
            self._counts = {}
            for p in self._all.values():
                self._counts[p.folder_id] = self._counts.get(p.folder_id, 0) + 1
        return dict(self._counts)

    def _count(self, p: Photo, delta: int) -> None:
        if self._counts is not None:
            self._counts[p.folder_id] = self._counts.get(p.folder_id, 0) + delta

    def _wanted(self, p: Photo) -> bool:
        return _matches(p, self._folder, self._subset, self._filter)

    def _rebuild(self) -> None:
        self._gen += 1
        if self.submit is None or len(self._all) < ASYNC_ROWS:
            self._dirty = None
            self.beginResetModel()
            self._rows = sorted((p for p in self._all.values() if self._wanted(p)), key=self._key)
            self.endResetModel()
            return
        gen, items, key = self._gen, list(self._all.values()), self._key
        folder, subset, text = self._folder, self._subset, self._filter
        self._dirty = set()
        self.submit(lambda: sorted((p for p in items if _matches(p, folder, subset, text)), key=key),
                    lambda rows: self._apply(gen, rows))

    def _apply(self, gen: int, rows: list[Photo]) -> None:
        if gen != self._gen:
            return  # the user changed the filter again meanwhile
        dirty, self._dirty = self._dirty or set(), None
        if dirty:  # photos that came, changed or went while the worker sorted
            rows = [p for p in rows if p.id not in dirty]
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        for i in dirty:
            p = self._all.get(i)
            if p is not None and self._wanted(p):
                at = bisect.bisect_left(self._rows, self._key(p), key=self._key)
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.insert(at, p)
                self.endInsertRows()
        self.rebuilt.emit()

    @property
    def rebuilding(self) -> bool:
        return self._dirty is not None

    def set_folder(self, folder_id: int | None) -> None:
        if folder_id != self._folder:
            self._folder = folder_id
            self._rebuild()

    @property
    def subset(self) -> frozenset[str] | None:
        return self._subset

    def set_subset(self, paths) -> None:
        """Show only these photos (None: no such limit)."""
        subset = None if paths is None else frozenset(paths)
        if subset != self._subset:
            self._subset = subset
            self._rebuild()

    def set_name_filter(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._filter:
            self._filter = text
            self._rebuild()

    def set_sort(self, sort: str) -> None:
        if sort not in SORTS:
            sort = SORT_DATE
        if sort != self._sort:
            self._sort = sort
            self._key = sort_key(sort)
            self._rebuild()

    # -- contents -----------------------------------------------------------------------------

    def set_photos(self, photos: Iterable[Photo], prepared: PreparedPhotos | None = None) -> None:
        """Take the whole library (a fresh read): small differences become row changes, so
        the scroll position and the selection survive; big ones reset the model.
        ``prepared`` (made in a worker by :func:`prepare`) saves the GUI thread most of it."""
        prep = prepared if prepared is not None else prepare(photos)
        new, sigs = prep.by_id, prep.sigs
        old = self._sigs
        removed = list(old.keys() - sigs.keys())
        added = [new[i] for i in sigs.keys() - old.keys()]
        changed = [new[i] for i, sig in sigs.items() if old.get(i, sig) != sig]
        self._paths = None
        if len(removed) + len(added) + len(changed) > RESET_THRESHOLD or not self._rows:
            self._all = dict(new)
            self._sigs = dict(sigs)
            self._counts = None
            if (prep.rows is not None and prep.sort == self._sort and self._folder is None
                    and not self._filter and self._subset is None):
                self._gen += 1
                self._dirty = None
                self.beginResetModel()  # already sorted in the worker
                self._rows = list(prep.rows)
                self.endResetModel()
            else:
                self._rebuild()
            return
        if removed:
            self.remove_ids(removed)
        for p in changed:
            self._replace(p)
        if added:
            self.add_photos(added)

    def add_photos(self, photos: Iterable[Photo]) -> None:
        """New or updated photos (an indexing batch): each goes to its sorted place."""
        self._paths = None
        for p in photos:
            if p.status != "ok":
                self.remove_ids([p.id])
                continue
            if p.id in self._all:
                self._replace(p)
                continue
            self._all[p.id] = p
            self._sigs[p.id] = _sig(p)
            self._count(p, 1)
            if self._dirty is not None:
                self._dirty.add(p.id)
            if self._wanted(p):
                row = bisect.bisect_left(self._rows, self._key(p), key=self._key)
                self.beginInsertRows(QModelIndex(), row, row)
                self._rows.insert(row, p)
                self.endInsertRows()

    def _replace(self, p: Photo) -> None:
        old = self._all.get(p.id)
        self._all[p.id] = p
        self._sigs[p.id] = _sig(p)
        self._paths = None
        if self._dirty is not None:
            self._dirty.add(p.id)
        if old is not None:
            self._count(old, -1)
        self._count(p, 1)
        row = self._find_row(old) if old is not None else -1
        if row >= 0 and self._wanted(p) and self._key(old) == self._key(p):
            self._rows[row] = p  # same place: a change, not a move
            idx = self.index(row)
            self.dataChanged.emit(idx, idx)
            return
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
        if self._wanted(p):
            at = bisect.bisect_left(self._rows, self._key(p), key=self._key)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, p)
            self.endInsertRows()

    def _find_row(self, p: Photo) -> int:
        k = self._key(p)
        i = bisect.bisect_left(self._rows, k, key=self._key)
        while i < len(self._rows) and self._key(self._rows[i]) == k:
            if self._rows[i].id == p.id:
                return i
            i += 1
        return -1

    def remove_ids(self, ids: Iterable[int]) -> None:
        self._paths = None
        for i in ids:
            p = self._all.pop(i, None)
            self._sigs.pop(i, None)
            if p is None:
                continue
            if self._dirty is not None:
                self._dirty.add(i)
            self._count(p, -1)
            row = self._find_row(p)
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()

    def remove_paths(self, paths: Iterable[str]) -> None:
        wanted = set(paths)
        self.remove_ids([i for i, p in self._all.items() if p.path in wanted])

    def by_path(self, path: str) -> Photo | None:
        if self._paths is None:
            self._paths = {p.path: p for p in self._all.values()}
        return self._paths.get(path)

    def row_of_path(self, path: str) -> int:
        p = self.by_path(path)
        return self._find_row(p) if p is not None else -1


def _matches(p: Photo, folder: int | None, subset: frozenset[str] | None, text: str) -> bool:
    if p.status != "ok":
        return False
    if folder is not None and p.folder_id != folder:
        return False
    if subset is not None and p.path not in subset:
        return False
    if text and text not in p.name.casefold():
        return False
    return True


def _sig(p: Photo) -> tuple:
    return (p.path, p.ckey, p.online, p.mtime_ns, p.taken, p.folder_id, p.width, p.height)


class PreparedPhotos:
    """The library's photos by id with their signatures, and sorted one way: built off the
    GUI thread, so taking a fresh read of 100,000 photos costs the GUI thread little."""

    __slots__ = ("by_id", "sigs", "sort", "rows")

    def __init__(self, by_id: dict[int, Photo], sigs: dict[int, tuple], sort: str | None,
                 rows: list[Photo] | None) -> None:
        self.by_id = by_id
        self.sigs = sigs
        self.sort = sort
        self.rows = rows


def prepare(photos: Iterable[Photo], sort: str | None = None) -> PreparedPhotos:
    by_id = {p.id: p for p in photos if p.status == "ok"}
    rows = sorted(by_id.values(), key=sort_key(sort)) if sort in SORTS else None
    return PreparedPhotos(by_id, {i: _sig(p) for i, p in by_id.items()}, sort, rows)


class ResultsModel(PhotoListModel):
    """Similar photos, best first, with their scores (0..1)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._scores: list[float] = []
        self.describe: Callable[..., str] | None = None  # (score, photo) in words (the panel's)

    def set_results(self, matches: list[tuple[Photo, float]]) -> None:
        self.beginResetModel()
        self._rows = [p for p, _ in matches]
        self._scores = [s for _, s in matches]
        self.endResetModel()

    def clear(self) -> None:
        self.set_results([])

    def score(self, row: int) -> float | None:
        return self._scores[row] if 0 <= row < len(self._scores) else None

    def remove_paths(self, paths: Iterable[str]) -> None:
        wanted = set(paths)
        for row in range(len(self._rows) - 1, -1, -1):
            if self._rows[row].path in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                del self._scores[row]
                self.endRemoveRows()
