"""A compiled :class:`~.model.Catalogue` as plain JSON values, and back — for the cache.

Only values JSON can hold are written (objects, arrays, strings, numbers, booleans, null),
and they are rebuilt into objects by this module's code alone: the condition trees node by
node, checking every tag, operator and key kind; the rule-file items field by field, as
pydantic's validation stores them (same field values and types, fields set, no extra), but
**without validating them again**. They were validated when the catalogue was compiled from
its YAML, and the cache hands over a file only if its SHA-256, its key (this code, the
versions, the rule files) and its owner and mode check out (:mod:`.cache`): what it holds was
written from validated items by this very code. The rebuild still checks what costs nothing
— each model's field names, each value's JSON type, enum and literal values — so a file whose
digest is right but whose values are not ours is a miss, never an object of another type; it
does not check the constraints (patterns, lengths, bounds). A model field of a type the
rebuild does not know fails loudly (:class:`TypeError`, seen by the tests), never silently.
Reading such data can never run code; anything unexpected raises :class:`ValueError` (or
``TypeError``/``KeyError``), which the cache treats as a miss.

A rule's examples are free-form project data, where YAML may have put dates or non-text
keys. An example holding JSON values only is written as it is and read back as it is; one
that holds another value is wrapped whole, ``{"$tagged": …}``, and inside it those values are
one-key objects ``{"$date": …}``, ``{"$datetime": …}`` or ``{"$map": [[key, value], …]}``, a
user's own one-key object whose key starts with ``$`` going through ``$map`` too, so the two
never mix. Any other value is refused (:class:`Unstorable`): the catalogue is then not
cached at all.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel

from ..engines.interface import CompiledRule, Program
from .model import Bilingual, Catalogue, Remedy, Risk, Rule, SeedItem, SuccessFactor, _Item
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
        group: [{"name": e.name, "project": _project_value(e.project)} for e in getattr(item.examples, group)]
        for group in sorted(item.examples.model_fields_set)
    }
    return plain


def _project_value(project: dict[str, Any]) -> Any:
    # Most examples hold JSON values only: stored as they are, they are read back as they are.
    # One that needs a tag (a date, a non-text key…) is wrapped whole: {"$tagged": …}.
    stored = _value(project, 0)
    return stored if stored == project else {"$tagged": stored}


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
    keys: dict[tuple[str, str, str], Key] = {}  # one Key per fact, however many rules read it
    strata = tuple(
        tuple(_compiled(plain, index, keys) for plain in _expect(stratum, list))
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
        title=_rebuild(Bilingual, data["title"]),
        origins=origins,
        program=program,
        **sections,
    )


def _expect(value: Any, kind: type) -> Any:
    # type(), not isinstance(): a bool is not an int here, as in the JSON it was read from
    if type(value) is not kind:
        raise ValueError(f"expected a {kind.__name__}, found a {type(value).__name__}")
    return value


def _rebuild(model: type[_Item], plain: Any) -> Any:
    """``model`` built from its dump, without validation (see the module docstring)."""
    return (_BUILDERS.get(model) or _builder(model))(plain)


_REQUIRED: Any = object()
_ONLY_TEXT = frozenset((str,))
_BUILDERS: dict[type[_Item], Callable[[Any], Any]] = {}
# The slots every pydantic model instance has, set as BaseModel.model_construct sets them.
_set_dict = vars(BaseModel)["__dict__"].__set__
_set_fields_set = vars(BaseModel)["__pydantic_fields_set__"].__set__
_set_extra = vars(BaseModel)["__pydantic_extra__"].__set__
_set_private = vars(BaseModel)["__pydantic_private__"].__set__


def _builder(model: type[_Item]) -> Callable[[Any], Any]:
    """A function rebuilding a ``model`` from its dump, read once off the model's annotations.

    It stores what validation stores (every field in declaration order, the fields given as
    set, no extra, no private attributes) and checks what is cheap to check (the fields, JSON
    types, enum and literal values: a miss, never an object of another type), not the
    constraints the values met when they were validated and written (patterns, lengths, bounds).
    """
    if model.__private_attributes__ or model.__pydantic_post_init__ or model.model_config.get("extra") == "allow":
        raise TypeError(f"the cache cannot rebuild a {model.__name__} without validating it")
    template: dict[str, Any] = {}  # each field's default, in declaration order
    scalars: list[tuple[str, type]] = []
    literals: list[tuple[str, frozenset[str]]] = []
    converted: list[tuple[str, Callable[[Any], Any]]] = []
    for name, info in model.__pydantic_fields__.items():
        where = f"{model.__name__}.{name}"
        default = _REQUIRED if info.is_required() else info.default
        if info.default_factory is not None or info.alias not in (None, name) or type(default) in (list, dict, set):
            raise TypeError(f"the cache cannot rebuild {where} without validating it")
        template[name] = default
        annotation = _bare(info.annotation)
        if annotation in (str, int, bool):
            scalars.append((name, annotation))
        elif get_origin(annotation) is Literal and all(type(a) is str for a in get_args(annotation)):
            literals.append((name, frozenset(get_args(annotation))))
        else:
            converted.append((name, _converter(annotation, where)))
    required = frozenset(name for name, default in template.items() if default is _REQUIRED)
    known = frozenset(template)
    new = model.__new__

    def build(plain: Any) -> Any:
        if type(plain) is not dict or not required <= plain.keys() <= known:
            raise ValueError(f"not the fields of a {model.__name__}")
        values = {**template, **plain}
        for name, kind in scalars:
            if type(values[name]) is not kind:
                raise ValueError(f"{model.__name__}.{name} is not a {kind.__name__}")
        for name, allowed in literals:
            if values[name] not in allowed:
                raise ValueError(f"{model.__name__}.{name} is not an allowed value")
        for name, convert in converted:
            if name in plain:  # else its default, as validation leaves it
                values[name] = convert(plain[name])
        item = new(model)
        _set_dict(item, values)
        _set_fields_set(item, set(plain))
        _set_extra(item, None)
        _set_private(item, None)
        return item

    _BUILDERS[model] = build
    return build


def _bare(annotation: Any) -> Any:
    """``annotation`` without its ``Annotated`` constraints (met when the value was validated)."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _converter(annotation: Any, where: str) -> Callable[[Any], Any]:
    """A function turning the JSON dump of a value of ``annotation`` back into that value."""
    origin, args = get_origin(annotation), get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation._value2member_map_.__getitem__  # a KeyError on an unknown value
    if isinstance(annotation, type) and issubclass(annotation, _Item):
        return _BUILDERS.get(annotation) or _builder(annotation)
    if origin is dict and args == (str, Any):  # an example's project: free-form data
        return _project
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _bare(args[0])
        if item is str:
            return _texts
        return functools.partial(_tuple, item=_converter(item, where))
    raise TypeError(f"the cache cannot rebuild {where} ({annotation!r}) without validating it")


def _texts(value: Any) -> tuple[str, ...]:
    if type(value) is not list or not {*map(type, value)} <= _ONLY_TEXT:
        raise ValueError("not a list of texts")
    return tuple(value)


def _tuple(value: Any, item: Callable[[Any], Any]) -> tuple[Any, ...]:
    return tuple(map(item, _expect(value, list)))


def _project(value: Any) -> dict[str, Any]:
    if len(_expect(value, dict)) != 1 or "$tagged" not in value:
        return value  # type: ignore[no-any-return]  # JSON values only, as written
    project = _unvalue(value["$tagged"], 0)
    if type(project) is not dict or not all(type(k) is str for k in project):
        raise ValueError("an example's project has keys that are not text")
    return project


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


def _compiled(plain: Any, stratum: int, seen: dict[tuple[str, str, str], Key]) -> CompiledRule:
    rule_id, risk, tree, keys = _expect(plain, list)
    return CompiledRule(
        _expect(rule_id, str),
        _expect(risk, str),
        _untree(tree, 0, seen),
        frozenset(_key(kind, path, arg, seen) for kind, path, arg in _expect(keys, list)),
        stratum,
    )


def _key(kind: Any, path: Any, arg: Any, seen: dict[tuple[str, str, str], Key]) -> Key:
    key = seen.get((kind, path, arg))  # a list where a text should be: TypeError, a miss
    if key is None:
        if kind not in _KINDS or type(path) is not str or type(arg) is not str:
            raise ValueError("not a fact key")
        key = seen[kind, path, arg] = Key(kind, path, arg)
    return key


def _untree(plain: Any, depth: int, seen: dict[tuple[str, str, str], Key]) -> Cond:
    if depth > _MAX_TREE_DEPTH:  # the loader never compiles one this deep: refuse before recursing
        raise ValueError("condition tree too deep")
    tag, *rest = _expect(plain, list)
    if tag == "cmp":
        kind, path, arg, op, value = rest
        if op not in _OPS or type(value) not in (bool, int, float, str):
            raise ValueError("not a comparison")
        operator: Op = op
        return Cmp(_key(kind, path, arg, seen), operator, value)
    if tag == "present":
        kind, path, arg, known = rest
        return Present(_key(kind, path, arg, seen), _expect(known, bool))
    if tag == "not":
        (item,) = rest
        return Not(_untree(item, depth + 1, seen))
    if tag in ("and", "or"):
        (items,) = rest
        nodes = tuple(_untree(i, depth + 1, seen) for i in _expect(items, list))
        return And(nodes) if tag == "and" else Or(nodes)
    raise ValueError("unknown node")
