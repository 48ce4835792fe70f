"""Log handlers that never spam: one that cannot write (disk full, a closed stream) stops.

The standard handlers print "--- Logging error ---" and a traceback to stderr for every record
they fail to write: 1,500 of them when the disk fills during an index run. These disable
themselves at the first failure instead; the run goes on and says what matters in words.
"""

from __future__ import annotations

import logging
import logging.handlers


class _Quiet:
    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # logging's name
        self.failed = True  # quietly: from now on this handler drops records

    def emit(self, record: logging.LogRecord) -> None:
        if self.failed:
            return
        super().emit(record)  # type: ignore[misc]


class QuietRotatingFileHandler(_Quiet, logging.handlers.RotatingFileHandler):
    def shouldRollover(self, record: logging.LogRecord) -> bool:
        try:
            return bool(super().shouldRollover(record))
        except OSError:
            self.failed = True
            return False

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            self.failed = True


class QuietStreamHandler(_Quiet, logging.StreamHandler):
    pass
