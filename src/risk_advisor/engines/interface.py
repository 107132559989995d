"""What an inference engine does, whatever it is built on.

The catalogue is compiled once into a :class:`Program`: its rules in *strata*, stratum 0
holding rules over project traits only and stratum k rules that name risks revealed in lower
strata. An engine evaluates one stratum at a time on a flat fact dict and says, per rule,
whether its condition is **true** (a finding) or **undecided** (an open question); a rule it
does not mention was decided false. The driver (:mod:`risk_advisor.inference`) feeds the
risks found by one stratum to the next as ``risk__…`` facts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from ..catalogue.tree import Cond, Key, Scalar

__all__ = ["CompiledRule", "Engine", "Program", "Session", "Verdicts"]

Verdicts = dict[str, bool]  # rule ID → True (condition true) / False (undecided)


@dataclass(frozen=True)
class CompiledRule:
    id: str
    risk: str
    tree: Cond
    keys: frozenset[Key]
    stratum: int


@dataclass(frozen=True)
class Program:
    """A compiled catalogue; ``name`` identifies it (a digest of its rules)."""

    name: str
    strata: tuple[tuple[CompiledRule, ...], ...]

    @property
    def keys(self) -> frozenset[Key]:
        return frozenset(k for stratum in self.strata for r in stratum for k in r.keys)

    @cached_property
    def by_id(self) -> dict[str, CompiledRule]:
        return {r.id: r for r in self.rules()}

    def rules(self) -> Iterator[CompiledRule]:
        for stratum in self.strata:
            yield from stratum


class Session(Protocol):
    def evaluate(self, stratum: int, facts: Mapping[str, Scalar]) -> Verdicts: ...


class Engine(Protocol):
    name: str

    def session(self, program: Program) -> AbstractContextManager[Session]:
        """A fresh, isolated session for one diagnosis; its state is gone on exit."""
        ...
