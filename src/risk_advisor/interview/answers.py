"""From a line the user typed to a trait's value, in the question's language.

Yes/no takes ``oui``/``non``, ``yes``/``no``, ``true``/``false`` (and ``o``/``n``, ``y``/``n``,
``vrai``/``faux``); choices take their number (several, comma-separated, for lists; ``0``:
none), their value or their label; numbers take a French decimal comma and spaces between
thousands, and are checked against the trait's bounds. ``?``, an empty line or « je ne sais
pas » mean *don't know*; ``q`` means *quit*.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ._messages import say
from .questions import Question

__all__ = ["DONT_KNOW", "NO", "QUIT", "YES", "Answer", "parse_answer", "prompt_lines"]

YES = frozenset({"oui", "o", "yes", "y", "true", "vrai"})
NO = frozenset({"non", "n", "no", "false", "faux"})
DONT_KNOW = frozenset({"", "?", "je ne sais pas", "ne sais pas", "nsp", "don't know", "dont know", "idk"})
QUIT = frozenset({"q", "quit", "quitter", "exit"})


@dataclass(frozen=True)
class Answer:
    """What a line means: a value to save, *don't know*, *quit*, or an error to show."""

    value: Any = None
    dont_know: bool = False
    quit: bool = False
    error: str | None = None


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _range(q: Question, lang: str) -> str:
    if q.minimum is None or q.maximum is None:
        return ""
    return say("answers.range", lang, low=_number_text(q.minimum), high=_number_text(q.maximum))


def prompt_lines(q: Question, lang: str) -> list[str]:
    """The allowed answers, as shown under the question."""
    if q.type == "bool":
        return [say("answers.bool", lang)]
    if q.type in ("enum", "enum_list"):
        lines = [f"  {i}. {c.label} ({c.value})" for i, c in enumerate(q.choices, 1)]
        return [*lines, say("answers.enum" if q.type == "enum" else "answers.enum_list", lang)]
    if q.type in ("int", "float"):
        unit = f" ({q.unit})" if q.unit else ""
        return [say("answers.number", lang, unit=unit, range=_range(q, lang))]
    return [say("answers.text", lang)]


def _choice(q: Question, item: str) -> str | None:
    if re.fullmatch(r"[0-9]{1,4}", item) and 1 <= int(item) <= len(q.choices):
        return q.choices[int(item) - 1].value
    for c in q.choices:
        if item in (c.value.lower(), c.label.lower()):
            return c.value
    return None


def parse_answer(q: Question, line: str, lang: str) -> Answer:
    """What ``line`` answers to ``q``."""
    text = " ".join(line.strip().split())
    lowered = text.lower().replace("’", "'")
    if lowered in QUIT:
        return Answer(quit=True)
    if lowered in DONT_KNOW:
        return Answer(dont_know=True)
    if q.type == "bool":
        if lowered in YES:
            return Answer(value=True)
        if lowered in NO:
            return Answer(value=False)
        return Answer(error=say("error.bool", lang))
    if q.type == "enum":
        value = _choice(q, lowered)
        if value is None:
            return Answer(error=say("error.choice", lang, answer=text, count=len(q.choices)))
        return Answer(value=value)
    if q.type == "enum_list":
        if lowered in ("0", "aucun", "aucune", "none"):
            return Answer(value=[])
        values: list[str] = []
        for item in (i.strip() for i in re.split(r"[,;]|\s+", lowered) if i.strip()):
            value = _choice(q, item)
            if value is None:
                return Answer(error=say("error.choice", lang, answer=item, count=len(q.choices)))
            if value not in values:
                values.append(value)
        return Answer(value=values)
    if q.type in ("int", "float"):
        return _number(q, text, lang)
    return Answer(value=text)


def _number(q: Question, text: str, lang: str) -> Answer:
    cleaned = re.sub(r"[\s\u00a0\u202f_]", "", text)
    if q.unit:
        cleaned = cleaned.removesuffix(q.unit.replace(" ", ""))
    cleaned = cleaned.replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return Answer(error=say("error.number", lang, answer=text))
    if not math.isfinite(number):  # float() reads "nan" and "inf"
        return Answer(error=say("error.number", lang, answer=text))
    if q.type == "int":
        if not number.is_integer():
            return Answer(error=say("error.integer", lang))
        number_value: float | int = int(number)
    else:
        number_value = int(number) if number.is_integer() else number
    if (q.minimum is not None and number < q.minimum) or (q.maximum is not None and number > q.maximum):
        return Answer(error=say("error.range", lang, answer=text, range=_range(q, lang)))
    return Answer(value=number_value)
