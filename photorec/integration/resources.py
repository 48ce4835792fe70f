"""Access to the files in ``photorec/resources`` that the integration installs (icons).

Read through :mod:`importlib.resources`, so the same code works from a checkout, an
installed wheel and a frozen (PyInstaller) build.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.abc.Traversable is deprecated from 3.12, .resources.abc is 3.11+
    from importlib.abc import Traversable

from .base import IntegrationError


def icons_dir() -> Traversable:
    return resources.files("photorec").joinpath("resources").joinpath("icons")


def icon_resource(name: str) -> Traversable:
    return icons_dir().joinpath(name)


def read_icon(name: str) -> bytes:
    res = icon_resource(name)
    try:
        return res.read_bytes()
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise IntegrationError(
            f"photorec's icon {name!r} is missing from its resources "
            "(run packaging/make_icons.py in a checkout)"
        ) from exc


def icon_file_path(name: str) -> Path | None:
    """The icon as a real file on disk, or None when resources live in an archive."""
    res = icon_resource(name)
    if isinstance(res, Path) and res.is_file():
        return res
    return None
