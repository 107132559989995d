"""JSON reading that remembers where every key and value stood, and refuses duplicate keys.

The standard library parses; a second pass over the (then valid) text records the 1-based
line and column of each key and value, for error messages.
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from ._located import MAX_DEPTH, Located, Unreadable, python_speak

__all__ = ["load_json"]


def _no_constants(name: str) -> Any:
    raise ValueError(f"`{name}` is not a number JSON allows")


def load_json(text: str) -> Located:
    """Parse one JSON document; raise :class:`Unreadable` with a position on any failure."""
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        hint = None
        if "quote" in exc.msg or "comma" in exc.msg:
            hint = "keys and texts need double quotes; no comma after the last item"
        raise Unreadable(f"invalid JSON: {exc.msg}", (exc.lineno, exc.colno), hint) from None
    except RecursionError:
        raise Unreadable(f"nesting deeper than {MAX_DEPTH} levels", _too_deep(text)) from None
    except ValueError as exc:
        raise Unreadable(f"invalid JSON: {python_speak(exc)}") from None
    located = Located(data)
    _JsonPositions(text, located).walk(0, (), 0)
    return located


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep(text: str) -> tuple[int, int] | None:
    """Line and column of the first bracket nested deeper than ``MAX_DEPTH`` (strings skipped), in
    one pass without recursion: what the parser could not say when it ran out of stack."""
    depth = 0
    for match in _TOKEN.finditer(text):
        char = match[0]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                start = match.start()
                line = text.count("\n", 0, start) + 1
                return line, start - text.rfind("\n", 0, start)
        elif char in "]}":
            depth -= 1
    return None


class _JsonPositions:
    """Records where each key and value of an already valid JSON text stands; refuses duplicates."""

    _SPACE = re.compile(r"[ \t\n\r]*")
    _SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")

    def __init__(self, text: str, out: Located) -> None:
        self.text, self.out = text, out
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def pos(self, i: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, i)
        return line, i - self.line_starts[line - 1] + 1

    def skip(self, i: int) -> int:
        return self._SPACE.match(self.text, i).end()  # type: ignore[union-attr]

    def walk(self, i: int, path: tuple[str | int, ...], depth: int) -> int:
        i = self.skip(i)
        if depth > MAX_DEPTH:
            raise Unreadable(f"nesting deeper than {MAX_DEPTH} levels", self.pos(i))
        self.out.values.setdefault(path, self.pos(i))
        char = self.text[i]
        if char == '"':
            return json.decoder.scanstring(self.text, i + 1)[1]  # type: ignore[attr-defined,no-any-return]
        if char not in "{[":
            return self._SCALAR.match(self.text, i).end()  # type: ignore[union-attr]
        closing, seen, index = ("}" if char == "{" else "]"), set(), 0
        i = self.skip(i + 1)
        while self.text[i] != closing:
            if char == "{":
                key, after = json.decoder.scanstring(self.text, i + 1)  # type: ignore[attr-defined]
                if key in seen:
                    raise Unreadable(f"key `{key}` appears twice", self.pos(i), "keep only one of them")
                seen.add(key)
                self.out.keys[(*path, key)] = self.pos(i)
                i = self.walk(self.skip(after) + 1, (*path, key), depth + 1)  # + 1: the colon
            else:
                i = self.walk(i, (*path, index), depth + 1)
                index += 1
            i = self.skip(i)
            if self.text[i] == ",":
                i = self.skip(i + 1)
        return i + 1
