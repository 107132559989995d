"""Project → facts: the flat, typed key/value view of a project that both engines read.

Only the keys the catalogue's conditions name are built. An unknown trait has **no key** at all
(never ``None`` or ``False``): absence is how both engines see "unknown". Values are normalised
so that durable_rules and Python compare them alike (no exponent floats, booleans stay
booleans, enums become their string value).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from operator import attrgetter
from typing import Any

from .catalogue.tree import Key, Scalar
from .model.project import Project
from .model.vocabulary import Phase

__all__ = ["FactBuilder", "Facts", "attribute_reader", "normalise", "trait_value"]

Facts = dict[str, Scalar]
_ABSENT = object()


_AS_IS = frozenset({bool, int, str})  # most traits: normalise gives them back as they are


def normalise(value: Any) -> Any:
    """The value as the engines see it: enums by value, floats rounded to 4 decimals."""
    if value.__class__ in _AS_IS:  # tested first
        return value
    if isinstance(value, Enum):
        return value._value_  # what .value returns, without its descriptor (a hot path)
    if isinstance(value, float):
        # json.dumps writes 1e-05 for small floats, which durable_rules rejects (error 204).
        rounded = round(value, 4)
        return int(rounded) if rounded.is_integer() else rounded
    return value


def trait_value(project: Project, path: str) -> Any:
    """The raw value at a dotted path, or ``None`` when any part of it is unknown."""
    node: Any = project
    for part in path.split("."):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node


_Derive = Callable[[Any], Any]


def _derivation(key: Key) -> _Derive:
    """From a trait's raw (known) value to the value of ``key``."""
    if key.kind == "trait":
        return normalise
    if key.kind == "rank":
        return lambda v: Phase(v).rank
    if key.kind == "count":
        return len
    if key.kind == "contains":
        wanted = key.arg
        return lambda v: any(x._value_ == wanted for x in v)  # _value_: .value, minus its descriptor
    raise ValueError(f"{key} is not read off a trait")


def _involves(role: str, phase: str) -> Callable[[dict[str, list[Any]]], Any]:
    """``involves(role, phase)`` read off the project's stakeholders grouped by role."""

    def get(by_role: dict[str, list[Any]]) -> Any:
        matching = by_role.get(role, ())
        if not phase:
            return bool(matching)
        if any(s.phases is not None and any(p._value_ == phase for p in s.phases) for s in matching):
            return True
        if any(s.phases is None for s in matching):
            return _ABSENT  # a stakeholder of that role whose phases are not said
        return False

    return get


def attribute_reader(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """Reads the attributes ``names`` of an object at once, as a tuple (even of one)."""
    if len(names) == 1:
        name = names[0]
        return lambda node: (getattr(node, name),)
    return attrgetter(*names)


# A block's plan: its path, (a reader of its plain fields, their fact names), (a reader of its
# other fields, for each its derivations and the values its "contains" keys look for).
_Reader = Callable[[Any], tuple[Any, ...]]
_Block = tuple[
    tuple[str, ...],
    _Reader | None,
    tuple[str, ...],
    _Reader | None,
    tuple[tuple[tuple[tuple[str, _Derive], ...], tuple[tuple[str, str], ...]], ...],
]


class FactBuilder:
    """Builds, for one catalogue, the facts its conditions read.

    The plan is fixed once per catalogue: traits grouped by their block (``governance``…), so
    a block the description leaves out is skipped in one test, and each trait read once
    however many keys derive from it. This runs on every diagnosis: keep it lean.
    """

    def __init__(self, keys: Iterable[Key]) -> None:
        wanted = sorted({k for k in keys if k.kind != "risk"})
        blocks: dict[str, dict[str, list[Key]]] = {}
        self._involves = [(k.name, _involves(k.path, k.arg)) for k in wanted if k.kind == "involves"]
        for key in wanted:
            if key.kind == "involves":
                continue
            block, _, field = key.path.rpartition(".")
            blocks.setdefault(block, {}).setdefault(field, []).append(key)
        # Per block: its path; its *plain* fields (read as the trait itself, the most of them:
        # read at once and stored in one comprehension) with a function reading them all; the
        # other fields with theirs, each with its derived keys and the values its list must
        # contain for each "contains" key (the list's values are then gathered once).
        self._plan: list[_Block] = []
        for block, fields in sorted(blocks.items()):
            plain = [f for f, ks in fields.items() if [k.kind for k in ks] == ["trait"]]
            other = [f for f in fields if f not in plain]
            self._plan.append((
                tuple(block.split(".")) if block else (),
                attribute_reader(plain) if plain else None,
                tuple(fields[f][0].name for f in plain),
                attribute_reader(other) if other else None,
                tuple(
                    (
                        tuple((k.name, _derivation(k)) for k in fields[f] if k.kind != "contains"),
                        tuple((k.name, k.arg) for k in fields[f] if k.kind == "contains"),
                    )
                    for f in other
                ),
            ))

    def build(self, project: Project) -> Facts:
        facts: dict[str, Any] = {}  # Scalar values, or tuples for a list trait read as itself
        for parts, get_plain, names, get_other, others in self._plan:
            node: Any = project
            for part in parts:
                node = getattr(node, part)
                if node is None:
                    break
            if node is None:
                continue
            if get_plain is not None:
                facts.update({
                    name: value if value.__class__ in _AS_IS else normalise(value)
                    for name, value in zip(names, get_plain(node), strict=True)
                    if value is not None
                })
            if get_other is not None:
                for (derivations, contains), value in zip(others, get_other(node), strict=True):
                    if value is not None:
                        for name, derive in derivations:
                            facts[name] = derive(value)
                        if contains:
                            held = {x._value_ for x in value}  # _value_: .value, minus its descriptor
                            for name, wanted in contains:
                                facts[name] = wanted in held
        if self._involves and project.stakeholders is not None:  # no list: every involves(…) unknown
            by_role: dict[str, list[Any]] = {}
            for stakeholder in project.stakeholders:
                by_role.setdefault(stakeholder.role._value_, []).append(stakeholder)
            for name, get in self._involves:
                value = get(by_role)
                if value is not _ABSENT:
                    facts[name] = value
        return facts


def risk_facts(status: Mapping[str, bool | None], refs: Iterable[Key]) -> Facts:
    """Facts for the risks ``refs`` name: ``True``/``False`` when decided, absent when unknown."""
    out: Facts = {}
    for key in refs:
        value = status.get(key.path)
        if value is not None:
            out[key.name] = value
    return out
