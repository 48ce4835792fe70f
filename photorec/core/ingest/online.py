"""Whether each library folder is reachable now (a drive can be unplugged at any moment).

The catalog remembers the state the last scan saw; :class:`FolderStates` checks it live, one
``os.path.isdir`` per folder (a ``scandir`` only for a folder the catalog has offline), and
keeps the answer for :data:`ONLINE_TTL_S` seconds so that listing photos stays cheap. Nothing
is written: the next scan records the state in the catalog.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import TYPE_CHECKING

from photorec.core.errors import Reason
from photorec.core.ingest.scan import folder_problem

if TYPE_CHECKING:
    from photorec.core.store import Catalog

log = logging.getLogger(__name__)

ONLINE_TTL_S = 1.5
NOT_FOUND = Reason("folder_not_found")


def live_state(path: str, stored_online: bool, stored_reason: str | None) -> tuple[bool, str | None]:
    """(online, reason) for a folder now, given what the catalog last recorded."""
    stored_reason = Reason.from_stored(stored_reason)
    if not os.path.isdir(path):
        if not stored_online and stored_reason:
            return False, stored_reason
        return False, folder_problem(path) or NOT_FOUND
    if stored_online:
        return True, None
    problem = folder_problem(path)  # back again, or still unreadable?
    return problem is None, problem


class FolderStates:
    """folder id -> (online, reason), checked live and cached for ``ttl`` seconds."""

    def __init__(self, catalog: Catalog, ttl: float = ONLINE_TTL_S) -> None:
        self.catalog = catalog
        self.ttl = ttl
        self._lock = threading.Lock()
        self._states: dict[int, tuple[bool, str | None]] | None = None
        self._at = 0.0

    def get(self) -> dict[int, tuple[bool, str | None]]:
        with self._lock:
            now = time.monotonic()
            if self._states is not None and now - self._at < self.ttl:
                return self._states
            rows = self.catalog.folder_rows()
            states = {int(fid): live_state(path, bool(online), reason)
                      for fid, path, online, reason in rows}
            changed = [fid for fid, path, online, _ in rows if bool(online) != states[int(fid)][0]]
            if changed:
                log.debug("folders whose state changed since the last scan: %s", changed)
            self._states, self._at = states, now
            return states

    def online(self, folder_id: int, default: bool = True) -> bool:
        st = self.get().get(folder_id)
        return default if st is None else st[0]

    def invalidate(self) -> None:
        with self._lock:
            self._states = None
