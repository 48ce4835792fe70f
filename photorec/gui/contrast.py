"""Secondary text that stays readable: WCAG 2 contrast ratios, and a muted colour taken from the
palette's own roles (the text colour moved toward the background only as far as a contrast of
:data:`TARGET` allows; AA asks 4.5:1 for normal text)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

AA = 4.5
TARGET = 4.8  # a little over AA, so that rounding and antialiasing keep it above


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(c: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""
    return 0.2126 * _linear(c.redF()) + 0.7152 * _linear(c.greenF()) + 0.0722 * _linear(c.blueF())


def over(fg: QColor, bg: QColor) -> QColor:
    """``fg`` painted over the opaque ``bg`` (its alpha applied)."""
    a = fg.alphaF()
    return QColor.fromRgbF(fg.redF() * a + bg.redF() * (1 - a), fg.greenF() * a + bg.greenF() * (1 - a),
                           fg.blueF() * a + bg.blueF() * (1 - a))


def ratio(fg: QColor, bg: QColor) -> float:
    """The contrast ratio of ``fg`` (alpha applied) on ``bg``: 1 to 21."""
    a, b = luminance(over(fg, bg)), luminance(bg)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def secondary(pal: QPalette, fg: QPalette.ColorRole = QPalette.ColorRole.WindowText,
              bg: QPalette.ColorRole = QPalette.ColorRole.Window, target: float = TARGET) -> QColor:
    """An opaque colour between ``fg`` and ``bg`` of ``pal``, as far toward ``bg`` as keeps
    ``target`` contrast (at most halfway); ``fg`` itself if even it does not reach it."""
    f, b = QColor(pal.color(fg)), QColor(pal.color(bg))
    f.setAlpha(255)
    b.setAlpha(255)
    best = f
    lo, hi = 0.0, 0.5
    for _ in range(12):
        mid = (lo + hi) / 2
        c = QColor.fromRgbF(f.redF() + (b.redF() - f.redF()) * mid, f.greenF() + (b.greenF() - f.greenF()) * mid,
                            f.blueF() + (b.blueF() - f.blueF()) * mid)
        if ratio(c, b) >= target:
            best, lo = c, mid
        else:
            hi = mid
    return best


def make_secondary(widget: QWidget, bg: QPalette.ColorRole = QPalette.ColorRole.Window) -> None:
    """Give ``widget`` the muted text colour of its palette (all colour groups)."""
    pal = widget.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        pal.setCurrentColorGroup(group)
        c = secondary(pal, QPalette.ColorRole.WindowText, bg)
        pal.setColor(group, QPalette.ColorRole.WindowText, c)
        pal.setColor(group, QPalette.ColorRole.Text, c)
    widget.setPalette(pal)
