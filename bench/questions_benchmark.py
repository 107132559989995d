"""Measure what issue 12 asks of the interview. Prints figures; asserts nothing.

    python bench/questions_benchmark.py            # 200 calls per figure
    python bench/questions_benchmark.py --quick    # 20 calls, for a smoke check

Figures:
- ``next_questions`` on the whole built-in catalogue for a name-only project (target ≤ 10 ms),
  and for the shipped cases (median over the cases);
- for every shipped case, how many questions a scripted interview asks, starting from the
  case's name and answering from the case file, against the number of values in the file.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from risk_advisor import Project, load_catalogue, load_project, next_questions  # noqa: E402

TARGET_MS = 10.0


def per_call_ms(project: Project, calls: int) -> tuple[float, float]:
    """Median wall time and mean CPU time of one call, in ms (CPU time is what a loaded machine
    does not distort: the wall time counts the waits for a core)."""
    cat = load_catalogue()
    next_questions(project, catalogue=cat)  # the per-catalogue index is built once
    timings = []
    cpu = time.process_time()
    for _ in range(calls):
        start = time.perf_counter()
        next_questions(project, catalogue=cat)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), (time.process_time() - cpu) * 1000 / calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    calls = 20 if args.quick else 200
    cat = load_catalogue()
    name_only = Project(name="Jardin partagé")
    wall, cpu = per_call_ms(name_only, calls)
    print(f"next_questions, name-only project, {len(cat.rules)} rules: {wall:.2f} ms wall (median of {calls}), "
          f"{cpu:.2f} ms CPU per call; target ≤ {TARGET_MS:.0f} ms: {'met' if cpu <= TARGET_MS else 'MISSED'}")
    cases = sorted((ROOT / "cases").glob("*.yaml"))
    case_ms = [per_call_ms(load_project(path), max(calls // 10, 5))[1] for path in cases]
    print(f"next_questions, shipped cases: median {statistics.median(case_ms):.2f} ms CPU, "
          f"worst {max(case_ms):.2f} ms CPU")
    try:
        from risk_advisor.interview.replay import replay
    except ImportError:  # the scripted interview comes with the interview command
        return 0
    total_asked = total_values = 0
    for path in cases:
        result = replay(load_project(path), catalogue=cat)
        total_asked += result.asked
        total_values += result.values
        print(f"  {path.stem:32} {result.asked:3} questions ({result.answered:3} answered) "
              f"for {result.values:3} values in the file"
              f"{'' if result.same_findings else '  (FINDINGS DIFFER)'}")
    print(f"interview from the name: {total_asked} questions in all for {total_values} values in the files "
          f"({total_asked / max(total_values, 1):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
