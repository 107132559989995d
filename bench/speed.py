"""Measure what issue 17 asks for. Prints each figure with its target; asserts nothing.

    PYTHONPATH=src python bench/speed.py            # the full run (a few minutes on a quiet core)
    PYTHONPATH=src python bench/speed.py --quick    # smaller counts, for a smoke check

The machine this runs on is usually shared and noisy, so every figure is **CPU time**
(``time.process_time`` in this process, ``RUSAGE_CHILDREN`` user + system for child processes)
and a **median** over repeats; the cold figures alternate the two commands in one run so that
both see the same load. Figures:

- cold ``risk-advisor diagnose cases/bp-rennes-faisabilite.yaml`` (cache filled) against the
  bare-import floor (an interpreter importing pydantic, click, PyYAML, Jinja2 and durable):
  ratio, target ≤ 1.8×;
- ``diagnose()`` with the python engine over the shipped cases: diagnoses per second,
  target ≥ 5,000/s;
- ``next_questions`` for a name-only project (target ≤ 10 ms) and once kinds, phase and origin
  are known (target ≤ 2 ms);
- durable_rules: the engine's floor on a one-rule catalogue (fixed cost per session, cost per
  firing), the firings of each shipped case, and how far the whole-catalogue time is from
  floor × firings;
- RSS growth over 10⁵ diagnoses (python engine; 10⁴ with ``--quick``): target ≤ 20 MB.

To compare with another checkout, point ``PYTHONPATH`` at its ``src`` (the cases and this
script stay the same).
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASE = "cases/bp-rennes-faisabilite.yaml"
FLOOR = [sys.executable, "-c", "import pydantic, click, yaml, jinja2, durable.engine"]
# Not the floor, printed beside it: the same imports plus one one-field pydantic model
# built and validated. ``import pydantic`` alone loads none of pydantic's model machinery (it
# loads lazily); any program whose input is validated by a pydantic model pays for it.
FLOOR_MODEL = [sys.executable, "-c", "import pydantic, click, yaml, jinja2, durable.engine\n"
               "class M(pydantic.BaseModel):\n    x: int\nM(x=1)"]
COLD = [sys.executable, "-m", "risk_advisor.cli.main", "diagnose", CASE, "--fail-on", "never"]

from benchmark import rss_mb  # noqa: E402  (bench/, the script's folder, is on the path)

import risk_advisor  # noqa: E402
from risk_advisor import Project, diagnose, load_catalogue, load_project, next_questions  # noqa: E402
from risk_advisor.catalogue.loader import subset  # noqa: E402
from risk_advisor.inference import get_engine, infer  # noqa: E402


def _child_cpu(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one run of ``command`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def _compile_bytecode() -> str:
    """Compile the package's bytecode, as installing a wheel does (a cold run then reads it
    instead of compiling every module from source, which is ~60 ms; the floor's packages were
    compiled when they were installed). Says where it stands."""
    package = Path(risk_advisor.__file__).parent
    ok = compileall.compile_dir(package, quiet=1, optimize=0)
    return f"bytecode of {package} {'compiled' if ok else 'NOT compiled (read-only?): the figures include compiling'}"


def cold(runs: int) -> None:
    print(_compile_bytecode())
    with tempfile.TemporaryDirectory(prefix="risk-advisor-speed-") as folder:
        env = {**os.environ, "RISK_ADVISOR_CACHE_DIR": folder}
        env.pop("RISK_ADVISOR_NO_CACHE", None)
        _child_cpu(COLD, env)  # fills the cache
        floor: list[float] = []
        with_model: list[float] = []
        command: list[float] = []
        for _ in range(runs):  # alternately, so that all see the same load
            floor.append(_child_cpu(FLOOR, env))
            with_model.append(_child_cpu(FLOOR_MODEL, env))
            command.append(_child_cpu(COLD, env))
    f, m, c = statistics.median(floor), statistics.median(with_model), statistics.median(command)
    print(f"cold diagnose: {c * 1000:.0f} ms CPU, floor {f * 1000:.0f} ms CPU (medians of {runs} alternating runs)")
    print(f"  ratio {c / f:.2f}×  target ≤ 1.8×  {'met' if c / f <= 1.8 else 'MISSED'}")
    print(f"  command: {' '.join(COLD[1:])}")
    print(f"  floor:   python {' '.join(FLOOR[1:])}")
    print(f"  for reference, the floor plus one one-field pydantic model validated: {m * 1000:.0f} ms CPU "
          f"({m / f:.2f}× the floor); the command is {c / m:.2f}× that")


def per_call(fn: Callable[[], Any], calls: int, repeats: int) -> float:
    """Median over ``repeats`` of the CPU seconds of one call (``calls`` calls per repeat)."""
    fn()  # warm: per-catalogue indexes, compiled closures
    samples = []
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(calls):
            fn()
        samples.append((time.process_time() - start) / calls)
    return statistics.median(samples)


def throughput(cases: list[Project], rounds: int, generated: int) -> None:
    cat = load_catalogue()

    def all_cases() -> None:
        for project in cases:
            diagnose(project, catalogue=cat, engine="python")

    seconds = per_call(all_cases, rounds, 7) / len(cases)
    print(f"diagnose(), python engine, {len(cases)} shipped cases: {1 / seconds:,.0f}/s "
          f"({seconds * 1e6:.0f} µs CPU each, median of 7 × {rounds} rounds)")
    print(f"  target ≥ 5,000/s  {'met' if 1 / seconds >= 5000 else 'MISSED'}")
    # The same with nothing given again that depends on the project: the findings, plans and
    # questions kept per catalogue (keyed by what makes them) are emptied before each diagnosis;
    # what depends on the catalogue alone (a rule's texts, remedies…) is kept.
    per_input = ("findings", "plan", "plans", "questions", "ranked")

    def all_cases_afresh() -> None:
        for project in cases:
            for name in per_input:
                cat.memo.pop(name, None)
            diagnose(project, catalogue=cat, engine="python")

    afresh = per_call(all_cases_afresh, rounds, 7) / len(cases)
    print(f"  the same, findings, plans and questions rebuilt each time: {1 / afresh:,.0f}/s "
          f"({afresh * 1e6:.0f} µs CPU each)")
    # The same over generated projects, each diagnosed once: what is kept per catalogue (a
    # cover per set of fired rules…) is then rarely reused, unlike the shipped cases' rounds.
    sys.path.insert(0, str(ROOT))
    from tests.generators import random_project

    rng = random.Random(1)
    sample = [Project.model_validate(random_project(rng, unknown=rng.choice([0.1, 0.3, 0.5, 0.8]), name=f"p{i}"))
              for i in range(generated)]
    start = time.process_time()
    for project in sample:
        diagnose(project, catalogue=cat, engine="python")
    each = (time.process_time() - start) / len(sample)
    print(f"  {len(sample):,} generated projects, once each: {1 / each:,.0f}/s ({each * 1e6:.0f} µs CPU each)")


def questions(calls: int) -> None:
    cat = load_catalogue()
    name_only = Project(name="Jardin partagé")
    gated = Project.model_validate({"name": "Jardin partagé", "kinds": ["participatory_budget"], "phase": "feasibility",
                                    "origin": "citizens"})
    for label, project, target in (("name-only project", name_only, 10.0),
                                   ("kinds, phase and origin known", gated, 2.0)):
        ms = per_call(lambda p=project: next_questions(p, catalogue=cat), calls, 5) * 1000

        def afresh(p: Project = project) -> None:
            cat.memo.pop("ranked", None)  # each trait tried again, as for a project never seen
            next_questions(p, catalogue=cat)

        fresh = per_call(afresh, calls, 5) * 1000
        print(f"next_questions, {label}: {ms:.2f} ms CPU (median of 5 × {calls})  "
              f"target ≤ {target:g} ms  {'met' if max(ms, fresh) <= target else 'MISSED'}")
        print(f"  with the ranking's kept outcomes emptied before each call: {fresh:.2f} ms CPU")


def durable(cases: dict[str, Project], rounds: int) -> None:
    from risk_advisor.engines import durable as adapter

    if not adapter.available():
        print("durable: not importable here, skipped")
        return
    firings = [0]
    record = adapter.DurableEngine._record

    def counting(self: Any, rule_ids: tuple[str, ...], value: bool) -> None:
        firings[0] += 1
        record(self, rule_ids, value)

    # Counted before the engine compiles a ruleset: the actions hold the bound method. Every
    # fact asserted also fires the catch-all rule once, counted apart below.
    adapter.DurableEngine._record = counting  # type: ignore[method-assign]
    engine = get_engine("durable")
    cat = load_catalogue()
    one = subset(cat, [sorted(cat.rules)[0]])
    projects = list(cases.values())
    empty = Project(name="x")

    def facts_asserted(c: Any) -> int:
        return sum(len(adapter.layout(c.program).keys[s]) for s in range(len(c.program.strata)))

    # The floor: a session on a one-rule catalogue, with a project that fires nothing but the
    # catch-all (unknown traits) and one that fires the rule's true or false action.
    session = per_call(lambda: infer(one, empty, engine), rounds * 20, 5)
    firings[0] = 0
    decided = [p for p in projects if (infer(one, p, engine), firings[0])[1] > 0]
    firings[0] = 0
    if decided:
        with_firing = per_call(lambda: infer(one, decided[0], engine), rounds * 20, 5)
        firing = max(with_firing - session, 0.0)
    else:
        firing = float("nan")
    print(f"durable floor ({len(one.rules)}-rule catalogue, {facts_asserted(one)} fact per session): "
          f"{session * 1e6:.0f} µs per session, {firing * 1e6:.1f} µs per firing")
    facts = facts_asserted(cat)
    total_expected = total_measured = 0.0
    print(f"  whole catalogue ({len(cat.rules)} rules, {facts} facts asserted per diagnosis):")
    for name, project in cases.items():
        firings[0] = 0
        infer(cat, project, engine)
        fired = firings[0]
        measured = per_call(lambda p=project: infer(cat, p, engine), rounds, 5)
        # The floor's session already asserts one fact (its catch-all firing included); each
        # further fact is counted as one more firing (its catch-all).
        expected = session + firing * (fired + facts - 1)
        total_expected += expected
        total_measured += measured
        print(f"    {name:32} {fired:4} firings (+{facts} catch-all)  {measured * 1e6:6.0f} µs  "
              f"floor×firings {expected * 1e6:6.0f} µs  ({measured / expected:.2f}×)")
    print(f"  all cases: {total_measured / total_expected:.2f}× floor × firings")
    adapter.DurableEngine._record = record  # type: ignore[method-assign]


def rss(cases: list[Project], count: int) -> None:
    cat = load_catalogue()

    for project in cases * 20:  # warm caches and allocator pools
        diagnose(project, catalogue=cat, engine="python")
    before = rss_mb()
    for i in range(count):
        diagnose(cases[i % len(cases)], catalogue=cat, engine="python")
    after = rss_mb()
    print(f"RSS over {count:,} diagnoses (python engine): {before:.1f} → {after:.1f} MB "
          f"({after - before:+.1f} MB)  target ≤ 20 MB growth  {'met' if after - before <= 20 else 'MISSED'}")
    # Every project new (a portfolio run): what is kept per catalogue fills to its bounds.
    sys.path.insert(0, str(ROOT))
    from tests.generators import random_project

    rng = random.Random(2)
    generated = count // 10
    before = rss_mb()
    for i in range(generated):
        doc = random_project(rng, unknown=rng.choice([0.1, 0.3, 0.5, 0.8]), name=f"p{i}")
        diagnose(doc, catalogue=cat, engine="python", lang=("fr", "en")[i % 2])
    after = rss_mb()
    print(f"RSS over {generated:,} generated projects, each new, both languages: {before:.1f} → {after:.1f} MB "
          f"({after - before:+.1f} MB)  target ≤ 20 MB growth  {'met' if after - before <= 20 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller counts, for a smoke check")
    parser.add_argument("--only", choices=("cold", "diagnose", "questions", "durable", "rss"), action="append")
    args = parser.parse_args()
    quick = args.quick
    only = set(args.only or ("cold", "diagnose", "questions", "durable", "rss"))
    print(f"risk_advisor from {Path(risk_advisor.__file__).parent}, python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f}; CPU times, medians{' (--quick)' if quick else ''}")
    paths = sorted((ROOT / "cases").glob("*.yaml"))
    cases = {p.stem: load_project(p) for p in paths}
    if "cold" in only:
        cold(5 if quick else 21)
    if "diagnose" in only:
        throughput(list(cases.values()), 5 if quick else 40, 300 if quick else 3000)
    if "questions" in only:
        questions(10 if quick else 100)
    if "durable" in only:
        durable(cases, 5 if quick else 40)
    if "rss" in only:
        rss(list(cases.values()), 10_000 if quick else 100_000)


if __name__ == "__main__":
    main()
