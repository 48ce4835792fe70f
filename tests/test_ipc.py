"""Single-instance hand-over: message format, server robustness, real second process."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import logging
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # the package is not installed in the dev venv
    sys.path.insert(0, str(REPO))

from PySide6.QtCore import QCoreApplication, QUrl  # noqa: E402
from PySide6.QtGui import QFileOpenEvent  # noqa: E402
from PySide6.QtNetwork import QLocalSocket  # noqa: E402

from photorec.gui import ipc  # noqa: E402
from photorec.gui.ipc import (  # noqa: E402
    FileOpenEventFilter,
    InstanceServer,
    Request,
    decode_request,
    encode_request,
    request_from_argv,
    send_to_running,
    socket_name,
)

unix_only = pytest.mark.skipif(sys.platform == "win32", reason="Unix socket files")


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
    return env


SENDER = textwrap.dedent(
    """
    import sys, time
    t0 = time.perf_counter()
    from photorec.gui.ipc import request_from_argv, send_to_running
    req = request_from_argv(similar=sys.argv[2:3], paths=sys.argv[3:])
    t1 = time.perf_counter()
    ok = send_to_running(sys.argv[1], req)
    t2 = time.perf_counter()
    print(f"import={t1 - t0:.3f} send={t2 - t1:.3f}", flush=True)
    sys.exit(0 if ok else 3)
    """
)


def _spawn_sender(data_dir: Path, cwd: Path, *args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", SENDER, str(data_dir), *args],
        cwd=cwd,
        env={**_child_env(), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run_sender(qtbot, data_dir: Path, cwd: Path, *args: str, env: dict | None = None):
    """Spawn a sender and keep this process's event loop running until it exits."""
    start = time.perf_counter()
    proc = _spawn_sender(data_dir, cwd, *args, env=env)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=10000)
    elapsed = time.perf_counter() - start
    out, err = proc.communicate()
    return proc.returncode, elapsed, out, err


def _exchange(qtbot, name: str, data: bytes, timeout_ms: int = 5000) -> bytes:
    """Raw client on the test's own event loop (no blocking calls: the server shares it)."""
    sock = QLocalSocket()
    got = bytearray()
    closed = []
    sock.readyRead.connect(lambda: got.extend(bytes(sock.readAll().data())))
    sock.disconnected.connect(lambda: closed.append(True))
    sock.connectToServer(name)
    qtbot.waitUntil(lambda: sock.state() == QLocalSocket.LocalSocketState.ConnectedState, timeout=2000)
    if data:
        sock.write(data)
    qtbot.waitUntil(lambda: b"\n" in got or bool(closed), timeout=timeout_ms)
    sock.abort()
    return bytes(got)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "library"
    d.mkdir()
    return d


@pytest.fixture
def server(qtbot, data_dir: Path):
    srv = InstanceServer(data_dir, read_timeout_ms=400)
    assert srv.listen()
    yield srv
    srv.close()


# --------------------------------------------------------------------------- message


def test_round_trip(tmp_path: Path) -> None:
    req = Request(
        similar=[str(tmp_path / "a b.jpg")],
        paths=[str(tmp_path / "Ünïcödé 照片.heic"), str(tmp_path / "x\ny.png")],
        cwd=str(tmp_path),
        activation_token="tok-123",
    )
    data = encode_request(req)
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    msg = json.loads(data)
    assert msg["v"] == 1 and msg["kind"] == "open"
    assert decode_request(data) == req
    assert "activation_token" not in json.loads(encode_request(Request(cwd="/")))  # optional key


@unix_only
def test_round_trip_undecodable_file_name(tmp_path: Path) -> None:
    weird = os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9.jpg")  # latin-1 name
    data = encode_request(Request(paths=[weird], cwd=str(tmp_path)))
    data.decode("utf-8")  # still valid UTF-8
    back = decode_request(data).paths[0]
    assert os.fsencode(back) == os.fsencode(weird)


def test_receiver_resolves_relative_paths_against_message_cwd(tmp_path: Path) -> None:
    msg = {"v": 1, "kind": "open", "similar": ["a.jpg"], "paths": ["../b/c.jpg"], "cwd": str(tmp_path / "w")}
    req = decode_request(json.dumps(msg).encode())
    assert req.similar == [str(tmp_path / "w" / "a.jpg")]
    assert req.paths == [str(tmp_path / "b" / "c.jpg")]


def test_request_from_argv_makes_paths_absolute(tmp_path: Path) -> None:
    req = request_from_argv(["x.jpg"], ["sub/y.jpg", str(tmp_path / "z.jpg")], cwd=str(tmp_path))
    assert req.similar == [str(tmp_path / "x.jpg")]
    assert req.paths == [str(tmp_path / "sub" / "y.jpg"), str(tmp_path / "z.jpg")]
    assert req.cwd == str(tmp_path)
    uri = QUrl.fromLocalFile(str(tmp_path / "with space.jpg")).toString(QUrl.ComponentFormattingOption.FullyEncoded)
    assert request_from_argv([uri], []).similar == [str(tmp_path / "with space.jpg")]


def test_request_from_argv_defaults_to_current_dir(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert request_from_argv(["a.jpg"], []).similar == [str(tmp_path.resolve() / "a.jpg")]


def _msg(**over) -> bytes:
    msg = {"v": 1, "kind": "open", "similar": [], "paths": ["/a.jpg"], "cwd": "/"}
    msg.update(over)
    return (json.dumps(msg) + "\n").encode()


@pytest.mark.parametrize(
    "data, reason",
    [
        (_msg(v=2), "unsupported protocol version 2"),
        (_msg(v="1"), "unsupported protocol version '1'"),
        (_msg(v=True), "unsupported protocol version True"),
        (b'{"kind": "open", "similar": [], "paths": [], "cwd": "/"}\n', "unsupported protocol version None"),
        (b"hello there\n", "not JSON"),
        (b"\xff\xfe{}\n", "not UTF-8"),
        (b"[1, 2]\n", "not a JSON object"),
        (_msg(kind="delete"), "unknown kind 'delete'"),
        (_msg(similar="/a.jpg"), "'similar' must be a list of strings"),
        (_msg(paths=["/a.jpg", 3]), "'paths' must be a list of strings"),
        (_msg(paths=None), "'paths' must be a list of strings"),
        (_msg(cwd=5), "'cwd' must be a string"),
        (_msg(activation_token=["x"]), "'activation_token' must be a string"),
        (_msg(paths=["rel.jpg"], cwd=""), "relative path 'rel.jpg' but no absolute working directory"),
        (_msg(paths=["/a\u0000b"]), "NUL"),
        (_msg(paths=[f"/p{i}.jpg" for i in range(1001)]), "too many paths"),
        (_msg(paths=["/" + "x" * 70000]), "message too large"),
    ],
)
def test_decode_refuses_with_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ValueError) as err:
        decode_request(data)
    assert reason in str(err.value)


def test_encode_refuses_what_the_server_would_refuse() -> None:
    with pytest.raises(ValueError, match="too many paths"):
        encode_request(Request(paths=[f"/p{i}" for i in range(1001)], cwd="/"))
    with pytest.raises(ValueError, match="message too large"):
        encode_request(Request(paths=["/" + "x" * 200] * 400, cwd="/"))


def test_socket_name_short_stable_and_per_library(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b" / ("deep" * 40)
    assert socket_name(a) == socket_name(a) == socket_name(tmp_path / "b" / ".." / "a")
    assert socket_name(a) != socket_name(b)
    for d in (a, b):
        name = socket_name(d)
        assert "photorec-" in name and str(d) not in name
        if sys.platform != "win32":
            full = name if os.path.isabs(name) else os.path.join(ipc.QDir.tempPath(), name)
            assert len(full.encode()) < 100  # macOS sun_path is 104 bytes


# --------------------------------------------------------------------------- hand-over


def test_second_process_hands_over_to_running_server(qtbot, server, data_dir, tmp_path) -> None:
    cwd = tmp_path / "where the user was"
    cwd.mkdir()
    with qtbot.waitSignal(server.request_received, timeout=10000) as blocker:
        rc, elapsed, out, err = _run_sender(
            qtbot, data_dir, cwd, "query.jpg", "sub/x.png", str(tmp_path / "abs.jpg"),
            env={"XDG_ACTIVATION_TOKEN": "launcher-token"},
        )
    assert rc == 0, err
    assert elapsed < 2.0, f"hand-over took {elapsed:.2f}s ({out.strip()})"
    print(f"\nhand-over: process start to exit {elapsed:.3f}s; in child: {out.strip()}")
    req = blocker.args[0]
    assert req.similar == [str(cwd / "query.jpg")]
    assert req.paths == [str(cwd / "sub" / "x.png"), str(tmp_path / "abs.jpg")]
    assert req.cwd == str(cwd)
    assert req.activation_token == "launcher-token"


def test_bad_clients_are_refused_and_the_server_keeps_serving(qtbot, server, data_dir, tmp_path, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="photorec.gui.ipc")
    received: list[Request] = []
    server.request_received.connect(received.append)
    name = server.name

    assert _exchange(qtbot, name, b"this is not json\n").startswith(b"error: not JSON")
    assert _exchange(qtbot, name, _msg(v=99)).startswith(b"error: unsupported protocol version 99")
    assert _exchange(qtbot, name, b"x" * (70 * 1024)).startswith(b"error: message too large")
    t = time.perf_counter()
    assert _exchange(qtbot, name, b"").startswith(b"error: timed out")  # silent client
    assert time.perf_counter() - t < 2.0
    assert received == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("refused a request: not JSON" in w for w in warnings)
    assert any("more than 65536 bytes" in w for w in warnings)
    assert any("no complete request" in w for w in warnings)

    # A client that hangs up halfway is harmless too.
    sock = QLocalSocket()
    sock.connectToServer(name)
    sock.write(b'{"v": 1, "kind"')
    sock.flush()
    qtbot.wait(50)
    sock.abort()

    assert _exchange(qtbot, name, _msg(paths=["/good.jpg"])) == b"ok\n"
    qtbot.waitUntil(lambda: len(received) == 1)
    assert received[0].paths == [os.path.normpath("/good.jpg")]

    rc, _, _, err = _run_sender(qtbot, data_dir, tmp_path, "q.jpg")
    assert rc == 0, err
    qtbot.waitUntil(lambda: len(received) == 2)


def test_send_returns_false_fast_when_nobody_listens(data_dir, tmp_path) -> None:
    t = time.perf_counter()
    assert send_to_running(data_dir, request_from_argv(["a.jpg"], [], cwd=str(tmp_path))) is False
    assert time.perf_counter() - t < 0.5


@unix_only
def test_send_returns_false_fast_on_stale_socket_file(data_dir, tmp_path) -> None:
    path = ipc._socket_path(socket_name(data_dir))
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)  # bound, never listening, closed without unlinking: a crash leftover
    s.close()
    try:
        t = time.perf_counter()
        assert send_to_running(data_dir, request_from_argv(["a.jpg"], [], cwd=str(tmp_path))) is False
        assert time.perf_counter() - t < 0.5
    finally:
        os.unlink(path)


@unix_only
def test_stale_socket_file_is_replaced(qtbot, data_dir, tmp_path, caplog) -> None:
    caplog.set_level(logging.INFO, logger="photorec.gui.ipc")
    path = ipc._socket_path(socket_name(data_dir))
    s = socket.socket(socket.AF_UNIX)
    s.bind(path)
    s.close()
    assert os.path.exists(path)
    srv = InstanceServer(data_dir)
    try:
        assert srv.listen()
        assert any("removed a stale socket" in r.getMessage() for r in caplog.records)
        with qtbot.waitSignal(srv.request_received, timeout=10000):
            rc, _, _, err = _run_sender(qtbot, data_dir, tmp_path, "q.jpg")
        assert rc == 0, err
    finally:
        srv.close()


LISTENER = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication
    from photorec.gui.ipc import InstanceServer
    app = QCoreApplication([])
    srv = InstanceServer(sys.argv[1])
    print("listening" if srv.listen() else "failed", flush=True)
    app.exec()
    """
)


@unix_only
def test_socket_of_killed_instance_is_cleaned_up(qtbot, data_dir, tmp_path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", LISTENER, str(data_dir)], env=_child_env(), stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "listening"
        # While it lives, we must not steal its socket (QTBUG-48635).
        assert InstanceServer(data_dir).listen() is False
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(5)
        proc.stdout.close()
    assert os.path.exists(ipc._socket_path(socket_name(data_dir)))  # left behind

    srv = InstanceServer(data_dir)
    try:
        assert srv.listen()
        with qtbot.waitSignal(srv.request_received, timeout=10000):
            rc, _, _, err = _run_sender(qtbot, data_dir, tmp_path, "q.jpg")
        assert rc == 0, err
    finally:
        srv.close()


def test_busy_instance_times_out_and_survives(qtbot, server, data_dir, tmp_path) -> None:
    # Our event loop is blocked by the send itself: like a window busy in its GUI thread.
    received: list[Request] = []
    server.request_received.connect(received.append)
    t = time.perf_counter()
    assert send_to_running(data_dir, request_from_argv(["a.jpg"], [], cwd=str(tmp_path)), timeout_ms=300) is False
    assert 0.25 < time.perf_counter() - t < 1.0
    # Once it is responsive again it still serves (it may also pick up the late request).
    with qtbot.waitSignal(server.request_received, timeout=10000):
        rc, _, _, err = _run_sender(qtbot, data_dir, tmp_path, "q.jpg")
    assert rc == 0, err


@unix_only
def test_idle_connections_do_not_lock_a_launch_out(qtbot, data_dir, tmp_path) -> None:
    """#10.10: 16 or more idle connections made a new launch open a second window. With 20
    (more than the server holds at once) the launch still hands over, and the server drops
    the idle ones."""
    srv = InstanceServer(data_dir)  # the real read timeout (2 s)
    assert srv.listen()
    idle = []
    try:
        for _ in range(max(20, ipc.MAX_CONNECTIONS + 4)):
            s = socket.socket(socket.AF_UNIX)
            s.connect(ipc._socket_path(srv.name))
            idle.append(s)
        qtbot.waitUntil(lambda: len(srv._peers) >= min(len(idle), ipc.MAX_CONNECTIONS), timeout=5000)
        with qtbot.waitSignal(srv.request_received, timeout=10000) as got:
            rc, _, out, err = _run_sender(qtbot, data_dir, tmp_path, "q.jpg")
        assert rc == 0, err
        assert got.args[0].similar == [str(tmp_path / "q.jpg")]
        qtbot.waitUntil(lambda: not srv._peers, timeout=10000)  # idle peers timed out
    finally:
        for s in idle:
            s.close()
        srv.close()


HANGS_UP_ONCE = textwrap.dedent(
    """
    import socket, sys
    lsock = socket.socket(socket.AF_UNIX)
    lsock.bind(sys.argv[1])
    lsock.listen(8)
    print("ready", flush=True)
    conn, _ = lsock.accept()
    conn.close()  # the first client: hung up at once, no answer
    print("dropped", flush=True)
    conn, _ = lsock.accept()
    data = b""
    while not data.endswith(b"\\n"):
        data += conn.recv(4096)
    conn.sendall(b"ok\\n")
    conn.close()
    print(data.decode().strip(), flush=True)
    """
)


@unix_only
def test_launch_tries_again_when_the_server_hangs_up(data_dir, tmp_path) -> None:
    """A server that takes the connection and hangs up without an answer (full, or busy)
    gets another try before the launch gives up and opens its own window."""
    path = ipc._socket_path(socket_name(data_dir))
    proc = subprocess.Popen([sys.executable, "-c", HANGS_UP_ONCE, path], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert send_to_running(data_dir, request_from_argv(["a.jpg"], [], cwd=str(tmp_path))) is True
        out, _ = proc.communicate(timeout=10)
        lines = out.splitlines()
        assert lines[0] == "dropped"
        assert json.loads(lines[1])["similar"] == [str(tmp_path / "a.jpg")]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        if os.path.lexists(path):
            os.unlink(path)


def test_second_server_does_not_steal_a_live_one(qtbot, server, data_dir, tmp_path) -> None:
    other = InstanceServer(data_dir)
    assert other.listen() is False
    other.close()  # must not remove the live server's socket
    with qtbot.waitSignal(server.request_received, timeout=10000):
        rc, _, _, err = _run_sender(qtbot, data_dir, tmp_path, "q.jpg")
    assert rc == 0, err


@unix_only
def test_close_removes_the_socket_file(qtbot, data_dir) -> None:
    srv = InstanceServer(data_dir)
    assert srv.listen()
    path = ipc._socket_path(srv.name)
    assert os.path.exists(path)
    assert os.stat(path).st_mode & 0o077 == 0  # UserAccessOption: owner only
    srv.close()
    assert not os.path.exists(path)
    assert send_to_running(data_dir, Request(cwd="/")) is False


STARTER = textwrap.dedent(
    """
    import sys
    from photorec.gui.ipc import InstanceServer, request_from_argv, send_to_running
    data_dir, me, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    req = request_from_argv([me], [])
    if send_to_running(data_dir, req):
        print("handed", flush=True); sys.exit(0)
    from PySide6.QtCore import QCoreApplication, QTimer
    app = QCoreApplication([])
    srv = InstanceServer(data_dir)
    if not srv.listen():  # lost the start-up race: hand over after all
        print("handed" if send_to_running(data_dir, req) else "standalone", flush=True)
        sys.exit(0)
    got = [req]
    def on_request(r):
        got.append(r)
        if len(got) == n:
            app.quit()
    srv.request_received.connect(on_request)
    QTimer.singleShot(8000, app.quit)
    app.exec()
    srv.close()
    print("server", ",".join(sorted(r.similar[0].rsplit("/", 1)[-1] for r in got)), flush=True)
    """
)


@unix_only
def test_simultaneous_launches_end_with_one_window(data_dir, tmp_path) -> None:
    """The start-up sequence recommended for the CLI, run by 4 processes at once."""
    n = 4
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, str(data_dir), f"p{i}.jpg", str(n)],
            cwd=tmp_path, env=_child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for i in range(n)
    ]
    outs = [p.communicate(timeout=30) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    lines = sorted(o.strip() for o, _ in outs)
    assert lines == ["handed"] * (n - 1) + ["server " + ",".join(f"p{i}.jpg" for i in range(n))]


# --------------------------------------------------------------------------- macOS


def test_file_open_events_become_requests(qtbot, qapp, tmp_path) -> None:
    flt = FileOpenEventFilter()
    qapp.installEventFilter(flt)
    try:
        a, b, c = (str(tmp_path / n) for n in ("a.jpg", "b.jpg", "c.jpg"))
        # Before the window exists: queued.
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(a))
        QCoreApplication.sendEvent(qapp, QFileOpenEvent(QUrl.fromLocalFile(b)))
        assert flt.drain() == Request(similar=[], paths=[a, b], cwd="")
        assert flt.drain() is None

        QCoreApplication.sendEvent(qapp, QFileOpenEvent(a))
        with qtbot.waitSignal(flt.request_received, timeout=2000) as blocker:
            flt.start_delivering()  # queued one goes out first
        assert blocker.args[0].paths == [a]

        with qtbot.waitSignal(flt.request_received, timeout=2000) as blocker:
            QCoreApplication.postEvent(qapp, QFileOpenEvent(b))
            QCoreApplication.postEvent(qapp, QFileOpenEvent(c))
        assert blocker.args[0].paths == [b, c]  # one burst, one request
    finally:
        qapp.removeEventFilter(flt)
