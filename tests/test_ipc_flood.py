"""Dropped IPC clients log once per burst (issue 20: a flood of 3,557 clients logged 3,557
warnings), with the server of test_ipc.py."""

from __future__ import annotations

import logging

from test_ipc import _exchange, data_dir, server  # noqa: F401 - the fixtures, used by name


def test_a_flood_of_bad_clients_logs_once_per_burst(qtbot, server, caplog) -> None:  # noqa: F811
    """Issue 20: 3,557 dropped clients logged 3,557 warnings. A burst logs its first drop, and
    one line with how many more, when it is over (here: flushed as close() does; the burst's
    quiet time is made long so that the count does not depend on how fast this machine is)."""
    caplog.set_level(logging.DEBUG, logger="photorec.gui.ipc")
    server._drops.quiet_s = 3600.0
    n = 60
    for _ in range(n):
        assert _exchange(qtbot, server.name, b"this is not json\n").startswith(b"error: not JSON")
    refused = [r.getMessage() for r in caplog.records
               if r.levelno >= logging.WARNING and "refused a request" in r.getMessage()]
    assert len(refused) == 1, refused
    assert server._drops.held == n - 1
    server._drops.flush(force=True)  # what close() does (and the burst timer, once it is over)
    sums = [r.getMessage() for r in caplog.records if "more clients dropped in that burst" in r.getMessage()]
    assert sums == [f"IPC: {n - 1} more clients dropped in that burst (refused a request)"], sums


def test_drop_log_bursts_end_after_a_quiet_time() -> None:
    """The next burst of a kind logs again, after the previous one is summed up."""
    from photorec.gui.ipc_droplog import DropLog

    now = [0.0]
    held = []
    d = DropLog(quiet_s=5.0, clock=lambda: now[0], on_hold=lambda: held.append(now[0]))
    with_records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda r: with_records.append(r.getMessage())  # type: ignore[method-assign]
    logging.getLogger("photorec.gui.ipc").addHandler(handler)
    try:
        assert d.warn("IPC: dropping a client that sent no complete request in %d ms (%d bytes)", 2000, 0)
        for i in range(1, 100):
            now[0] = i * 0.01
            assert not d.warn("IPC: dropping a client that sent no complete request in %d ms (%d bytes)",
                              2000, 0)
        assert d.warn("IPC: refused a request: %s", "not JSON")  # another kind: its own burst
        d.flush()  # not over yet: nothing summed
        assert d.held == 99 and len(held) == 99
        now[0] = 60.0
        d.flush()
        assert d.held == 0
        assert d.warn("IPC: dropping a client that sent no complete request in %d ms (%d bytes)", 2000, 3)
    finally:
        logging.getLogger("photorec.gui.ipc").removeHandler(handler)
    assert with_records == [
        "IPC: dropping a client that sent no complete request in 2000 ms (0 bytes)",
        "IPC: refused a request: not JSON",
        "IPC: 99 more clients dropped in that burst (dropping a client that sent no complete request in N ms)",
        "IPC: dropping a client that sent no complete request in 2000 ms (3 bytes)",
    ], with_records
