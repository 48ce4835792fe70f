"""What a "find similar" asks for, and the browser-like back/forward history of those asks.

Qt-light on purpose (a pasted image is a QImage, nothing else is Qt) so it is easy to test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from photorec.i18n import translate


@dataclass(eq=False)
class Query:
    """``kind`` is "path" (an image file, in the library or not), "image" (pasted pixels,
    ``image`` is a QImage) or "paths" (several library photos: "more like these")."""

    kind: str
    path: str | None = None
    image: Any = None
    label: str = ""
    serial: int = field(default=0, compare=False)
    paths: tuple[str, ...] = ()

    @classmethod
    def for_path(cls, path: str | os.PathLike[str]) -> Query:
        p = os.path.abspath(os.fspath(path))
        return cls("path", path=p, label=os.path.basename(p))

    @classmethod
    def for_image(cls, image: Any, label: str = "") -> Query:
        global _serial
        _serial += 1
        return cls("image", image=image, label=label or translate("Query", "Pasted image"), serial=_serial)

    @classmethod
    def for_paths(cls, paths, label: str = "") -> Query:
        """More like these photos (the first is the one shown in the header)."""
        ps = tuple(dict.fromkeys(os.path.abspath(os.fspath(p)) for p in paths))
        if len(ps) == 1:
            return cls.for_path(ps[0])
        return cls("paths", path=ps[0] if ps else None,
                   label=label or translate("Query", "these %1 photos").replace("%1", str(len(ps))),
                   paths=ps)

    @property
    def key(self) -> str:
        if self.kind == "path":
            return f"path:{self.path}"
        if self.kind == "paths":
            return "paths:" + "\0".join(sorted(self.paths))
        return f"image:{self.serial}"

    def same_as(self, other: Query | None) -> bool:
        return other is not None and self.key == other.key


_serial = 0

T = TypeVar("T")


class History(Generic[T]):
    """Entries with a cursor, like a web browser's: ``push`` drops the forward part."""

    def __init__(self, home: T, limit: int = 100) -> None:
        self._items: list[T] = [home]
        self._pos = 0
        self.limit = max(2, limit)

    @property
    def current(self) -> T:
        return self._items[self._pos]

    @property
    def home(self) -> T:
        return self._items[0]

    def at_home(self) -> bool:
        return self._pos == 0

    def push(self, item: T) -> None:
        del self._items[self._pos + 1:]
        self._items.append(item)
        if len(self._items) > self.limit:  # keep home, drop the oldest query
            del self._items[1]
        self._pos = len(self._items) - 1

    def replace(self, item: T) -> None:
        self._items[self._pos] = item

    def can_back(self) -> bool:
        return self._pos > 0

    def can_forward(self) -> bool:
        return self._pos < len(self._items) - 1

    def back(self) -> T:
        if self.can_back():
            self._pos -= 1
        return self.current

    def forward(self) -> T:
        if self.can_forward():
            self._pos += 1
        return self.current

    def go_home(self) -> T:
        """Back to the start, keeping the entries for forward (like pressing back repeatedly)."""
        self._pos = 0
        return self.current

    def remove_if(self, pred) -> None:
        """Drop entries (never home) for which ``pred`` is true, e.g. photos moved to trash."""
        cur = self.current
        keep = [self._items[0]] + [x for x in self._items[1:] if not pred(x)]
        self._items = keep
        self._pos = keep.index(cur) if cur in keep else 0

    def __len__(self) -> int:
        return len(self._items)
