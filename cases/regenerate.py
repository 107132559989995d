"""Regenerate the expected diagnoses of the worked cases: ``cases/<slug>.expected.json``.

Each expected file is the French diagnosis of ``cases/<slug>.yaml`` by the plain-Python engine
against the shipped catalogue, on a fixed date (2026-01-01) so that acknowledged risks expire
deterministically. ``tests/test_cases.py`` compares each diagnosis with its file byte for byte.

When to run it: after a *reviewed* change to the catalogue (``rules/*.yaml``) or to a case.
The diffs are the point: a changed expected file means the diagnosis of a realistic project
changed. Read each diff before committing — a new finding must make sense for the project, a
lost finding must be a deliberate change — and bump the catalogue version if a rule's meaning
changed (the version is part of every expected file).

    cd /work/main && PYTHONPATH=src python cases/regenerate.py            # rewrite all
    cd /work/main && PYTHONPATH=src python cases/regenerate.py jardin-partage   # only these slugs
    cd /work/main && PYTHONPATH=src python cases/regenerate.py --check    # exit 1 if any is stale
    git diff cases/                                                        # then review

Afterwards run ``pytest tests/test_cases.py``: it also checks that no pink case (``*-rose``)
has a finding at level high or critical and that each black case (``*-noir``) covers every
black-scenario item of its workshop theme.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import risk_advisor

CASES = Path(__file__).resolve().parent
TODAY = dt.date(2026, 1, 1)


def expected_json(case: Path, engine: str = "python") -> str:
    """The diagnosis JSON the test expects for ``case`` (a ``cases/<slug>.yaml`` path)."""
    return risk_advisor.diagnose(case, lang="fr", engine=engine, today=TODAY).to_json()


def case_files(slugs: list[str] | None = None) -> list[Path]:
    files = sorted(CASES.glob("*.yaml"))
    if slugs:
        wanted = {s.removesuffix(".yaml") for s in slugs}
        files = [f for f in files if f.stem in wanted]
        missing = wanted - {f.stem for f in files}
        if missing:
            raise SystemExit(f"unknown case(s): {', '.join(sorted(missing))}")
    return files


def main(argv: list[str]) -> int:
    check = "--check" in argv
    slugs = [a for a in argv if not a.startswith("--")]
    stale = 0
    for case in case_files(slugs):
        target = case.with_name(case.stem + ".expected.json")
        text = expected_json(case)
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old == text:
            continue
        stale += 1
        if check:
            print(f"stale: {target.name}")
        else:
            target.write_text(text, encoding="utf-8")
            print(f"{'updated' if old is not None else 'created'}: {target.name}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
