"""The progress bar the CLI prints on stderr while indexing and finding faces (``index``,
``people find``)."""

from __future__ import annotations

import sys
import time

from photorec.cli_words import arg
from photorec.i18n import translate


class ProgressBar:
    """done/total, rate and ETA on stderr: redrawn in place on a terminal, a line every few
    seconds otherwise (logs, CI)."""

    def __init__(self, stream=None) -> None:
        self.stream = sys.stderr if stream is None else stream  # the stderr of now
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last = 0.0
        self.width = 0

    def __call__(self, p) -> None:
        now = time.monotonic()
        final = p.phase in ("finishing", "done")
        if not final and now - self.last < (0.2 if self.tty else 5.0):
            return
        self.last = now
        if p.phase == "scanning":
            line = translate("cli", "scanning folders…")
        elif p.phase == "faces":
            line = arg(translate("cli", "looking for faces in the photos indexed before… %1/%2"),
                       p.done, p.total)
        elif p.phase == "small-faces":
            line = arg(translate("cli", "looking closer for small faces… %1/%2"), p.done, p.total)
        elif not p.total:  # no bar at 0/0: there was nothing to read
            line = translate("cli", "nothing new to read")
        else:
            frac = p.done / p.total if p.total else 1.0
            bar = "#" * int(frac * 24) + "." * (24 - int(frac * 24))
            eta = _hms(p.eta) if p.eta is not None else "--:--"
            state = translate("cli", " (paused)") if p.paused else ""
            line = f"[{bar}] {p.done}/{p.total}  " + arg(
                translate("cli", "%1 photos/s  ETA %2"), f"{p.rate:5.1f}", eta) + state
        if self.tty:
            pad = max(0, self.width - len(line))
            self.stream.write("\r" + line + " " * pad)
            self.width = len(line)
            if p.phase == "done":
                self.stream.write("\n")
        elif p.phase != "done":
            self.stream.write(line + "\n")
        self.stream.flush()


def _hms(seconds: float) -> str:
    s = int(max(0, seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
