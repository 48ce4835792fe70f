"""Starting the window: ``photorec`` (no sub-command) ends up in :func:`run_gui`.

Order matters for a quick start: hand the request to a running window if there is one (no
QApplication needed), else check that the window can start here at all (a display, the system
libraries Qt's platform plugin needs: ``platform_check``), create the application and show the
window at once; the library (model, index) opens in a worker after the window is on screen.

``--screenshot OUT.png`` renders the window offscreen at 1280×800 over the existing library,
waits until the thumbnails (and with ``--similar``, the results) are drawn, saves the PNG and
exits 0; after a hard timeout it exits 3 with a message.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from argparse import Namespace

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1280, 800)
SCREENSHOT_TIMEOUT_S = float(os.environ.get("PHOTOREC_SCREENSHOT_TIMEOUT", "60"))
EXIT_TIMEOUT = 3
# The GUI thread shares the interpreter with the decoders: busy threads are asked to hand the
# GIL over sooner than Python's default 5 ms, so input and repaints are not kept waiting.
SWITCH_INTERVAL_S = 0.002


def _ipc():
    try:
        from photorec.gui import ipc
    except ImportError:  # single-instance support missing from this build
        log.debug("no photorec.gui.ipc; every launch opens its own window")
        return None
    return ipc


def _absolute(paths: list[str]) -> list[str]:
    return [os.path.abspath(os.path.expanduser(p)) for p in paths]


def run_gui(args: Namespace) -> int:
    similar: list[str] = list(getattr(args, "similar", None) or [])
    paths: list[str] = list(getattr(args, "paths", None) or [])
    screenshot: str | None = getattr(args, "screenshot", None)
    data_dir = getattr(args, "data_dir", None)
    provider = getattr(args, "provider", None)

    from photorec.core.paths import LibraryPaths

    lib_paths = LibraryPaths.resolve(data_dir)
    ipc = _ipc()
    request = None
    if ipc is not None and not screenshot:
        try:
            request = ipc.request_from_argv(similar, paths)
        except ValueError as exc:
            print(f"photorec: {exc}", file=sys.stderr)
            return 2
        # Every launch, a bare ``photorec`` too: the running window for this library comes
        # to the front (and does what was asked) instead of a second window opening.
        try:
            if ipc.send_to_running(lib_paths.data_dir, request):
                log.info("handed over to the running window (similar=%d, paths=%d)",
                         len(request.similar), len(request.paths))
                return 0
        except ValueError as exc:  # too many paths for one message
            print(f"photorec: {exc}", file=sys.stderr)
            return 2
    if request is not None:
        similar, paths = list(request.similar), list(request.paths)
    else:
        similar, paths = _absolute(similar), _absolute(paths)

    if screenshot:
        missing = [p for p in similar if not os.path.isfile(p)]
        if missing:
            print(f"photorec: no such image: {', '.join(missing)}", file=sys.stderr)
            return 2
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    # Before Qt loads: a missing display or system library is said in words, not by Qt's abort.
    from photorec.gui.platform_check import startup_problem

    problem = startup_problem()
    if problem:
        print(f"photorec: {problem}", file=sys.stderr)
        return 1

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from photorec.gui import icons
    from photorec.gui.crash import CrashHandler
    from photorec.gui.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from photorec import i18n

    i18n.use_language(getattr(args, "lang", None), app)
    app.setApplicationName("photorec")
    app.setApplicationDisplayName("photorec")
    app.setDesktopFileName("photorec")
    app.setWindowIcon(icons.app_icon())
    sys.setswitchinterval(SWITCH_INTERVAL_S)

    file_events = None
    if ipc is not None and sys.platform == "darwin" and not screenshot:
        file_events = ipc.FileOpenEventFilter(app)
        app.installEventFilter(file_events)

    crash = CrashHandler(lib_paths.log_file, interactive=not screenshot)
    crash.install()

    settings = None
    if not screenshot:
        try:
            lib_paths.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        settings = QSettings(str(lib_paths.settings_file), QSettings.Format.IniFormat)
    window = MainWindow(data_dir, provider, settings, auto_rescan=not screenshot)
    if screenshot:
        window.resize(*SCREENSHOT_SIZE)
    else:
        window.resize(1280, 800)
        window.restore_geometry()
    window.show()
    QTimer.singleShot(0, window.start)

    server = None
    if ipc is not None and not screenshot:
        def on_request(req) -> None:
            window.bring_to_front()
            window.handle_request(list(req.similar), list(req.paths))

        server = ipc.InstanceServer(lib_paths.data_dir, app)
        if not server.listen():
            log.info("another photorec window serves this library; not listening")
        server.request_received.connect(on_request)
        if file_events is not None:
            file_events.request_received.connect(on_request)
            file_events.start_delivering()

    if similar or paths:
        window.handle_request(similar, paths)

    shooter = None
    if screenshot:
        shooter = Screenshot(window, screenshot, want_similar=bool(similar))
        shooter.start()

    app.aboutToQuit.connect(window.shutdown)
    try:
        rc = app.exec()
    finally:
        window.shutdown()
        if server is not None:
            server.close()
        crash.uninstall()
    if shooter is not None and shooter.error:
        print(f"photorec: {shooter.error}", file=sys.stderr)
    return int(rc)


class Screenshot:
    """Waits until the window shows its final picture, then saves it and quits."""

    def __init__(self, window, out: str, want_similar: bool, timeout_s: float = SCREENSHOT_TIMEOUT_S) -> None:
        from PySide6.QtCore import QTimer

        self.window = window
        self.out = os.path.abspath(out)
        self.want_similar = want_similar
        self.deadline = time.monotonic() + timeout_s
        self.timeout_s = timeout_s
        self.error: str | None = None
        self.stable = 0
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._poll)
        window.service.open_failed.connect(self._failed)

    def start(self) -> None:
        self.timer.start()

    def _failed(self, text: str) -> None:
        self._finish(1, f"cannot open the library: {text}")

    def _ready(self) -> bool:
        w = self.window
        if not w.is_ready:
            return False
        page = w.stack.currentWidget()
        if self.want_similar:
            if page is not w.similar_page or not w.similar_page.ready():
                return False
        elif page is w.library_page:
            if not w.library_page.ready():
                return False
        elif page is w.opening_page:
            return False
        return w.loader.idle()

    def _poll(self) -> None:
        if time.monotonic() > self.deadline:
            self._finish(EXIT_TIMEOUT, f"screenshot: the window was not ready within {self.timeout_s:.0f} s")
            return
        # Ready twice in a row (100 ms apart): late repaints and layouts have landed.
        self.stable = self.stable + 1 if self._ready() else 0
        if self.stable >= 2:
            self._save()

    def _save(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.timer.stop()
        for view in (self.window.library_page.view, self.window.similar_page.view):
            view.paint_budget = float("inf")  # every cell complete in the picture
        QApplication.processEvents()
        pm = self.window.grab()
        try:
            os.makedirs(os.path.dirname(self.out) or ".", exist_ok=True)
        except OSError:
            pass
        if pm.isNull() or not pm.save(self.out, "PNG"):
            self._finish(1, f"cannot write {self.out}")
            return
        log.info("screenshot saved to %s", self.out)
        self._finish(0, None)

    def _finish(self, code: int, error: str | None) -> None:
        from PySide6.QtWidgets import QApplication

        self.timer.stop()
        self.error = error
        self.window.close()
        QApplication.instance().exit(code)
