"""Random project descriptions read off the project model, for differential tests and benchmarks.

Every trait is independently left unknown with probability ``unknown``; otherwise it gets a
value of its type drawn near the thresholds rules use. Driven by a ``random.Random`` so that
hypothesis (``st.randoms()``) and the benchmark (a seeded generator) share one definition.
"""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from pydantic import ValidationError

from risk_advisor.catalogue.traits import traits
from risk_advisor.model.project import Project
from risk_advisor.model.vocabulary import Phase, Role

_NUMBERS = {
    "int": [
        0, 1, 2, 3, 5, 12, 19, 20, 24, 27, 36, 50, 57, 99, 100, 200, 1_000, 1996, 2014, 2021, 2025,
        49_999, 50_000, 300_000, 1_000_000, 1_900_001, 5_000_000,
    ],
    "float": [0.0, 0.3, 0.67, 1.0, 5.0, 19.9, 20.0, 35.5, 50.0, 60.0, 99.99],
}


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        doc = doc.setdefault(part, {})
    doc[leaf] = value


@cache
def _numbers(path: str, kind: str) -> tuple[Any, ...]:
    """The candidate numbers the model accepts for ``path`` (bounds differ per trait)."""
    valid = []
    for value in _NUMBERS[kind]:
        doc: dict[str, Any] = {"name": "probe"}
        _set(doc, path, value)
        try:
            Project.model_validate(doc)
        except ValidationError:
            continue
        valid.append(value)
    return tuple(valid)


def random_project(rng: random.Random, unknown: float = 0.5, name: str = "generated") -> dict[str, Any]:
    """A valid project description as a dict (validate it with ``Project.model_validate``)."""
    doc: dict[str, Any] = {"name": name}
    for path, trait in sorted(traits().items()):
        if trait.type == "text" or rng.random() < unknown:
            continue
        if trait.type == "bool":
            value: Any = rng.random() < 0.5
        elif trait.type in ("int", "float"):
            value = rng.choice(_numbers(path, trait.type))
        elif trait.type == "enum":
            value = rng.choice(trait.values)
        else:
            value = sorted(set(rng.sample(trait.values, rng.randint(0, min(3, len(trait.values))))))
        _set(doc, path, value)
    if rng.random() >= unknown:
        phases = [p.value for p in Phase]
        doc["stakeholders"] = [
            {"role": rng.choice([r.value for r in Role])}
            | ({} if rng.random() < 0.3 else {"phases": sorted(set(rng.sample(phases, rng.randint(0, 3))))})
            for _ in range(rng.randint(0, 6))
        ]
    return doc
