"""The single-instance protocol without the sockets: where a library's socket lives, and
the one-line JSON message a launch sends (see :mod:`photorec.gui.ipc`)."""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QDir, QUrl

log = logging.getLogger(__name__)

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024
MAX_PATHS = 1000

_IS_WINDOWS = sys.platform == "win32"
_IS_MACOS = sys.platform == "darwin"
# sun_path is 108 bytes on Linux, 104 on macOS/BSD.  Qt (with UserAccessOption) first
# binds in a temporary folder beside the final path, so leave room for that as well.
_SUN_PATH_BUDGET = 90


# --------------------------------------------------------------------------- naming


def _user_id() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no USERNAME/LOGNAME and no pwd entry
        if hasattr(os, "getuid"):
            return f"uid{os.getuid()}"
        return str(Path.home())


def socket_name(data_dir: os.PathLike[str] | str) -> str:
    """The local-socket name for the library at ``data_dir``, private to this user.

    A hash of the user and the resolved data dir keeps it short.  On Linux it lives in
    ``$XDG_RUNTIME_DIR`` (a per-user 0700 folder) when there is one; otherwise it is a
    bare name, which Qt puts in the temp dir (per-user on macOS) or makes a named pipe
    (Windows).
    """
    resolved = os.path.normcase(str(Path(data_dir).expanduser().resolve()))
    digest = hashlib.sha256(f"{_user_id()}\0{resolved}".encode("utf-8", "surrogatepass"))
    name = f"photorec-{digest.hexdigest()[:16]}"
    if _IS_WINDOWS:
        return name
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if not _IS_MACOS and os.path.isabs(runtime) and os.path.isdir(runtime):
        path = os.path.join(runtime, name)
        if len(path.encode()) <= _SUN_PATH_BUDGET:
            return path
    if len(os.path.join(QDir.tempPath(), name).encode()) > _SUN_PATH_BUDGET:
        return os.path.join("/tmp", name)  # a very long $TMPDIR would not fit sun_path
    return name


def _socket_path(name: str) -> str | None:
    """The file Qt binds for ``name`` on Unix; None on Windows (named pipes)."""
    if _IS_WINDOWS:
        return None
    return name if os.path.isabs(name) else os.path.join(QDir.tempPath(), name)


def _foreign_socket(name: str) -> bool:
    """True when a file at the socket path belongs to another user: never talk to it."""
    path = _socket_path(name)
    if path is None:
        return False
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if st.st_uid != os.geteuid():
        log.warning("IPC: %s belongs to uid %d, not to us; ignoring it", path, st.st_uid)
        return True
    return False


# --------------------------------------------------------------------------- message


@dataclass
class Request:
    """What a launch asks the running window to do: find similar / open these paths."""

    similar: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    cwd: str = ""
    # Wayland focus-stealing prevention: the launcher's XDG_ACTIVATION_TOKEN lets the
    # running window raise itself (optional key "activation_token" in the message).
    activation_token: str = ""


def _absolute(path: str | os.PathLike[str], cwd: str) -> str:
    p = os.fspath(path)
    if not isinstance(p, str):
        raise ValueError(f"path is not text: {p!r}")
    if p.startswith("file:"):  # file managers may pass URIs (%U)
        url = QUrl(p)
        if url.isLocalFile():
            p = url.toLocalFile()
    if not p or "\0" in p:
        raise ValueError("empty path or path with a NUL character")
    if os.path.isabs(p):
        return os.path.normpath(p)
    if not os.path.isabs(cwd):
        raise ValueError(f"relative path {p!r} but no absolute working directory")
    return os.path.normpath(os.path.join(cwd, p))


def request_from_argv(
    similar: list[str], paths: list[str], cwd: str | None = None
) -> Request:
    """A :class:`Request` from command-line arguments, relative paths made absolute.

    ``cwd`` defaults to the current directory.  Raises ValueError for a relative path
    when the current directory is gone.  Carries ``$XDG_ACTIVATION_TOKEN`` along.
    """
    if cwd is None:
        try:
            cwd = os.getcwd()
        except OSError:  # deleted current directory
            cwd = ""
    return Request(
        similar=[_absolute(p, cwd) for p in similar],
        paths=[_absolute(p, cwd) for p in paths],
        cwd=cwd,
        activation_token=os.environ.get("XDG_ACTIVATION_TOKEN", ""),
    )


def _check_counts(n: int) -> None:
    if n > MAX_PATHS:
        raise ValueError(f"too many paths ({n} > {MAX_PATHS})")


def encode_request(req: Request) -> bytes:
    """One line of UTF-8 JSON ending in a newline.

    Raises ValueError when the request would be refused anyway (too many paths,
    more than 64 KiB), so a caller can report it instead of sending.
    """
    _check_counts(len(req.similar) + len(req.paths))
    msg = {
        "v": PROTOCOL_VERSION,
        "kind": "open",
        "similar": [os.fspath(p) for p in req.similar],
        "paths": [os.fspath(p) for p in req.paths],
        "cwd": req.cwd,
    }
    if req.activation_token:
        msg["activation_token"] = req.activation_token
    try:
        data = json.dumps(msg, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        # Undecodable file names (surrogate escapes) survive as \udcXX escapes.
        data = json.dumps(msg, ensure_ascii=True).encode("ascii")
    data += b"\n"
    if len(data) > MAX_MESSAGE_BYTES:
        raise ValueError(f"message too large ({len(data)} bytes > {MAX_MESSAGE_BYTES})")
    return data


def _str_list(msg: dict, key: str) -> list[str]:
    value = msg.get(key)
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ValueError(f"{key!r} must be a list of strings")
    return value


def decode_request(data: bytes) -> Request:
    """Parse and check one message; relative paths are resolved against its ``cwd``.

    Raises ValueError whose text says what is wrong.
    """
    if len(data) > MAX_MESSAGE_BYTES:
        raise ValueError(f"message too large ({len(data)} bytes > {MAX_MESSAGE_BYTES})")
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"not UTF-8 ({e.reason} at byte {e.start})") from None
    try:
        msg = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"not JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    if not isinstance(msg, dict):
        raise ValueError("not a JSON object")
    version = msg.get("v")
    if type(version) is not int or version != PROTOCOL_VERSION:
        raise ValueError(f"unsupported protocol version {version!r} (want {PROTOCOL_VERSION})")
    if msg.get("kind") != "open":
        raise ValueError(f"unknown kind {msg.get('kind')!r}")
    similar = _str_list(msg, "similar")
    paths = _str_list(msg, "paths")
    cwd = msg.get("cwd")
    if not isinstance(cwd, str):
        raise ValueError("'cwd' must be a string")
    token = msg.get("activation_token", "")
    if not isinstance(token, str):
        raise ValueError("'activation_token' must be a string")
    _check_counts(len(similar) + len(paths))
    return Request(
        similar=[_absolute(p, cwd) for p in similar],
        paths=[_absolute(p, cwd) for p in paths],
        cwd=cwd,
        activation_token=token,
    )
