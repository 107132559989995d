"""The core condition tree: the five node types the engines see, over the fact keys they read.

:func:`~risk_advisor.catalogue.conditions.compile_condition` builds it; list membership, phase
order, ``involves(…)`` and ``risk(…)`` are already comparisons on *derived* fact keys here (see
:mod:`risk_advisor.facts`). The cache stores these trees as plain JSON (:mod:`.plain`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "MAX_NESTING",
    "And",
    "Cmp",
    "CompiledCondition",
    "Cond",
    "Key",
    "Not",
    "Op",
    "Or",
    "Present",
    "Scalar",
]

Scalar = bool | int | float | str
# Levels of parentheses and `not`, together, that a condition may nest (the shipped rules use at
# most 4): the parser refuses deeper ones, and the cache refuses a tree deeper than they give.
MAX_NESTING = 24
Op = Literal["==", "!=", "<", "<=", ">", ">="]


# ---------------------------------------------------------------------------- fact keys


@dataclass(frozen=True, order=True)
class Key:
    """A fact the engines read. ``kind`` says how it is derived from the project.

    - ``trait``: the trait at ``path``; ``rank``: a phase's chronological rank;
    - ``contains``: whether the list trait at ``path`` holds ``arg``; ``count``: its length;
    - ``involves``: whether a stakeholder of role ``path`` is involved (in phase ``arg``);
    - ``risk``: whether the risk ``path`` was found by an earlier stratum.
    """

    kind: Literal["trait", "rank", "contains", "count", "involves", "risk"]
    path: str
    arg: str = ""
    name: str = field(default="", init=False, compare=False)

    def __post_init__(self) -> None:
        # Read on every fact lookup: computed once (the dataclass is frozen, hence __setattr__).
        object.__setattr__(self, "name", self._name())

    def _name(self) -> str:
        """The flat attribute name in a fact (no dots: durable_rules reads dots as nesting)."""
        base = self.path.replace(".", "__").replace("-", "_")
        suffix = {"trait": "", "rank": "__rank", "contains": f"__has__{self.arg}", "count": "__count"}
        if self.kind in suffix:
            return base + suffix[self.kind]
        if self.kind == "involves":
            return f"involves__{base}" + (f"__{self.arg}" if self.arg else "")
        return f"risk__{base}"

    @property
    def label(self) -> str:
        """How an explanation names this fact to a reader."""
        if self.kind == "involves":
            return f"involves({self.path}{', ' + self.arg if self.arg else ''})"
        if self.kind == "risk":
            return f"risk({self.path})"
        return self.path

    @property
    def question_trait(self) -> str:
        """The trait whose answer settles this fact."""
        return "stakeholders" if self.kind == "involves" else self.path


# ---------------------------------------------------------------------------- core tree


@dataclass(frozen=True)
class Cmp:
    key: Key
    op: Op
    value: Scalar


@dataclass(frozen=True)
class Present:
    key: Key
    known: bool


@dataclass(frozen=True)
class And:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Not:
    item: Cond


Cond = Cmp | Present | And | Or | Not


@dataclass(frozen=True)
class CompiledCondition:
    source: str
    tree: Cond
    keys: frozenset[Key]
    risk_refs: frozenset[str]

