"""Golden files for two shipped cases: every report format, both languages, byte for byte.

``tests/test_golden.py`` pins the report code on small projects and the small catalogue; this
pins what a project lead actually receives for a black case (``portail-familles-noir``) and a
mixed one (``bp-rennes-faisabilite``) with the shipped catalogue. These move when the
catalogue changes: after a reviewed change, regenerate and read the diff::

    PYTHONPATH=src python -m tests.test_golden_cases
    git diff tests/golden/cases
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from risk_advisor import Diagnosis, diagnose

from .test_golden import OUTPUTS

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "cases"
CASES = ("portail-familles-noir", "bp-rennes-faisabilite")
LANGS = ("fr", "en")
TODAY = dt.date(2026, 1, 1)  # the date the cases' expected diagnoses are written for
TOOL_VERSION = "0.0.0-golden"


@cache
def _diagnosis(case: str, lang: str) -> Diagnosis:
    d = diagnose(ROOT / "cases" / f"{case}.yaml", engine="python", lang=lang, today=TODAY)
    return d.model_copy(update={"tool_version": TOOL_VERSION})


def _expected() -> dict[Path, bytes]:
    return {
        GOLDEN / f"{case}.{lang}.{suffix}": make(_diagnosis(case, lang)).encode("utf-8")
        for case in CASES
        for lang in LANGS
        for suffix, make in OUTPUTS.items()
    }


def regenerate() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    expected = _expected()
    for stale in set(GOLDEN.glob("*.*.*")) - set(expected):
        stale.unlink()
    for path, data in expected.items():
        path.write_bytes(data)
    print(f"wrote {len(expected)} golden files in {GOLDEN}")


@pytest.mark.parametrize("name", sorted(p.name for p in _expected()))
def test_shipped_case_report_matches_its_reviewed_golden_file(name: str) -> None:
    path = GOLDEN / name
    assert path.exists(), f"missing golden {name}: run `PYTHONPATH=src python -m tests.test_golden_cases`"
    actual = _expected()[path].decode("utf-8")
    assert actual == path.read_bytes().decode("utf-8"), (
        f"{name} changed: if intended, run `PYTHONPATH=src python -m tests.test_golden_cases` and review the diff"
    )


if __name__ == "__main__":
    regenerate()
