"""Instructions per diagnosis, counted by valgrind's cachegrind: a figure the machine's load does not move.

    PYTHONPATH=src python bench/instructions.py                      # this checkout
    python bench/instructions.py before=/tmp/before/src after=src     # two checkouts, side by side

On a shared or virtual machine, CPU times move by ±15 % from one run to the next (the
neighbours' load does not show in the load average), which hides a change of a few per cent.
The number of instructions a process executes does not depend on the load: cachegrind counts
them. Each workload runs twice in a fresh interpreter, with and without the measured
diagnoses, and the difference is divided by their number, so imports, catalogue loading and
warm-up cancel out. ``PYTHONHASHSEED`` is fixed: the order of sets and dicts of strings, hence
the path through the code, depends on it (a few per cent from one seed to another).

Workloads: the shipped cases diagnosed 40 times over (the figure behind ``diagnose()`` per
second in ``bench/speed.py``), and 300 generated projects each diagnosed once (a portfolio's
projects). Needs ``valgrind`` on the PATH; prints nothing else than the figures. Asserts nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SHIPPED = """
import glob, sys
from risk_advisor import load_catalogue, load_project, diagnose
cat = load_catalogue()
cases = [load_project(p) for p in sorted(glob.glob({cases!r}))]
for p in cases * 3:
    diagnose(p, catalogue=cat, engine="python")
for _ in range(int(sys.argv[1])):
    for p in cases:
        diagnose(p, catalogue=cat, engine="python")
"""

GENERATED = """
import random, sys
sys.path.insert(0, {root!r})
from risk_advisor import Project, load_catalogue, diagnose
from tests.generators import random_project
cat = load_catalogue()
rng = random.Random(3)
n = int(sys.argv[1])
sample = [Project.model_validate(random_project(rng, unknown=rng.choice([0.1, 0.3, 0.5, 0.8]), name=f"p{{i}}"))
          for i in range(100 + n)]
for p in sample:
    diagnose(p, catalogue=cat, engine="python")
"""

WORKLOADS = {  # name → (script, diagnoses measured for an argument of ``count``, count)
    "shipped cases, 40 rounds": (SHIPPED.format(cases=str(ROOT / "cases" / "*.yaml")), lambda n: n * 13, 40),
    "generated projects, once each": (GENERATED.format(root=str(ROOT)), lambda n: n, 300),
}


def instructions(src: str, script: Path, argument: int) -> int:
    """Instructions executed by ``python script argument`` with ``src`` first on the path."""
    env = {**os.environ, "PYTHONPATH": src, "PYTHONHASHSEED": "0"}
    run = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, str(script), str(argument)],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if found is None:
        raise SystemExit(f"cachegrind printed no instruction count:\n{run.stderr[-2000:]}")
    return int(found[1].replace(",", ""))


def main() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not on the PATH: nothing to count with")
    sides = [a.split("=", 1) for a in sys.argv[1:]] or [["this checkout", os.environ.get("PYTHONPATH", "src")]]
    with tempfile.TemporaryDirectory(prefix="risk-advisor-ir-") as folder:
        jobs = []
        for name, (text, _, count) in WORKLOADS.items():
            script = Path(folder) / (re.sub(r"\W+", "_", name) + ".py")
            script.write_text(text, encoding="utf-8")
            for _, src in sides:
                jobs += [(name, src, script, 0), (name, src, script, count)]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # each count is exact: run side by side
            counted = list(pool.map(lambda job: instructions(job[1], job[2], job[3]), jobs))
    results = dict(zip([(j[0], j[1], j[3]) for j in jobs], counted, strict=True))
    print("instructions per diagnosis (valgrind cachegrind, PYTHONHASHSEED=0, python engine)")
    for name, (_, measured, count) in WORKLOADS.items():
        figures = []
        for label, src in sides:
            per = (results[(name, src, count)] - results[(name, src, 0)]) / measured(count)
            figures.append(f"{label}: {per / 1e6:.3f} M")
        print(f"  {name}: " + ";  ".join(figures))


if __name__ == "__main__":
    main()
