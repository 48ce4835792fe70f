"""Who owns a marker: this process, named so that another process can tell if it still lives.

An owner is ``host:pid:start`` where ``start`` is the process's start time as the system
counts it (Linux: /proc/PID/stat field 22; elsewhere empty). A pid reused by a new process has
another start time, so a marker left by a killed run is never taken for a live one.
"""

from __future__ import annotations

import os
import socket
import sys


def _start_time(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return ""
    # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    rest = data[data.rfind(b")") + 2:].split()
    if len(rest) < 20:
        return ""
    if rest[0] in (b"Z", b"X"):  # zombie or dead: its work has stopped
        return "dead"
    return rest[19].decode("ascii", "replace")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
        STILL_ACTIVE = 259
        k = ctypes.windll.kernel32
        h = k.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not h:
            return False
        try:
            code = ctypes.c_ulong()
            if not k.GetExitCodeProcess(h, ctypes.byref(code)):
                return False
            return code.value == STILL_ACTIVE
        finally:
            k.CloseHandle(h)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


def this_owner() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid)}"


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (zombies count as dead)."""
    return _pid_alive(pid) and _start_time(pid) != "dead"


def owner_alive(owner: str | None) -> bool:
    """Whether the process named by ``owner`` (from :func:`this_owner`) still runs.

    An owner on another host cannot be checked and counts as alive."""
    if not owner:
        return False
    try:
        host, pid_s, start = owner.rsplit(":", 2)
        pid = int(pid_s)
    except ValueError:
        return False
    if host != socket.gethostname():
        return True
    if not _pid_alive(pid):
        return False
    now = _start_time(pid)
    if now == "dead":
        return False
    return not (start and now and now != start)
