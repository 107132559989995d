"""diagnose_many: any iterable in, diagnoses out, in input order, the same whatever ``jobs``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

import risk_advisor
from risk_advisor import Catalogue, ProjectError, diagnose, diagnose_many

TODAY = dt.date(2025, 1, 15)


def projects(n: int) -> Iterator[dict[str, Any]]:
    """A generator, not a list: the runner must not need ``len``."""
    origins = ["citizens", "services", "mixed", None]
    for i in range(n):
        project: dict[str, Any] = {"name": f"Projet {i}", "reference": f"gen:{i}"}
        if origins[i % 4]:
            project["origin"] = origins[i % 4]
        if i % 3:
            project["governance"] = {"technical_lookout": i % 2 == 0, "project_lead_technical": i % 5 == 0}
        yield project


def test_it_is_exported_from_the_package() -> None:
    assert "diagnose_many" in risk_advisor.__all__


def test_one_job_gives_what_diagnose_gives_in_order(small_catalogue: Catalogue) -> None:
    got = list(diagnose_many(projects(12), catalogue=small_catalogue, today=TODAY))
    expected = [diagnose(p, catalogue=small_catalogue, today=TODAY) for p in projects(12)]
    assert got == expected


@pytest.mark.timeout(300)  # known long: two worker processes
def test_two_processes_give_the_same_diagnoses_in_the_same_order(small_catalogue: Catalogue) -> None:
    one = [d.model_dump_json() for d in diagnose_many(projects(150), catalogue=small_catalogue, today=TODAY)]
    two = [
        d.model_dump_json()
        for d in diagnose_many(projects(150), jobs=2, catalogue=small_catalogue, today=TODAY, chunk_size=7)
    ]
    assert two == one
    assert [line.count('"reference":"gen:') for line in two] == [1] * 150


def test_the_input_is_read_lazily(small_catalogue: Catalogue) -> None:
    pulled = 0

    def endless() -> Iterator[dict[str, Any]]:
        nonlocal pulled
        while True:
            pulled += 1
            yield {"name": f"P{pulled}"}

    results = diagnose_many(endless(), catalogue=small_catalogue, today=TODAY)
    assert [next(results).project for _ in range(3)] == ["P1", "P2", "P3"]
    assert pulled == 3


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_bad_project_raises_after_the_earlier_ones(small_catalogue: Catalogue, jobs: int) -> None:
    items: list[Any] = [{"name": "A"}, {"name": "B"}, {"name": "C", "phase": "desing"}, {"name": "D"}]
    seen = []
    with pytest.raises(ProjectError) as caught:
        for d in diagnose_many(items, jobs=jobs, catalogue=small_catalogue, today=TODAY, chunk_size=1):
            seen.append(d.project)
    assert seen == ["A", "B"]
    assert caught.value.problems and caught.value.problems[0].path == "phase"


def test_bad_arguments_fail_at_once(small_catalogue: Catalogue) -> None:
    with pytest.raises(ValueError, match="jobs"):
        diagnose_many([], jobs=0, catalogue=small_catalogue)
    with pytest.raises(risk_advisor.RiskAdvisorError, match="unknown language"):
        diagnose_many([], lang="de", catalogue=small_catalogue)
