"""Shared pieces of the per-user desktop integration: results, errors, the manifest."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from photorec.core.ingest.formats import FILE_MANAGER_EXTENSIONS, MIME_TYPES

log = logging.getLogger(__name__)

#: What the file-manager entry is called everywhere.
MENU_LABEL = "Find similar (photorec)"
APP_ID = "photorec"

#: MIME types photorec reads (HEIC/HEIF/AVIF need the optional pillow-heif), and their file
#: name extensions (for file managers that match by name): from the one registry of formats.
IMAGE_MIME_TYPES = MIME_TYPES
IMAGE_EXTENSIONS = FILE_MANAGER_EXTENSIONS

#: Sizes of the hicolor PNG icons shipped in photorec/resources/icons.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

MANIFEST_NAME = "desktop-integration.json"
MANIFEST_FORMAT = 1


class IntegrationError(Exception):
    """Something the user must fix (a file in the way, an unsupported platform...)."""


@dataclass
class Change:
    """One thing install/uninstall did (or, with dry_run, would do)."""

    action: str  # "write", "unchanged", "remove", "keep", "mkdir", "rmdir", "run", "note"
    target: str
    detail: str = ""

    def line(self, dry_run: bool = False) -> str:
        verb = {
            "write": "would write" if dry_run else "wrote",
            "unchanged": "unchanged",
            "remove": "would remove" if dry_run else "removed",
            "keep": "kept",
            "mkdir": "would create" if dry_run else "created",
            "rmdir": "would remove" if dry_run else "removed",
            "run": "would run" if dry_run else "ran",
            "note": "note:",
        }.get(self.action, self.action)
        text = f"{verb} {self.target}"
        return f"{text} ({self.detail})" if self.detail else text


@dataclass
class StatusItem:
    """One installable item and its state."""

    target: str
    present: bool
    detail: str = ""

    def line(self) -> str:
        state = "present" if self.present else "missing"
        text = f"{state:8} {self.target}"
        return f"{text} ({self.detail})" if self.detail else text


@dataclass
class Status:
    platform: str
    items: list[StatusItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def installed(self) -> bool:
        return bool(self.items) and all(i.present for i in self.items)

    @property
    def partly_installed(self) -> bool:
        return any(i.present for i in self.items) and not self.installed


class Manifest:
    """A small JSON record of what ``install`` wrote, so ``uninstall`` removes exactly that."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable integration manifest %s: %s", self.path, exc)
            return None
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            log.warning("ignoring integration manifest %s of unknown format", self.path)
            return None
        return data

    def save(self, data: dict[str, Any]) -> None:
        data = {"format": MANIFEST_FORMAT, **data}
        atomic_write(self.path, (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8"))

    def remove(self) -> bool:
        try:
            self.path.unlink()
            return True
        except FileNotFoundError:
            return False


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
