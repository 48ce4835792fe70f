"""Per-user desktop integration on Linux (freedesktop), all under ``$XDG_DATA_HOME``.

What ``install`` writes (paths relative to ``$XDG_DATA_HOME``, default ``~/.local/share``):

* ``applications/photorec.desktop``: the application entry (menus, "Open With", a
  "Find similar" desktop action);
* ``icons/hicolor/<N>x<N>/apps/photorec.png`` and ``icons/hicolor/scalable/apps/photorec.svg``;
* ``kio/servicemenus/photorec-find-similar.desktop``: Dolphin's context menu (KDE 5.85+,
  executable bit set as KIO requires);
* ``nautilus/scripts/Find similar (photorec)``: a Nautilus script (Scripts submenu);
* ``nemo/actions/photorec-find-similar.nemo_action``: a Nemo context-menu action;
* ``photorec/desktop-integration.json``: the manifest of the above, which ``uninstall`` reads.

A file already in one of these places that photorec did not write is never overwritten or
removed: install stops and says which one is in the way.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .base import (
    APP_ID,
    ICON_SIZES,
    IMAGE_EXTENSIONS,
    IMAGE_MIME_TYPES,
    MANIFEST_NAME,
    MENU_LABEL,
    Change,
    IntegrationError,
    Manifest,
    Status,
    StatusItem,
    atomic_write,
)
from .command import desktop_exec, launcher_command, nemo_exec, shell_command
from .resources import read_icon

log = logging.getLogger(__name__)

#: Every text file we write carries this marker, so a file of ours is recognised even when
#: the manifest is lost, and a file of someone else's is never mistaken for ours.
MARKER = "photorec-integration:"
_MARKER_LINE = f'# {MARKER} written by "photorec integrate install", removed by "photorec integrate uninstall"'

DESKTOP_FILE = f"applications/{APP_ID}.desktop"
SERVICE_MENU = "kio/servicemenus/photorec-find-similar.desktop"
NAUTILUS_SCRIPT = f"nautilus/scripts/{MENU_LABEL}"
NEMO_ACTION = "nemo/actions/photorec-find-similar.nemo_action"

#: Caches that the refresh tools regenerate in folders; not ours, but not worth keeping a
#: folder that we created alive for either.
_GENERATED_CACHES = {"mimeinfo.cache", "icon-theme.cache"}


def _system_env() -> dict[str, str]:
    """The environment for running the desktop's own tools.

    A frozen (PyInstaller) app may point LD_LIBRARY_PATH at its bundled libraries; system
    programs must get the user's original value back, or they load the wrong GLib.
    """
    env = dict(os.environ)
    if getattr(sys, "frozen", False):
        orig = env.pop("LD_LIBRARY_PATH_ORIG", None)
        if orig is not None:
            env["LD_LIBRARY_PATH"] = orig
        else:
            env.pop("LD_LIBRARY_PATH", None)
    return env


def default_data_home() -> Path:
    """``$XDG_DATA_HOME`` when set to an absolute path (per the spec), else ``~/.local/share``."""
    env = os.environ.get("XDG_DATA_HOME", "")
    if env and os.path.isabs(env):
        return Path(env)
    return Path.home() / ".local" / "share"


@dataclass(frozen=True)
class PlannedFile:
    relpath: str
    content: bytes
    executable: bool
    what: str

    @property
    def mode(self) -> int:
        return 0o755 if self.executable else 0o644

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _has_marker(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return MARKER.encode() in head


def _mime_list() -> str:
    return ";".join(IMAGE_MIME_TYPES) + ";"


# --- file contents -----------------------------------------------------------------------


def desktop_entry(command: Sequence[str]) -> str:
    return "\n".join(
        [
            _MARKER_LINE,
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.4",
            "Name=photorec",
            "GenericName=Similar Photo Finder",
            "Comment=Find similar photos in your own photo library, offline",
            f"Exec={desktop_exec(command, '%F')}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "StartupNotify=true",
            # Qt's X11 WM_CLASS and Wayland app id (QGuiApplication.desktopFileName) for
            # the window to be matched with this entry in docks and task bars.
            f"StartupWMClass={APP_ID}",
            f"MimeType={_mime_list()}",
            "Categories=Graphics;Photography;Viewer;",
            "Keywords=photo;picture;image;similar;duplicate;search;",
            "Actions=find-similar;",
            "",
            "[Desktop Action find-similar]",
            "Name=Find similar photos",
            f"Icon={APP_ID}",
            f"Exec={desktop_exec([*command, '--similar'], '%f')}",
            "",
        ]
    )


def service_menu(command: Sequence[str]) -> str:
    # KDE 5.85+: ~/.local/share/kio/servicemenus, Type=Service, executable bit required.
    # ServiceTypes is what KDE before 5.85 read (harmless for newer versions).
    return "\n".join(
        [
            _MARKER_LINE,
            "[Desktop Entry]",
            "Type=Service",
            f"Name={MENU_LABEL}",
            "ServiceTypes=KonqPopupMenu/Plugin",
            f"MimeType={_mime_list()}",
            "Actions=photorecFindSimilar;",
            "X-KDE-Priority=TopLevel",
            "X-KDE-MaxNumberOfUrls=1",
            "",
            "[Desktop Action photorecFindSimilar]",
            f"Name={MENU_LABEL}",
            f"Icon={APP_ID}",
            f"Exec={desktop_exec([*command, '--similar'], '%f')}",
            "",
        ]
    )


def nautilus_script(command: Sequence[str]) -> str:
    # Nautilus sets NAUTILUS_SCRIPT_SELECTED_FILE_PATHS (newline-separated, local files only)
    # and passes the selected names as arguments, relative to the folder it runs us in.
    # "Find similar" is about one photo: the first selected file is used.
    return "\n".join(
        [
            "#!/bin/sh",
            _MARKER_LINE,
            f"# Nautilus: right-click a photo > Scripts > {MENU_LABEL}",
            "nl='",
            "'",
            'file=${NAUTILUS_SCRIPT_SELECTED_FILE_PATHS%%"$nl"*}',
            'if [ -z "$file" ] && [ "$#" -gt 0 ]; then',
            '    file=$1',
            '    case $file in /*) ;; *) file=$PWD/$file ;; esac',
            "fi",
            '[ -n "$file" ] || exit 0',
            f'exec {shell_command([*command, "--similar"])} "$file"',
            "",
        ]
    )


def nemo_action(command: Sequence[str]) -> str:
    return "\n".join(
        [
            _MARKER_LINE,
            "[Nemo Action]",
            f"Name={MENU_LABEL}",
            "Comment=Show photos that look like this one",
            f"Exec={nemo_exec([*command, '--similar'], '%F')}",
            f"Icon-Name={APP_ID}",
            "Selection=s",
            f"Mimetypes={_mime_list()}",
            "Extensions=" + ";".join(IMAGE_EXTENSIONS) + ";",
            "",
        ]
    )


# --- the integration -------------------------------------------------------------------------


class LinuxIntegration:
    platform = "linux"

    def __init__(
        self,
        data_home: str | os.PathLike[str] | None = None,
        command: Sequence[str] | None = None,
        run_refresh_tools: bool = True,
    ) -> None:
        self.data_home = Path(data_home) if data_home is not None else default_data_home()
        self.command = list(command) if command is not None else launcher_command()
        self.run_refresh_tools = run_refresh_tools
        self.manifest = Manifest(self.data_home / APP_ID / MANIFEST_NAME)

    # -- what we would write

    def plan(self) -> list[PlannedFile]:
        files = [
            PlannedFile(DESKTOP_FILE, desktop_entry(self.command).encode(), False, "application entry"),
            PlannedFile(SERVICE_MENU, service_menu(self.command).encode(), True, "Dolphin service menu"),
            PlannedFile(NAUTILUS_SCRIPT, nautilus_script(self.command).encode(), True, "Nautilus script"),
            PlannedFile(NEMO_ACTION, nemo_action(self.command).encode(), False, "Nemo action"),
        ]
        for n in ICON_SIZES:
            files.append(
                PlannedFile(f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png", read_icon(f"photorec-{n}.png"), False,
                            f"{n} px icon")
            )
        files.append(PlannedFile(f"icons/hicolor/scalable/apps/{APP_ID}.svg", read_icon("photorec.svg"), False,
                                 "scalable icon"))
        return files

    def _abs(self, relpath: str) -> Path:
        return self.data_home / relpath

    def _recorded(self) -> dict:
        data = self.manifest.load() or {}
        files = data.get("files") if isinstance(data.get("files"), dict) else {}
        dirs = data.get("dirs") if isinstance(data.get("dirs"), list) else []
        return {"files": files, "dirs": [d for d in dirs if isinstance(d, str)]}

    def _is_ours(self, relpath: str, recorded_files: dict, planned: PlannedFile | None = None) -> bool:
        """Whether the file now at ``relpath`` was written by us (so we may replace or remove it)."""
        path = self._abs(relpath)
        if not path.is_file() or path.is_symlink():
            return False
        current = _sha256_file(path)
        entry = recorded_files.get(relpath)
        if isinstance(entry, dict) and entry.get("sha256") == current:
            return True
        if planned is not None and planned.sha256 == current:
            return True
        # Text files carry the marker; icons are ours only by the checks above.
        return not relpath.endswith((".png", ".svg")) and _has_marker(path)

    # -- install

    def install(self, dry_run: bool = False) -> list[Change]:
        planned = self.plan()
        recorded = self._recorded()
        conflicts = []
        for pf in planned:
            path = self._abs(pf.relpath)
            if path.is_symlink() or path.is_dir():
                conflicts.append(path)
            elif path.exists() and not self._is_ours(pf.relpath, recorded["files"], pf):
                conflicts.append(path)
        if conflicts:
            listing = "\n  ".join(str(p) for p in conflicts)
            raise IntegrationError(
                "these files are in the way and were not written by photorec, so they are left alone; "
                f"move them away and run install again:\n  {listing}"
            )

        changes: list[Change] = []
        created_dirs: list[str] = list(recorded["dirs"])
        # Folders we create, outermost first (never $XDG_DATA_HOME itself).
        needed_dirs = sorted({str(Path(pf.relpath).parent) for pf in planned} | {APP_ID})
        for rel in needed_dirs:
            parts = Path(rel).parts
            for i in range(1, len(parts) + 1):
                sub = str(Path(*parts[:i]))
                if not self._abs(sub).exists() and sub not in created_dirs:
                    created_dirs.append(sub)
                    changes.append(Change("mkdir", str(self._abs(sub))))
                    if not dry_run:
                        self._abs(sub).mkdir(parents=True, exist_ok=True)
        if not dry_run:
            self.data_home.mkdir(parents=True, exist_ok=True)

        files_record: dict[str, dict] = {}
        for pf in planned:
            path = self._abs(pf.relpath)
            files_record[pf.relpath] = {"sha256": pf.sha256, "mode": oct(pf.mode)}
            same = path.is_file() and _sha256_file(path) == pf.sha256
            mode_ok = same and (path.stat().st_mode & 0o777) == pf.mode
            if same and mode_ok:
                changes.append(Change("unchanged", str(path), pf.what))
                continue
            changes.append(Change("write", str(path), f"{pf.what}, mode {oct(pf.mode)[2:]}"))
            if not dry_run:
                atomic_write(path, pf.content, pf.mode)
                log.info("wrote %s", path)

        changes.append(Change("write", str(self.manifest.path), "manifest of the files above"))
        if not dry_run:
            self.manifest.save({"kind": "linux-desktop", "command": self.command, "files": files_record,
                                "dirs": created_dirs})
        changes.extend(self._refresh(dry_run))
        return changes

    # -- uninstall

    def uninstall(self, dry_run: bool = False) -> list[Change]:
        recorded = self._recorded()
        manifest_found = self.manifest.path.is_file()
        # Manifest entries, plus any file in our places that is provably ours (marker or identical
        # bytes): the latter covers a lost manifest.
        try:
            planned = {pf.relpath: pf for pf in self.plan()}
        except IntegrationError:
            planned = {}
        candidates = list(dict.fromkeys([*recorded["files"].keys(), *planned.keys()]))
        changes: list[Change] = []
        for rel in candidates:
            path = self._abs(rel)
            if not path.exists() and not path.is_symlink():
                continue
            if self._is_ours(rel, recorded["files"], planned.get(rel)):
                changes.append(Change("remove", str(path)))
                if not dry_run:
                    path.unlink()
                    log.info("removed %s", path)
            elif rel in recorded["files"]:
                changes.append(Change("keep", str(path), "changed since photorec wrote it"))
        removed_any = any(c.action == "remove" for c in changes)
        if manifest_found:
            changes.append(Change("remove", str(self.manifest.path), "manifest"))
            if not dry_run:
                self.manifest.remove()
        if removed_any:
            changes.extend(self._refresh(dry_run))
        # Folders we created, innermost first, only when nothing (but regenerated caches) is left.
        for rel in sorted(recorded["dirs"], key=lambda d: len(Path(d).parts), reverse=True):
            d = self._abs(rel)
            if not d.is_dir() or d.is_symlink():
                continue
            entries = list(d.iterdir())
            if dry_run:
                # What uninstall would leave there: anything not being removed above.
                removing = {c.target for c in changes if c.action in ("remove", "rmdir")}
                entries = [e for e in entries if str(e) not in removing]
            if all(e.name in _GENERATED_CACHES and e.is_file() for e in entries):
                changes.append(Change("rmdir", str(d)))
                if not dry_run:
                    for e in entries:
                        e.unlink()
                    d.rmdir()
        if not changes:
            changes.append(Change("note", "nothing of photorec's desktop integration was found"))
        return changes

    # -- status

    def status(self) -> Status:
        st = Status(platform=self.platform)
        recorded = self._recorded()
        for pf in self.plan():
            path = self._abs(pf.relpath)
            if not path.exists():
                st.items.append(StatusItem(str(path), False))
                continue
            current = _sha256_file(path)
            if current == pf.sha256:
                detail = ""
                if pf.executable and not os.access(path, os.X_OK):
                    detail = "not executable: run install again"
                st.items.append(StatusItem(str(path), True, detail))
            elif self._is_ours(pf.relpath, recorded["files"]):
                st.items.append(StatusItem(str(path), True, "outdated: run install again"))
            else:
                st.items.append(StatusItem(str(path), False, "a file photorec did not write is in the way"))
        st.notes.append(f"launcher command: {' '.join(self.command)}")
        return st

    # -- desktop databases

    def _refresh(self, dry_run: bool) -> list[Change]:
        if not self.run_refresh_tools:
            return []
        changes = []
        jobs = [
            ("update-desktop-database", ["-q", str(self._abs("applications"))], self._abs("applications")),
            # Without -t this only refreshes a theme folder that has an index.theme (or a cache).
            ("gtk-update-icon-cache", ["-q", str(self._abs("icons/hicolor"))], self._abs("icons/hicolor")),
        ]
        for tool, args, folder in jobs:
            exe = shutil.which(tool)
            if exe is None or (not dry_run and not folder.is_dir()):
                continue
            changes.append(Change("run", " ".join([tool, *args])))
            if dry_run:
                continue
            try:
                subprocess.run([exe, *args], check=False, timeout=60, capture_output=True, env=_system_env())
            except (OSError, subprocess.SubprocessError) as exc:
                log.info("%s failed (ignored): %s", tool, exc)
        return changes


__all__ = ["LinuxIntegration", "default_data_home", "desktop_entry", "service_menu", "nautilus_script", "nemo_action"]
