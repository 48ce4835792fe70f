"""Output a terminal can trust (issue 20): names and metadata text carrying ESC sequences, BEL,
CR, BS, newlines, bidi overrides or bytes that are not UTF-8 reach the terminal escaped, in
every command; JSON keeps valid text exact and gives non-UTF-8 names losslessly."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_photos

from photorec.core.store.display import display_path, display_text, json_safe

TITLE = "bad\x1b]0;pwned\x07.jpg"  # sets the terminal's title
CLEAR = "clear\x1b[2J.jpg"  # clears the screen
FORGE = "forge\n  99.9%  Same photo      secret.jpg"  # a whole forged result line
RTL = "rtl\u202egpj.exe.jpg"  # shows as "rtlexe.jpg" reversed
BYTES = os.fsdecode(b"IMG_\xe9t\xe9.jpg")  # not UTF-8
BROKEN = "broken\x08\x08\x08\rok.jpg"  # unreadable, with BS and CR in its name
HOSTILE = (TITLE, CLEAR, FORGE, RTL, BYTES)
FOLDER = "lib\x1b]0;dir\x07 photos"

# what must never reach a terminal raw: C0 but newline, DEL, C1, bidi and invisible controls
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029"
                 "\u202a-\u202e\u2066-\u2069\ufeff]")


# -- the one function --------------------------------------------------------------------------


def test_display_text_escapes_controls_bidi_and_bytes():
    assert display_text(TITLE) == "bad\\x1b]0;pwned\\x07.jpg"
    assert display_text(CLEAR) == "clear\\x1b[2J.jpg"
    assert display_text(FORGE) == "forge\\n  99.9%  Same photo      secret.jpg"
    assert display_text(RTL) == "rtl\\u202egpj.exe.jpg"
    assert display_text(BYTES) == "IMG_\\xe9t\\xe9.jpg"
    assert display_text("a\rb\x08c\td\x7f\x9b[31m") == "a\\rb\\x08c\\td\\x7f\\u009b[31m"
    assert display_text("\u2066x\u2069\u200f") == "\\u2066x\\u2069\\u200f"
    assert display_text("a\nb\tc", keep_lines=True) == "a\nb\tc"
    # ordinary text, accents, emoji and Windows paths stay as they are
    for ok in ("Férias 2019/praia.jpg", "C:\\Users\\ana\\foto.jpg", "família 👨‍👩‍👧.jpg", "日本.png"):
        assert display_text(ok) == ok
    for s in HOSTILE:  # idempotent: escaping twice changes nothing
        assert display_text(display_text(s)) == display_text(s)
        assert not RAW.search(display_text(s)) and "\n" not in display_text(s)
    assert display_path(os.fsencode(BYTES)) == "IMG_\\xe9t\\xe9.jpg"


def test_json_safe_is_lossless_and_leaves_valid_text_exact():
    d = json_safe({"path": BYTES, "paths": ["/a/ok.jpg", BYTES], "title": TITLE, "n": 3,
                   "results": [{"path": BYTES}]})
    text = json.dumps(d, ensure_ascii=False)
    text.encode("utf-8")  # valid UTF-8 now
    back = json.loads(text)
    assert back["path"] == "IMG_\\xe9t\\xe9.jpg"
    assert base64.b64decode(back["path_bytes"]) == b"IMG_\xe9t\xe9.jpg"
    assert back["paths_bytes"][0] is None
    assert base64.b64decode(back["paths_bytes"][1]) == b"IMG_\xe9t\xe9.jpg"
    assert base64.b64decode(back["results"][0]["path_bytes"]) == b"IMG_\xe9t\xe9.jpg"
    assert back["title"] == TITLE and "title_bytes" not in back  # valid text: exact, as it is
    assert json_safe({"path": "/a/ok.jpg"}) == {"path": "/a/ok.jpg"}


# -- every command, with hostile names ---------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A library whose folder and files are named to attack a terminal, plus a photo whose
    IPTC/EXIF/XMP text does the same (written with exiftool when it is installed)."""
    root = tmp_path_factory.mktemp("hostile")
    folder = root / FOLDER
    src = copy_photos(root / "src", n=8, step=9)
    folder.mkdir()
    for s, name in zip(src, HOSTILE):
        shutil.copy2(s, os.path.join(folder, name))
    shutil.copy2(src[5], folder / "plain.jpg")
    shutil.copy2(src[0], folder / "copy of bad.jpg")  # duplicates of hostile names
    shutil.copy2(src[4], folder / "copy of IMG.jpg")
    (folder / BROKEN).write_bytes(b"not a photo at all")
    with open(os.path.join(os.fsencode(folder), b"broken_\xff.jpg"), "wb") as f:
        f.write(b"not a photo either")
    meta = None
    if shutil.which("exiftool"):
        meta = folder / "meta.jpg"
        shutil.copy2(src[6], meta)
        subprocess.run(["exiftool", "-q", "-overwrite_original", "-charset", "iptc=UTF8",
                        "-IPTC:Caption-Abstract=cap\x1b]0;pwned\x07text",
                        "-IPTC:Keywords=kw\x1b[2Jone", "-XMP:Title=title\u202eevil",
                        str(meta)], check=True, timeout=60)
    data = root / "data"
    code, out, err = run_cli("--data-dir", str(data), "index", str(folder))
    assert code == 0, err
    return {"root": root, "folder": folder, "data": data, "meta": meta, "index_out": out + err}


def run_cli(*argv: str) -> tuple[int, str, str]:
    """``photorec ARGV`` in this process, its stdout and stderr strict UTF-8 streams as a
    terminal's are under a UTF-8 locale (a lone surrogate raises, as it does there)."""
    from photorec.cli import main

    out_b, err_b = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_b, encoding="utf-8", errors="strict", write_through=True)
    err = io.TextIOWrapper(err_b, encoding="utf-8", errors="strict", write_through=True)
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(argv))
    finally:
        sys.stdout, sys.stderr = old
    return code, out_b.getvalue().decode("utf-8"), err_b.getvalue().decode("utf-8")


def _check_terminal(text: str, what: str) -> None:
    raw = RAW.search(text)
    assert raw is None, f"{what}: raw {raw.group(0)!r} reached the terminal:\n{text!r}"
    assert "\udce9" not in text
    for line in text.splitlines():
        assert not line.lstrip().startswith("99.9%  Same photo"), f"{what}: forged line {line!r}"


def _commands(h) -> list[list[str]]:
    f = h["folder"]
    q = [os.path.join(f, n) for n in (TITLE, BYTES, FORGE, RTL)]
    cmds = [["status"], ["problems"], ["duplicates"], ["duplicates", "--mode", "similar"],
            ["themes", "--members"], ["search", "pwned"], ["search", "secret"], ["search", "IMG"],
            ["search", "gpj"], ["similar", *q], ["similar", "--all", *q], ["more-like", *q[:2]],
            ["metadata", *q], ["tags", "list"], ["tags", "list", *q], ["tags", "photos", "x\x1b[2Jt"],
            ["similar", os.path.join(f, "missing\x1b]0;gone\x07.jpg")],
            ["metadata", os.path.join(f, "missing\u202e.jpg")]]
    if h["meta"] is not None:
        cmds += [["metadata", str(h["meta"])], ["search", "kw"], ["search", "cap"]]
    return cmds


def test_every_command_escapes_hostile_names_and_text(hostile):
    data = str(hostile["data"])
    f = hostile["folder"]
    _check_terminal(hostile["index_out"], "index")
    assert "broken\\x08\\x08\\x08\\rok.jpg" in hostile["index_out"]
    code, out, err = run_cli("--data-dir", data, "tags", "add", os.path.join(f, TITLE),
                             os.path.join(f, BYTES), "--tag", "x\x1b[2Jt")
    assert code == 0, err
    _check_terminal(out + err, "tags add")
    seen = ""
    for cmd in _commands(hostile):
        code, out, err = run_cli("--data-dir", data, *cmd)
        _check_terminal(out + err, " ".join(cmd))
        assert "Traceback" not in err and "surrogates" not in err, (cmd, err)
        seen += out + err
    # the names are there, escaped (not dropped)
    for text in ("bad\\x1b]0;pwned\\x07.jpg", "clear\\x1b[2J.jpg", "IMG_\\xe9t\\xe9.jpg",
                 "forge\\n  99.9%  Same photo      secret.jpg", "rtl\\u202egpj.exe.jpg",
                 "lib\\x1b]0;dir\\x07 photos", "x\\x1b[2Jt", "broken_\\xff.jpg",
                 "missing\\x1b]0;gone\\x07.jpg", "missing\\u202e.jpg"):
        assert text in seen, text
    if hostile["meta"] is not None:
        assert "cap\\x1b]0;pwned\\x07text" in seen and "kw\\x1b[2Jone" in seen
        assert "title\\u202eevil" in seen


def test_json_stays_exact_and_carries_non_utf8_names_losslessly(hostile):
    data = str(hostile["data"])
    f = hostile["folder"]
    want = {os.fsencode(os.path.join(f, n)) for n in HOSTILE}
    got: set[bytes] = set()

    def paths_of(obj) -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k.endswith("_bytes"):
                    continue
                b = obj.get(k + "_bytes")
                if isinstance(v, str) and v.startswith("/"):
                    got.add(base64.b64decode(b) if b else v.encode("utf-8"))
                elif isinstance(v, list) and v and all(isinstance(x, str) for x in v):
                    for i, x in enumerate(v):
                        if x.startswith("/"):
                            got.add(base64.b64decode(b[i]) if b and b[i] else x.encode("utf-8"))
                else:
                    paths_of(v)
        elif isinstance(obj, list):
            for v in obj:
                paths_of(v)

    q = [os.path.join(f, n) for n in HOSTILE]
    for cmd in (["similar", "--json", "--all", *q], ["duplicates", "--json"],
                ["themes", "--json", "--members"], ["search", "--json", "IMG"],
                ["search", "--json", "pwned"], ["metadata", "--json", *q], ["problems", "--json"],
                ["more-like", "--json", *q[:2]], ["status", "--json"],
                ["tags", "list", "--json", *q]):
        code, out, err = run_cli("--data-dir", data, *cmd)
        assert code == 0, (cmd, err)
        assert "Traceback" not in err
        body = out if cmd[0] != "status" else out
        docs = [json.loads(body)] if cmd[0] == "status" else [json.loads(x) for x in out.splitlines()]
        for d in docs:
            paths_of(d)
    assert want <= got, want - got
    # a valid but hostile name is given exactly as it is (JSON escapes controls itself)
    code, out, _ = run_cli("--data-dir", data, "metadata", "--json", os.path.join(f, TITLE))
    assert json.loads(out)["path"] == os.path.join(f, TITLE) and "\x1b" not in out


@pytest.mark.slow
def test_non_utf8_names_under_a_utf8_locale_in_a_real_process(hostile):
    """`LANG=C.UTF-8`: stdout is strict UTF-8; no command dies with "surrogates not allowed"."""
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONPATH": str(REPO)}
    env.pop("PYTHONIOENCODING", None)
    env.pop("PYTHONUTF8", None)
    bad = os.path.join(os.fsencode(hostile["folder"]), b"IMG_\xe9t\xe9.jpg")
    data = str(hostile["data"])
    for cmd in ([b"search", b"IMG"], [b"search", b"--json", b"IMG"], [b"duplicates", b"--json"],
                [b"themes", b"--members"], [b"similar", bad], [b"metadata", bad]):
        r = subprocess.run([sys.executable, "-m", "photorec", "--data-dir", data.encode(), *cmd],
                           capture_output=True, env=env, timeout=300)
        assert r.returncode == 0, (cmd, r.stderr)
        shown = b"IMG_\\\\xe9t\\\\xe9.jpg" if b"--json" in cmd else b"IMG_\\xe9t\\xe9.jpg"
        assert shown in r.stdout and b"\xe9" not in r.stdout, (cmd, r.stdout)


# -- nothing prints a name past display_text ---------------------------------------------------

_CLI = [*sorted((REPO / "photorec").glob("cli*.py")), REPO / "photorec" / "integration" / "cli.py"]
# an f-string field naming a path, a name, a tag or metadata text, printed as it is
_RAW_FIELD = re.compile(r"\{(?!display_text\(|display_path\()[^{}]*\b(path|name|tag|text|folder|"
                        r"target|exc|why|error|reason|label|t)\b(?!\.(done|total|score|size|id))[^{}]*\}")


def test_no_print_of_a_name_bypasses_display_text():
    bad = []
    for f in _CLI:
        for no, line in enumerate(Path(f).read_text(encoding="utf-8").splitlines(), 1):
            if "# escaped by the caller" in line or "# _detail escapes" in line \
                    or "# escaped above" in line or "# a comparison, not output" in line:
                continue
            code = line.split("#", 1)[0]
            if ('f"' not in code and "f'" not in code) or "fail(f" in code:  # fail() escapes
                continue
            for m in re.finditer(r"f([\"'])(.*?)\1", code):
                if _RAW_FIELD.search(m.group(2)):
                    bad.append(f"{Path(f).name}:{no}: {line.strip()}")
    assert not bad, "names printed without display_text:\n" + "\n".join(bad)
