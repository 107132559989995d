"""Weighted set cover: the cheapest set of remedies that answers every finding.

:func:`greedy_cover` is the classic greedy algorithm (cheapest cost per newly covered element
first), then drops any choice the others already cover; its cost is at most H(d) times the
optimum, d the size of the largest set (H the harmonic number). :func:`cover` runs an exact
branch-and-bound search seeded with the greedy answer, within a fixed node budget: on every
instance a diagnosis produces in practice it proves the optimum; beyond the budget it returns
the best cover found, marked not exact. Ties are broken by ID, so the answer is deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass

__all__ = ["Cover", "cover", "greedy_bound", "greedy_cover"]

NODE_BUDGET = 20_000  # search nodes; a count, not a time, so that the answer never varies


@dataclass(frozen=True)
class Cover:
    chosen: tuple[str, ...]  # sorted IDs
    cost: int
    exact: bool  # proven optimal


def _cost(chosen: Set[str], weight: Mapping[str, int]) -> int:
    return sum(weight[s] for s in chosen)


def greedy_cover(
    universe: Set[str], sets: Mapping[str, Set[str]], weight: Mapping[str, int]
) -> tuple[str, ...]:
    """Greedy weighted set cover; raises ``ValueError`` when ``sets`` cannot cover ``universe``."""
    uncovered = set(universe)
    chosen: list[str] = []
    while uncovered:
        # weight / count compared as floats is exact enough: equal ratios give equal floats.
        candidates = [
            (weight[s] / len(sets[s] & uncovered), s) for s in sorted(sets) if sets[s] & uncovered
        ]
        if not candidates:
            raise ValueError(f"no set covers {sorted(uncovered)}")
        _, best = min(candidates)
        chosen.append(best)
        uncovered -= sets[best]
    for s in sorted(
        chosen, key=lambda s: (-weight[s], s)
    ):  # drop redundant choices, costliest first
        others = set().union(*(sets[o] for o in chosen if o != s))
        if universe <= others:
            chosen.remove(s)
    return tuple(sorted(chosen))


def greedy_bound(sets: Mapping[str, Set[str]], universe: Set[str]) -> float:
    """H(d): how many times the optimum the greedy cost may reach on this instance."""
    d = max((len(sets[s] & universe) for s in sets), default=1)
    return sum(1 / k for k in range(1, d + 1))


class _OutOfBudget(Exception):
    pass


def cover(
    universe: Set[str],
    sets: Mapping[str, Set[str]],
    weight: Mapping[str, int],
    budget: int = NODE_BUDGET,
) -> Cover:
    """The cheapest cover (fewest sets, then smallest IDs, among equals) within ``budget`` nodes."""
    universe = frozenset(universe)
    useful = {s: frozenset(sets[s]) & universe for s in sorted(sets) if sets[s] & universe}
    greedy = greedy_cover(universe, useful, weight)
    best: list[tuple[int, int, tuple[str, ...]]] = [
        (_cost(set(greedy), weight), len(greedy), greedy)
    ]
    covering = {
        e: sorted(
            (s for s in useful if e in useful[s]), key=lambda s: (weight[s], -len(useful[s]), s)
        )
        for e in sorted(universe)
    }
    nodes = 0

    def search(uncovered: frozenset[str], chosen: tuple[str, ...], cost: int) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > budget:
            raise _OutOfBudget
        if not uncovered:
            candidate = (cost, len(chosen), tuple(sorted(chosen)))
            if candidate < best[0]:
                best[0] = candidate
            return
        # Branch on the element with fewest ways to cover it: one of them must be chosen.
        element = min(uncovered, key=lambda e: (len(covering[e]), e))
        for s in covering[element]:
            rest = uncovered - useful[s]
            if cost + weight[s] + (1 if rest else 0) <= best[0][0]:  # every weight is at least 1
                search(rest, (*chosen, s), cost + weight[s])

    try:
        search(universe, (), 0)
    except _OutOfBudget:
        return Cover(best[0][2], best[0][0], exact=False)
    return Cover(best[0][2], best[0][0], exact=True)
