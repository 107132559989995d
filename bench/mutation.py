"""Mutation testing of the modules where a wrong answer is silent; prints the score per module.

Not run by CI (it takes tens of minutes on two cores). For each target below, the repository's
``src``, ``tests``, ``rules`` and ``cases`` are copied to ``.mutation/<target>/`` with a
``[tool.mutmut]`` section that mutates that one module and runs only the tests that exercise it
(mutmut then narrows them down per mutated function), and ``mutmut run`` is started there::

    PYTHONPATH=src python bench/mutation.py               # every target, then the table
    PYTHONPATH=src python bench/mutation.py logic levels  # some targets
    PYTHONPATH=src python bench/mutation.py --report      # the table from the last runs only
    PYTHONPATH=src python bench/mutation.py --survivors logic  # the diff of each survivor
    PYTHONPATH=src python bench/mutation.py --sample 100 conditions  # 100 mutants drawn at random

Score = killed / (killed + survivors): a mutant no selected test reaches ("no tests") counts as
a survivor, a time-out as killed; mutants an interrupted run has not tested yet are shown
apart. The surviving mutants judged equivalent are listed, with the reason, in docs/mutation.md.

Two things keep a mutant from hiding: every test process starts fresh from a fork server that
has imported only third-party libraries (a catalogue compiled by the unmutated code in a parent
process, or kept by ``functools.cache``, would otherwise be inherited), and the on-disk catalogue
cache is off (``RISK_ADVISOR_TESTS_NO_CACHE=1``, which tests/conftest.py turns into
``RISK_ADVISOR_NO_CACHE=1``; the cache key is the same for every mutant).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".mutation"


@dataclass(frozen=True)
class Target:
    """One module to mutate and the fast test selection that should kill its mutants."""

    name: str
    module: str  # path under src/
    tests: tuple[str, ...]  # pytest node IDs or files, relative to the repository
    cache_on: bool = False  # the catalogue cache's own tests need it on (they give it their own folders)


# test_engines.py minus the eight-thread soak test (over a minute on a loaded machine).
ENGINES = (
    "tests/test_engines.py::TestDifferential",
    "tests/test_engines.py::TestThreeValuedDiagnosis",
    "tests/test_engines.py::TestEngineChoice",
    "tests/test_engines.py::TestIsolation::test_thousands_of_sessions_in_a_row_never_exhaust_durable",
    "tests/test_engines.py::test_compiled_closures_mean_what_the_tree_means",
)
TARGETS = (
    Target("logic", "risk_advisor/logic.py",
           ("tests/test_logic.py", "tests/test_conditions.py", "tests/test_engines.py::TestThreeValuedDiagnosis")),
    Target("conditions", "risk_advisor/catalogue/conditions.py",
           ("tests/test_conditions.py", "tests/test_mutation_kills_conditions.py",
            "tests/test_catalogue_loading.py")),
    Target("tree", "risk_advisor/catalogue/tree.py",
           ("tests/test_mutation_kills_tree.py", "tests/test_conditions.py", "tests/test_mutation_kills_conditions.py",
            "tests/test_logic.py", *ENGINES)),
    Target("engine-python", "risk_advisor/engines/python.py",
           ("tests/test_mutation_kills_tree.py", *ENGINES,
            "tests/test_engines.py::test_compiled_closures_mean_what_the_tree_means",
            "tests/test_engines.py::test_the_python_engine_skips_only_rules_a_false_guard_makes_false",
            "tests/test_engines.py::test_rules_are_grouped_under_the_item_most_of_them_share")),
    Target("engine-durable", "risk_advisor/engines/durable.py", ("tests/test_mutation_kills_durable.py", *ENGINES)),
    Target("diagnose", "risk_advisor/diagnose.py",
           ("tests/test_acknowledgements.py", "tests/test_mutation_kills_diagnose.py",
            "tests/test_engines.py::TestThreeValuedDiagnosis", "tests/test_cases.py",
            "tests/test_speed_shortcuts.py")),
    Target("levels", "risk_advisor/model/vocabulary.py", ("tests/test_levels.py",)),
    Target("yaml", "risk_advisor/_yaml.py",
           ("tests/test_mutation_kills_yaml.py", "tests/test_loading.py", "tests/test_loading_limits.py")),
    Target("loading", "risk_advisor/loading.py",
           ("tests/test_mutation_kills_loading.py", "tests/test_loading.py", "tests/test_loading_limits.py",
            "tests/test_cli_validate.py")),
    Target("csv", "risk_advisor/report/csv_register.py",
           ("tests/test_mutation_kills_csv.py", "tests/test_report_csv.py")),
    Target("html", "risk_advisor/report/html.py",
           ("tests/test_html_escaping.py", "tests/test_report_formats.py", "tests/test_golden.py")),
    Target("cache", "risk_advisor/catalogue/cache.py",
           ("tests/test_catalogue_cache.py", "tests/test_mutation_kills_cache.py",
            "tests/test_catalogue_cache_read.py"), cache_on=True),
)
BY_NAME = {t.name: t for t in TARGETS}

# Imported once by the fork server: third-party only, never risk_advisor (see the docstring).
# Not hypothesis: it is a pytest plugin, which pytest wants to import itself (to rewrite its asserts).
PRELOAD = ("pytest", "pydantic", "yaml", "jinja2", "networkx", "click", "jsonschema", "durable.lang")

FILE_LIMIT = 256 * 2**20  # bytes per file written
MEMORY_LIMIT = 4 * 2**30  # bytes of address space per process

# mutmut's own classification of a worker's exit code (mutmut/stats.py), except 255: mutmut
# calls it a time-out, but it is also what a worker exits with when pytest itself crashed.
KILLED = {1, 3, 36, 37, -24, 24, 152}
SURVIVED = {0, 5, 33}
SKIPPED = {34}


def _config(target: Target) -> str:
    tests = [t for t in target.tests if (ROOT / t.split("::")[0]).exists()]
    lines = [
        "",
        "[tool.mutmut]",
        'source_paths = ["src"]',
        'also_copy = ["rules", "cases"]',  # the built-in catalogue is found beside src/
        f"only_mutate = {json.dumps(['src/' + target.module])}",
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        # the project's addopts and per-test timeout stay; no cache between runs
        'pytest_add_cli_args = ["-p", "no:cacheprovider"]',
        'process_isolation = "forkserver"',
        'forkserver_warmup = "import"',
        'preload_modules_file = "preload.txt"',
        "timeout_multiplier = 10.0",
        "timeout_constant = 5.0",
        "use_git_change_detection = false",
    ]
    return "\n".join(lines) + "\n"


def prepare(target: Target) -> Path:
    """A fresh copy of the repository for ``target``, configured for mutmut."""
    where = WORK / target.name
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    (where / "home").mkdir()  # the test processes' HOME (see _environment)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for part in ("src", "tests", "rules", "cases"):
        shutil.copytree(ROOT / part, where / part, ignore=ignore)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (where / "pyproject.toml").write_text(pyproject + _config(target), encoding="utf-8")
    (where / "preload.txt").write_text("\n".join(PRELOAD) + "\n", encoding="utf-8")
    return where


def _environment(target: Target) -> dict[str, str]:
    """The test processes' environment: no inherited cache folder, and no cache at all unless needed.

    ``HOME`` and ``XDG_CACHE_HOME`` point into the target's copy: a mutant that ignores
    ``RISK_ADVISOR_CACHE_DIR`` then writes its cache there, never in the user's ``~/.cache``.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "RISK_ADVISOR_CACHE_DIR", "RISK_ADVISOR_NO_CACHE", "RISK_ADVISOR_TESTS_NO_CACHE")}
    home = WORK / target.name / "home"
    env["HOME"] = str(home)
    env["XDG_CACHE_HOME"] = str(home / ".cache")
    if not target.cache_on:
        # tests/conftest.py clears RISK_ADVISOR_NO_CACHE (the suite runs the cache as users do)
        # and turns the cache off on this one's word
        env["RISK_ADVISOR_TESTS_NO_CACHE"] = "1"
    return env


def _limits() -> None:
    """A mutant must not fill the disk or the memory of a shared machine: cap both."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


_GENERATE = (
    "import os; os.makedirs('mutants', exist_ok=True)\n"
    "from mutmut.__main__ import create_mutants\n"
    "from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir\n"
    "copy_src_dir(); copy_also_copy_files(); create_mutants(1)\n"
)


def _names(where: Path, target: Target, env: dict[str, str]) -> list[str]:
    """Generate ``target``'s mutants without testing them; their names."""
    subprocess.run([sys.executable, "-c", _GENERATE], cwd=where, env=env, capture_output=True, check=True)
    meta = where / "mutants" / "src" / f"{target.module}.meta"
    return sorted(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])


def run(target: Target, jobs: int, sample: int | None = None) -> int:
    """Run mutmut for ``target`` (on ``sample`` mutants drawn at random, if given); log in ``.mutation/``."""
    where = prepare(target)
    env = _environment(target)
    chosen: list[str] = []
    if sample is not None:
        names = _names(where, target, env)
        chosen = sorted(random.Random(16).sample(names, min(sample, len(names))))  # the same draw each time
    log = WORK / f"{target.name}.log"
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), *chosen],
            cwd=where, env=env, stdout=out, stderr=subprocess.STDOUT, check=False, preexec_fn=_limits,
        )
    return done.returncode


CRASHED = 255  # what mutmut records when a worker raised instead of returning pytest's exit code
# A worker killed by SIGSEGV or SIGABRT: durable_rules' C code, fed a mutant's ruleset, crashed it.
SIGNALLED = {-11, -6}


def recheck_crashes(target: Target) -> None:
    """Re-run each mutant whose worker crashed (exit 255) or was killed by SIGSEGV or SIGABRT in a
    plain pytest process.

    A crash usually means the mutant breaks the import of the package (pytest then stops with a
    usage error, which mutmut's worker turns into an exception); a segfault or an abort, that the
    mutant fed durable_rules a ruleset its C code does not survive: either way the tests fail, so
    it is killed. But a broken test set-up would crash every worker the same way, so each one
    is checked here, and only a failing pytest run counts as a kill (``rechecked.json``).
    """
    where = WORK / target.name
    meta = where / "mutants" / "src" / f"{target.module}.meta"
    if not meta.exists():
        return
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    tests = [t for t in target.tests if (where / "mutants" / t.split("::")[0]).exists()]
    env = _environment(target)
    env["PYTHONPATH"] = str(where / "mutants" / "src")
    rechecked: dict[str, int] = {}
    for name, code in sorted(codes.items()):
        if code == CRASHED or code in SIGNALLED:
            env["MUTANT_UNDER_TEST"] = name
            done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                                  cwd=where / "mutants", env=env, capture_output=True, check=False,
                                  preexec_fn=_limits)
            rechecked[name] = done.returncode
    (where / "rechecked.json").write_text(json.dumps(rechecked, indent=1), encoding="utf-8")


def _codes(target: Target) -> dict[str, int | None] | None:
    """Each mutant's exit code, crashes replaced by their re-checked pytest exit code."""
    where = WORK / target.name
    meta = where / "mutants" / "src" / f"{target.module}.meta"
    if not meta.exists():
        return None
    codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    rechecked = where / "rechecked.json"
    if rechecked.exists():
        # pytest's exit code: 1 tests failed, 2 collection errors, 3 internal error, 4 usage error
        # (all kills); 0 all passed, 5 nothing collected (survivors)
        for name, returncode in json.loads(rechecked.read_text(encoding="utf-8")).items():
            codes[name] = 0 if returncode in (0, 5) else 1
    return codes


def counts(target: Target) -> dict[str, int] | None:
    """Killed / survived / skipped / pending / total for ``target``'s last run, None if it never ran."""
    codes = _codes(target)
    if codes is None:
        return None
    result = {"killed": 0, "survived": 0, "skipped": 0, "pending": 0, "total": len(codes)}
    for code in codes.values():
        if code is None:
            result["pending"] += 1  # an interrupted run: not tested yet
        elif code in KILLED:
            result["killed"] += 1
        elif code in SKIPPED:
            result["skipped"] += 1
        else:
            result["survived"] += 1  # survived, no test reached it, suspicious, crashed
    return result


def survivors(target: Target) -> list[str]:
    """The names of ``target``'s surviving mutants in its last run."""
    codes = _codes(target) or {}
    return sorted(name for name, code in codes.items() if code is not None and code not in KILLED | SKIPPED)


def report(targets: list[Target]) -> None:
    """Print the score table: killed / (tested - skipped), and how many are still untested."""
    print(f"{'target':<15} {'module':<38} {'killed':>6} {'surv.':>5} {'untested':>8} {'total':>5} {'score':>6}")
    for target in targets:
        c = counts(target)
        if c is None:
            print(f"{target.name:<15} {target.module:<38} {'(not run)':>34}")
            continue
        scored = c["killed"] + c["survived"]
        score = f"{100 * c['killed'] / scored:.1f}%" if scored else "-"
        print(f"{target.name:<15} {target.module:<38} {c['killed']:>6} {c['survived']:>5} {c['pending']:>8} "
              f"{c['total']:>5} {score:>6}")


def show_survivors(target: Target) -> None:
    """Print the diff of each surviving mutant of ``target``."""
    where = WORK / target.name
    for name in survivors(target):
        shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=where,
                               capture_output=True, text=True, check=False)
        print(shown.stdout)


def main(argv: list[str] | None = None) -> int:
    """Command line: run the named targets (all by default), then print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*", help=f"targets to run (default: all): {', '.join(BY_NAME)}")
    parser.add_argument("--report", action="store_true", help="only print the table of the last runs")
    parser.add_argument("--survivors", action="store_true", help="print the surviving mutants' diffs")
    parser.add_argument("--recheck", action="store_true", help="re-check the crashed mutants of the last runs")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default: 2)")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="test only N mutants per module, drawn at random (a quicker estimate)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.targets if n not in BY_NAME]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}: choose among {', '.join(BY_NAME)}")
    targets = [BY_NAME[n] for n in args.targets] or list(TARGETS)
    if args.recheck:
        for target in targets:
            recheck_crashes(target)
        report(targets)
        return 0
    if args.survivors:
        for target in targets:
            show_survivors(target)
        return 0
    if not args.report:
        for target in targets:
            code = run(target, args.jobs, args.sample)
            recheck_crashes(target)
            print(f"{target.name}: mutmut exited {code} (log: {WORK / target.name}.log)", flush=True)
    report(targets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
