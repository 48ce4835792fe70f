"""Errors are values: core's errors and reasons carry a code and their arguments, the CLI and
the window say them by code from one table, every code has words in both languages, and no
code in photorec/ reads an exception's text to decide anything."""

from __future__ import annotations

import ast
import pickle
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from photorec.core import errors
from photorec.core.errors import (
    WORDS,
    CatalogDamaged,
    CatalogError,
    DiskFull,
    LibraryError,
    NoLibrary,
    NotAnImage,
    PhotorecError,
    Reason,
)
from tests.conftest import REPO, shared_photos

PHOTOREC = REPO / "photorec"
TS = PHOTOREC / "resources" / "i18n" / "photorec_cli_pt_BR.ts"
UNTRANSLATED = {"text", "keeper"}  # "%1": words photorec did not write; the keeper's list
SAME_IN_BOTH = {"path_reason"}  # "%1: %2" is the same in Portuguese


# -- the table: every code has words in both languages ----------------------------------------


def _core_translations() -> dict[str, ET.Element]:
    out = {}
    for ctx in ET.parse(TS).getroot().iter("context"):
        if ctx.findtext("name") == "core":
            for m in ctx.iter("message"):
                out[m.findtext("source")] = m.find("translation")
    return out


def test_every_code_has_english_words_and_a_finished_portuguese_translation():
    committed = _core_translations()
    assert len(WORDS) > 80
    for code, (template, names) in WORDS.items():
        assert template.strip(), code
        places = {int(n) for n in re.findall(r"%(\d+)", template)}
        # a variant may leave an argument out ("disk full: 1 photo saved"), never invent one
        assert places <= set(range(1, len(names) + 1)), (code, template)
        if code in UNTRANSLATED:
            continue
        tr = committed.get(template)
        assert tr is not None, f"{code}: {template!r} is not in {TS.name}: run tools/update_translations.py"
        assert tr.get("type") != "unfinished" and (tr.text or "").strip(), f"{code} is not translated"
        assert set(re.findall(r"%\d+", tr.text)) == set(re.findall(r"%\d+", template)), code
        assert tr.text != template or code in SAME_IN_BOTH, f"{code}: the translation is the English"


def _sample(code: str) -> Reason:
    _, names = WORDS[code]
    return Reason(code, **{n: f"<{n}>" for n in names})


def test_every_code_is_said_in_portuguese_through_the_compiled_catalog():
    """The .qm photorec loads (not only the .ts) says every code, with its arguments."""
    codes = [c for c in WORDS if c not in UNTRANSLATED | SAME_IN_BOTH]
    code = ("from photorec import i18n\ni18n.use_language('pt_BR')\n"
            "from photorec.cli_words import words\nfrom tests.test_errors import _sample\n"
            f"for c in {codes!r}:\n    print(c + '\\t' + words(_sample(c)))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stderr
    said = dict(line.split("\t", 1) for line in r.stdout.splitlines())
    assert set(said) == set(codes)
    for c in codes:
        english = str(_sample(c))
        assert said[c] != english, f"{c} is said in English in pt_BR: {said[c]!r}"
        template, names = WORDS[c]
        for i, n in enumerate(names, 1):
            if f"%{i}" in template:
                assert f"<{n}>" in said[c], (c, said[c])


def _core_files() -> list[Path]:
    return sorted((PHOTOREC / "core").rglob("*.py"))


def _error_classes() -> dict[str, type]:
    return {name: cls for name, cls in vars(errors).items()
            if isinstance(cls, type) and issubclass(cls, PhotorecError)}


def test_every_code_core_raises_or_reports_is_in_the_table():
    """Reason("code", ...) and SomeError("code", ...) anywhere in core name a code of the table;
    an error raised without one says its class's code, which must be in the table too."""
    classes = _error_classes()
    aliases = {"DecodeError": NotAnImage, "DiskFullError": DiskFull}
    used, bare = set(), set()
    for f in _core_files():
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node.func, ast.Attribute) else None)
            if name == "Reason" or name in classes or name in aliases:
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    used.add((f.name, first.value))
                elif not node.args and not any(k.arg is None for k in node.keywords):
                    bare.add(name)  # no code given: the class's own
    assert len(used) > 60
    missing = sorted((file, code) for file, code in used if code not in WORDS)
    assert not missing, missing
    for name in bare:
        cls = classes.get(name) or aliases[name]
        assert errors.words_code(cls.code, {"saved": 2}) in WORDS, (name, cls.code)


def test_errors_imports_nothing_of_photorec():
    """core/errors/ (the exceptions and reasons, and the table of their words) imports nothing
    of photorec but itself."""
    for f in (PHOTOREC / "core" / "errors").glob("*.py"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert imported, f
        assert not [m for m in imported if m and m.split(".")[0] == "photorec"
                    and not m.startswith("photorec.core.errors")], f


# -- the values -------------------------------------------------------------------------------


def test_errors_carry_a_code_and_their_arguments():
    full = DiskFull(saved=12)
    assert (full.code, full.saved, full.reason.args) == ("disk_full", 12, {"saved": 12})
    assert isinstance(full, OSError) and isinstance(full, CatalogError)
    assert str(DiskFull(1)) == "disk full: 1 photo saved, run again when there is space"
    none = NoLibrary("/data")
    assert (none.code, none.path) == ("no_library", "/data")
    bad = NotAnImage(Reason("truncated"), path="/p/x.jpg")
    assert (bad.code, bad.path, bad.why.code) == ("not_an_image", "/p/x.jpg", "truncated")
    assert str(bad) == "/p/x.jpg: truncated file (incomplete copy or download?)"
    wrapped = LibraryError("data_folder", path="/d", cause=NoLibrary("/d").reason)
    assert wrapped.has("no_library") and not wrapped.has("disk_full")
    # words where a code belongs (code written before codes, on another branch): shown as they are
    old = LibraryError("the old words of some branch")
    assert old.reason.code == "text" and str(old) == "the old words of some branch"
    for e in (full, none, bad, wrapped, CatalogDamaged(path="/c", detail="malformed")):
        again = pickle.loads(pickle.dumps(e))  # errors cross process and thread queues
        assert type(again) is type(e) and again.reason == e.reason and again.reason.args == e.reason.args


def test_reasons_are_stored_as_codes_and_read_back():
    r = Reason("path_reason", path="/a/ü.jpg", reason=Reason("corrupt", detail="bad huffman"))
    back = Reason.from_stored(r.to_json())
    assert (back.code, back.args["path"], back.args["reason"].code) == ("path_reason", "/a/ü.jpg", "corrupt")
    assert back == r == "/a/ü.jpg: corrupt or unreadable image: bad huffman"
    keeper = Reason("keeper", reasons=[Reason("keep_sharpest"), Reason("keep_oldest")], offline=True)
    assert Reason.from_stored(keeper.to_json()).args["reasons"][1].code == "keep_oldest"
    assert str(keeper) == "Sharpest and the oldest file (likely the original) (in an offline folder)"
    assert r.encode("utf-8") == "/a/ü.jpg: corrupt or unreadable image: bad huffman".encode()


@pytest.mark.parametrize("text,code", [
    ("empty file (0 bytes)", "empty_file"),
    ("image too large: 30000x20000 pixels is over the 400 MP limit", "too_many_pixels"),
    ("cannot read the folder: Input/output error", "cannot_read_folder"),
    ("folder not found (drive unplugged or share not mounted?)", "folder_not_found"),
    ("something photorec 0.2 never wrote", "text"),
    ("{not json at all", "text"),
])
def test_the_words_a_0_2_catalog_stored_are_read_as_codes(text, code):
    r = Reason.from_stored(text)
    assert r.code == code and str(r) == text


def test_problems_of_a_0_2_library_keep_their_words(tmp_path):
    """A catalog with reasons stored as English words (0.2) shows them translated by code."""
    import sqlite3

    from photorec.core.library import Library

    with Library.open(tmp_path / "data") as lib:
        fid = lib.catalog.add_folder(str(tmp_path))
    con = sqlite3.connect(tmp_path / "data" / "catalog.sqlite3")
    con.execute("INSERT INTO files(folder_id, path, size, mtime_ns, status, error, added, updated)"
                " VALUES (?, ?, 1, 1, 'error', ?, 0, 0)",
                (fid, str(tmp_path / "t.jpg"), "truncated file (incomplete copy or download?)"))
    con.commit()
    con.close()
    with Library.open(tmp_path / "data", readonly=True) as lib:
        (p,) = lib.problems()
    assert p.error.code == "truncated" and p.error == "truncated file (incomplete copy or download?)"


# -- nobody reads an exception's text ----------------------------------------------------------

# The one place allowed, and why: Python 3.10's sqlite3 errors have no code; there SQLite's own
# text for a code (sqlite3_errstr, matched whole) is the code. 3.11 and later never get there.
ALLOWED = {("photorec/core/store/db.py", "sqlite_code")}
_EXCEPTION_NAMES = {"exc", "e", "err", "error", "exception"}
_TEXT_ATTRS = {"args", "strerror", "msg", "message", "reason"}
_TEXT_METHODS = {"startswith", "endswith", "find", "rfind", "index", "count", "split", "rsplit",
                 "partition", "rpartition", "get", "match", "search", "fullmatch", "__contains__"}


class _Reader(ast.NodeVisitor):
    """Finds tests on an exception's text: ``"x" in str(exc)``, ``str(exc) == ...``,
    ``re.search(..., str(exc))``, ``text = str(exc)`` then ``"x" in text.lower()``..."""

    def __init__(self) -> None:
        self.caught: set[str] = set()  # names bound by `except ... as name`
        self.tainted: set[str] = set()  # names holding an exception's text
        self.found: list[tuple[int, str]] = []
        self.func = "<module>"

    def visit_FunctionDef(self, node) -> None:
        outer, saved = self.func, (set(self.caught), set(self.tainted))
        self.func = node.name
        for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs:
            hint = ast.unparse(a.annotation) if a.annotation is not None else ""
            if a.arg in _EXCEPTION_NAMES or "Error" in hint or "Exception" in hint:
                self.caught.add(a.arg)  # an exception handed in: ``def error(self, exc)``
        self.generic_visit(node)
        self.func = outer
        self.caught, self.tainted = saved

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ExceptHandler(self, node) -> None:
        if node.name:
            self.caught.add(node.name)
        self.generic_visit(node)

    def _text(self, node) -> bool:
        """Whether ``node`` is, or is made from, an exception's text."""
        for n in ast.walk(node):
            if isinstance(n, ast.Name) and n.id in self.tainted:
                return True
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in (
                    "str", "repr", "format") and any(self._caught(a) for a in n.args):
                return True
            if isinstance(n, ast.Attribute) and n.attr in _TEXT_ATTRS and self._caught(n.value):
                return True
            if isinstance(n, ast.FormattedValue) and self._caught(n.value):
                return True
        return False

    def _caught(self, node) -> bool:
        return isinstance(node, ast.Name) and node.id in self.caught

    def visit_Assign(self, node) -> None:
        if self._text(node.value):
            self.tainted.update(t.id for t in node.targets if isinstance(t, ast.Name))
        self.generic_visit(node)

    def visit_Compare(self, node) -> None:
        if any(isinstance(op, (ast.In, ast.NotIn, ast.Eq, ast.NotEq)) for op in node.ops) and (
                self._text(node.left) or any(self._text(c) for c in node.comparators)):
            self.found.append((node.lineno, self.func))
        self.generic_visit(node)

    def visit_Call(self, node) -> None:
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in _TEXT_METHODS and (
                self._text(f.value) or any(self._text(a) for a in node.args)):
            self.found.append((node.lineno, self.func))
        elif (isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "re"
              and any(self._text(a) for a in node.args)):
            self.found.append((node.lineno, self.func))
        self.generic_visit(node)


def _reads_messages(source: str) -> list[tuple[int, str]]:
    r = _Reader()
    r.visit(ast.parse(source))
    return r.found


def test_the_check_finds_what_photorec_0_2_did():
    """The checker below is not blind: it finds each way 0.2 read an exception's text."""
    cases = [
        'try:\n    f()\nexcept E as exc:\n    hint = "x" if "no library" in str(exc) else ""\n',
        'def g(exc):\n    pass\ntry:\n    f()\nexcept E as exc:\n    if "full" in str(exc) or x: pass\n',
        'try:\n    f()\nexcept E as exc:\n    text = str(exc) or "E"\n'
        '    if "truncated" in text.lower(): pass\n',
        'try:\n    f()\nexcept E as e:\n    m = re.match(r"(.*): (.*)", str(e))\n',
        'try:\n    f()\nexcept E as e:\n    if str(e) != last: pass\n',
        'try:\n    f()\nexcept E as e:\n    if e.args[0].startswith("no such"): pass\n',
        'try:\n    f()\nexcept E as e:\n    if f"{e}".endswith("full"): pass\n',
        'def error(self, exc):\n    if "full" in str(exc) or x: pass\n',
        'def translate(exc: BaseException, path):\n    text = str(exc)\n    if "malformed" in text: pass\n',
    ]
    for src in cases:
        assert _reads_messages(src), src
    fine = ('try:\n    f()\nexcept E as exc:\n    log.warning("failed: %s", exc)\n'
            '    if exc.code == "no_library" or exc.errno == 28: pass\n'
            '    raise Other(detail=str(exc)) from exc\n')
    assert _reads_messages(fine) == []


def test_nothing_in_photorec_reads_an_exception_text():
    found = []
    for f in sorted(PHOTOREC.rglob("*.py")):
        rel = f.relative_to(REPO).as_posix()
        for line, func in _reads_messages(f.read_text(encoding="utf-8")):
            if (rel, func) not in ALLOWED:
                found.append(f"{rel}:{line} ({func})")
    assert not found, "tests on an exception's text (use its code): " + ", ".join(found)
    assert len(list(PHOTOREC.rglob("*.py"))) > 100


# -- a file cut short is told from its bytes -------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP"])
def test_a_file_cut_short_is_truncated_whatever_the_decoder_says(fmt):
    import io
    import os

    from PIL import Image

    from photorec.core.ingest import decode as dec

    buf = io.BytesIO()
    with Image.open(shared_photos()[0]) as im:
        im.convert("RGB").resize((400, 300)).save(buf, fmt)
    data = buf.getvalue()
    for cut in (len(data) // 3, len(data) * 2 // 3):
        with pytest.raises(dec.DecodeError) as info:
            dec.decode(data[:cut])
        assert info.value.why.code == "truncated", (fmt, cut, str(info.value))
    if fmt == "JPEG":  # complete (its end marker is there), damaged inside: not "truncated"
        bad = data[:600] + os.urandom(4000) + data[-2000:]
        try:
            dec.decode(bad)
        except dec.DecodeError as exc:
            assert exc.why.code != "truncated"
