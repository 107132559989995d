"""The reference engine: the compiled conditions evaluated in plain Python (Kleene logic).

It is the oracle the tests hold durable_rules to, the engine for Python 3.13+ where
durable_rules does not import, and the fastest.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from ..catalogue.conditions import Scalar
from ..logic import kleene
from .interface import Program, Verdicts

__all__ = ["PythonEngine"]


@dataclass(frozen=True)
class _Session:
    program: Program

    def evaluate(self, stratum: int, facts: Mapping[str, Scalar]) -> Verdicts:
        verdicts: Verdicts = {}
        for rule in self.program.strata[stratum]:
            value = kleene(rule.tree, facts)
            if value is not False:
                verdicts[rule.id] = value is True
        return verdicts


class PythonEngine:
    name = "python"

    @contextmanager
    def session(self, program: Program) -> Iterator[_Session]:
        yield _Session(program)  # stateless: nothing survives the diagnosis
