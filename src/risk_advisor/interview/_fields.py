"""What the interview needs to know about each trait, read off the project model.

The trait list itself comes from :func:`risk_advisor.catalogue.traits.traits`; this module adds
what asking and checking an answer needs: the pydantic validator of the field, its bounds, its
unit (read from the question's own words), and the model's reading order. ``stakeholders`` is
asked as the list of roles involved.
"""

from __future__ import annotations

import re
import typing
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from ..catalogue.traits import TraitType, question, traits
from ..model.project import Project
from ..model.vocabulary import Role

__all__ = ["STAKEHOLDERS", "adapter", "bounds", "model_order", "trait_type", "unit", "vocabulary"]

STAKEHOLDERS = "stakeholders"


def _field_annotation(path: str) -> Any:
    model: Any = Project
    parts = path.split(".")
    for part in parts[:-1]:
        annotation = model.model_fields[part].annotation
        model = next(a for a in typing.get_args(annotation) or (annotation,) if a is not type(None))
    return model.model_fields[parts[-1]].annotation


@cache
def adapter(path: str) -> TypeAdapter[Any]:
    """The pydantic validator of one trait's value (``None`` allowed: unknown)."""
    if path == STAKEHOLDERS:
        return TypeAdapter(tuple[Role, ...])
    return TypeAdapter(_field_annotation(path))


def _schema_bounds(schema: dict[str, Any]) -> tuple[float | None, float | None]:
    for option in schema.get("anyOf", [schema]):
        if option.get("type") in ("integer", "number"):
            return option.get("minimum"), option.get("maximum")
    return None, None


@cache
def bounds(path: str) -> tuple[float | None, float | None]:
    """The inclusive ``(minimum, maximum)`` of a numeric trait, ``None`` where unbounded."""
    return _schema_bounds(adapter(path).json_schema())


def trait_type(path: str) -> TraitType:
    return "enum_list" if path == STAKEHOLDERS else traits()[path].type


def vocabulary(path: str) -> type[Enum] | None:
    return Role if path == STAKEHOLDERS else traits()[path].vocabulary


# A number's unit, as its question says it: (pattern in the question, fr, en).
_UNITS = (
    (r"euros|\(€\)", "€", "€"),
    (r"\(%\)", "%", "%"),
    (r"\(km\)", "km", "km"),
    (r"\bmois\b|\bmonths?\b", "mois", "months"),
    (r"habitants|inhabitants", "habitants", "inhabitants"),
    (r"\bannée\b|\byear\b", "année", "year"),
)


@cache
def unit(path: str, lang: str) -> str | None:
    """The unit a numeric trait is counted in, as its question names it (``None`` if it names none)."""
    if trait_type(path) not in ("int", "float"):
        return None
    text = question(path, "fr") + " " + question(path, "en")
    for pattern, fr, en in _UNITS:
        if re.search(pattern, text):
            return en if lang == "en" else fr
    return None


@cache
def model_order() -> dict[str, int]:
    """Each askable trait's rank in the model's reading order (``stakeholders`` where it is declared)."""
    known = traits()
    order: list[str] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, field in model.model_fields.items():
            path = f"{prefix}{name}"
            if path in known or path == STAKEHOLDERS:
                order.append(path)
                continue
            if typing.get_origin(field.annotation) is tuple:
                continue  # lists of records (acknowledged risks) hold no traits
            for arg in typing.get_args(field.annotation) or (field.annotation,):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    walk(arg, f"{path}.")

    walk(Project, "")
    order.extend(p for p in known if p not in order)
    return {path: index for index, path in enumerate(order)}
