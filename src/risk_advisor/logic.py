"""Three-valued (Kleene) meaning of a compiled condition, and its explanations.

``None`` is *unknown*. The plain-Python engine decides with :func:`kleene`; whatever engine
decided, :func:`because` says which facts made a true condition true and :func:`deciding`
which unknown facts would settle an undecided one.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from .catalogue.tree import And, Cmp, Cond, Key, Not, Or, Present, Scalar

__all__ = ["OPERATORS", "because", "deciding", "kleene"]

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def kleene(tree: Cond, facts: Mapping[str, Scalar]) -> bool | None:
    if isinstance(tree, Cmp):
        value = facts.get(tree.key.name)
        return None if value is None else OPERATORS[tree.op](value, tree.value)
    if isinstance(tree, Present):
        return (tree.key.name in facts) == tree.known
    if isinstance(tree, (And, Or)):
        decisive = isinstance(tree, Or)  # the value that settles the whole: True for or, False for and
        result: bool | None = not decisive
        for item in tree.items:
            v = kleene(item, facts)
            if v is decisive:
                return decisive
            if v is None:
                result = None
        return result
    inner = kleene(tree.item, facts)
    return None if inner is None else not inner


def because(tree: Cond, facts: Mapping[str, Scalar], want: bool = True) -> list[Key]:
    """The facts that make ``tree`` evaluate to ``want`` (which it must), in reading order."""
    if isinstance(tree, (Cmp, Present)):
        return [tree.key]
    if isinstance(tree, Not):
        return because(tree.item, facts, not want)
    conjunctive = isinstance(tree, And) == want  # all items count, else the first decisive one
    if conjunctive:
        return [k for item in tree.items for k in because(item, facts, want)]
    for item in tree.items:
        if kleene(item, facts) is want:
            return because(item, facts, want)
    raise ValueError("because() asked for a value the condition does not have")


def deciding(tree: Cond, facts: Mapping[str, Scalar]) -> list[Key]:
    """The unknown facts whose values would decide an undecided ``tree`` (one pass)."""
    value, keys = _unknowns(tree, facts)
    return keys if value is None else []


def _unknowns(tree: Cond, facts: Mapping[str, Scalar]) -> tuple[bool | None, list[Key]]:
    if isinstance(tree, Cmp):
        actual = facts.get(tree.key.name)
        if actual is None:
            return None, [tree.key]
        return OPERATORS[tree.op](actual, tree.value), []
    if isinstance(tree, Present):
        return (tree.key.name in facts) == tree.known, []
    if isinstance(tree, Not):
        value, item_keys = _unknowns(tree.item, facts)
        return (None if value is None else not value), item_keys
    decisive = isinstance(tree, Or)
    keys: list[Key] = []
    unknown = False
    for item in tree.items:
        value, item_keys = _unknowns(item, facts)
        if value is decisive:
            return decisive, []
        if value is None:
            unknown = True
            keys.extend(item_keys)
    return (None if unknown else not decisive), keys
