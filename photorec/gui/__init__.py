"""photorec desktop user interface (Qt)."""

import os as _os

# Qt's raster engine hands big fills (a scroll bar's groove, a card's rounded rectangle, a
# smooth image scale) to a pool of helper threads and makes the GUI thread wait for them.
# While photorec indexes, both cores are busy with decoders, so those helpers wait for a CPU
# and the GUI thread waits for them: measured at 10-40 ms of a repaint, mostly in
# QLatch::waitInternal under QScrollBar/QProgressBar/PhotoDelegate painting. Drawn on the GUI
# thread alone, the same fills cost well under a millisecond. Qt reads this once, when the
# pool is first wanted, so it is set here, before any widget paints.
# PHOTOREC_QT_GUI_THREADPOOL=1 keeps Qt's default.
if not _os.environ.get("PHOTOREC_QT_GUI_THREADPOOL"):
    _os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
