"""The one registry of the image formats photorec reads.

Everything that needs to know which files are photos asks here: the folder walk, the decoder's
error messages, the file-manager integration (MIME types, extensions, macOS UTIs) and the
GUI's file dialogs and drops. Adding a format is one line in :data:`FORMATS`.

This module imports nothing heavy (no Pillow at import time), so the desktop integration can
use it without loading the decoders.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from dataclasses import dataclass

from photorec.core.errors import Reason

#: The pip extra that brings pillow-heif (HEIC/HEIF, and AVIF on a Pillow without it).
HEIF_EXTRA = "heif"


@dataclass(frozen=True)
class Format:
    name: str  # what a user calls it
    extensions: tuple[str, ...]  # lower case, with the dot; the first one is the usual one
    mime: str
    uti: str  # macOS Uniform Type Identifier (packaging/macos/Info.plist)
    needs: str | None = None  # None: plain Pillow; "heif": pillow-heif; "avif": see below
    #: How the format keeps a picture, for choosing which copy of a duplicate to keep:
    #: "lossless" > "lossy" (a JPEG, judged further by its quality setting) = "modern"
    #: (HEIC, AVIF, WebP: lossy, but better per byte) > "palette" (GIF, 256 colours).
    storage: str = "lossy"


#: Every format photorec can read, the ones needing an optional extra included.
FORMATS: tuple[Format, ...] = (
    Format("JPEG", (".jpg", ".jpeg", ".jpe", ".jfif"), "image/jpeg", "public.jpeg"),
    Format("PNG", (".png",), "image/png", "public.png", storage="lossless"),
    Format("WebP", (".webp",), "image/webp", "org.webmproject.webp", storage="modern"),
    Format("TIFF", (".tif", ".tiff"), "image/tiff", "public.tiff", storage="lossless"),
    Format("BMP", (".bmp",), "image/bmp", "com.microsoft.bmp", storage="lossless"),
    Format("GIF", (".gif",), "image/gif", "com.compuserve.gif", storage="palette"),
    Format("HEIC", (".heic",), "image/heic", "public.heic", needs="heif", storage="modern"),
    Format("HEIF", (".heif", ".hif"), "image/heif", "public.heif", needs="heif", storage="modern"),
    # AVIF: Pillow >= 11.2 built with libavif reads it; otherwise pillow-heif may.
    Format("AVIF", (".avif",), "image/avif", "public.avif", needs="avif", storage="modern"),
)

_BY_EXT = {ext: f for f in FORMATS for ext in f.extensions}


def format_of(name: str | os.PathLike[str]) -> Format | None:
    """The registry entry for a file name (by its extension), readable here or not."""
    return _BY_EXT.get(os.path.splitext(os.fspath(name))[1].lower())


@functools.cache
def heif_available() -> bool:
    """pillow-heif is installed (photorec.core.ingest.decode registers its opener)."""
    try:
        return importlib.util.find_spec("pillow_heif") is not None
    except (ImportError, ValueError):  # pragma: no cover - a broken install
        return False


@functools.cache
def _pillow_avif() -> bool:
    try:
        from PIL import features

        return bool(features.check("avif"))
    except Exception:  # an old or partial Pillow: no native AVIF
        return False


def available(fmt: Format) -> bool:
    """Whether this installation can decode ``fmt`` now."""
    if fmt.needs is None:
        return True
    if fmt.needs == "heif":
        return heif_available()
    if fmt.needs == "avif":
        return _pillow_avif() or heif_available()
    return False


def readable_formats() -> tuple[Format, ...]:
    return tuple(f for f in FORMATS if available(f))


@functools.cache
def readable_extensions() -> frozenset[str]:
    """Extensions (".jpg") of the formats this installation decodes: what the walk picks up."""
    return frozenset(ext for f in readable_formats() for ext in f.extensions)


def is_image_name(name: str | os.PathLike[str]) -> bool:
    """A file name photorec would index here (its format is readable in this installation)."""
    return os.path.splitext(os.fspath(name))[1].lower() in readable_extensions()


def is_known_image_name(name: str | os.PathLike[str]) -> bool:
    """A file name of any registered format, even one whose extra is missing (drops, pastes:
    the decoder then says which extra to install)."""
    return format_of(name) is not None


def missing_support(name: str | os.PathLike[str]) -> Reason | None:
    """Why this installation cannot read a registered format, in words, or None."""
    fmt = format_of(name)
    if fmt is None or available(fmt):
        return None
    return Reason("needs_extra", format=fmt.name, command=f"pip install 'photorec[{HEIF_EXTRA}]'")


# -- what the desktop integration and the file dialogs offer -------------------------------------
# The integration is written once and outlives extras installed later, so it offers every
# registered format; a photo the installation cannot read yet gets a message naming the extra.

#: MIME types for .desktop files, Nemo actions, KDE service menus.
MIME_TYPES: tuple[str, ...] = tuple(dict.fromkeys(f.mime for f in FORMATS))
#: Extensions without the dot, for file managers that match by name.
FILE_MANAGER_EXTENSIONS: tuple[str, ...] = tuple(e[1:] for f in FORMATS for e in f.extensions)
#: macOS document types.
UTIS: tuple[str, ...] = tuple(dict.fromkeys(f.uti for f in FORMATS))


def dialog_patterns() -> str:
    """Glob patterns for a file dialog's image filter: the formats readable here."""
    return " ".join(f"*{e}" for f in readable_formats() for e in f.extensions)
