"""Thumbnails for the grids: read from the disk cache in worker threads, kept decoded in an
LRU cache, asked for only by what is painted.

The delegate calls :meth:`ThumbnailLoader.image` while painting. A hit returns a QImage at once.
A miss queues a request (the newest first: what the user scrolled to now matters more than
what flew past) and returns the best image already decoded at another size, or None for a
placeholder. Workers decode with QImageReader (QImage, never QPixmap, off the GUI thread),
scaled at decode time to the size the grid draws; ``loaded`` tells the views to repaint.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader

from photorec.gui.tasks import Poster, lower_thread_priority

if TYPE_CHECKING:
    from photorec.core.store import Photo

log = logging.getLogger(__name__)

NATIVE = 320  # long side of the cached thumbnails (photorec.core.ingest.decode)
BUCKET = 64
MAX_PENDING = 600
CACHE_BYTES = 192 * 1024 * 1024


def bucket_for(px: float) -> int:
    """Decode sizes in steps, so a zoom drag does not decode every photo at every pixel."""
    b = int((px + BUCKET - 1) // BUCKET) * BUCKET
    return max(BUCKET, min(NATIVE, b))


class ThumbnailLoader(QObject):
    loaded = Signal()  # some images arrived; repaint (coalesced, at most every ~30 ms)

    def __init__(self, threads: int = 2, parent: QObject | None = None,
                 cache_bytes: int = CACHE_BYTES, pool: QThreadPool | None = None) -> None:
        """``pool``: the job runtime's thumbnail pool (the window's), so that one place
        starts and stops every thread; without one the loader makes its own."""
        super().__init__(parent)
        self._poster = Poster(self)
        if pool is None:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(threads)
        self._pool = pool
        self._threads = min(threads, pool.maxThreadCount())
        self._lock = threading.Lock()
        self._pending: OrderedDict[tuple[str, int], Photo] = OrderedDict()
        self._inflight: set[tuple[str, int]] = set()
        self._workers = 0
        self._cache: OrderedDict[tuple[str, int], QImage] = OrderedDict()
        self._sizes: dict[str, set[int]] = {}  # ckey -> buckets decoded
        self._bytes = 0
        self._cache_bytes = cache_bytes
        self._missing: set[str] = set()  # ckeys with no thumbnail to be had
        self._thumb_path: Callable[[str], Path] | None = None
        self._make_thumb: Callable[[Photo], Path | None] | None = None
        self._closed = False
        self._notify = QTimer(self)
        self._notify.setSingleShot(True)
        self._notify.setInterval(30)
        self._notify.timeout.connect(self.loaded.emit)
        self.hits = 0
        self.misses = 0

    def attach(self, thumb_path: Callable[[str], Path], make_thumb: Callable[[Photo], Path | None]) -> None:
        """``thumb_path(ckey)`` is where a thumbnail is cached (no disk access);
        ``make_thumb(photo)`` re-makes a missing one from the original (slow, worker only)."""
        self._thumb_path = thumb_path
        self._make_thumb = make_thumb

    # -- GUI thread ---------------------------------------------------------------------------

    def image(self, photo: Photo, px: float) -> QImage | None:
        """The thumbnail to draw ``px`` device pixels wide, or a stand-in (None: a placeholder)."""
        ckey = photo.ckey
        if not ckey:
            return None
        b = bucket_for(px)
        key = (ckey, b)
        img = self._cache.get(key)
        if img is not None:
            self._cache.move_to_end(key)
            self.hits += 1
            return img
        self.misses += 1
        if ckey in self._missing:
            return None
        self._request(key, photo)
        # Meanwhile, the nearest size already decoded (drawn scaled) beats a placeholder.
        others = self._sizes.get(ckey)
        if others:
            best = min(others, key=lambda s: (s < b, abs(s - b)))
            return self._cache.get((ckey, best))
        return None

    def is_missing(self, photo: Photo) -> bool:
        return not photo.ckey or photo.ckey in self._missing

    def has(self, photo: Photo, px: float) -> bool:
        return bool(photo.ckey) and (photo.ckey, bucket_for(px)) in self._cache

    def settled(self, photo: Photo, px: float) -> bool:
        """Nothing more will come for this photo at this size (drawn, or no thumbnail)."""
        return self.is_missing(photo) or self.has(photo, px)

    def idle(self) -> bool:
        with self._lock:
            return not self._pending and not self._inflight

    def forget_missing(self) -> None:
        """After indexing, thumbnails that were missing may exist now."""
        self._missing.clear()

    def clear(self) -> None:
        self._cache.clear()
        self._sizes.clear()
        self._bytes = 0

    def shutdown(self) -> None:
        self._closed = True
        self._poster.closed = True
        with self._lock:
            self._pending.clear()
        self._pool.clear()
        self._pool.waitForDone(10_000)

    def _request(self, key: tuple[str, int], photo: Photo) -> None:
        if self._closed or self._thumb_path is None:
            return
        start = False
        with self._lock:
            if key in self._inflight:
                return
            if key in self._pending:
                self._pending.move_to_end(key)
            else:
                self._pending[key] = photo
                while len(self._pending) > MAX_PENDING:
                    self._pending.popitem(last=False)
            if self._workers < self._threads:
                self._workers += 1
                start = True
        if start:
            self._pool.start(self._work)

    def _store(self, key: tuple[str, int], img: QImage | None) -> None:
        with self._lock:
            self._inflight.discard(key)
        if img is None:
            self._missing.add(key[0])
        else:
            self._cache[key] = img
            self._sizes.setdefault(key[0], set()).add(key[1])
            self._bytes += img.sizeInBytes()
            while self._bytes > self._cache_bytes and len(self._cache) > 1:
                (ck, b), old = self._cache.popitem(last=False)
                self._bytes -= old.sizeInBytes()
                sizes = self._sizes.get(ck)
                if sizes is not None:
                    sizes.discard(b)
                    if not sizes:
                        del self._sizes[ck]
        if not self._notify.isActive():
            self._notify.start()

    # -- workers ------------------------------------------------------------------------------

    def _work(self) -> None:
        # Decoding thumbnails must not take a CPU from the GUI thread (2 cores, indexing).
        lower_thread_priority(darwin_background=False)
        while True:
            with self._lock:
                if self._closed or not self._pending:
                    self._workers -= 1
                    return
                key, photo = self._pending.popitem(last=True)  # newest first
                self._inflight.add(key)
            try:
                img = self._load(photo, key[1])
            except Exception:  # a bad thumbnail is a placeholder, not a crash
                log.exception("thumbnail of %s", photo.path)
                img = None
            self._poster.post(self._store, key, img)

    def _load(self, photo: Photo, size: int) -> QImage | None:
        assert self._thumb_path is not None
        path = self._thumb_path(photo.ckey)
        if not os.path.exists(path):
            if self._make_thumb is None or not photo.online:
                return None
            made = self._make_thumb(photo)
            if made is None:
                return None
            path = made
        reader = QImageReader(str(path))
        s = reader.size()
        if s.isValid() and max(s.width(), s.height()) > size:
            reader.setScaledSize(s.scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio))
            reader.setQuality(90)
        img = reader.read()
        if img.isNull():
            log.debug("cannot read thumbnail %s: %s", path, reader.errorString())
            return None
        if img.format() != QImage.Format.Format_RGB32:
            img = img.convertToFormat(QImage.Format.Format_RGB32)
        return img
