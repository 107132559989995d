"""The facts: each key the conditions read, derived from the project as the key says.

The builder reads a block's fields at once and stores the plain ones in one step; this holds
it, key by key and type by type, to the definition written out the long way.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from risk_advisor import Catalogue, Project, load_catalogue
from risk_advisor.catalogue.tree import Key
from risk_advisor.facts import FactBuilder, normalise, trait_value
from risk_advisor.model.vocabulary import Phase

from .generators import random_project

_UNKNOWN = object()


def by_definition(key: Key, project: Project) -> Any:
    """What ``key`` says of ``project``, written out plainly; ``_UNKNOWN`` when it is unknown."""
    if key.kind == "involves":
        if project.stakeholders is None:
            return _UNKNOWN
        matching = [s for s in project.stakeholders if s.role.value == key.path]
        if not key.arg:
            return bool(matching)
        if any(s.phases is not None and key.arg in [p.value for p in s.phases] for s in matching):
            return True
        return _UNKNOWN if any(s.phases is None for s in matching) else False
    raw = trait_value(project, key.path)
    if raw is None:
        return _UNKNOWN
    if key.kind == "trait":
        return normalise(raw)
    if key.kind == "rank":
        return Phase(raw).rank
    if key.kind == "count":
        return len(raw)
    assert key.kind == "contains"
    return key.arg in [v.value for v in raw]


@pytest.fixture(scope="module")
def builtin() -> Catalogue:
    return load_catalogue()


def test_every_fact_is_its_key_derived_from_the_project(builtin: Catalogue) -> None:
    keys = sorted(k for k in builtin.program.keys if k.kind != "risk")
    builder = FactBuilder(keys)
    rng = random.Random(23)
    kinds_seen: set[str] = set()
    for i in range(300):
        project = Project.model_validate(random_project(rng, unknown=rng.choice([0.0, 0.3, 0.7, 1.0]), name=f"p{i}"))
        facts = builder.build(project)
        expected = {k.name: v for k in keys if (v := by_definition(k, project)) is not _UNKNOWN}
        assert facts == expected, project.name
        # equal is not enough: True, 1 and 1.0 are equal, and durable_rules tells them apart
        assert {n: type(v) for n, v in facts.items()} == {n: type(v) for n, v in expected.items()}, project.name
        kinds_seen.update(k.kind for k in keys if k.name in facts)
    assert kinds_seen == {k.kind for k in keys}  # every kind of key the catalogue reads was exercised
