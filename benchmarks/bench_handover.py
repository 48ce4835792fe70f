"""How long a second launch takes to hand a request over to the running window (issue #19).

Starts photorec's instance server for a fresh library in this process (the running window's
end of the socket), then runs ``photorec --data-dir D --similar PHOTO`` as a user's second
launch does (a new Python process, from its start to its exit), ``--rounds`` times, keeping this
process's event loop running meanwhile. Prints JSON: each run's wall time, the median, and when
the request reached the server.

    python benchmarks/bench_handover.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PHOTO = REPO / "tests" / "data" / "photos" / "kde_Canopee.jpg"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()

    from PySide6.QtCore import QCoreApplication

    from photorec.gui import ipc

    app = QCoreApplication.instance() or QCoreApplication([])
    data = Path(tempfile.mkdtemp(prefix="photorec-bench-handover-"))
    server = ipc.InstanceServer(data, app)
    assert server.listen(), "the instance server could not listen"
    got: list[float] = []
    server.request_received.connect(lambda req: got.append(time.perf_counter()))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "photorec", "--data-dir", str(data), "--similar", str(PHOTO)]
    runs, received = [], []
    for _ in range(args.rounds):
        n = len(got)
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        while proc.poll() is None:
            app.processEvents()
            time.sleep(0.001)
        t1 = time.perf_counter()
        for _ in range(200):  # the last bytes may still be on their way
            if len(got) > n:
                break
            app.processEvents()
            time.sleep(0.001)
        if proc.returncode != 0 or len(got) <= n:
            print(json.dumps({"error": f"rc={proc.returncode}", "stderr": proc.stderr.read()[-400:]}))
            return 1
        runs.append(round(t1 - t0, 3))
        received.append(round(got[-1] - t0, 3))
    server.close()
    print(json.dumps({
        "benchmark": "handover",
        "command": "photorec --data-dir D --similar PHOTO (second launch, start to exit)",
        "runs_s": runs,
        "median_s": round(statistics.median(runs), 3),
        "request_received_s": received,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
