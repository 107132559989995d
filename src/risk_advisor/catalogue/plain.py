"""A compiled :class:`~.model.Catalogue` as plain JSON values, and back — for the cache.

Only values JSON can hold are written (objects, arrays, strings, numbers, booleans, null),
and they are rebuilt into objects by this module's code alone: the rule-file items through
their pydantic models (validated again), the condition trees node by node, checking every tag,
operator and key kind. Reading such data can never run code; anything unexpected raises
:class:`ValueError` (or ``TypeError``/``KeyError``), which the cache treats as a miss.

A rule's examples are free-form project data, where YAML may have put dates or non-text
keys: those are written as one-key objects ``{"$date": …}``, ``{"$datetime": …}`` or
``{"$map": [[key, value], …]}``, and a user's own one-key object whose key starts with ``$``
goes through ``$map`` too, so the two never mix. Any other value is refused
(:class:`Unstorable`): the catalogue is then not cached at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..engines.interface import CompiledRule, Program
from .model import Bilingual, Catalogue, Remedy, Risk, Rule, SeedItem, SuccessFactor
from .tree import MAX_NESTING, And, Cmp, Cond, Key, Not, Op, Or, Present

__all__ = ["Unstorable", "from_plain", "to_plain"]

_SECTIONS: dict[str, type[Risk | Rule | Remedy | SuccessFactor | SeedItem]] = {
    "seeds": SeedItem,
    "risks": Risk,
    "rules": Rule,
    "remedies": Remedy,
    "success_factors": SuccessFactor,
}
_KINDS = frozenset(("trait", "rank", "contains", "count", "involves", "risk"))  # Key.kind
_OPS = frozenset(("==", "!=", "<", "<=", ">", ">="))
# A compiled tree is at most a few levels deeper than the condition's nesting (or > and > not).
_MAX_TREE_DEPTH = 3 * MAX_NESTING + 8
_MAX_EXAMPLE_DEPTH = 64


class Unstorable(ValueError):
    """A catalogue holding a value the cache format cannot write: it is not cached."""


# ---------------------------------------------------------------------------- writing


def to_plain(catalogue: Catalogue) -> dict[str, Any]:
    """``catalogue`` as plain JSON values, in its own order."""
    return {
        "version": catalogue.version,
        "title": catalogue.title.model_dump(mode="json"),
        **{
            section: [_item(item) for item in getattr(catalogue, section).values()]
            for section in _SECTIONS
        },
        "origins": catalogue.origins,
        "program": {
            "name": catalogue.program.name,
            "strata": [
                [[r.id, r.risk, _tree(r.tree), sorted([k.kind, k.path, k.arg] for k in r.keys)] for r in stratum]
                for stratum in catalogue.program.strata
            ],
        },
    }


def _item(item: Risk | Rule | Remedy | SuccessFactor | SeedItem) -> dict[str, Any]:
    # exclude_unset: the rebuilt item then has the same fields set, so it compares equal
    if not isinstance(item, Rule):
        return item.model_dump(mode="json", exclude_unset=True)
    plain = item.model_dump(mode="json", exclude_unset=True, exclude={"examples"})
    plain["examples"] = {
        group: [{"name": e.name, "project": _value(e.project, 0)} for e in getattr(item.examples, group)]
        for group in sorted(item.examples.model_fields_set)
    }
    return plain


def _value(value: Any, depth: int) -> Any:
    if depth > _MAX_EXAMPLE_DEPTH:
        raise Unstorable("example nested too deep")
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, list):
        return [_value(v, depth + 1) for v in value]
    if isinstance(value, dict):
        tagged = len(value) == 1 and str(next(iter(value))).startswith("$")  # would read as one of ours
        if all(type(k) is str for k in value) and not tagged:
            return {k: _value(v, depth + 1) for k, v in value.items()}
        return {"$map": [[_value(k, depth + 1), _value(v, depth + 1)] for k, v in value.items()]}
    raise Unstorable(f"cannot store a {type(value).__name__}")


def _tree(tree: Cond) -> list[Any]:
    if isinstance(tree, Cmp):
        return ["cmp", tree.key.kind, tree.key.path, tree.key.arg, tree.op, tree.value]
    if isinstance(tree, Present):
        return ["present", tree.key.kind, tree.key.path, tree.key.arg, tree.known]
    if isinstance(tree, Not):
        return ["not", _tree(tree.item)]
    return ["and" if isinstance(tree, And) else "or", [_tree(i) for i in tree.items]]


# ---------------------------------------------------------------------------- reading


def from_plain(data: Any) -> Catalogue:
    """The catalogue ``data`` describes; :class:`ValueError` (or a subclass) if it is malformed."""
    _expect(data, dict)
    sections = {}
    for section, model in _SECTIONS.items():
        items = [_rebuild(model, plain) for plain in _expect(data[section], list)]
        sections[section] = {item.id: item for item in items}
        if len(sections[section]) != len(items):
            raise ValueError(f"duplicate IDs in {section}")
    strata = tuple(
        tuple(_compiled(plain, index) for plain in _expect(stratum, list))
        for index, stratum in enumerate(_expect(data["program"]["strata"], list))
    )
    program = Program(_expect(data["program"]["name"], str), strata)
    if {r.id for r in program.rules()} != set(sections["rules"]):
        raise ValueError("the compiled rules do not match the rules")
    origins = _expect(data["origins"], dict)
    if not all(type(k) is str and type(v) is str for k, v in origins.items()):
        raise ValueError("origins are not text")
    return Catalogue(
        version=_expect(data["version"], str),
        title=Bilingual.model_validate(data["title"]),
        origins=origins,
        program=program,
        **sections,
    )


def _expect(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise ValueError(f"expected a {kind.__name__}, found a {type(value).__name__}")
    return value


def _rebuild(model: type[Risk | Rule | Remedy | SuccessFactor | SeedItem], plain: Any) -> Any:
    _expect(plain, dict)
    if model is not Rule:
        return model.model_validate(plain)
    examples = {
        group: [{"name": e["name"], "project": _unvalue(e["project"], 0)} for e in _expect(items, list)]
        for group, items in _expect(plain["examples"], dict).items()
    }
    return Rule.model_validate({**plain, "examples": examples})


def _unvalue(value: Any, depth: int) -> Any:
    if depth > _MAX_EXAMPLE_DEPTH:
        raise ValueError("example nested too deep")
    if isinstance(value, list):
        return [_unvalue(v, depth + 1) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (tag, inner), = value.items()
        if tag == "$date":
            return dt.date.fromisoformat(_expect(inner, str))
        if tag == "$datetime":
            return dt.datetime.fromisoformat(_expect(inner, str))
        if tag == "$map":
            return {_unvalue(k, depth + 1): _unvalue(v, depth + 1) for k, v in _expect(inner, list)}
        if tag.startswith("$"):
            raise ValueError(f"unknown tag {tag[:20]!r}")
    return {k: _unvalue(v, depth + 1) for k, v in value.items()}


def _compiled(plain: Any, stratum: int) -> CompiledRule:
    rule_id, risk, tree, keys = _expect(plain, list)
    return CompiledRule(
        _expect(rule_id, str),
        _expect(risk, str),
        _untree(tree, 0),
        frozenset(_key(kind, path, arg) for kind, path, arg in _expect(keys, list)),
        stratum,
    )


def _key(kind: Any, path: Any, arg: Any) -> Key:
    if kind not in _KINDS or type(path) is not str or type(arg) is not str:
        raise ValueError("not a fact key")
    return Key(kind, path, arg)


def _untree(plain: Any, depth: int) -> Cond:
    if depth > _MAX_TREE_DEPTH:  # the loader never compiles one this deep: refuse before recursing
        raise ValueError("condition tree too deep")
    tag, *rest = _expect(plain, list)
    if tag == "cmp":
        kind, path, arg, op, value = rest
        if op not in _OPS or type(value) not in (bool, int, float, str):
            raise ValueError("not a comparison")
        operator: Op = op
        return Cmp(_key(kind, path, arg), operator, value)
    if tag == "present":
        kind, path, arg, known = rest
        return Present(_key(kind, path, arg), _expect(known, bool))
    if tag == "not":
        (item,) = rest
        return Not(_untree(item, depth + 1))
    if tag in ("and", "or"):
        (items,) = rest
        nodes = tuple(_untree(i, depth + 1) for i in _expect(items, list))
        return And(nodes) if tag == "and" else Or(nodes)
    raise ValueError("unknown node")
