"""The checks across items of a catalogue, once every rule file is read.

Every reference resolves (risks, remedies, success factors, seed items), every condition
compiles and fits durable_rules, every example is a valid project, and neither compound rules
nor causal links form a cycle or a chain longer than :data:`MAX_CHAIN` (walked with explicit
stacks: no chain length can exhaust Python's). Each problem is collected with its file, line
and a fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from ..engines.durable import MAX_EXPRESSIONS, oversized
from ..model.project import Project
from ._problems import Collector, Where, explain
from .conditions import ConditionError, compile_condition
from .model import Example, Rule
from .tree import CompiledCondition

__all__ = ["MAX_CHAIN", "Collector", "Where", "check", "example_project", "explain", "longest_chain"]

MAX_CHAIN = 32  # links in a `leads_to` chain, or rules in a chain of `risk(…)`; shipped: 5 and 2


def check(
    items: dict[str, dict[str, Any]],
    where: dict[str, Where],
    out: Collector,
) -> dict[str, CompiledCondition]:
    risks, rules = items["risks"], items["rules"]
    remedies, factors, seeds = items["remedies"], items["success_factors"], items["seeds"]

    def ref(kind: str, owner_key: str, ids: Iterable[str], pool: dict[str, Any], what: str) -> None:
        file, pos = where[owner_key].at()
        for item_id in ids:
            if item_id not in pool:
                close = difflib.get_close_matches(item_id, list(pool), n=1)
                hint = f"did you mean `{close[0]}`?" if close else f"define it under `{kind}:` in a rule file"
                out.add(f"{owner_key} refers to unknown {what} {item_id!r}", file, pos, hint=hint)

    def sources(owner_key: str, item: Any) -> None:
        ref("seeds", owner_key, [s.ref for s in item.sources if s.kind == "seed"], seeds, "seed item")

    compiled: dict[str, CompiledCondition] = {}
    for rule in rules.values():
        key = f"rule:{rule.id}"
        ref("risks", key, [rule.risk], risks, "risk")
        ref("remedies", key, rule.remedies, remedies, "remedy")
        ref("success_factors", key, rule.success_factors, factors, "success factor")
        sources(key, rule)
        file, pos = where[key].at("when")
        try:
            compiled[rule.id] = condition = compile_condition(rule.when)
        except ConditionError as exc:
            col = f" at column {exc.column} of the condition" if exc.column else ""
            out.add(f"{key}: `when` {exc.message}{col}", file, pos, hint=exc.hint)
            continue
        ref("risks", key, sorted(condition.risk_refs), risks, "risk in risk(…)")
        if (size := oversized(condition.tree)) > MAX_EXPRESSIONS:
            out.add(
                f"{key}: `when` is too complex for durable_rules ({size} expressions, at most {MAX_EXPRESSIONS})",
                file,
                pos,
                hint="split it into two rules revealing the same risk, or simplify `in [...]` lists",
            )
        _check_examples(rule, file, pos, out)
    for risk in risks.values():
        ref("risks", f"risk:{risk.id}", risk.leads_to, risks, "risk in leads_to")
        sources(f"risk:{risk.id}", risk)
    for remedy in remedies.values():
        sources(f"remedy:{remedy.id}", remedy)
    for factor in factors.values():
        ref("risks", f"success factor:{factor.id}", factor.prevents, risks, "risk in prevents")
        sources(f"success factor:{factor.id}", factor)
    _check_cycles(rules, compiled, risks, where, out)
    return compiled


def _check_examples(rule: Rule, file: str, pos: tuple[int, int] | None, out: Collector) -> None:
    groups: dict[str, tuple[Example, ...]] = {
        "triggers": rule.examples.triggers,
        "does_not_trigger": rule.examples.does_not_trigger,
        "undecided": rule.examples.undecided,
    }
    for group, examples in groups.items():
        for example in examples:
            try:
                example_project(example)
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(p) for p in first["loc"])
                out.add(
                    f"rule:{rule.id} example {example.name!r} ({group}) is not a valid project: "
                    f"{explain(first)} at `{loc}`",
                    file,
                    pos,
                )


def example_project(example: Example) -> Project:
    """The project a rule's example describes, validated."""
    return Project.model_validate({"name": example.name, **example.project})


def _check_cycles(
    rules: dict[str, Rule],
    compiled: dict[str, CompiledCondition],
    risks: dict[str, Any],
    where: dict[str, Where],
    out: Collector,
) -> None:
    revealing: dict[str, list[str]] = {}
    for rule in rules.values():
        revealing.setdefault(rule.risk, []).append(rule.id)
    for rule_id, cond in compiled.items():
        for risk_id in sorted(cond.risk_refs):
            if risk_id in risks and risk_id not in revealing:
                file, pos = where[f"rule:{rule_id}"].at("when")
                out.add(f"rule:{rule_id} uses risk({risk_id}), which no rule reveals", file, pos)
    depends = {
        rid: sorted({r for risk in c.risk_refs for r in revealing.get(risk, [])}) for rid, c in compiled.items()
    }
    cycle = _find_cycle(depends)
    if cycle:
        file, pos = where[f"rule:{cycle[0]}"].at("when")
        out.add(
            "compound rules form a cycle: " + " → ".join(cycle),
            file,
            pos,
            hint="a rule cannot depend, through risk(…), on a risk it reveals itself",
        )
    elif chain := _too_long(depends):
        file, pos = where[f"rule:{chain[0]}"].at("when")
        out.add(
            f"compound rules chain {len(chain)} rules through risk(…) ({_ends(chain)}), at most {MAX_CHAIN}",
            file,
            pos,
            hint="let the rule name the base risks' traits directly instead of chaining risk(…)",
        )
    leads = {rid: sorted(r.leads_to) for rid, r in risks.items()}
    cycle = _find_cycle(leads)
    if cycle:
        file, pos = where[f"risk:{cycle[0]}"].at("leads_to")
        out.add("`leads_to` links form a cycle: " + " → ".join(cycle), file, pos, hint="causal links must be acyclic")
    elif chain := _too_long(leads):
        file, pos = where[f"risk:{chain[0]}"].at("leads_to")
        out.add(
            f"`leads_to` links chain {len(chain)} risks ({_ends(chain)}), at most {MAX_CHAIN}",
            file,
            pos,
            hint="link each risk to its direct consequences only",
        )


def _ends(chain: list[str]) -> str:
    return " → ".join(chain) if len(chain) <= 4 else f"{chain[0]} → {chain[1]} → … → {chain[-1]}"


def _too_long(edges: dict[str, list[str]]) -> list[str] | None:
    chain = longest_chain(edges)
    return chain if len(chain) > MAX_CHAIN else None


def longest_chain(edges: dict[str, list[str]]) -> list[str]:
    """The longest path of the acyclic graph ``edges`` (the first in sorted order among equals)."""
    length: dict[str, int] = {}
    after: dict[str, str] = {}
    for root in sorted(edges):
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if node in length:
                continue
            targets = edges.get(node, [])
            if not expanded:
                stack.append((node, True))
                stack.extend((t, False) for t in reversed(targets) if t not in length)
                continue
            best = max(targets, key=lambda t: length.get(t, 0), default=None)  # first of the longest
            length[node] = 1 + (length.get(best, 0) if best is not None else 0)
            if best is not None:
                after[node] = best
    if not length:
        return []
    chain = [max(sorted(length), key=lambda n: length[n])]
    while chain[-1] in after:
        chain.append(after[chain[-1]])
    return chain


def _find_cycle(edges: dict[str, list[str]]) -> list[str] | None:
    """A cycle of ``edges`` as a path that returns to its start, or ``None``; an explicit stack,
    so that no chain length exhausts Python's."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(edges):
        if root in state:
            continue
        path: list[str] = [root]
        pending = [iter(edges.get(root, []))]
        state[root] = 1
        while pending:
            nxt = next(pending[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                pending.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                pending.append(iter(edges.get(nxt, [])))
    return None
