"""How long the GUI event loop is kept from running: a 5 ms timer notes how late it fires.

A lateness of 40 ms means the GUI thread was busy (or waiting for the GIL) for ~40 ms, so a
click or a repaint would have waited that long. Used by the responsiveness benchmark and test.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer


class StallMeter(QObject):
    def __init__(self, interval_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval = interval_ms / 1000.0
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.lateness: list[float] = []  # seconds, one per tick
        self._last = 0.0

    def start(self) -> None:
        self.lateness.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lateness.append(max(0.0, now - self._last - self.interval))
        self._last = now

    @property
    def max_ms(self) -> float:
        return max(self.lateness, default=0.0) * 1000

    def percentile_ms(self, q: float) -> float:
        if not self.lateness:
            return 0.0
        xs = sorted(self.lateness)
        i = min(len(xs) - 1, max(0, int(round(q / 100.0 * (len(xs) - 1)))))
        return xs[i] * 1000

    def summary(self) -> dict:
        return {
            "ticks": len(self.lateness),
            "max_stall_ms": round(self.max_ms, 1),
            "p99_stall_ms": round(self.percentile_ms(99), 1),
            "p50_stall_ms": round(self.percentile_ms(50), 1),
            "over_50ms": sum(1 for x in self.lateness if x > 0.050),
        }
