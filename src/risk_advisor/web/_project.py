"""The project a page carries: to and from YAML, uploads, answers and the form of every trait.

The page keeps the whole project in a hidden field as YAML (no server-side state): each post
sends it back, and it is read with the same loader and limits as a file. Answers are checked
by the trait's own pydantic validator, so a value the model refuses is reported, not stored.
The edit form is derived from the pydantic model: one group per block, one field per trait.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml
from pydantic import ValidationError

from ..catalogue.traits import TraitType, question, traits
from ..errors import Problem, ProjectError
from ..interview import _fields
from ..loading import FORMATS, MAX_PROJECT_FILE_BYTES, load_project_text
from ..model.project import Project
from ..model.vocabulary import label

__all__ = [
    "EMPTY_LIST",
    "Block",
    "TraitField",
    "apply_answers",
    "blocks",
    "current",
    "pointer",
    "problems_json",
    "project_from_yaml",
    "project_to_yaml",
    "read_upload",
]

EMPTY_LIST = "__none__"  # the checkbox that says "none of these" (an empty list, not unknown)
_GENERAL = "general"


def project_to_yaml(project: Project) -> str:
    """The project as a YAML description: what was said, nothing unknown, in the model's order."""
    data = project.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: 5x faster
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def project_from_yaml(text: str, lang: str = "en") -> Project:
    """The project a page sent back (a YAML description, read as a file would be)."""
    if len(text.encode("utf-8")) > MAX_PROJECT_FILE_BYTES:
        raise ProjectError("<page>: project too large", [Problem("a project description is limited to 2 MiB")])
    return load_project_text(text, filename="<page>", fmt="yaml", lang=lang)


def read_upload(filename: str, data: bytes, lang: str = "en") -> Project:
    """An uploaded description: only the name's extension is used, the bytes are read in memory."""
    name = re.sub(r"[^\w.\- ]", "_", filename.replace("\\", "/").rsplit("/", 1)[-1])[:100] or "upload"
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise ProjectError(f"{name}: unknown file type", [Problem(
            "unknown file type", file=name, hint="upload a .yaml, .yml, .json or .toml file")])
    if len(data) > MAX_PROJECT_FILE_BYTES:
        raise ProjectError(f"{name}: file too large", [Problem(
            f"file too large: a project description is limited to {MAX_PROJECT_FILE_BYTES // 2**20} MiB", file=name)])
    if b"\x00" in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ProjectError(f"{name}: not a text file", [Problem(
            "this is not UTF-8 text", file=name, hint="save the description as UTF-8")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectError(f"{name}: not UTF-8", [Problem(
            "this is not UTF-8 text", file=name, hint="save the description as UTF-8")]) from None
    return load_project_text(text, filename=name, fmt=fmt, lang=lang)


def pointer(path: str | None) -> str:
    """A problem's dotted path (``stakeholders[0].role``) as a JSON pointer (``/stakeholders/0/role``)."""
    if not path:
        return ""
    parts = re.findall(r"\[(\d+)\]|([^.\[\]]+)", path)
    return "".join("/" + (index or key).replace("~", "~0").replace("/", "~1") for index, key in parts)


def problems_json(error: ProjectError) -> list[dict[str, Any]]:
    """Each problem of ``error``: where (JSON pointer, line, column), what, how to fix it."""
    return [
        {"pointer": pointer(p.path), "line": p.line, "column": p.column, "message": p.message, "hint": p.hint}
        for p in error.problems
    ]


# ---------------------------------------------------------------------------- the form


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class TraitField:
    """One trait as a form field: ``name`` is its dotted path, also the field's name."""

    name: str
    type: TraitType
    question: str
    choices: tuple[Choice, ...]
    minimum: float | None
    maximum: float | None
    unit: str | None


@dataclass(frozen=True)
class Block:
    """A group of the form: a section of the model (``governance``…) or the general traits."""

    key: str
    title: str
    fields: tuple[TraitField, ...]


def _field(path: str, lang: str) -> TraitField:
    kind = _fields.trait_type(path)
    vocabulary = _fields.vocabulary(path)
    choices = tuple(Choice(str(m.value), label(m, lang)) for m in vocabulary) if vocabulary else ()
    low, high = _fields.bounds(path) if kind in ("int", "float") else (None, None)
    return TraitField(path, kind, question(path, lang), choices, low, high, _fields.unit(path, lang))


def _block_title(key: str, lang: str) -> str:
    if key == _GENERAL:
        return "Le projet" if lang != "en" else "The project"
    description = Project.model_fields[key].description or key
    fr, _, en = description.partition(" / ")
    return (en or fr) if lang == "en" else fr


@cache
def blocks(lang: str) -> tuple[Block, ...]:
    """Every trait, grouped by block in the model's reading order."""
    grouped: dict[str, list[TraitField]] = {}
    for path in sorted(_fields.model_order(), key=_fields.model_order().__getitem__):
        key = path.split(".", 1)[0] if "." in path else _GENERAL
        grouped.setdefault(key, []).append(_field(path, lang))
    return tuple(Block(key, _block_title(key, lang), tuple(fields)) for key, fields in grouped.items())


def current(project: Project | None) -> dict[str, Any]:
    """Each trait's value as the form shows it: ``""`` unknown, ``"true"``/``"false"``, a list…"""
    if project is None:
        return {}
    data = project.model_dump(mode="json")
    out: dict[str, Any] = {}
    for path in _fields.model_order():
        if path == _fields.STAKEHOLDERS:
            value = None if project.stakeholders is None else [s["role"] for s in data["stakeholders"]]
        else:
            value = _get(data, path)
        if isinstance(value, bool):
            out[path] = "true" if value else "false"
        elif isinstance(value, list):
            out[path] = [str(v) for v in value]
        else:
            out[path] = "" if value is None else str(value)
    return out


def _get(data: Mapping[str, Any], path: str) -> Any:
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _parse(path: str, raw: Sequence[str]) -> Any:
    """A trait's value from the strings a form sent; ``None`` for unknown."""
    kind = _fields.trait_type(path)
    values = [v.strip() for v in raw if v.strip()]
    if kind == "enum_list":
        return [] if EMPTY_LIST in values else (values or None)
    if not values:
        return None
    value = values[-1]
    if kind == "bool":
        return {"true": True, "false": False}.get(value, value)
    if kind in ("int", "float"):
        number = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            return int(number) if kind == "int" else float(number)
        except ValueError:
            return value  # refused below, with the validator's message
    return value


def apply_answers(project: Project, answers: Mapping[str, Sequence[str]]) -> Project:
    """``project`` with the traits in ``answers`` (path → the form's strings) set or made unknown.

    Raises :class:`ProjectError` naming the trait when a value is not allowed.
    """
    data = project.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    known = traits()
    for path, raw in answers.items():
        if path not in known and path != _fields.STAKEHOLDERS:
            raise ProjectError(f"unknown trait {path!r}", [Problem(f"unknown trait `{path}`", path=path)])
        value = _parse(path, raw)
        if value is not None:
            try:
                _fields.adapter(path).validate_python(value)
            except ValidationError:
                hint = "allowed: " + ", ".join(c.value for c in _field(path, "en").choices) if known.get(path) and \
                    known[path].vocabulary else None
                raise ProjectError(f"{path}: value refused", [Problem(
                    f"`{raw[-1] if raw else ''}` is not an allowed answer", path=path, hint=hint)]) from None
        if path == _fields.STAKEHOLDERS:
            kept = {s["role"]: s for s in data.get("stakeholders", [])}
            if value is None:
                data.pop("stakeholders", None)
            else:
                data["stakeholders"] = [kept.get(role, {"role": role}) for role in dict.fromkeys(value)]
            continue
        *parents, leaf = path.split(".")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
        for part in parents:  # drop a block left empty
            if not data.get(part):
                data.pop(part, None)
    try:
        return Project.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(str(e["msg"]), path=".".join(map(str, e["loc"]))) for e in exc.errors()]
        raise ProjectError("the answers do not make a valid project", problems) from None
