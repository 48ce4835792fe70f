"""The window's one job runtime: every background thread of the GUI starts and stops here.

Picard's idea (``picard/util/thread.py``): a worker never touches a widget; it hands a
callable to a :class:`Poster` living in the GUI thread, which runs it there on the next
event-loop turn. :class:`JobRuntime` builds on it:

- a job has a *key*; a new job with the same key supersedes the old one: the old one's
  cooperative cancel flag is set and its result, when it comes, is dropped;
- results and errors come back in the GUI thread; an error with no handler of its own is
  logged (with its traceback) and emitted as ``failed(title, words)``;
- named pools (short tasks, the organising views' long jobs, thumbnails) and plain threads
  (the indexer) are all owned here, so :meth:`JobRuntime.shutdown` can cancel and wait for
  every one of them before the library is closed under them.

:class:`~photorec.gui.service.LibraryService` owns the runtime; views reach it through
the service.
"""

from __future__ import annotations

import inspect
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Hashable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

TASKS = "tasks"  # short work: open, read, similar, trash (2 threads)
ORGANIZE = "organize"  # the organising views' long jobs (2 threads)
THUMBS = "thumbs"  # thumbnail decoding (the loader's, low priority)
POOL_SIZES = {TASKS: 2, ORGANIZE: 2, THUMBS: 2}


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
            try:
                self._post.emit(partial(fn, *args))
            except RuntimeError:  # the poster's C++ side is gone (interpreter exit)
                pass

    @Slot(object)
    def _run(self, fn: Callable[[], Any]) -> None:
        if self.closed:
            return
        fn()


class Job:
    """One submitted job. ``cancel`` is its cooperative flag (set when superseded or at
    shutdown); a job function that takes an argument is given it."""

    __slots__ = ("key", "title", "pool", "cancel", "superseded", "done", "on_done", "on_error")

    def __init__(self, key: Hashable | None, title: str, on_done, on_error, pool: str = TASKS) -> None:
        self.key = key
        self.pool = pool
        self.title = title
        self.cancel = threading.Event()
        self.superseded = False
        self.done = False
        self.on_done = on_done
        self.on_error = on_error

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def __repr__(self) -> str:  # for logs
        return f"<Job {self.title or self.key!r}{' cancelled' if self.cancelled else ''}>"


def _wants_job(fn: Callable) -> bool:
    try:
        params = [p for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                  and p.default is p.empty]
    except (TypeError, ValueError):
        return False
    return len(params) == 1


class JobRuntime(QObject):
    failed = Signal(str, str)  # title, text: a job failed and nobody else handles it
    busy_changed = Signal(object, bool)  # key (may be None), whether jobs of that key run

    def __init__(self, parent: QObject | None = None, sizes: dict[str, int] | None = None) -> None:
        super().__init__(parent)
        self.poster = Poster(self)
        self._sizes = dict(POOL_SIZES, **(sizes or {}))
        self._pools: dict[str, QThreadPool] = {}
        self._lock = threading.Lock()
        self._jobs: set[Job] = set()
        self._latest: dict[Hashable, Job] = {}
        self._threads: list[threading.Thread] = []
        self.closed = False
        self.finished: dict[str, int] = {}  # jobs finished per pool, ever

    # -- pools and threads ------------------------------------------------------------------

    def pool(self, name: str, threads: int | None = None) -> QThreadPool:
        """The runtime's pool of that name (made on first use); waited for at shutdown."""
        p = self._pools.get(name)
        if p is None:
            p = QThreadPool(self)
            p.setMaxThreadCount(threads or self._sizes.get(name, 2))
            p.setObjectName(f"photorec-{name}")
            self._pools[name] = p
        return p

    def start_thread(self, target: Callable[..., Any], name: str, *args: Any) -> threading.Thread:
        """A plain thread (the indexer), joined at shutdown."""
        if self.closed:
            raise RuntimeError("the job runtime is shut down")
        t = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:
            self._threads = [x for x in self._threads if x.is_alive()]
            self._threads.append(t)
        t.start()
        return t

    # -- jobs -------------------------------------------------------------------------------

    def submit(self, fn: Callable[..., Any], on_done: Callable[[Any], Any] | None = None,
               on_error: Callable[[BaseException], Any] | None = None, *,
               key: Hashable | None = None, title: str = "", pool: str = TASKS,
               priority: int = 0) -> Job | None:
        """Run ``fn()`` (or ``fn(job)``, when it takes one argument) in a worker of ``pool``;
        ``on_done(result)`` or ``on_error(exc)`` follow in the GUI thread, unless a newer job
        of the same ``key`` came meanwhile. None once the runtime is shut down."""
        if self.closed:
            return None
        job = Job(key, title, on_done, on_error, pool)
        was_idle = False
        with self._lock:
            if key is not None:
                old = self._latest.get(key)
                if old is not None and not old.done:
                    old.superseded = True
                    old.cancel.set()
                was_idle = old is None or old.done
                self._latest[key] = job
            self._jobs.add(job)
        pass_job = _wants_job(fn)

        def run() -> None:
            if job.cancelled:
                self.poster.post(self._finish, job, False, None)
                return
            try:
                result = fn(job) if pass_job else fn()
            except BaseException as exc:  # every failure goes back to the GUI thread
                self.poster.post(self._finish, job, False, exc)
            else:
                self.poster.post(self._finish, job, True, result)

        if key is not None and was_idle:
            self.busy_changed.emit(key, True)
        self.pool(pool).start(run, priority)
        return job

    def cancel(self, key: Hashable) -> None:
        """Cancel the job of ``key`` (its flag; its result is dropped)."""
        with self._lock:
            job = self._latest.get(key)
        if job is not None and not job.done:
            job.superseded = True
            job.cancel.set()

    def busy(self, key: Hashable | None = None) -> bool:
        with self._lock:
            if key is None:
                return bool(self._jobs)
            return any(j.key == key for j in self._jobs)

    def _finish(self, job: Job, ok: bool, value: Any) -> None:
        with self._lock:
            job.done = True
            self._jobs.discard(job)
            self.finished[job.pool] = self.finished.get(job.pool, 0) + 1
            latest = job.key is not None and self._latest.get(job.key) is job
            if latest:
                del self._latest[job.key]
        if latest:
            self.busy_changed.emit(job.key, False)
        if self.closed or job.superseded:
            return  # a newer job of that key, or the window is closing: stale
        try:
            if ok:
                if job.on_done is not None:
                    job.on_done(value)
            elif value is None:
                pass  # cancelled before it started
            elif job.on_error is not None:
                job.on_error(value)
            else:
                self.report(job.title, value)
        except Exception as exc:  # a broken callback must not kill the loop
            self.report(job.title or "photorec", exc)

    def report(self, title: str, exc: BaseException) -> None:
        """A failure nobody handles: the log (with the traceback) and ``failed``."""
        log.error("%s failed: %s", title or "a background job", exc,
                  exc_info=(type(exc), exc, exc.__traceback__))
        self.failed.emit(title or "photorec", words(exc))

    # -- shutdown ---------------------------------------------------------------------------

    def shutdown(self, timeout_s: float = 30.0) -> bool:
        """Cancel every job, drop the ones not started, wait for the rest and join the
        threads. True when everything stopped within ``timeout_s``."""
        self.closed = True
        self.poster.closed = True
        with self._lock:
            jobs = list(self._jobs)
            threads = list(self._threads)
        for j in jobs:
            j.cancel.set()
        deadline = time.monotonic() + timeout_s
        clean = True
        for p in self._pools.values():
            p.clear()
        for name, p in self._pools.items():
            if not p.waitForDone(max(1, int((deadline - time.monotonic()) * 1000))):
                log.error("background jobs (%s) did not stop within %.0f s", name, timeout_s)
                clean = False
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
            if t.is_alive():
                log.error("thread %s did not stop within %.0f s", t.name, timeout_s)
                clean = False
        return clean

    def running_threads(self) -> list[str]:
        """Names of the runtime's threads still alive, and of busy pools (for tests)."""
        out = [t.name for t in self._threads if t.is_alive()]
        out += [f"pool {n}" for n, p in self._pools.items() if p.activeThreadCount()]
        return out


def words(exc: BaseException) -> str:
    """An error in the window's language: core's by its code (the one table of words the
    command line uses too), any other by its own text."""
    from photorec.cli_words import words as core_words

    return core_words(exc)


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
            PRIO_DARWIN_THREAD, PRIO_DARWIN_BG = 3, 0x1000  # <sys/resource.h>
            os.setpriority(PRIO_DARWIN_THREAD, 0, PRIO_DARWIN_BG)
            return True
        if sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            THREAD_PRIORITY_BELOW_NORMAL = -1
            return bool(kernel32.SetThreadPriority(kernel32.GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL))
    except (OSError, AttributeError, ValueError) as exc:
        log.debug("cannot lower the thread priority: %s", exc)
    return False
