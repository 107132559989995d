"""Measure what issue 3 asks for, on one core. Prints figures; asserts nothing.

    python bench/benchmark.py            # the full run (≈ 3–4 minutes)
    python bench/benchmark.py --quick    # 10× fewer diagnoses, for a smoke check

Figures:
- inference throughput (facts → verdicts, the engine's job) over 10,000 generated projects
  with the whole built-in catalogue, for each engine, and their ratio;
- the same for the whole ``diagnose()`` (explanations, plan, pydantic models included);
- RSS before and after 100,000 durable diagnoses (inference);
- catalogue load time in a fresh process, compiled from YAML and from the compiled-catalogue cache;
- cold wall time of ``risk-advisor diagnose`` on a shipped case (best of 5 and median).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.generators: one project generator for tests and bench

from risk_advisor import Project, diagnose, load_catalogue  # noqa: E402
from risk_advisor.catalogue.loader import subset  # noqa: E402
from risk_advisor.inference import get_engine, infer  # noqa: E402
from tests.generators import random_project  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def projects(count: int, seed: int = 1) -> list[Project]:
    rng = random.Random(seed)
    return [
        Project.model_validate(random_project(rng, unknown=rng.choice([0.1, 0.3, 0.5, 0.8]), name=f"p{i}"))
        for i in range(count)
    ]


# The starter catalogue: the rules it names (a citizen project without a lookout, a
# too-technocratic approach, no methodology, running costs unknown in a participatory budget,
# several designers uncoordinated, a compound rule) and a few more of the workshop's.
STARTER = [
    "GOV-CITIZEN-NO-LOOKOUT", "PORTAIL-TECHNOCRATIC", "GOV-NO-METHODOLOGY", "BP-RUNNING-COSTS-UNKNOWN",
    "PLACE-DESIGNERS", "PORTAIL-MISSED-TARGET", "GOV-NEEDS-NOT-SHARED", "GOV-NO-STEERING",
    "GOV-RESOURCES-NOT-PLANNED", "BP-FEASIBILITY-AFTER-VOTE", "CANT-EXTRA-COST", "WORKS-NO-SPS",
]


def rate(label: str, fn, items) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    elapsed = time.perf_counter() - start
    per_second = len(items) / elapsed
    print(f"  {label:<34} {per_second:>10,.0f} /s   ({elapsed * 1e6 / len(items):,.0f} µs each)")
    return per_second


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    print(f"python {sys.version.split()[0]}, one core, scale 1/{scale}")

    code = (
        "import time; t=time.perf_counter(); import risk_advisor; t1=time.perf_counter();"
        "c=risk_advisor.load_catalogue(); print(t1-t, time.perf_counter()-t1, len(c.rules))"
    )

    def load_in_fresh_process(**env: str) -> tuple[float, float, str]:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, **env}
        )
        imports, load, rules = done.stdout.split()
        return float(imports), float(load), rules

    imports, compile_s, rules = load_in_fresh_process(RISK_ADVISOR_NO_CACHE="1")
    load_in_fresh_process()  # writes the cache if it is not there yet
    _, cached_s, _ = load_in_fresh_process()
    print(f"import risk_advisor: {imports * 1000:.0f} ms")
    print(
        f"catalogue load, {rules} rules: compiled from YAML {compile_s * 1000:.0f} ms, "
        f"from the cache {cached_s * 1000:.1f} ms (fresh processes)"
    )
    cat = load_catalogue()

    sample = projects(10_000 // scale)
    engines = {name: get_engine(name) for name in ("durable", "python")}
    for title, current in (("starter catalogue", subset(cat, STARTER)), ("whole catalogue", cat)):
        print(f"\n{title}: throughput over {len(sample):,} generated projects, {len(current.rules)} rules:")
        inf = {n: rate(f"inference, {n}", lambda p, e=e, c=current: infer(c, p, e), sample) for n, e in engines.items()}
        print(f"  ratio python/durable (inference): {inf['python'] / inf['durable']:.1f}×")
        full = {
            n: rate(f"diagnose(), {n}", lambda p, n=n, c=current: diagnose(p, catalogue=c, engine=n), sample)
            for n in engines
        }
        print(f"  ratio python/durable (diagnose): {full['python'] / full['durable']:.1f}×")

    count = 100_000 // scale
    soak = projects(1_000, seed=2)
    durable = engines["durable"]
    for p in soak:  # warm caches and allocator pools first
        infer(cat, p, durable)
    before = rss_mb()
    start = time.perf_counter()
    for i in range(count):
        infer(cat, soak[i % len(soak)], durable)
    after = rss_mb()
    print(f"\nRSS over {count:,} durable diagnoses: {before:.1f} MB → {after:.1f} MB ({after - before:+.1f} MB)"
          f" in {time.perf_counter() - start:.1f} s")

    exe = shutil.which("risk-advisor")
    case = next(iter(sorted((ROOT / "cases").glob("*.yaml"))), None)
    if exe and case:
        walls = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([exe, "diagnose", str(case)], capture_output=True, check=False)
            walls.append(time.perf_counter() - start)
        print(
            f"\ncold `risk-advisor diagnose {case.name}`: "
            f"best {min(walls):.3f} s, median {statistics.median(walls):.3f} s"
        )
    else:
        print("\ncold CLI wall time: skipped (install the package so `risk-advisor` is on PATH, and ship cases/)")


if __name__ == "__main__":
    main()
