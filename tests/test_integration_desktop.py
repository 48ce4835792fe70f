"""photorec integrate: the per-user file-manager integration and the app icon.

Linux is exercised for real under a temporary $XDG_DATA_HOME; the Windows registry logic
runs against a fake ``winreg`` with the same small interface; macOS only reports.
"""

from __future__ import annotations

import argparse
import configparser
import hashlib
import io
import os
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from photorec.integration import IntegrationError
from photorec.integration import cli as integrate_cli
from photorec.integration.base import ICON_SIZES, IMAGE_MIME_TYPES
from photorec.integration.command import (
    desktop_exec,
    launcher_command,
    windows_command,
)
from photorec.integration.linux import (
    DESKTOP_FILE,
    NAUTILUS_SCRIPT,
    NEMO_ACTION,
    SERVICE_MENU,
    LinuxIntegration,
)
from photorec.integration.macos import MacIntegration
from photorec.integration.windows import COMMAND_KEY, VERB_KEY, WindowsIntegration

REPO = Path(__file__).resolve().parents[1]
ICONS = REPO / "photorec" / "resources" / "icons"
OUR_FILES = [DESKTOP_FILE, SERVICE_MENU, NAUTILUS_SCRIPT, NEMO_ACTION,
             *[f"icons/hicolor/{n}x{n}/apps/photorec.png" for n in ICON_SIZES],
             "icons/hicolor/scalable/apps/photorec.svg"]
EXECUTABLE = {SERVICE_MENU, NAUTILUS_SCRIPT}

# A launcher path with every character that needs quoting somewhere.
TRICKY = "/opt/My Apps/pho\"to $rec's\\100%/bin/photorec"


# --- helpers ---------------------------------------------------------------------------------


def run_cli(*argv: str) -> tuple[int, str, str]:
    """Parse ``argv`` the way photorec's main command line does, then run the sub-command."""
    parser = argparse.ArgumentParser(prog="photorec")
    sub = parser.add_subparsers(dest="command")
    integrate_cli.register(sub)
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = args.func(args)
    finally:
        sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder under ``root``: relative path -> (sha256 or 'dir', mode)."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = str(p.relative_to(root))
        if p.is_dir():
            out[rel] = ("dir", stat.S_IMODE(p.stat().st_mode))
        else:
            out[rel] = (hashlib.sha256(p.read_bytes()).hexdigest(), stat.S_IMODE(p.stat().st_mode))
    return out


def read_keyfile(path: Path) -> configparser.ConfigParser:
    cp = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",),
                                   comment_prefixes=("#",), empty_lines_in_values=False)
    cp.optionxform = str  # keys are case-sensitive
    cp.read(path, encoding="utf-8")
    return cp


def keyfile_unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        c = value[i]
        if c == "\\" and i + 1 < len(value):
            out.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(value[i + 1], "\\" + value[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def parse_desktop_exec(raw: str, files: list[str]) -> list[str]:
    """Split an ``Exec=`` value as a desktop-entry launcher does, expanding %f / %F."""
    s = keyfile_unescape(raw)
    args: list[str] = []
    cur: str | None = None
    i = 0
    while i < len(s):
        c = s[i]
        if c == " ":
            if cur is not None:
                args.append(cur)
                cur = None
            i += 1
        elif c == '"':
            cur = cur or ""
            i += 1
            while s[i] != '"':
                # Inside quotes, " ` $ \ must be escaped with a backslash, and only they.
                assert s[i] not in "`$", f"unescaped {s[i]!r} inside quotes in {s!r}"
                if s[i] == "\\":
                    assert s[i + 1] in '"`$\\', f"stray backslash inside quotes in {s!r}"
                    cur += s[i + 1]
                    i += 2
                else:
                    cur += s[i]
                    i += 1
            i += 1
        else:
            assert c not in "\"'\\$`" or cur is not None, f"unquoted reserved character in {s!r}"
            cur = (cur or "") + c
            i += 1
    if cur is not None:
        args.append(cur)
    out: list[str] = []
    for a in args:
        if a == "%F":
            out.extend(files)
        elif a == "%f":
            out.append(files[0])
        else:
            assert "%" not in a.replace("%%", ""), f"stray field code in {a!r}"
            out.append(a.replace("%%", "%"))
    return out


def validator() -> str | None:
    return shutil.which("desktop-file-validate")


# --- the launcher command -------------------------------------------------------------------


def test_launcher_command_frozen_script_and_module(tmp_path, monkeypatch):
    import sysconfig

    exe = tmp_path / "bin" / "python3"
    exe.parent.mkdir()
    exe.write_text("")
    monkeypatch.setattr(sysconfig, "get_path", lambda name, *a, **k: str(tmp_path / "no-scripts"))
    # Frozen: the app's own executable.
    assert launcher_command(frozen=True, executable=exe, windows=False) == [str(exe)]
    # Not frozen, no console script: python -m photorec.
    assert launcher_command(frozen=False, executable=exe, windows=False) == [str(exe), "-m", "photorec"]
    # Not frozen, a photorec console script beside the interpreter: that script.
    script = exe.parent / "photorec"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert launcher_command(frozen=False, executable=exe, windows=False) == [str(script)]


def test_launcher_command_windows_prefers_windowed_exe(tmp_path):
    cli_exe = tmp_path / "photorec-cli.exe"
    cli_exe.write_text("")
    assert launcher_command(frozen=True, executable=cli_exe, windows=True) == [str(cli_exe)]
    (tmp_path / "photorec.exe").write_text("")
    assert launcher_command(frozen=True, executable=cli_exe, windows=True) == [str(tmp_path / "photorec.exe")]


@pytest.mark.parametrize("path", ["/usr/bin/photorec", "/opt/a b/photorec", TRICKY, "/x/100%/p"])
def test_desktop_exec_quoting_round_trips(path):
    value = desktop_exec([path, "--similar"], "%f")
    assert parse_desktop_exec(value, ["/photos/a b.jpg"]) == [path, "--similar", "/photos/a b.jpg"]


def test_windows_command_quoting():
    assert windows_command([r"C:\Program Files\photorec\photorec.exe", "--similar"], '"%1"') == \
        r'"C:\Program Files\photorec\photorec.exe" --similar "%1"'
    assert windows_command([r"C:\Python\python.exe", "-m", "photorec", "--similar"], '"%1"') == \
        r'"C:\Python\python.exe" -m photorec --similar "%1"'
    # Backslashes before a closing quote are doubled (MS C runtime rules); quotes escaped.
    assert windows_command([r"C:\my dir\\"]) == r'"C:\my dir\\\\"'
    assert windows_command(["p", 'a "b"']) == r'"p" "a \"b\""'


# --- Linux -----------------------------------------------------------------------------------


@pytest.fixture
def xdg(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


@pytest.fixture
def foreign(xdg) -> dict[str, bytes]:
    """Files of other apps in the very folders photorec writes to."""
    files = {
        "applications/other-app.desktop": b"[Desktop Entry]\nType=Application\nName=Other\nExec=other\n",
        "nautilus/scripts/Other script": b"#!/bin/sh\necho other\n",
        "icons/hicolor/48x48/apps/other-app.png": b"not really a png",
        "kio/servicemenus/other.desktop": b"[Desktop Entry]\nType=Service\n",
    }
    for rel, data in files.items():
        p = xdg / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return files


def test_install_status_uninstall(xdg, foreign):
    before = snapshot(xdg)

    code, out, err = run_cli("integrate", "install")
    assert code == 0, err
    for rel in OUR_FILES:
        p = xdg / rel
        assert p.is_file(), rel
        assert str(p) in out
        mode = stat.S_IMODE(p.stat().st_mode)
        if rel in EXECUTABLE:
            assert mode & 0o111 == 0o111, f"{rel} must be executable, is {oct(mode)}"
        else:
            assert mode & 0o111 == 0, f"{rel} must not be executable, is {oct(mode)}"
    assert (xdg / "photorec" / "desktop-integration.json").is_file()

    # The icons are photorec's own.
    for n in ICON_SIZES:
        icon = (ICONS / f"photorec-{n}.png").read_bytes()
        assert (xdg / f"icons/hicolor/{n}x{n}/apps/photorec.png").read_bytes() == icon

    # The application entry: required keys, MIME types, the find-similar action.
    cp = read_keyfile(xdg / DESKTOP_FILE)
    entry = cp["Desktop Entry"]
    assert entry["Type"] == "Application"
    for key in ("Name", "GenericName", "Comment", "Exec", "Icon", "MimeType", "Categories", "Actions"):
        assert entry.get(key), key
    assert entry["Icon"] == "photorec"
    assert entry["Exec"].endswith(" %F")
    assert set(entry["MimeType"].rstrip(";").split(";")) == set(IMAGE_MIME_TYPES)
    assert entry["Categories"] == "Graphics;Photography;Viewer;"
    assert "find-similar" in entry["Actions"].split(";")
    action = cp["Desktop Action find-similar"]
    exe = launcher_command()
    assert parse_desktop_exec(action["Exec"], ["/p/x.jpg"]) == [*exe, "--similar", "/p/x.jpg"]
    assert parse_desktop_exec(entry["Exec"], ["/p/x.jpg", "/p/y.jpg"]) == [*exe, "/p/x.jpg", "/p/y.jpg"]

    # Dolphin's service menu.
    cp = read_keyfile(xdg / SERVICE_MENU)
    assert cp["Desktop Entry"]["Type"] == "Service"
    assert set(cp["Desktop Entry"]["MimeType"].rstrip(";").split(";")) == set(IMAGE_MIME_TYPES)
    act = cp["Desktop Action photorecFindSimilar"]
    assert parse_desktop_exec(act["Exec"], ["/p/x.jpg"]) == [*exe, "--similar", "/p/x.jpg"]

    # Nemo's action.
    cp = read_keyfile(xdg / NEMO_ACTION)
    nemo = cp["Nemo Action"]
    assert nemo["Selection"] == "s" and nemo["Name"] and nemo["Icon-Name"] == "photorec"
    assert set(nemo["Mimetypes"].rstrip(";").split(";")) == set(IMAGE_MIME_TYPES)

    # Status: everything present.
    code, out, _ = run_cli("integrate", "status")
    assert code == 0
    assert "state: installed" in out
    assert out.count("present ") == len(OUR_FILES)
    assert "missing" not in out

    # Install again: idempotent, nothing rewritten.
    mid = snapshot(xdg)
    code, out, _ = run_cli("integrate", "install")
    assert code == 0
    assert "wrote " + str(xdg / DESKTOP_FILE) not in out
    after_second = snapshot(xdg)
    assert {k: v for k, v in after_second.items() if not k.endswith((".json", ".cache"))} == \
        {k: v for k, v in mid.items() if not k.endswith((".json", ".cache"))}

    # Uninstall: nothing of ours left; the other apps' files and their folders untouched.
    code, out, err = run_cli("integrate", "uninstall")
    assert code == 0, err
    for rel in OUR_FILES:
        assert not (xdg / rel).exists(), rel
    assert not (xdg / "photorec").exists()
    for rel, data in foreign.items():
        assert (xdg / rel).read_bytes() == data
    left = {k: v for k, v in snapshot(xdg).items() if not k.endswith("mimeinfo.cache")}
    assert left == before, "uninstall must leave exactly what was there before install"

    code, out, _ = run_cli("integrate", "status")
    assert "state: not installed" in out and "present " not in out


def test_install_on_a_fresh_home_and_uninstall_leaves_no_folders(xdg):
    assert run_cli("integrate", "install")[0] == 0
    assert run_cli("integrate", "uninstall")[0] == 0
    # Folders photorec created are gone again (caches regenerated by the desktop tools too).
    assert not xdg.exists() or list(xdg.iterdir()) == []


def test_dry_run_writes_nothing(xdg, foreign):
    before = snapshot(xdg)
    code, out, _ = run_cli("integrate", "install", "--dry-run")
    assert code == 0
    assert snapshot(xdg) == before
    for rel in OUR_FILES:
        assert f"would write {xdg / rel}" in out
    assert str(xdg / "photorec" / "desktop-integration.json") in out

    assert run_cli("integrate", "install")[0] == 0
    installed = snapshot(xdg)
    code, out, _ = run_cli("integrate", "uninstall", "--dry-run")
    assert code == 0
    assert snapshot(xdg) == installed
    for rel in OUR_FILES:
        assert f"would remove {xdg / rel}" in out


def test_validate_desktop_files(tmp_path):
    tool = validator()
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    for command in (launcher_command(), [TRICKY]):
        home = tmp_path / str(len(command))
        LinuxIntegration(home, command=command, run_refresh_tools=False).install()
        res = subprocess.run([tool, str(home / DESKTOP_FILE)], capture_output=True, text=True)
        assert res.returncode == 0 and "error" not in res.stdout, res.stdout + res.stderr
        # A KDE service menu is Type=Service, which the freedesktop validator only half
        # knows: the only complaints allowed are about keys it reserves for Applications.
        res = subprocess.run([tool, str(home / SERVICE_MENU)], capture_output=True, text=True)
        errors = [ln for ln in res.stdout.splitlines() if "error:" in ln]
        assert all('only valid for type "Application"' in ln for ln in errors), res.stdout


def test_tricky_launcher_path_in_every_file(tmp_path):
    home = tmp_path / "home"
    LinuxIntegration(home, command=[TRICKY, "-m", "photorec"], run_refresh_tools=False).install()
    want = [TRICKY, "-m", "photorec", "--similar", "/ph otos/a'b.jpg"]
    for rel, group, key in ((DESKTOP_FILE, "Desktop Action find-similar", "Exec"),
                            (SERVICE_MENU, "Desktop Action photorecFindSimilar", "Exec")):
        raw = read_keyfile(home / rel)[group][key]
        assert parse_desktop_exec(raw, ["/ph otos/a'b.jpg"]) == want
    # Nemo: %F becomes the (shell-escaped) paths, %% a percent sign, then GLib shell parsing.
    raw = keyfile_unescape(read_keyfile(home / NEMO_ACTION)["Nemo Action"]["Exec"])
    line = raw.replace("%F", shlex.quote("/ph otos/a'b.jpg")).replace("%%", "%")
    assert shlex.split(line) == want


def _recorder(tmp_path: Path) -> tuple[Path, Path]:
    log = tmp_path / "args.txt"
    rec = tmp_path / "rec dir" / "fake photorec"
    rec.parent.mkdir(parents=True)
    rec.write_text(f'#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > {shlex.quote(str(log))}\n')
    rec.chmod(0o755)
    return rec, log


def test_nautilus_script_passes_the_selected_file(tmp_path):
    rec, log = _recorder(tmp_path)
    home = tmp_path / "home"
    LinuxIntegration(home, command=[str(rec)], run_refresh_tools=False).install()
    script = home / NAUTILUS_SCRIPT
    env = {**os.environ, "NAUTILUS_SCRIPT_SELECTED_FILE_PATHS": "/ph otos/$a'b.jpg\n/other.jpg\n"}
    subprocess.run([str(script)], env=env, check=True, timeout=30)
    assert log.read_text().splitlines() == ["--similar", "/ph otos/$a'b.jpg"]
    # Without the variable (e.g. an older Nautilus), the first argument, relative to the folder.
    env.pop("NAUTILUS_SCRIPT_SELECTED_FILE_PATHS")
    folder = tmp_path / "pics"
    folder.mkdir()
    subprocess.run([str(script), "x y.jpg"], env=env, cwd=folder, check=True, timeout=30)
    assert log.read_text().splitlines() == ["--similar", str(folder / "x y.jpg")]


def test_a_foreign_file_in_the_way_stops_install(xdg):
    theirs = xdg / DESKTOP_FILE
    theirs.parent.mkdir(parents=True)
    theirs.write_text("[Desktop Entry]\nType=Application\nName=Someone else's photorec\nExec=x\n")
    before = snapshot(xdg)
    code, out, err = run_cli("integrate", "install")
    assert code == 1
    assert str(theirs) in err and "not written by photorec" in err
    assert snapshot(xdg) == before  # nothing half-installed
    code, out, _ = run_cli("integrate", "uninstall")
    assert code == 0 and theirs.is_file()


def test_changed_icon_is_kept_and_lost_manifest_still_uninstalls(tmp_path):
    home = tmp_path / "home"
    integ = LinuxIntegration(home, command=["/usr/bin/photorec"], run_refresh_tools=False)
    integ.install()
    edited = home / "icons/hicolor/64x64/apps/photorec.png"
    edited.write_bytes(b"the user's own icon")
    changes = integ.uninstall()
    assert edited.read_bytes() == b"the user's own icon"
    assert any(c.action == "keep" and c.target == str(edited) for c in changes)

    # The manifest lost: files that are provably ours (marker, identical bytes) still go.
    edited.unlink()
    integ.install()
    (home / "photorec" / "desktop-integration.json").unlink()
    integ.uninstall()
    for rel in OUR_FILES:
        assert not (home / rel).exists(), rel


def test_reinstall_with_another_launcher_updates_our_files(tmp_path):
    home = tmp_path / "home"
    LinuxIntegration(home, command=["/old/photorec"], run_refresh_tools=False).install()
    new = LinuxIntegration(home, command=["/new/photorec"], run_refresh_tools=False)
    assert any("outdated" in i.detail for i in new.status().items)
    new.install()
    assert "/new/photorec" in (home / DESKTOP_FILE).read_text()
    assert new.status().installed


def test_main_command_line_has_integrate(tmp_path):
    """The hook into photorec's own command line (python -m photorec integrate ...)."""
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    res = subprocess.run([sys.executable, "-m", "photorec", "--data-dir", str(tmp_path / "lib"),
                          "integrate", "status"], capture_output=True, text=True, env=env,
                         cwd=REPO, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "state: not installed" in res.stdout


# --- Windows, through a fake registry ----------------------------------------------------------


class FakeKey:
    def __init__(self, reg: FakeWinreg, path: str) -> None:
        self.reg, self.path = reg, path

    def __enter__(self) -> FakeKey:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def Close(self) -> None:  # winreg's spelling
        pass


class FakeWinreg:
    """The part of :mod:`winreg` the writer uses, over a dict {key path: {value name: data}}."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_READ = 0x20019
    KEY_WRITE = 0x20006
    REG_SZ = 1

    def __init__(self, keys: dict[str, dict[str, str]] | None = None) -> None:
        self.keys: dict[str, dict[str, str]] = {}
        for path, values in (keys or {}).items():
            self._create(path)
            self.keys[path.lower()].update(values)

    def _norm(self, root, sub: str) -> str:
        base = root.path if isinstance(root, FakeKey) else ""
        assert root == self.HKEY_CURRENT_USER or isinstance(root, FakeKey), "only HKCU is used"
        return "\\".join(p for p in (base, sub) if p).lower()

    def _create(self, path: str) -> None:
        parts = path.split("\\")
        for i in range(1, len(parts) + 1):
            self.keys.setdefault("\\".join(parts[:i]).lower(), {})

    def snapshot(self) -> dict[str, dict[str, str]]:
        return {k: dict(v) for k, v in self.keys.items()}

    # the winreg functions
    def OpenKey(self, key, sub_key, reserved=0, access=KEY_READ):
        path = self._norm(key, sub_key)
        if path not in self.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return FakeKey(self, path)

    def CreateKeyEx(self, key, sub_key, reserved=0, access=KEY_WRITE):
        path = self._norm(key, sub_key)
        self._create(path)
        return FakeKey(self, path)

    def SetValueEx(self, key, value_name, reserved, type, value):
        assert type == self.REG_SZ and isinstance(value, str)
        self.keys[key.path][value_name] = value

    def QueryValueEx(self, key, value_name):
        try:
            return self.keys[key.path][value_name], self.REG_SZ
        except KeyError:
            raise FileNotFoundError(2, "The system cannot find the file specified") from None

    def QueryInfoKey(self, key):
        children = [k for k in self.keys if k.startswith(key.path + "\\") and "\\" not in k[len(key.path) + 1:]]
        return len(children), len(self.keys[key.path]), 0

    def DeleteKey(self, key, sub_key):
        path = self._norm(key, sub_key)
        if path not in self.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        if any(k.startswith(path + "\\") for k in self.keys):
            raise PermissionError(5, "Access is denied (the key has subkeys)")
        del self.keys[path]


EXE = r"C:\Users\Ann Lee\AppData\Local\Programs\photorec\photorec.exe"


def test_windows_install_status_uninstall(tmp_path):
    existing = {
        r"Software\Classes\SystemFileAssociations\image\shell\someone.else": {"MUIVerb": "Theirs"},
        r"Software\Microsoft\Windows": {"x": "y"},
    }
    reg = FakeWinreg(existing)
    before = reg.snapshot()
    manifest = tmp_path / "appdata" / "desktop-integration.json"
    win = WindowsIntegration(registry=reg, command=[EXE], manifest_path=manifest, frozen=True)

    changes = win.install()
    verb, command = reg.keys[VERB_KEY.lower()], reg.keys[COMMAND_KEY.lower()]
    assert verb == {"MUIVerb": "Find similar (photorec)", "Icon": EXE + ",0", "MultiSelectModel": "Single"}
    assert command == {"": f'"{EXE}" --similar "%1"'}
    assert any(c.target.endswith(r"photorec.findsimilar\command : (Default)") for c in changes)
    assert win.status().installed

    snap = reg.snapshot()
    win.install()  # idempotent
    assert reg.snapshot() == snap

    win.uninstall()
    assert reg.snapshot() == before, "uninstall removes exactly the keys install wrote"
    assert not manifest.exists()
    assert not win.status().installed
    assert all(not i.present for i in win.status().items)


def test_windows_on_an_empty_hive_removes_the_parents_it_created(tmp_path):
    reg = FakeWinreg({r"Software\Microsoft": {}})
    before = reg.snapshot()
    win = WindowsIntegration(registry=reg, command=[EXE], manifest_path=tmp_path / "m.json", frozen=True)
    win.install()
    assert r"software\classes\systemfileassociations\image\shell" in reg.keys
    out = win.uninstall(dry_run=True)
    assert reg.snapshot() != before  # dry run: still there
    assert any(c.action == "rmdir" and c.target.endswith(r"Software\Classes") for c in out)
    win.uninstall()
    assert reg.snapshot() == before


def test_windows_dry_run_writes_nothing(tmp_path):
    reg = FakeWinreg()
    win = WindowsIntegration(registry=reg, command=[EXE], manifest_path=tmp_path / "m.json", frozen=True)
    changes = win.install(dry_run=True)
    assert reg.keys == {} and not (tmp_path / "m.json").exists()
    lines = [c.line(dry_run=True) for c in changes]
    assert any(ln.startswith("would write HKEY_CURRENT_USER\\" + VERB_KEY + " : MUIVerb") for ln in lines)
    assert any(COMMAND_KEY in ln and "(Default)" in ln for ln in lines)


def test_windows_uninstall_without_manifest_removes_only_our_verb(tmp_path):
    reg = FakeWinreg({r"Software\Classes\SystemFileAssociations\image\shell": {}})
    win = WindowsIntegration(registry=reg, command=[EXE], manifest_path=tmp_path / "m.json", frozen=True)
    win.install()
    (tmp_path / "m.json").unlink()  # e.g. the keys came from the Inno Setup installer
    win.uninstall()
    assert VERB_KEY.lower() not in reg.keys and COMMAND_KEY.lower() not in reg.keys
    assert r"software\classes\systemfileassociations\image\shell" in reg.keys


@pytest.mark.skipif(os.name == "nt", reason="checks the behaviour off Windows")
def test_windows_module_imports_no_winreg_on_linux():
    assert "winreg" not in sys.modules or os.name == "nt"
    with pytest.raises(IntegrationError):
        WindowsIntegration(command=[EXE], frozen=True, manifest_path="/nonexistent/m.json").status()


# --- macOS -----------------------------------------------------------------------------------


def test_macos_says_where_open_with_comes_from(tmp_path):
    mac = MacIntegration()
    st = mac.status()
    assert not st.items and "Info.plist" in " ".join(st.notes)
    assert all(c.action == "note" for c in mac.install())


# --- the icon --------------------------------------------------------------------------------


def test_icon_files_are_complete():
    from PIL import Image

    assert (ICONS / "photorec.svg").read_text().lstrip().startswith("<?xml")
    for n in ICON_SIZES:
        with Image.open(ICONS / f"photorec-{n}.png") as im:
            assert im.size == (n, n) and im.mode == "RGBA"
            # Transparent corners (a rounded tile), opaque centre.
            assert im.getpixel((0, 0))[3] == 0 and im.getpixel((n // 2, n // 2))[3] == 255
    with Image.open(ICONS / "photorec.ico") as ico:
        assert {(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(ICONS / "photorec.icns") as icns:
        assert icns.format == "ICNS" and icns.size[0] >= 512


# --- the installers agree with `photorec integrate` ---------------------------------------------


def test_inno_setup_writes_the_same_keys_as_integrate():
    import re

    from photorec.integration.base import MENU_LABEL

    iss = (REPO / "packaging" / "windows" / "photorec.iss").read_text(encoding="utf-8")
    defines = dict(re.findall(r'^#define (\w+) "(.*)"$', iss, re.M))
    assert defines["VerbKey"] == VERB_KEY
    values = {}
    for line in iss.splitlines():
        if not line.startswith("Root: HKCU;"):
            continue
        fields = dict(re.findall(r'(\w+): ("(?:[^"]|"")*"|[^;]+)', line))
        unq = {k: v.strip()[1:-1].replace('""', '"') if v.strip().startswith('"') else v.strip()
               for k, v in fields.items()}
        key = unq["Subkey"].replace("{#VerbKey}", VERB_KEY)
        data = unq["ValueData"].replace("{#MyAppExe}", defines["MyAppExe"]).replace("{app}", r"C:\Apps\photorec")
        values[(key, unq["ValueName"])] = data
    exe = r"C:\Apps\photorec\photorec.exe"
    win = WindowsIntegration(registry=FakeWinreg(), command=[exe], manifest_path="unused.json", frozen=True)
    want = {(k, name): v for k, vals in win.plan().items() for name, v in vals.items()}
    assert values == want
    assert want[(VERB_KEY, "MUIVerb")] == MENU_LABEL


def test_info_plist_declares_the_image_types():
    import plistlib

    with open(REPO / "packaging" / "macos" / "Info.plist", "rb") as f:
        info = plistlib.load(f)
    (doc,) = info["CFBundleDocumentTypes"]
    assert doc["CFBundleTypeRole"] == "Viewer" and doc["LSHandlerRank"] == "Alternate"
    utis = set(doc["LSItemContentTypes"])
    assert {"public.jpeg", "public.png", "public.tiff", "public.heic", "org.webmproject.webp"} <= utis
    assert len(utis) == len(IMAGE_MIME_TYPES)


@pytest.mark.parametrize("script", ["build_linux.sh", "smoke_linux.sh", "build_macos.sh"])
def test_packaging_shell_scripts_parse(script):
    res = subprocess.run(["bash", "-n", str(REPO / "packaging" / script)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
