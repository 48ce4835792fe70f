"""Never a silent death: an uncaught exception (GUI thread or worker) is logged with its
traceback and shown in a dialog with copyable details (qutebrowser's crashsignal idea).
Hard crashes (a segfault in a native library) leave a faulthandler trace in the log folder."""

from __future__ import annotations

import faulthandler
import logging
import os
import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

log = logging.getLogger(__name__)


def crash_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
                 where: str = "") -> str:
    from photorec import __version__

    lines = [
        f"photorec {__version__}",
        f"Python {platform.python_version()} ({sys.executable})",
        f"Qt {qVersion()}, PySide6 {_pyside_version()}",
        f"Platform {platform.platform()}",
    ]
    if where:
        lines.append(f"Thread {where}")
    lines.append("")
    lines.extend(traceback.format_exception(exc_type, exc, tb))
    return "\n".join(x.rstrip("\n") for x in lines)


def _pyside_version() -> str:
    try:
        import PySide6

        return PySide6.__version__
    except Exception:
        return "?"


class CrashDialog(QDialog):
    def __init__(self, details: str, log_file: Path | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("photorec ran into a problem"))
        self.quit_requested = False
        self.details = details
        head = QLabel(self.tr("<b>Something went wrong that photorec did not expect.</b>"), self)
        text = self.tr("Your photos are safe: photorec never changes them. You can keep working, "
                       "or quit and start photorec again. If it happens again, please report it with "
                       "the details below.")
        if log_file is not None:
            text += self.tr("<br><br>The log is in <code>%1</code>.").replace("%1", str(log_file))
        body = QLabel(text, self)
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(details, self)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(self)
        copy = QPushButton(self.tr("Copy details"), self)
        copy.clicked.connect(self.copy)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        keep = buttons.addButton(self.tr("Keep working"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_ = buttons.addButton(self.tr("Quit photorec"),
 QDialogButtonBox.ButtonRole.DestructiveRole)
        keep.clicked.connect(self.reject)
        quit_.clicked.connect(self._quit)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(body)
        lay.addWidget(self.text, 1)
        lay.addWidget(buttons)
        self.resize(640, 420)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details)

    def _quit(self) -> None:
        self.quit_requested = True
        self.accept()


class CrashHandler(QObject):
    """Install once the QApplication exists. ``interactive=False`` (screenshot mode, tests)
    logs, prints and exits with status 70 instead of showing the dialog."""

    _from_thread = Signal(str)

    def __init__(self, log_file: Path | None = None, interactive: bool = True, parent=None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.interactive = interactive
        self._showing = False
        self._prev_hook = sys.excepthook
        self._prev_thread_hook = threading.excepthook
        self._fault_file = None
        self._from_thread.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.reports: list[str] = []

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_hook
        if self.log_file is not None:
            try:
                self.log_file.parent.mkdir(parents=True, exist_ok=True)
                self._fault_file = open(self.log_file.with_name("faults.log"), "a", encoding="utf-8")
                faulthandler.enable(self._fault_file)
            except OSError:
                faulthandler.enable()

    def uninstall(self) -> None:
        sys.excepthook = self._prev_hook
        threading.excepthook = self._prev_thread_hook
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None

    def excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            app = QApplication.instance()
            if app is not None:
                app.exit(130)
            return
        report = crash_report(exc_type, exc, tb, threading.current_thread().name)
        self._report(report)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        where = args.thread.name if args.thread is not None else "?"
        self._report(crash_report(args.exc_type, args.exc_value, args.exc_traceback, where))

    def _report(self, report: str) -> None:
        log.critical("uncaught exception\n%s", report)
        self.reports.append(report)
        if threading.current_thread() is threading.main_thread():
            self._show(report)
        else:
            self._from_thread.emit(report)

    @Slot(str)
    def _show(self, report: str) -> None:
        if not self.interactive:
            sys.stderr.write(f"photorec: internal error\n{report}\n")
            sys.stderr.flush()
            app = QApplication.instance()
            if app is not None:
                app.exit(70)
            else:
                os._exit(70)
            return
        if self._showing:  # one dialog at a time; the rest are in the log
            return
        self._showing = True
        try:
            dlg = CrashDialog(report, self.log_file, QApplication.activeWindow())
            dlg.exec()
            if dlg.quit_requested:
                app = QApplication.instance()
                if app is not None:
                    app.exit(1)
        finally:
            self._showing = False
