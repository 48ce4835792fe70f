"""photorec.core must never import Qt: it runs in the CLI, in tests and in scripts."""

import subprocess
import sys
from pathlib import Path

import photorec.core


def test_core_never_imports_qt():
    core = Path(photorec.core.__file__).parent
    modules = sorted(
        "photorec." + ".".join(p.relative_to(core.parent).with_suffix("").parts).removesuffix(".__init__")
        for p in core.rglob("*.py")
    )
    code = (
        "import sys\n"
        f"for m in {modules!r}: __import__(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'PyQt', 'shiboken')))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(modules) >= 6
