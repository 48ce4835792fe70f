"""Can the window start here? Checked before Qt is loaded, so that a missing system library
or a missing display is said in words instead of Qt's abort.

On Linux, Qt's X11 platform plugin (``libqxcb.so`` and ``libQt6XcbQpa.so.6`` in PySide6)
links against xcb-util libraries that a plain Debian/Ubuntu desktop does not always have.
When one is missing Qt aborts with "xcb-cursor0 is needed", whichever it was. The libraries
below are the plugin's and QtGui's ``NEEDED`` entries (``objdump -p``) that PySide6 does not
ship itself; each is loaded by soname with ctypes, which finds exactly what the dynamic
linker would. No Qt import here.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Mapping, Sequence

log = logging.getLogger(__name__)

Lib = tuple[str, str, str]  # soname, Debian/Ubuntu package, Fedora package

# What QtGui itself needs (every platform plugin, offscreen included).
GUI_LIBS: tuple[Lib, ...] = (
    ("libEGL.so.1", "libegl1", "libglvnd-egl"),
    ("libGL.so.1", "libgl1", "libglvnd-glx"),
    ("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    ("libfreetype.so.6", "libfreetype6", "freetype"),
    ("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    ("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
    ("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
)

# What the xcb platform plugin needs on top (libqxcb.so, libQt6XcbQpa.so.6).
XCB_LIBS: tuple[Lib, ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    ("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    ("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    ("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    ("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    ("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    ("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    ("libxcb.so.1", "libxcb1", "libxcb"),
    ("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    ("libX11.so.6", "libx11-6", "libX11"),
)

ENV_SKIP = "PHOTOREC_SKIP_PLATFORM_CHECK"


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
        return True
    except OSError:
        pass
    # A frozen build may carry the library beside the executable.
    base = getattr(sys, "_MEIPASS", None)
    if base and os.path.exists(os.path.join(base, soname)):
        try:
            ctypes.CDLL(os.path.join(base, soname))
            return True
        except OSError:
            return False
    return False


def missing_libraries(libs: Sequence[Lib]) -> list[Lib]:
    return [lib for lib in libs if not _loadable(lib[0])]


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(items))


def install_hint(missing: Sequence[Lib]) -> str:
    deb = " ".join(_unique([m[1] for m in missing]))
    rpm = " ".join(_unique([m[2] for m in missing]))
    return (f"  Debian/Ubuntu: sudo apt install {deb}\n"
            f"  Fedora:        sudo dnf install {rpm}")


def _platform_name(env: Mapping[str, str]) -> str:
    """The Qt platform plugin that will be tried first: "xcb", "wayland", "offscreen"...,
    or "" when there is no display to connect to."""
    qpa = env.get("QT_QPA_PLATFORM", "").strip()
    if qpa:
        return qpa.split(";")[0].split(":")[0].strip().lower()
    if env.get("WAYLAND_DISPLAY"):
        return "wayland"
    if env.get("DISPLAY"):
        return "xcb"
    return ""


NO_DISPLAY = (
    "the window cannot open: there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set; "
    "a remote shell, a service or a container?).\n"
    "Start photorec from a desktop session, or use the command line, which needs no display: "
    "'photorec index FOLDER', 'photorec similar IMAGE' (photorec --help lists the commands); "
    "'photorec --screenshot OUT.png' renders the window offscreen."
)


def startup_problem(env: Mapping[str, str] | None = None, platform: str | None = None, *,
                    gui_libs: Sequence[Lib] = GUI_LIBS,
                    xcb_libs: Sequence[Lib] | None = None) -> str | None:
    """Why the window cannot start here, in words (with what to install), or None."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") or env.get(ENV_SKIP):
        return None
    name = _platform_name(env)
    if name == "xcb" and not env.get("DISPLAY"):
        return NO_DISPLAY.replace("neither DISPLAY nor WAYLAND_DISPLAY is", "DISPLAY is not")
    if not name:
        return NO_DISPLAY
    libs = list(gui_libs)
    if name == "xcb":
        libs += list(XCB_LIBS if xcb_libs is None else xcb_libs)
    missing = missing_libraries(libs)
    if not missing:
        return None
    what = "Qt's X11 (xcb) platform plugin" if name == "xcb" else "Qt"
    log.warning("missing libraries for the window: %s", ", ".join(m[0] for m in missing))
    return (f"the window cannot start: {what} needs system libraries that are missing here: "
            f"{', '.join(m[0] for m in missing)}.\n"
            f"Install them, then start photorec again:\n{install_hint(missing)}\n"
            f"The command line works without them (photorec --help). "
            f"{ENV_SKIP}=1 skips this check.")
