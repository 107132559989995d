"""Run every rule's own examples, through every engine: no rule ships untested.

A ``triggers`` example must produce a finding for its rule; a ``does_not_trigger`` example
must be decided false (no finding, no open question); an ``undecided`` example must yield an
open question. Compound rules are run on the whole catalogue, so their examples exercise the
rules they depend on too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .catalogue.checks import example_project
from .catalogue.model import Catalogue, Example, Rule
from .inference import get_engine, infer

__all__ = ["EXPECTATIONS", "ExampleResult", "run_examples"]

EXPECTATIONS = {"triggers": "finding", "does_not_trigger": "decided false", "undecided": "open question"}


@dataclass(frozen=True)
class ExampleResult:
    rule_id: str
    group: str  # triggers | does_not_trigger | undecided
    name: str
    engine: str
    outcome: str  # finding | decided false | open question

    @property
    def passed(self) -> bool:
        return self.outcome == EXPECTATIONS[self.group]

    def describe(self) -> str:
        return (
            f"{self.rule_id} [{self.engine}] {self.group} example {self.name!r}: "
            f"expected {EXPECTATIONS[self.group]}, got {self.outcome}"
        )


def _examples(rule: Rule) -> Iterator[tuple[str, Example]]:
    for group in EXPECTATIONS:
        for example in getattr(rule.examples, group):
            yield group, example


def run_examples(
    catalogue: Catalogue, *, engines: Sequence[str] = ("durable", "python"), rule_ids: Sequence[str] | None = None
) -> list[ExampleResult]:
    results = []
    wanted = sorted(rule_ids) if rule_ids is not None else sorted(catalogue.rules)
    seen: set[str] = set()
    for engine_name in engines:
        engine = get_engine(engine_name)
        if engine.name in seen:
            continue  # durable fell back to python here: run the examples once
        seen.add(engine.name)
        for rule_id in wanted:
            rule = catalogue.rules[rule_id]
            for group, example in _examples(rule):
                run = infer(catalogue, example_project(example), engine)
                if rule_id in run.true:
                    outcome = "finding"
                elif rule_id in run.undecided:
                    outcome = "open question"
                else:
                    outcome = "decided false"
                results.append(ExampleResult(rule_id, group, example.name, engine.name, outcome))
    return results
