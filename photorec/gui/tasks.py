"""Run a function on a thread pool and post its result back to the GUI thread.

Picard's idea (``picard/util/thread.py``): the worker never touches a widget; it hands a
callable to a :class:`Poster` living in the GUI thread, which runs it there on the next
event-loop turn. Once the poster is closed (window closing), late results are dropped.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from functools import partial
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Poster(QObject):
    """Runs callables in the thread this object lives in (the GUI thread)."""

    _post = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.closed = False
        self._post.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[..., Any], *args: Any) -> None:
        """Call ``fn(*args)`` in the GUI thread soon (safe from any thread)."""
        if not self.closed:
            self._post.emit(partial(fn, *args))

    @Slot(object)
    def _run(self, fn: Callable[[], Any]) -> None:
        if self.closed:
            return
        fn()


class TaskRunner:
    """Submit ``fn()`` to a QThreadPool; ``on_done(result)`` or ``on_error(exc)`` run in the
    GUI thread."""

    def __init__(self, poster: Poster, max_threads: int, name: str) -> None:
        self.poster = poster
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(max_threads)
        self.pool.setObjectName(name)
        self.name = name

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], Any] | None = None,
               on_error: Callable[[BaseException], Any] | None = None, *,
               priority: int = 0) -> None:
        def job() -> None:
            try:
                result = fn()
            except Exception as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
                if on_error is not None:
                    self.poster.post(on_error, exc)
                else:
                    log.exception("background task failed")
            else:
                if on_done is not None:
                    self.poster.post(on_done, result)

        self.pool.start(job, priority)

    def clear(self) -> None:
        """Drop jobs that have not started yet."""
        self.pool.clear()

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)


def lower_thread_priority(darwin_background: bool = True) -> bool:
    """Make the calling thread (and, on Linux and macOS, the threads it starts from now on)
    yield the CPU to the GUI thread: background work must not make the window stutter on a
    machine with few cores. Best effort; True when it worked.

    ``darwin_background=False`` leaves macOS threads alone: its background band also throttles
    disk reads, too slow for thumbnails the user is looking at."""
    try:
        if sys.platform.startswith("linux"):
            # Linux nice values are per thread, and new threads inherit them.
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
            return True
        if sys.platform == "darwin":
            if not darwin_background:
                return False
            PRIO_DARWIN_THREAD, PRIO_DARWIN_BG = 3, 0x1000  # noqa: N806 - <sys/resource.h>
            os.setpriority(PRIO_DARWIN_THREAD, 0, PRIO_DARWIN_BG)
            return True
        if sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            THREAD_PRIORITY_BELOW_NORMAL = -1  # noqa: N806
            return bool(kernel32.SetThreadPriority(kernel32.GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL))
    except (OSError, AttributeError, ValueError) as exc:
        log.debug("cannot lower the thread priority: %s", exc)
    return False
