"""Cold start, phase by phase, for two checkouts: importing the CLI, reading the catalogue from
its (filled) cache, the first diagnosis — and the whole cold command against the import floor.

    PYTHONPATH=src python bench/cache_read.py --runs 11 BEFORE/src AFTER/src

Each ``src`` folder is put first on ``PYTHONPATH`` of fresh processes, alternately (A B, B A…)
so that both see the same load; each has its own cache folder, filled before timing. A
checkout's ``rules/`` must sit beside its ``src/`` (``git archive COMMIT src rules | tar -x -C
DIR`` gives that). Figures are CPU milliseconds (``time.process_time`` inside the process for
the phases; user + system time of the child for the whole command), medians of ``--runs``.
Bytecode is written and used (``PYTHONDONTWRITEBYTECODE`` is dropped): a cold start after an
install, not a first run from source. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = "cases/bp-rennes-faisabilite.yaml"
PHASES = f"""
import time
start = time.process_time()
import risk_advisor.cli.main
imported = time.process_time()
from risk_advisor import diagnose, load_catalogue
catalogue = load_catalogue()
loaded = time.process_time()
diagnose({CASE!r}, catalogue=catalogue).to_json()
done = time.process_time()
print(imported - start, loaded - imported, done - loaded)
"""
COMMAND = ["-m", "risk_advisor.cli.main", "diagnose", CASE, "--fail-on", "never"]
FLOOR = ["-c", "import pydantic, click, yaml, jinja2, durable.engine"]


def child(arguments: list[str], env: dict[str, str]) -> tuple[str, float]:
    """The output and CPU milliseconds (user + system) of one fresh interpreter."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run([sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return run.stdout, (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path, help="src folders to compare")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    envs = {}
    for source in args.sources:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "RISK_ADVISOR_NO_CACHE")}
        env["PYTHONPATH"] = str(source.resolve())
        env["RISK_ADVISOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="risk-advisor-bench-cache-")
        for _ in range(2):  # bytecode and the cache filled
            child(["-c", PHASES], env)
        envs[str(source)] = env
    phases = ("import", "load", "diagnose", "cold")
    figures: dict[str, dict[str, list[float]]] = {source: {p: [] for p in phases} for source in envs}
    floor = []
    for run in range(args.runs):
        for source in list(envs) if run % 2 == 0 else list(envs)[::-1]:
            out, _ = child(["-c", PHASES], envs[source])
            for phase, seconds in zip(("import", "load", "diagnose"), out.split(), strict=True):
                figures[source][phase].append(float(seconds) * 1000)
            figures[source]["cold"].append(child(COMMAND, envs[source])[1])
        floor.append(child(FLOOR, next(iter(envs.values())))[1])
    base = statistics.median(floor)
    print(f"CPU ms, medians of {args.runs} alternated runs; floor (bare imports) {base:.0f} ms")
    print(f"{'src':40} {'import CLI':>10} {'load_catalogue':>15} {'1st diagnose':>13} {'cold':>6} {'/ floor':>8}")
    for source, measured in figures.items():
        m = {phase: statistics.median(values) for phase, values in measured.items()}
        print(
            f"{source:40} {m['import']:10.1f} {m['load']:15.1f} {m['diagnose']:13.1f} {m['cold']:6.0f}"
            f" {m['cold'] / base:7.2f}×"
        )


if __name__ == "__main__":
    main()
