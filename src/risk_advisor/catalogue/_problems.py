"""Problems found while reading rule files, collected so that all are reported at once.

Kept apart from :mod:`.checks` (which compiles conditions and checks examples): loading a
catalogue from the cache needs these, not the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._located import Located
from ..errors import Problem

__all__ = ["Collector", "Where", "explain"]


class Collector:
    """Every problem found so far, so that all are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self, message: str, file: str | None = None, pos: tuple[int, int | None] | None = None, **kw: Any
    ) -> None:
        line, col = pos if pos else (None, None)
        self.problems.append(Problem(message, file=file, line=line, column=col, **kw))


def explain(err: Any) -> str:
    """A pydantic error in a few words."""
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "missing":
        return "required key missing"
    return str(err["msg"])


@dataclass(frozen=True)
class Where:
    """Where an item was defined: its file, and its place in that file's YAML."""

    file: str
    located: Located
    path: tuple[str | int, ...]

    def at(self, field: str = "id") -> tuple[str, tuple[int, int] | None]:
        return self.file, self.located.where((*self.path, field))
