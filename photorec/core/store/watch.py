"""Watching a catalog for changes made by other processes (the window notices what the CLI
indexed): SQLite's ``PRAGMA data_version`` on a read-only connection of its own, which changes
whenever another connection commits."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path


class CatalogWatch:
    """``version()`` is None while the catalog file does not exist; else a number that changes
    when another connection commits. May be called from any one thread at a time."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._con: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def version(self) -> int | None:
        with self._lock:
            if self._con is None:
                if not os.path.exists(self.path):
                    return None
                self._con = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True,
                                            check_same_thread=False, timeout=1.0)
            return int(self._con.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None
