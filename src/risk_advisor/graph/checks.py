"""Graph checks run when the catalogue loads: every risk answerable, no orphan node.

* every risk has at least one remedy — remedies reach a risk through the rules that reveal
  it, so a risk no rule reveals has none (and is an orphan: no diagnosis can ever find it);
* no orphan remedy — a remedy no rule lists would never reach an action plan;
* every remedy has an owner, and ``leads_to`` links are acyclic: both already hold when these
  checks run (``owner`` is a required field of the rule-file schema, and the loader's cycle
  check reports a ``leads_to`` cycle), so they are not reported twice.

Pure Python: the checks run on every load and must not pay for importing networkx.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..catalogue.model import Catalogue, Remedy, Risk, Rule
from ..errors import Problem

__all__ = ["check_items", "graph_problems"]

Locate = Callable[[str], tuple[str | None, tuple[int, int] | None]]


def graph_problems(cat: Catalogue) -> list[Problem]:
    """The graph problems of a loaded catalogue (located by file, without line numbers)."""
    return _problems(cat.risks, cat.rules, cat.remedies, lambda key: (cat.origins.get(key), None))


def check_items(items: Mapping[str, Mapping[str, Any]], locate: Locate) -> list[Problem]:
    """The loader's entry: the items by section; ``locate("kind:ID")`` → (file, (line, col))."""
    return _problems(items["risks"], items["rules"], items["remedies"], locate)


def _problems(
    risks: Mapping[str, Risk],
    rules: Mapping[str, Rule],
    remedies: Mapping[str, Remedy],
    locate: Locate,
) -> list[Problem]:
    revealed = {rule.risk for rule in rules.values()}
    used = {remedy_id for rule in rules.values() for remedy_id in rule.remedies}
    problems: list[Problem] = []

    def add(key: str, message: str, hint: str) -> None:
        file, pos = locate(key)
        line, column = pos if pos else (None, None)
        problems.append(Problem(message, file=file, line=line, column=column, hint=hint))

    for risk_id in sorted(set(risks) - revealed):
        add(
            f"risk:{risk_id}",
            f"risk:{risk_id} has no remedy: no rule reveals it (an orphan in the catalogue graph)",
            f"add a rule with `risk: {risk_id}` and its remedies, or remove the risk",
        )
    for remedy_id in sorted(set(remedies) - used):
        add(
            f"remedy:{remedy_id}",
            f"remedy:{remedy_id} is an orphan: no rule lists it among its remedies",
            "list it under a rule's `remedies:`, or remove it",
        )
    return problems
