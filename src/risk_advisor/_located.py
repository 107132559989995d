"""A loaded document that remembers where each key and value stood, and the problem that stops reading one.

Shared by the readers of every format (:mod:`._yaml`, :mod:`._json`, :mod:`._toml`), so that a
project file's errors name a line and column whatever its format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["MAX_DEPTH", "Located", "Path", "Unreadable", "python_speak"]

MAX_DEPTH = 64  # deeper than any sensible description; protects the recursion

Path = tuple[str | int, ...]


@dataclass
class Located:
    """A loaded document and the 1-based (line, column) of each key and value, by path."""

    data: Any
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path) -> tuple[int, int] | None:
        """The position of the key at ``path`` (or of its value), else of its nearest parent."""
        path = tuple(path)
        while True:
            pos = self.keys.get(path) or self.values.get(path)
            if pos or not path:
                return pos
            path = path[:-1]


class Unreadable(Exception):
    """One problem that stops reading a document; becomes the only Problem reported."""

    def __init__(self, message: str, pos: tuple[int, int] | None = None, hint: str | None = None):
        super().__init__(message)
        self.message, self.pos, self.hint = message, pos, hint


def python_speak(exc: Exception) -> str:
    return "the number is far too long" if "integer string conversion" in str(exc) else str(exc)
