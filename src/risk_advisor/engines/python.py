"""The reference engine: the compiled conditions evaluated in plain Python (Kleene logic).

It is the oracle the tests hold durable_rules to, the engine for Python 3.13+ where
durable_rules does not import, and the fastest. Each condition tree is turned once into
nested closures with the same meaning as :func:`risk_advisor.logic.kleene` (a test checks
they agree): no tree walking, no ``eval``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..catalogue.tree import And, Cmp, Cond, Not, Or, Present, Scalar
from ..logic import OPERATORS
from .interface import CompiledRule, Program, Verdicts

__all__ = ["PythonEngine", "compile_tree"]

Eval = Callable[[Mapping[str, Scalar]], "bool | None"]


def compile_tree(tree: Cond) -> Eval:
    """A function of the facts giving ``True``, ``False`` or ``None`` (unknown)."""
    if isinstance(tree, Cmp):
        name, value, op = tree.key.name, tree.value, OPERATORS[tree.op]

        def cmp(facts: Mapping[str, Scalar]) -> bool | None:
            actual = facts.get(name)
            return None if actual is None else op(actual, value)

        return cmp
    if isinstance(tree, Present):
        name, known = tree.key.name, tree.known
        return lambda facts: (name in facts) is known
    if isinstance(tree, Not):
        inner = compile_tree(tree.item)

        def negate(facts: Mapping[str, Scalar]) -> bool | None:
            v = inner(facts)
            return None if v is None else not v

        return negate
    # The comparisons among the items, negated or not, and the known/unknown tests are tested
    # inline rather than through a closure each: a call per leaf was most of the engine's time.
    # Kleene and/or do not depend on the items' order (the result is the decisive value if any
    # item has it, else unknown if any item is unknown), so testing the leaves first changes no
    # verdict.
    leaves: list[tuple[str, Callable[[Any, Any], bool], Scalar, bool]] = []  # name, op, value, negated
    presents: list[tuple[str, bool]] = []
    items: list[Eval] = []
    for item in tree.items:
        if isinstance(item, Cmp):
            leaves.append((item.key.name, OPERATORS[item.op], item.value, False))
        elif isinstance(item, Not) and isinstance(item.item, Cmp):
            leaves.append((item.item.key.name, OPERATORS[item.item.op], item.item.value, True))
        elif isinstance(item, Present):
            presents.append((item.key.name, item.known))
        else:
            items.append(compile_tree(item))
    decisive = isinstance(tree, Or)  # the value that settles the whole: True for or, False for and

    def junction(facts: Mapping[str, Scalar]) -> bool | None:
        result: bool | None = not decisive
        for name, op, value, negated in leaves:
            actual = facts.get(name)
            if actual is None:
                result = None
            elif (op(actual, value) != negated) is decisive:  # != on two bools: negated → not
                return decisive
        for name, known in presents:
            if ((name in facts) is known) is decisive:
                return decisive
        for evaluate in items:
            v = evaluate(facts)
            if v is decisive:
                return decisive
            if v is None:
                result = None
        return result

    return junction


_Group = tuple["Eval | None", tuple[tuple[str, Eval], ...]]  # a guard (or none), the rules it guards


@dataclass(frozen=True)
class _Session:
    # Per stratum, the rules grouped by a shared guard: an item of each rule's top-level "and"
    # (a test of the project's kind, "phase is unknown or phase <= works"…). A guard false for
    # the facts makes every rule of its group false (false and anything is false, in Kleene
    # logic too), so they are not evaluated: most rules open with the same few tests.
    strata: tuple[tuple[_Group, ...], ...]

    def evaluate(self, stratum: int, facts: Mapping[str, Scalar]) -> Verdicts:
        verdicts: Verdicts = {}
        for guard, rules in self.strata[stratum]:
            if guard is not None and guard(facts) is False:
                continue
            for rule_id, evaluate in rules:
                verdict = evaluate(facts)
                if verdict is not False:
                    verdicts[rule_id] = verdict is True
        return verdicts


def grouping(rules: Sequence[CompiledRule]) -> dict[Cond | None, list[CompiledRule]]:
    """``rules`` grouped by their guard (see :class:`_Session`), each rule once, in order.

    A rule's guard is the item of its top-level "and" that the most rules share — a plain
    comparison first (mostly of the project's kind: the most telling), the first of equals —
    provided another rule shares it; ``None`` otherwise.
    """

    def items(rule: CompiledRule) -> tuple[Cond, ...]:
        return rule.tree.items if isinstance(rule.tree, And) else ()

    shared = Counter(item for rule in rules for item in set(items(rule)))  # trees compare by value
    groups: dict[Cond | None, list[CompiledRule]] = {}
    for rule in rules:
        best = max((i for i in items(rule) if shared[i] > 1), key=lambda i: (isinstance(i, Cmp), shared[i]),
                   default=None)
        groups.setdefault(best, []).append(rule)
    return groups


def _guards(rules: Sequence[CompiledRule]) -> tuple[_Group, ...]:
    return tuple(
        (None if guard is None else compile_tree(guard), tuple((r.id, compile_tree(r.tree)) for r in members))
        for guard, members in grouping(rules).items()
    )


class PythonEngine:
    name = "python"

    def __init__(self) -> None:
        self._compiled: dict[str, _Session] = {}

    @contextmanager
    def session(self, program: Program) -> Iterator[_Session]:
        session = self._compiled.get(program.name)
        if session is None:
            strata = tuple(_guards(stratum) for stratum in program.strata)
            session = self._compiled[program.name] = _Session(strata)
        yield session  # stateless: nothing of one diagnosis survives into the next
