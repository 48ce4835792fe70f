"""Which files in an index's folder are left over: graph files the pointer does not name (older
generations), temp files of processes that are gone, 0.1.0's unversioned graph file."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from photorec.core.store.owner import pid_alive


def stale_files(path: Path, meta_path: Path, current: dict[str, Any], fmt: int) -> list[Path]:
    """The leftovers beside the index ``path`` (its pointer ``meta_path`` holds ``current``,
    written in pointer format ``fmt``)."""
    cur_gen = int(current.get("generation", 0))
    cur_file = current.get("file")
    stem = re.escape(path.stem)
    graph_re = re.compile(rf"^{stem}\.g(\d+)-(\d+){re.escape(path.suffix)}$")
    tmp_re = re.compile(rf"^(?:{stem}\.(\d+)\.g\d+|{re.escape(path.name)}\.(\d+)|"
                        rf"{re.escape(meta_path.name)}\.(\d+))\.tmp$")
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return []
    out: list[Path] = []
    for e in entries:
        m = graph_re.match(e.name)
        if m and e.name != cur_file and int(m.group(1)) < cur_gen:
            out.append(Path(e.path))
            continue
        m = tmp_re.match(e.name)
        if m:
            pid = int(next(g for g in m.groups() if g))
            if pid != os.getpid() and not pid_alive(pid):
                out.append(Path(e.path))
            continue
        if e.name == path.name and int(current.get("format", 1)) == fmt:
            out.append(Path(e.path))  # 0.1.0's graph, superseded
    return out
