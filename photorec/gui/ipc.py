"""One running photorec window per library: later launches hand their request over.

``photorec --similar PHOTO`` or ``photorec PHOTO...`` first calls :func:`send_to_running`.
If a window is already running for the same data dir, the request goes to it over a
local socket (a Unix domain socket, or a named pipe on Windows), and the new process
exits.  Otherwise the new process opens the window and starts an :class:`InstanceServer`,
whose ``request_received`` signal delivers each later :class:`Request`.

Protocol, one request per connection: the client sends one line of UTF-8 JSON,
``{"v": 1, "kind": "open", "similar": [...], "paths": [...], "cwd": "..."}`` and a
newline; the server answers ``ok\\n`` or ``error: <reason>\\n`` and closes.

On macOS, Finder ("Open With", a drop on the dock icon) does not start a second
process: it sends the running app a ``QFileOpenEvent``.  :class:`FileOpenEventFilter`
turns those into the same :class:`Request`.

Only QtCore and QtNetwork are imported at module level (QtGui only by the macOS
filter), so the hand-over path of a second launch stays fast and needs no QApplication.
"""
from __future__ import annotations

import logging
import os
import stat
import sys
import time

from PySide6.QtCore import QDir, QEvent, QLockFile, QObject, Qt, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from photorec.gui.ipc_droplog import DropLog
from photorec.gui.ipc_message import (  # noqa: F401 - the public names of the protocol, here too
    MAX_MESSAGE_BYTES,
    MAX_PATHS,
    PROTOCOL_VERSION,
    Request,
    _foreign_socket,
    _socket_path,
    decode_request,
    encode_request,
    request_from_argv,
    socket_name,
)

log = logging.getLogger(__name__)

READ_TIMEOUT_MS = 2000  # server side: a connection must deliver its line within this
PROBE_TIMEOUT_MS = 300  # "does anything answer at this name?"
# Simultaneous client connections the server holds. When full, the oldest is dropped to
# make room, not the newcomer: idle connections (a stuck client, a port scanner) must not
# lock a real launch out, or it opens a second window on the same library (#10).
MAX_CONNECTIONS = 32
PENDING_CONNECTIONS = 128  # the listen backlog (Qt's default is 30)
SEND_TIMEOUT_MS = 2000  # a launch tries this long, a few times, before opening a window
RETRY_DELAY_S = 0.1
BUSY_REPLY = "error: busy"  # the server dropped the connection to make room: try again
REFRESH_INTERVAL_MS = 30 * 60 * 1000  # touch the socket file so /tmp cleaners spare it

_IS_WINDOWS = sys.platform == "win32"


# --------------------------------------------------------------------------- client


def _probe(name: str, timeout_ms: int = PROBE_TIMEOUT_MS) -> bool:
    """Whether a server is listening at ``name`` (connects, then hangs up at once)."""
    if _foreign_socket(name):
        return False
    sock = QLocalSocket()
    sock.connectToServer(name)
    alive = sock.waitForConnected(timeout_ms)
    sock.abort()
    return alive


def _allow_foreground() -> None:
    """Windows: let the running instance take the foreground (we, just launched, may)."""
    if not _IS_WINDOWS:
        return
    try:
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
    except Exception:  # best effort
        pass


def send_to_running(
    data_dir: os.PathLike[str] | str, req: Request, timeout_ms: int = SEND_TIMEOUT_MS
) -> bool:
    """Hand ``req`` to the window running for ``data_dir``; True once it acknowledged.

    False, fast, when nothing listens (no socket, or a stale one left by a crash).
    A server that took the connection but hung up without an answer (it was full, or
    busy) is tried again, a few times, until ``timeout_ms``: a launch opens a second
    window only when no running one could be reached in that time.
    Raises ValueError (from :func:`encode_request`) for a request too big to send.
    Needs no QCoreApplication: it uses blocking socket calls.
    """
    data = encode_request(req)
    name = socket_name(data_dir)
    if _foreign_socket(name):
        return False
    _allow_foreground()
    deadline = time.monotonic() + timeout_ms / 1000
    attempt = 0
    while True:
        attempt += 1
        outcome = _send_once(name, data, deadline)
        if outcome is not None:
            return outcome
        if time.monotonic() + RETRY_DELAY_S >= deadline:
            log.warning("IPC: the instance at %s took no request in %d ms (%d tries)",
                        name, timeout_ms, attempt)
            return False
        log.info("IPC: the instance at %s hung up without an answer; trying again", name)
        time.sleep(RETRY_DELAY_S)


def _send_once(name: str, data: bytes, deadline: float) -> bool | None:
    """One connection: True (acknowledged), False (nobody there, or a refusal: final),
    None (connected, but no answer came: worth another try)."""

    def left() -> int:
        return max(1, int((deadline - time.monotonic()) * 1000))

    sock = QLocalSocket()
    try:
        sock.connectToServer(name)
        if not sock.waitForConnected(left()):
            log.debug("IPC: no running instance at %s (%s)", name, sock.errorString())
            return False
        sock.write(data)
        while sock.bytesToWrite() > 0:
            if not sock.waitForBytesWritten(left()):
                log.info("IPC: sending to %s failed: %s", name, sock.errorString())
                return None
        reply = b""
        while b"\n" not in reply and len(reply) < 1024:
            if sock.bytesAvailable() == 0 and not sock.waitForReadyRead(left()):
                reply += bytes(sock.readAll().data())
                break
            reply += bytes(sock.readAll().data())
        line = reply.split(b"\n", 1)[0].decode("utf-8", "replace")
        if line == "ok":
            return True
        if line.startswith(BUSY_REPLY):
            return None
        if line:
            log.warning("IPC: running instance refused the request: %s", line)
            return False
        return None
    finally:
        sock.abort()


# --------------------------------------------------------------------------- server


class _Peer:
    """One client connection: collects its line within the size cap and the timeout.

    A plain Python object, not a QObject: Qt owns only the socket (a child of the
    QLocalServer) and its timer (a child of the socket), and one ``sock.deleteLater()`` frees
    both. A QObject peer that owned the socket was freed by deleteLater() while its Python
    side still held the socket, and the socket was deleted twice: a segfault in about 1 of 6
    runs of the idle-clients test."""

    def __init__(self, server: InstanceServer, sock: QLocalSocket, timeout_ms: int) -> None:
        self._server = server
        self.sock = sock
        self.buf = bytearray()
        self.done = False
        self.forgotten = False
        sock.setReadBufferSize(MAX_MESSAGE_BYTES + 1)
        self.timer = QTimer(sock)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timeout)
        self.timer.start(timeout_ms)

    def start(self) -> None:
        sock = self.sock
        sock.readyRead.connect(self._on_ready_read)
        sock.disconnected.connect(self._on_disconnected)
        if sock.bytesAvailable():
            self._on_ready_read()
        if sock.state() == QLocalSocket.LocalSocketState.UnconnectedState:
            self._on_disconnected()

    def _on_ready_read(self) -> None:
        if self.done:
            self.sock.readAll()  # trailing bytes after the line: ignore
            return
        want = MAX_MESSAGE_BYTES + 1 - len(self.buf)
        self.buf += bytes(self.sock.read(want).data())
        newline = self.buf.find(b"\n")
        if newline >= 0:
            self.done = True
            self._server._handle_line(self, bytes(self.buf[: newline + 1]))
        elif len(self.buf) > MAX_MESSAGE_BYTES:
            self.done = True
            self._server._drops.warn("IPC: dropping a client that sent more than %d bytes",
                                     MAX_MESSAGE_BYTES)
            self.reply(f"error: message too large (> {MAX_MESSAGE_BYTES} bytes)")

    def _on_timeout(self) -> None:
        if self.done:
            self.sock.abort()  # client never read our reply and hung up
            return
        self.done = True
        self._server._drops.warn(
            "IPC: dropping a client that sent no complete request in %d ms (%d bytes)",
            self.timer.interval(),
            len(self.buf),
        )
        self.reply("error: timed out waiting for the request")

    def reply(self, line: str) -> None:
        self.sock.write((line.replace("\n", " ")[:500] + "\n").encode("utf-8", "replace"))
        self.sock.flush()
        self.sock.disconnectFromServer()  # closes once the reply is written
        self.timer.start(READ_TIMEOUT_MS)  # then abort if the close hangs

    def _on_disconnected(self) -> None:
        if not self.done:
            if self.buf:
                self._server._drops.warn("IPC: client hung up after an incomplete request (%d bytes)",
                                         len(self.buf))
            else:
                log.debug("IPC: empty connection (a liveness probe)")
        self.done = True
        self.timer.stop()
        self._server._forget(self)


def _arm(timer: QTimer):
    """(Re)start ``timer`` for a burst's quiet time (a closure on the timer alone: one on the
    server would make a reference cycle that Python frees at a random moment later)."""
    from photorec.gui.ipc_droplog import BURST_QUIET_S

    return lambda: timer.start(int(BURST_QUIET_S * 1000) + 100)


class InstanceServer(QObject):
    """Listens at :func:`socket_name` for requests from later launches.

    Everything runs on the thread that owns it (the GUI thread) through signals; it
    never blocks there except for a sub-second liveness probe inside :meth:`listen`.
    """

    request_received = Signal(object)  # a Request, paths absolute

    def __init__(
        self,
        data_dir: os.PathLike[str] | str,
        parent: QObject | None = None,
        *,
        read_timeout_ms: int = READ_TIMEOUT_MS,
    ) -> None:
        super().__init__(parent)
        self._name = socket_name(data_dir)
        self._read_timeout_ms = read_timeout_ms
        self._peers: dict[_Peer, None] = {}  # oldest first
        self._server = QLocalServer(self)
        self._server.setMaxPendingConnections(PENDING_CONNECTIONS)
        # Private to this user.  Note QTBUG-48635: on Unix this option makes listen()
        # bind elsewhere and rename() over the final path, so it never reports
        # AddressInUse and would silently steal a live instance's socket; hence the
        # liveness probe before listening.
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        self._refresh = QTimer(self)
        self._refresh.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._refresh.setInterval(REFRESH_INTERVAL_MS)
        self._refresh.timeout.connect(self._refresh_socket_file)
        self._drops_timer = QTimer(self)  # sums up a burst of dropped clients once it is over
        self._drops_timer.setSingleShot(True)
        self._drops = DropLog(on_hold=_arm(self._drops_timer))  # one warning per burst, then a sum
        self._drops_timer.timeout.connect(self._drops.flush)

    @property
    def name(self) -> str:
        return self._name

    def full_server_name(self) -> str:
        return self._server.fullServerName()

    def is_listening(self) -> bool:
        return self._server.isListening()

    def listen(self) -> bool:
        """Start serving.  False when another live instance already serves this library
        (or the socket cannot be created; logged).  Removes a stale socket left by a
        crashed instance."""
        if self._server.isListening():
            return True
        lock = self._lock()
        try:
            ok = self._listen_locked()
        finally:
            if lock is not None:
                lock.unlock()
        if ok:
            log.info("IPC: listening at %s", self._server.fullServerName())
            if _socket_path(self._name) is not None:
                self._refresh.start()
        return ok

    def _lock(self) -> QLockFile | None:
        # Two instances starting together must not both probe "nobody", then listen.
        path = _socket_path(self._name) or os.path.join(QDir.tempPath(), self._name)
        lock = QLockFile(path + ".lock")
        if lock.tryLock(2000):
            return lock
        log.warning("IPC: could not take %s.lock (%s); going on", path, lock.error())
        return None

    def _listen_locked(self) -> bool:
        if _foreign_socket(self._name):
            return False
        if _probe(self._name):
            log.info("IPC: another instance is already serving %s", self._name)
            return False
        # Nothing answers: any socket file left there is stale.
        if self._remove_stale() and self._server.listen(self._name):
            return True
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            if _probe(self._name):
                log.info("IPC: another instance is already serving %s", self._name)
                return False
            if self._remove_stale() and self._server.listen(self._name):
                return True
        log.warning("IPC: cannot listen at %s: %s", self._name, self._server.errorString())
        return False

    def _remove_stale(self) -> bool:
        path = _socket_path(self._name)
        existed = path is not None and os.path.lexists(path)
        if not QLocalServer.removeServer(self._name):
            log.warning("IPC: cannot remove the stale socket %s", path or self._name)
            return False
        if existed:
            log.info("IPC: removed a stale socket left by a crashed instance: %s", path)
        return True

    def close(self) -> None:
        """Stop serving and remove the socket (only if it was ours)."""
        self._refresh.stop()
        self._drops_timer.stop()
        self._drops.flush(force=True)
        for peer in list(self._peers):
            peer.sock.abort()
        self._peers.clear()
        if self._server.isListening():
            self._server.close()  # on Unix this also unlinks the socket file
            QLocalServer.removeServer(self._name)

    # -- connections

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            if sock is None:
                break
            if len(self._peers) >= MAX_CONNECTIONS:
                self._drop_oldest()
            peer = _Peer(self, sock, self._read_timeout_ms)
            self._peers[peer] = None
            peer.start()

    def _drop_oldest(self) -> None:
        """Make room: the oldest connection still waiting for its request goes (told it is
        busy: a real client tries again)."""
        waiting = [p for p in self._peers if not p.done]
        victim = waiting[0] if waiting else next(iter(self._peers))
        self._drops.warn("IPC: %d clients connected at once; dropping the oldest (%d bytes received)",
                         len(self._peers), len(victim.buf))
        if not victim.done:
            victim.done = True
            victim.reply(BUSY_REPLY)
        victim.sock.abort()  # usually says "disconnected" at once, which forgets it
        self._forget(victim)

    def _forget(self, peer: _Peer) -> None:
        """Let a finished connection go, once: its socket (and the timer, its child) is
        deleted later, when Qt is done delivering its signals."""
        if peer.forgotten:
            return
        peer.forgotten = True
        self._peers.pop(peer, None)
        peer.timer.stop()
        peer.sock.deleteLater()

    def _handle_line(self, peer: _Peer, line: bytes) -> None:
        try:
            req = decode_request(line)
        except ValueError as e:
            self._drops.warn("IPC: refused a request: %s", e)
            peer.reply(f"error: {e}")
            return
        peer.reply("ok")  # acknowledge first: the slot may take a while
        log.info("IPC: request: %d similar, %d paths", len(req.similar), len(req.paths))
        self.request_received.emit(req)

    def _refresh_socket_file(self) -> None:
        path = _socket_path(self._name)
        if path is None or not self._server.isListening():
            return
        try:
            os.utime(path)  # keep the atime fresh for tmp cleaners / XDG_RUNTIME_DIR
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                return
        except OSError:
            pass
        log.warning("IPC: socket file %s vanished; listening again", path)
        self._server.close()
        self.listen()


# --------------------------------------------------------------------------- macOS


class FileOpenEventFilter(QObject):
    """Turns ``QFileOpenEvent`` (macOS Finder "Open With", dock drops) into Requests.

    Install on the QApplication right after creating it.  Until :meth:`start_delivering`
    the files are queued (take them with :meth:`drain`); afterwards each burst of events
    (Finder sends one per file) is emitted as one Request on the next event-loop turn.
    """

    request_received = Signal(object)  # a Request(paths=[...])

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6 import QtGui  # noqa: F401  (so events arrive as QFileOpenEvent)

        self._pending: list[str] = []
        self._delivering = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  #  (Qt name)
        if event.type() != QEvent.Type.FileOpen:
            return False
        path = event.file() or event.url().toLocalFile()  # a QFileOpenEvent
        if path:
            self._pending.append(os.path.abspath(path))
            if self._delivering:
                self._flush_timer.start()
        else:
            log.debug("FileOpen event without a local file: %s", event.url().toString())
        return True

    def drain(self) -> Request | None:
        """The files that arrived so far, as one Request (None if none); clears the queue."""
        if not self._pending:
            return None
        paths = list(dict.fromkeys(self._pending))
        self._pending.clear()
        return Request(similar=[], paths=paths, cwd="")

    def start_delivering(self) -> None:
        """From now on emit ``request_received``; anything still queued goes out first."""
        self._delivering = True
        if self._pending:
            self._flush_timer.start()

    def _flush(self) -> None:
        req = self.drain()
        if req is not None:
            self.request_received.emit(req)
