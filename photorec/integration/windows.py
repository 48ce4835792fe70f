"""Per-user Explorer integration on Windows: a "Find similar (photorec)" verb for all images.

Written under ``HKEY_CURRENT_USER`` (no admin rights)::

    Software\\Classes\\SystemFileAssociations\\image\\shell\\photorec.findsimilar
        MUIVerb          = "Find similar (photorec)"
        Icon             = <photorec.exe>,0   (or the photorec.ico of the installed package)
        MultiSelectModel = "Single"
        command\\(Default) = "<photorec.exe>" --similar "%1"

The writer talks to the registry through a ``winreg``-like object: the real :mod:`winreg`
module on Windows (imported only there), or any object with the same small interface
(``HKEY_CURRENT_USER``, ``KEY_READ``, ``KEY_WRITE``, ``REG_SZ``, ``OpenKey``, ``CreateKeyEx``,
``SetValueEx``, ``QueryValueEx``, ``QueryInfoKey``, ``DeleteKey``), which is how the tests
run this module on Linux. The Inno Setup installer (packaging/windows/photorec.iss) writes the
same keys.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .base import APP_ID, MANIFEST_NAME, MENU_LABEL, Change, IntegrationError, Manifest, Status, StatusItem
from .command import launcher_command, windows_command
from .resources import icon_file_path

log = logging.getLogger(__name__)

PARENT_KEY = r"Software\Classes\SystemFileAssociations\image\shell"
VERB_KEY = PARENT_KEY + r"\photorec.findsimilar"
COMMAND_KEY = VERB_KEY + r"\command"
_ROOT_NAME = "HKEY_CURRENT_USER"


def _load_winreg() -> Any:
    if os.name != "nt":
        raise IntegrationError("the Windows registry is only available on Windows")
    import winreg  # Windows only, on purpose

    return winreg


def default_manifest_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False)) / MANIFEST_NAME


def icon_value(command: Sequence[str], frozen: bool) -> str:
    """The ``Icon`` value: the frozen exe's own icon, else the package's photorec.ico."""
    if frozen:
        return f"{command[0]},0"
    ico = icon_file_path("photorec.ico")
    if ico is not None:
        return str(ico)
    return f"{command[0]},0"


class WindowsIntegration:
    platform = "windows"

    def __init__(
        self,
        registry: Any = None,
        command: Sequence[str] | None = None,
        manifest_path: str | os.PathLike[str] | None = None,
        frozen: bool | None = None,
    ) -> None:
        self._registry = registry
        if frozen is None:
            import sys

            frozen = bool(getattr(sys, "frozen", False))
        self.frozen = frozen
        self.command = list(command) if command is not None else launcher_command(windows=True)
        self.manifest = Manifest(Path(manifest_path) if manifest_path is not None else default_manifest_path())

    @property
    def reg(self) -> Any:
        if self._registry is None:
            self._registry = _load_winreg()
        return self._registry

    def plan(self) -> dict[str, dict[str, str]]:
        """Key path (under HKCU) -> {value name ("" = default): data}, parents first."""
        return {
            VERB_KEY: {
                "MUIVerb": MENU_LABEL,
                "Icon": icon_value(self.command, self.frozen),
                "MultiSelectModel": "Single",
            },
            COMMAND_KEY: {"": windows_command([*self.command, "--similar"], '"%1"')},
        }

    # -- small registry helpers

    def _exists(self, path: str) -> bool:
        try:
            with self.reg.OpenKey(self.reg.HKEY_CURRENT_USER, path, 0, self.reg.KEY_READ):
                return True
        except FileNotFoundError:
            return False

    def _value(self, path: str, name: str) -> str | None:
        try:
            with self.reg.OpenKey(self.reg.HKEY_CURRENT_USER, path, 0, self.reg.KEY_READ) as key:
                value, _type = self.reg.QueryValueEx(key, name)
                return value
        except FileNotFoundError:
            return None

    @staticmethod
    def _label(path: str, name: str | None = None) -> str:
        key = f"{_ROOT_NAME}\\{path}"
        if name is None:
            return key
        return f"{key} : {name or '(Default)'}"

    # -- install / uninstall / status

    def install(self, dry_run: bool = False) -> list[Change]:
        plan = self.plan()
        data = self.manifest.load() or {}
        created = [k for k in data.get("created_parents", []) if isinstance(k, str)]
        changes: list[Change] = []
        # Parent keys that do not exist yet are ours to remove again if they end up empty.
        parts = PARENT_KEY.split("\\")
        for i in range(1, len(parts) + 1):
            sub = "\\".join(parts[:i])
            if not self._exists(sub):
                if sub not in created:
                    created.append(sub)
                changes.append(Change("mkdir", self._label(sub), "registry key"))
        for path, values in plan.items():
            if not self._exists(path):
                changes.append(Change("mkdir", self._label(path), "registry key"))
            if not dry_run:
                key = self.reg.CreateKeyEx(self.reg.HKEY_CURRENT_USER, path, 0, self.reg.KEY_WRITE)
                with key:
                    for name, value in values.items():
                        self.reg.SetValueEx(key, name, 0, self.reg.REG_SZ, value)
            for name, value in values.items():
                changes.append(Change("write", self._label(path, name), value))
        changes.append(Change("write", str(self.manifest.path), "manifest"))
        if not dry_run:
            self.manifest.save({"kind": "windows-registry", "command": self.command, "keys": list(plan),
                                "created_parents": created})
            log.info("registered %s", VERB_KEY)
        return changes

    def uninstall(self, dry_run: bool = False) -> list[Change]:
        data = self.manifest.load() or {}
        created = [k for k in data.get("created_parents", []) if isinstance(k, str)]
        changes: list[Change] = []
        # The verb key's name is ours alone, so it is removed even without a manifest
        # (e.g. after the Inno Setup installer wrote it).
        for path in (COMMAND_KEY, VERB_KEY):
            if not self._exists(path):
                continue
            if not dry_run:
                try:
                    self.reg.DeleteKey(self.reg.HKEY_CURRENT_USER, path)
                except OSError as exc:
                    changes.append(Change("keep", self._label(path), f"could not remove: {exc}"))
                    continue
            changes.append(Change("remove", self._label(path)))
        removed = {c.target for c in changes if c.action == "remove"}
        for path in sorted(created, key=lambda k: k.count("\\"), reverse=True):
            if not self._exists(path):
                continue
            if self._would_be_empty(path, removed):
                if not dry_run:
                    self.reg.DeleteKey(self.reg.HKEY_CURRENT_USER, path)
                changes.append(Change("rmdir", self._label(path), "empty key photorec created"))
                removed.add(self._label(path))
        if self.manifest.path.is_file():
            changes.append(Change("remove", str(self.manifest.path), "manifest"))
            if not dry_run:
                self.manifest.remove()
        if not changes:
            changes.append(Change("note", "nothing of photorec's Explorer integration was found"))
        return changes

    def _would_be_empty(self, path: str, removed: set[str]) -> bool:
        """Whether ``path`` has no values and no subkeys besides those in ``removed`` (labels)."""
        with self.reg.OpenKey(self.reg.HKEY_CURRENT_USER, path, 0, self.reg.KEY_READ) as key:
            subkeys, values, _mtime = self.reg.QueryInfoKey(key)
        prefix = self._label(path) + "\\"
        going = sum(1 for r in removed if r.startswith(prefix) and "\\" not in r[len(prefix):])
        return values == 0 and subkeys <= going

    def status(self) -> Status:
        st = Status(platform=self.platform)
        for path, values in self.plan().items():
            for name, want in values.items():
                have = self._value(path, name)
                if have is None:
                    st.items.append(StatusItem(self._label(path, name), False))
                elif have == want:
                    st.items.append(StatusItem(self._label(path, name), True))
                else:
                    st.items.append(StatusItem(self._label(path, name), True, f"outdated: {have!r}; run install again"))
        st.notes.append(f"launcher command: {' '.join(self.command)}")
        return st
