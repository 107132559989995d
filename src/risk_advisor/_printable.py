"""Text safe to print on a terminal: control characters from user input are shown, not obeyed.

A project name, a file name or a value written by someone else could carry an ANSI escape
(recolour, move the cursor, rewrite the line), a C1 control, or a bidirectional override
(U+202E) that makes ``evil.yaml`` print as something else. :func:`printable` replaces each
with a visible escape (``\\x1b``, ``\\u202e``); line feeds stay.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel

__all__ = ["printable", "printable_model"]

M = TypeVar("M", bound=BaseModel)

# C0 controls but the line feed, DEL, C1 controls; bidirectional embeddings, overrides and
# isolates; directional marks; line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character that could act on a terminal shown as an escape."""
    return _UNSAFE.sub(_shown, text)


def _clean(value: Any) -> Any:
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, BaseModel):
        return printable_model(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_clean(v) for v in value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def printable_model(model: M) -> M:
    """A copy of ``model`` with :func:`printable` applied to every text it holds, at any depth."""
    return model.model_copy(update={name: _clean(getattr(model, name)) for name in type(model).model_fields})
