"""The layers of photorec, checked from the source files (``ast``, nothing is imported).

Every ``import`` counts, those inside functions too (a lazy import is still an arrow); only
those under ``if TYPE_CHECKING:`` do not. Core's layers, lowest first:

    0  core/errors/, core/paths.py              (import nothing of photorec above them)
    1  core/store/                              (the catalog: all SQL, every connection)
    2  core/ingest/, core/embed/
    3  core/index/, core/organize/, core/search/, core/people/
    4  core/library.py, core/metadata_pass.py   (the facade, and its pass over a library)
    5  cli*, gui/, integration/, i18n, ...      (outside core)

A module imports only from its own rank or below. Siblings in one rank may import each
other (search uses organize's tags), but never both ways: there is no cycle anywhere in
``photorec/``, neither between modules nor between core's sub-packages. ``photorec.core``
never imports Qt, and nothing outside ``core/store/`` uses the store's private query API
(``_query``, ``_write``, ``_connection``), imports ``sqlite3`` or holds an SQL statement.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import photorec.core

ROOT = Path(__file__).resolve().parents[1]

RANKS: list[tuple[int, tuple[str, ...]]] = [  # module-name prefixes, most specific first
    (0, ("photorec.core.errors", "photorec.core.paths")),
    (1, ("photorec.core.store",)),
    (2, ("photorec.core.ingest", "photorec.core.embed")),
    (3, ("photorec.core.index", "photorec.core.organize", "photorec.core.search",
         "photorec.core.people")),
    (4, ("photorec.core.library", "photorec.core.metadata_pass")),
]
PRIVATE_STORE_API = {"_query", "_write", "_connection"}
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "shiboken2")
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN|VACUUM)\s")


# -- the graph --------------------------------------------------------------------------------


def modules(root: Path) -> dict[str, tuple[Path, bool]]:
    """module name -> (file, is a package's __init__) of every module under root/photorec."""
    out = {}
    for p in sorted((root / "photorec").rglob("*.py")):
        parts = list(p.relative_to(root).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        out[".".join(parts)] = (p, is_pkg)
    return out


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


class _Imports(ast.NodeVisitor):
    """Every imported name (absolute) of one module, outside ``if TYPE_CHECKING:``."""

    def __init__(self, name: str, is_pkg: bool) -> None:
        self.package = name if is_pkg else name.rpartition(".")[0]
        self.names: set[str] = set()  # "photorec.x.y" or "photorec.x.y.attr"
        self.external: set[str] = set()  # top-level names of everything else imported
        self.attrs: list[tuple[str, int]] = []  # (attribute, line) of every x.attr
        self.sql: list[int] = []  # lines of string constants that are SQL statements

    def visit_If(self, node: ast.If) -> None:
        if _type_checking(node.test):
            for n in node.orelse:
                self.visit(n)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for a in node.names:
            self._add(a.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")[: len(self.package.split(".")) - (node.level - 1)]
            mod = ".".join(base + ([node.module] if node.module else []))
        else:
            mod = node.module or ""
        for a in node.names:
            self._add(f"{mod}.{a.name}" if mod.startswith("photorec") else mod)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.attrs.append((node.attr, node.lineno))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and SQL.match(node.value):
            self.sql.append(node.lineno)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        first = node.values[0] if node.values else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and SQL.match(first.value):
            self.sql.append(node.lineno)
        self.generic_visit(node)

    def _add(self, name: str) -> None:
        if name == "photorec" or name.startswith("photorec."):
            self.names.add(name)
        else:
            self.external.add(name.partition(".")[0])


def _resolve(name: str, mods: dict) -> str | None:
    """The module an imported name is (``from pkg import mod``) or is in (``from m import f``)."""
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def scan(root: Path) -> tuple[dict[str, set[str]], dict[str, _Imports]]:
    """(module -> the photorec modules it imports, module -> what its file holds)."""
    mods = modules(root)
    graph: dict[str, set[str]] = {}
    found: dict[str, _Imports] = {}
    for name, (path, is_pkg) in mods.items():
        v = _Imports(name, is_pkg)
        v.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        graph[name] = {m for m in (_resolve(n, mods) for n in v.names) if m and m != name}
        found[name] = v
    return graph, found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on.add(start)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def rank(module: str) -> int | None:
    """Core's layer of a module (None: outside core, or core's own ``__init__``)."""
    for r, prefixes in RANKS:
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return r
    return None


def package(module: str) -> str:
    """``photorec.core.X`` for a module of core (its sub-package, or itself)."""
    return ".".join(module.split(".")[:3])


def problems(root: Path) -> list[str]:
    """Every broken rule, in words (empty: the layers hold)."""
    graph, found = scan(root)
    out = [f"import cycle: {' <-> '.join(c)}" for c in cycles(graph)]
    core = {m: deps for m, deps in graph.items() if m.startswith("photorec.core")}
    packages: dict[str, set[str]] = {}
    for m, deps in core.items():
        packages.setdefault(package(m), set()).update(
            package(d) for d in deps if d.startswith("photorec.core") and package(d) != package(m))
    out += [f"cycle between core's sub-packages: {' <-> '.join(c)}" for c in cycles(packages)]
    for m, deps in sorted(core.items()):
        for d in sorted(deps):
            if not d.startswith("photorec.core"):
                out.append(f"{m} imports {d}, outside photorec.core")
            elif rank(m) is not None and rank(d) is not None and rank(d) > rank(m):
                out.append(f"upward import: {m} (layer {rank(m)}) imports {d} (layer {rank(d)})")
            elif rank(d) is None and d != "photorec.core":
                out.append(f"{d} has no layer (add it to RANKS in tests/test_layers.py)")
        qt = sorted(found[m].external & set(QT))
        if qt:
            out.append(f"{m} imports Qt ({', '.join(qt)})")
    for m, v in sorted(found.items()):
        if m.startswith("photorec.core.store"):
            continue
        for attr, line in v.attrs:
            if attr in PRIVATE_STORE_API:
                out.append(f"{m}:{line} uses the store's private {attr}")
        if "sqlite3" in v.external:
            out.append(f"{m} imports sqlite3 (connections live in photorec.core.store)")
        for line in v.sql:
            out.append(f"{m}:{line} holds an SQL statement (SQL lives in photorec.core.store)")
    return out


# -- the tests ---------------------------------------------------------------------------------


def test_photorec_has_no_import_cycle_no_upward_import_and_the_store_owns_sql():
    assert problems(ROOT) == []


def test_every_core_module_has_a_layer_and_core_is_layered():
    graph, _ = scan(ROOT)
    core = [m for m in graph if m.startswith("photorec.core.")]
    assert len(core) > 40
    assert [m for m in core if rank(m) is None] == []
    # The store imports nothing of core above it.
    assert {d for m in core if rank(m) == 1 for d in graph[m] if rank(d) not in (0, 1)} == set()


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def test_the_checker_finds_each_kind_of_fault(tmp_path):
    """The rules above are real: a tree with one fault of each kind is caught, in words."""
    root = _write(tmp_path, {
        "photorec/__init__.py": "",
        "photorec/core/__init__.py": "",
        "photorec/core/paths.py": "",
        "photorec/core/store/__init__.py": "",
        "photorec/core/store/catalog.py": (
            "import sqlite3\n"
            "def f(cat):\n    return cat._query('SELECT 1')\n"),
        "photorec/core/store/tags.py": "def g():\n    from photorec.core.organize import tags\n",
        "photorec/core/ingest/__init__.py": "",
        "photorec/core/ingest/scan.py": "from photorec.core.ingest import decode\n",
        "photorec/core/ingest/decode.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from photorec.core.library import Library\n"
            "def h():\n    from . import scan\n"),
        "photorec/core/organize/__init__.py": "",
        "photorec/core/organize/tags.py": (
            "from photorec.core.search import engine\n"
            "def q(lib):\n    from PySide6.QtCore import QObject\n"
            "    return lib.catalog._write()\n"),
        "photorec/core/search/__init__.py": "",
        "photorec/core/search/engine.py": (
            "from photorec.core.organize.tags import q\n"
            "X = f\"SELECT {1} FROM t\"\n"),
        "photorec/core/library.py": "",
        "photorec/gui/__init__.py": "",
        "photorec/gui/service.py": "import sqlite3\n",
    })
    found = problems(root)
    text = "\n".join(found)
    assert "import cycle: photorec.core.ingest.decode <-> photorec.core.ingest.scan" in found
    assert ("import cycle: photorec.core.organize.tags <-> photorec.core.search.engine" in found)
    assert "cycle between core's sub-packages: photorec.core.organize <-> photorec.core.search" in found
    assert ("upward import: photorec.core.store.tags (layer 1) imports "
            "photorec.core.organize.tags (layer 3)") in found
    assert "photorec.core.organize.tags imports Qt (PySide6)" in found
    assert "photorec.core.organize.tags:4 uses the store's private _write" in found
    assert "photorec.core.search.engine:2 holds an SQL statement" in text
    assert "photorec.gui.service imports sqlite3" in text
    # What the store does inside itself, and TYPE_CHECKING imports, are fine.
    assert "photorec.core.store.catalog" not in text
    assert "photorec.core.library" not in text


def test_core_never_imports_qt_when_run():
    """And at run time: importing every module of core loads no Qt."""
    core = Path(photorec.core.__file__).parent
    names = sorted(m for m in modules(ROOT) if m.startswith("photorec.core"))
    code = (
        "import sys\n"
        f"for m in {names!r}: __import__(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'PyQt', 'shiboken')))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert core.is_dir() and len(names) > 40


def test_no_module_of_core_is_over_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "photorec" / "core").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
