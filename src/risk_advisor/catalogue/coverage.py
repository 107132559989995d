"""Which rules encode each workshop item: the catalogue's traceability to its source."""

from __future__ import annotations

from .model import Catalogue, Rule

__all__ = ["coverage"]


def _cited(rule: Rule, cat: Catalogue) -> set[str]:
    """Seed items a rule encodes: cited by the rule, its risk, its remedies or success factors."""
    items = [rule, cat.risks[rule.risk]]
    items += [cat.remedies[r] for r in rule.remedies]
    items += [cat.success_factors[s] for s in rule.success_factors]
    return {s.ref for item in items for s in item.sources if s.kind == "seed"}


def coverage(cat: Catalogue) -> dict[str, list[str]]:
    """Each counted seed item (black, success, testimony) → the IDs of the rules encoding it."""
    out: dict[str, list[str]] = {sid: [] for sid, seed in sorted(cat.seeds.items()) if seed.counted}
    for rule_id in sorted(cat.rules):
        for seed_id in _cited(cat.rules[rule_id], cat):
            if seed_id in out:
                out[seed_id].append(rule_id)
    return out
