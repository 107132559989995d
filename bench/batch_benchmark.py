"""Batch-mode targets: Paris end to end with --jobs 2 (JSONL <= 3 s wall; the HTML report with
its evidence <= 2 s), 100,000 projects streamed through JSONL with bounded memory (RSS growth
<= 50 MB).

Run from the repository root::

    PYTHONPATH=src python bench/batch_benchmark.py [--projects 100000] [--jobs 2] [--paris PATH] [--paris-only]

1. Paris: ``risk-advisor batch <csv> --jobs 2`` in a fresh process (interpreter start, imports,
   catalogue, worker spawn, import, diagnosis, output written to a temporary file): wall time,
   once as JSONL rows, once as the HTML report with the evidence (Kaplan–Meier delays,
   abandonments, overdue projects, pictures) and the scheme questions.
2. Stream: a generated JSONL file of ``--projects`` varied projects is run through the same
   pipeline as the CLI (``read_sources`` → ``run_batch``, JSONL output to a temporary file),
   in this process with ``--jobs``; the resident set size of this process *and* of its workers
   is sampled every 1,000 projects. Growth = last sample − the sample after the first 1,000
   projects (by then every cache is warm and the workers are up).

Linux only (reads /proc). Reads ../shared/data; the tests never do.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_EXPORT = Path("shared") / "data" / "paris-budget-participatif" / "bp_projets_gagnants.csv"
# ../shared from the main checkout, ../../shared from a worktree under /work/wt/
PARIS = next((p / _EXPORT for p in (ROOT.parent, ROOT.parent.parent) if (p / _EXPORT).is_file()), ROOT.parent / _EXPORT)


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def tree_rss_kib() -> int:
    """This process plus its direct children (the worker pool)."""
    me = os.getpid()
    children: list[int] = []
    for task in Path(f"/proc/{me}/task").iterdir():
        text = (task / "children").read_text().split()
        children.extend(int(c) for c in text)
    return rss_kib(me) + sum(rss_kib(c) for c in children)


def paris(path: Path, jobs: int, fmt: str = "jsonl") -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"paris.{fmt}"
        command = [sys.executable, "-m", "risk_advisor.cli.main", "batch", str(path), "--jobs", str(jobs)]
        start = time.perf_counter()
        done = subprocess.run(
            [*command, "--format", fmt, "-o", str(out)], env=env, capture_output=True, text=True, check=False
        )
        wall = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"batch failed ({done.returncode}):\n{done.stderr}")
        print(done.stderr.splitlines()[0])
        print(f"  output: {out.stat().st_size:,} bytes, {sum(1 for _ in out.open(encoding='utf-8')):,} lines")
    return wall


def generate(path: Path, count: int) -> None:
    rng = random.Random(20240417)
    kinds = ["participatory_budget", "public_space_works", "media_library", "family_portal", "canteen_short_supply"]
    phases = ["idea", "feasibility", "design", "procurement", "works", "delivery", "operation"]
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            project: dict[str, object] = {
                "name": f"Projet généré {i}",
                "reference": f"gen:{i}",
                "kinds": rng.sample(kinds, rng.randint(1, 2)),
                "phase": rng.choice(phases),
                "origin": rng.choice(["citizens", "services", "mixed", "elected_officials"]),
                "budget": {"investment": rng.randrange(1_000, 3_000_000, 1_000)},
            }
            if rng.random() < 0.6:
                project["governance"] = {"technical_lookout": rng.random() < 0.5, "project_lead": True}
            if rng.random() < 0.5:
                project["participatory_budget"] = {
                    "vote_year": rng.randint(2015, 2024),
                    "running_costs_known": rng.random() < 0.5,
                }
            out.write(json.dumps(project, ensure_ascii=False) + "\n")


def stream(count: int, jobs: int) -> tuple[float, int, int, int]:
    sys.path.insert(0, str(ROOT / "src"))
    from risk_advisor.catalogue.loader import load_catalogue
    from risk_advisor.portfolio import read_sources, run_batch

    samples: list[int] = []
    seen = 0

    def tick() -> None:
        nonlocal seen
        seen += 1
        if seen % 1000 == 0:
            samples.append(tree_rss_kib())

    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "projects.jsonl", Path(tmp) / "out.jsonl"
        generate(source, count)
        catalogue = load_catalogue()
        start = time.perf_counter()
        with out.open("w", encoding="utf-8", newline="") as stream_out:
            summary = run_batch(read_sources([source]), stream_out, catalogue=catalogue, jobs=jobs, on_project=tick)
        wall = time.perf_counter() - start
    assert summary.projects == count, summary
    return wall, samples[0], samples[-1], max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paris", type=Path, default=PARIS)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--paris-only", action="store_true", help="skip the generated stream")
    args = parser.parse_args()

    wall = paris(args.paris, 2)
    print(f"Paris end to end, --jobs 2: {wall:.2f} s wall (target <= 3 s)")
    wall = paris(args.paris, 2, "html")
    print(f"Paris end to end with the evidence (HTML report), --jobs 2: {wall:.2f} s wall (target <= 2 s)")
    if args.paris_only:
        return
    wall, first, last, peak = stream(args.projects, args.jobs)
    growth = (last - first) / 1024
    print(
        f"JSONL stream, {args.projects:,} projects, --jobs {args.jobs}: {wall:.1f} s; "
        f"RSS (process + workers) after 1,000: {first / 1024:.1f} MB, at the end: {last / 1024:.1f} MB, "
        f"peak {peak / 1024:.1f} MB; growth {growth:+.1f} MB (target <= 50 MB)"
    )


if __name__ == "__main__":
    main()
