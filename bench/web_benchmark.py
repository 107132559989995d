"""Measure what issue 15 asks of the web page: server-side time per answer ≤ 50 ms.

    python bench/web_benchmark.py            # every shipped case
    python bench/web_benchmark.py --quick    # two cases, for a smoke check

A scripted interview per shipped case, through the page's own form posts (FastAPI's
TestClient: in process, no network): start from the case's name, then answer the first
ranked question with the case file's value ("don't know" when the file leaves it unknown),
until no question is left. Each POST /answer is timed: parse the carried project, apply the
answer, diagnose, rank the questions, render the report, the checklist and the page. The
durable engine, as `risk-advisor serve` runs by default. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import html
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

from risk_advisor import load_project  # noqa: E402
from risk_advisor.web import create_app  # noqa: E402
from risk_advisor.web._project import EMPTY_LIST, current  # noqa: E402

TARGET_MS = 50.0


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    return html.unescape(found[1]) if found else ""


def interview(client: TestClient, case: Path) -> list[float]:
    """The time of each answer (ms) in a scripted interview of ``case``."""
    answers = current(load_project(case))
    page = client.get("/").text
    token = _field(page, "csrf")
    page = client.post("/new", data={"csrf": token, "lang": "fr", "name": load_project(case).name}).text
    timings: list[float] = []
    while trait := _field(page, "trait"):
        value = answers.get(trait, "")
        values = (value or [EMPTY_LIST]) if isinstance(value, list) else [value]
        data = {"csrf": token, "lang": "fr", "project": _field(page, "project"), "skip": _field(page, "skip"),
                "trait": trait, "action": "answer" if value != "" else "skip", "value": values}
        start = time.perf_counter()
        response = client.post("/answer", data=data)
        timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{case.name}: {trait} answered {values}: HTTP {response.status_code}")
        page = response.text
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="two cases only")
    args = parser.parse_args()
    cases = sorted((ROOT / "cases").glob("*.yaml"))
    if args.quick:
        cases = cases[:2]
    client = TestClient(create_app(hosts=["testserver"]))
    client.post("/api/diagnose", json={"name": "warm-up"})  # catalogue, engine, templates loaded once
    every: list[float] = []
    for case in cases:
        timings = interview(client, case)
        every += timings
        print(f"{case.stem:32} {len(timings):3} answers  median {statistics.median(timings):6.1f} ms"
              f"  max {max(timings):6.1f} ms")
    every.sort()
    p95 = every[min(len(every) - 1, int(len(every) * 0.95))]
    median = statistics.median(every)
    verdict = "meets" if median <= TARGET_MS else "MISSES"
    print(f"\nserver-side time per answer over {len(every)} answers: median {median:.1f} ms, p95 {p95:.1f} ms "
          f"(target ≤ {TARGET_MS:.0f} ms: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
