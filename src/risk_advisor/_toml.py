"""TOML reading that remembers, as best it can, where every key stood.

:mod:`tomllib` parses and names the line and column of a syntax error; keys are then found
again in the text, written ``key = …`` or as a ``[table]`` header.
"""

from __future__ import annotations

import re
import tomllib

from ._located import MAX_DEPTH, Located, Unreadable, python_speak

__all__ = ["load_toml"]

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_TABLE = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]")
_TOML_NAME = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
_TOML_KEY = re.compile(rf"\s*({_TOML_NAME}(?:\s*\.\s*{_TOML_NAME})*)\s*=")


def load_toml(text: str) -> Located:
    """Parse one TOML document; raise :class:`Unreadable` with a position on any failure."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        pos = (int(found[1]), int(found[2])) if found else None
        raise Unreadable(f"invalid TOML: {_TOML_POSITION.sub('', message)}", pos) from None
    except RecursionError:
        raise Unreadable(f"nesting deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # tomllib lets int() fail on a 5,000-digit number
        raise Unreadable(f"invalid TOML: {python_speak(exc)}") from None
    located = Located(data)
    _toml_positions(text, located)
    return located


def _toml_keys(dotted: str) -> tuple[str, ...]:
    parts = re.findall(r"\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+", dotted)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def _toml_positions(text: str, out: Located) -> None:
    """Best effort: the position of each key written `key = …` or as a `[table]` header."""
    table: tuple[str | int, ...] = ()
    counts: dict[tuple[str, ...], int] = {}
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        was_in_multiline = in_multiline
        in_multiline ^= (line.count('"""') + line.count("'''")) % 2 == 1
        if was_in_multiline:
            continue
        if header := _TOML_TABLE.match(line):
            names = _toml_keys(header[2])
            col = header.start(2) + 1
            if header[1] == "[[":
                counts[names] = counts.get(names, -1) + 1
                out.keys.setdefault(names, (number, col))
                table = (*names, counts[names])
            else:
                table = names
            out.keys.setdefault(table, (number, col))
        elif key := _TOML_KEY.match(line):
            out.keys.setdefault((*table, *_toml_keys(key[1])), (number, key.start(1) + 1))
