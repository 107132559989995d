"""The traits rules may name, read off the project model: path, type, vocabulary, question."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from ..model.project import Project

__all__ = ["Trait", "TraitType", "question", "traits"]

TraitType = Literal["bool", "int", "float", "enum", "enum_list", "text"]
# Named outside Trait, whose field ``type`` shadows the builtin inside the class body.
_Vocabulary = type[Enum]


@dataclass(frozen=True)
class Trait:
    path: str
    type: TraitType
    vocabulary: _Vocabulary | None
    question_fr: str
    question_en: str

    def question(self, lang: str) -> str:
        return self.question_en if lang == "en" else self.question_fr

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(v.value for v in self.vocabulary) if self.vocabulary else ()


def _strip_optional(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _strip_optional(args[0])
    if origin is typing.Annotated:
        return _strip_optional(typing.get_args(annotation)[0])
    return annotation


def _classify(annotation: Any) -> tuple[TraitType, type[Enum] | None] | None:
    ann = _strip_optional(annotation)
    if isinstance(ann, type) and issubclass(ann, Enum):
        return "enum", ann
    if ann is bool:
        return "bool", None
    if ann is int:
        return "int", None
    if ann is float:
        return "float", None
    if ann is str:
        return "text", None
    if typing.get_origin(ann) is tuple:
        item = _strip_optional(typing.get_args(ann)[0])
        if isinstance(item, type) and issubclass(item, Enum):
            return "enum_list", item
    return None


def _walk(model: type[BaseModel], prefix: str) -> typing.Iterator[Trait]:
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        ann = _strip_optional(field.annotation)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            yield from _walk(ann, f"{path}.")
            continue
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        if "question_fr" not in extra:
            continue  # identity fields (name, description…) are not traits
        kind = _classify(field.annotation)
        if kind is None:
            continue  # the stakeholder list: read through involves(…)
        yield Trait(path, kind[0], kind[1], str(extra["question_fr"]), str(extra["question_en"]))


@cache
def traits() -> dict[str, Trait]:
    """Every trait of the project model, by dotted path."""
    return {t.path: t for t in _walk(Project, "")}


@cache
def _stakeholders_question() -> tuple[str, str]:
    extra = Project.model_fields["stakeholders"].json_schema_extra
    assert isinstance(extra, dict)
    return str(extra["question_fr"]), str(extra["question_en"])


def question(path: str, lang: str) -> str:
    """The question that settles ``path`` (a trait path or ``stakeholders``)."""
    if path == "stakeholders":
        fr, en = _stakeholders_question()
        return en if lang == "en" else fr
    return traits()[path].question(lang)
