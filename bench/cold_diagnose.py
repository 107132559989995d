"""Cold `risk-advisor diagnose`, with and without the compiled-catalogue cache.

Runs ``diagnose cases/bp-rennes-faisabilite.yaml`` in fresh processes, alternating a run with
a filled cache and one with ``RISK_ADVISOR_NO_CACHE=1``, and prints the median wall-clock and
CPU (user + system) times. Issue 10 §1: the cache may go if a cold run stays ≤ 0.3 s without
it. Run from the repository root::

    PYTHONPATH=src python bench/cold_diagnose.py 10
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = [sys.executable, "-m", "risk_advisor.cli.main", "diagnose", "cases/bp-rennes-faisabilite.yaml",
           "--fail-on", "never"]


def once(env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(COMMAND, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    folder = tempfile.mkdtemp(prefix="risk-advisor-bench-cache-")
    base = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    base.pop("RISK_ADVISOR_NO_CACHE", None)
    variants = {
        "with the cache": {**base, "RISK_ADVISOR_CACHE_DIR": folder},
        "without (NO_CACHE=1)": {**base, "RISK_ADVISOR_NO_CACHE": "1"},
    }
    try:
        once(variants["with the cache"])  # fills it
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in variants}
        for _ in range(runs):
            for label, env in variants.items():
                times[label].append(once(env))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"cold diagnose, {runs} alternating runs each, load average {os.getloadavg()[0]:.1f}")
    for label, measured in times.items():
        wall = statistics.median(w for w, _ in measured)
        cpu = statistics.median(c for _, c in measured)
        print(f"  {label:<22} median wall {wall:.3f} s, cpu {cpu:.3f} s")


if __name__ == "__main__":
    main()
