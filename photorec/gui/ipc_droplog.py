"""Warnings about dropped IPC clients, once per burst (issue 20).

A flood of clients (3,557 of them in a fault run) used to log 3,557 warnings. Each kind of
drop (a message too large, a timeout, a refused request, a hang-up, the oldest dropped to make
room) is logged the first time in a burst; the rest of the burst is counted and summed up in
one line when it is over: when no drop of that kind came for ``quiet_s`` seconds (the server
calls :meth:`DropLog.flush` from a timer, and when it closes). Plain Python: no Qt here.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

log = logging.getLogger("photorec.gui.ipc")

BURST_QUIET_S = 5.0  # a burst ends after this long without a drop of its kind


class DropLog:
    def __init__(self, quiet_s: float | None = None, clock: Callable[[], float] = time.monotonic,
                 on_hold: Callable[[], None] | None = None) -> None:
        self.quiet_s = BURST_QUIET_S if quiet_s is None else quiet_s
        self.clock = clock
        self.on_hold = on_hold  # called when a drop is held back (the server arms its timer)
        self._last: dict[str, float] = {}  # kind (the message's format) -> last drop
        self._held: dict[str, int] = {}  # kind -> drops not logged in the burst so far

    def warn(self, msg: str, *args: object) -> bool:
        """Log ``msg % args`` if it starts a burst of its kind, else count it. True when it
        was logged."""
        now = self.clock()
        last = self._last.get(msg)
        self._last[msg] = now
        if last is not None and now - last <= self.quiet_s:
            self._held[msg] = self._held.get(msg, 0) + 1
            if self.on_hold is not None:
                self.on_hold()
            return False
        self._flush_kind(msg)  # the previous burst of this kind, if one was held back
        log.warning(msg, *args)
        return True

    @property
    def held(self) -> int:
        """Drops counted but not logged yet."""
        return sum(self._held.values())

    def flush(self, force: bool = False) -> None:
        """Sum up the bursts that are over (all of them with ``force``)."""
        now = self.clock()
        for msg in list(self._held):
            if force or now - self._last.get(msg, now) > self.quiet_s:
                self._flush_kind(msg)

    def _flush_kind(self, msg: str) -> None:
        n = self._held.pop(msg, 0)
        if n:
            log.warning("IPC: %d more clients dropped in that burst (%s)", n, _kind(msg))


def _kind(msg: str) -> str:
    """A drop's kind for people: its message without the per-client details."""
    body = msg.split("IPC: ", 1)[-1]
    body = re.sub(r"\s*\(%d bytes[^)]*\)", "", body)
    return body.replace(": %s", "").replace("%d", "N")
