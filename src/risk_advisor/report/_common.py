"""What every format shares: how a fact, a value, a date and a level read to a person."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import Enum
from typing import Any

from ..catalogue.traits import traits
from ..diagnosis import Because, Diagnosis, Finding, OpenQuestion
from ..model.vocabulary import Level, Phase, Role, label
from .i18n import t

__all__ = [
    "LEVELS_DOWN",
    "QUESTIONS_SHOWN",
    "all_risks",
    "almost_empty",
    "because_text",
    "colon",
    "date_text",
    "expired",
    "level_label",
    "numbered",
    "phase_label",
    "question_risks",
    "risk_names",
    "shown_questions",
    "value_text",
]

LEVELS_DOWN = tuple(sorted(Level, key=lambda lv: -lv.rank))
_INVOLVES = re.compile(r"^involves\((?P<role>[a-z_]+)(?:, (?P<phase>[a-z_]+))?\)$")
_RISK = re.compile(r"^risk\((?P<risk>[a-z0-9-]+)\)$")


QUESTIONS_SHOWN = 10  # the rest are in the JSON report
_SPARSE = 5  # fewer known traits than this: the report suggests the interview


def almost_empty(d: Diagnosis) -> bool:
    """The description states almost nothing: the report first points to the interview."""
    return d.summary.known_traits < _SPARSE


def shown_questions(d: Diagnosis) -> tuple[tuple[OpenQuestion, ...], int]:
    """The open questions a human-readable report lists, and how many it leaves to the JSON."""
    return d.open_questions[:QUESTIONS_SHOWN], max(0, len(d.open_questions) - QUESTIONS_SHOWN)


def question_risks(q: OpenQuestion, limit: int = 3) -> str:
    """The first titles of the risks an answer can change, and an ellipsis when there are more."""
    titles = list(q.risk_titles[:limit]) + (["…"] if len(q.risk_titles) > limit else [])
    return ", ".join(titles)


def level_label(level: Level, lang: str) -> str:
    return label(level, lang)


def phase_label(phase: Phase, lang: str) -> str:
    return label(phase, lang)


def date_text(day: dt.date, lang: str) -> str:
    """``31/12/2025`` in French, ``2025-12-31`` (ISO 8601, unambiguous) in English."""
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.isoformat()


def _enum_label(vocabulary: type[Enum] | None, value: str, lang: str) -> str:
    if vocabulary is not None:
        try:
            return label(vocabulary(value), lang)
        except (ValueError, KeyError):
            pass
    return value


def value_text(value: Any, lang: str, trait_path: str | None = None) -> str:
    """A trait's value in words: yes/no, vocabulary labels, French decimal commas."""
    trait = traits().get(trait_path or "")
    vocabulary = trait.vocabulary if trait else None
    if value is None:
        return t("value.unknown", lang)
    if isinstance(value, bool):
        return t("value.true" if value else "value.false", lang)
    if isinstance(value, (list, tuple)):
        if not value:
            return t("value.empty", lang)
        return ", ".join(value_text(v, lang, trait_path) for v in value)
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "fr" else text
    if isinstance(value, str):
        return _enum_label(vocabulary, value, lang)
    return str(value)


def because_text(because: Because, lang: str, titles: dict[str, str]) -> str:
    """One reason as a sentence fragment, e.g. ``vigie technique … : non``.

    ``titles`` maps risk IDs to their titles, to name the risks a compound rule builds on.
    """
    if m := _RISK.match(because.trait):
        return t("because.risk", lang, title=titles.get(m["risk"], m["risk"]))
    if m := _INVOLVES.match(because.trait):
        role = _enum_label(Role, m["role"], lang)
        key = "because.involves_phase" if m["phase"] else "because.involves"
        phase = _enum_label(Phase, m["phase"], lang) if m["phase"] else ""
        fact = t(key, lang, role=role, phase=phase)
        return f"{fact}{colon(lang)}{value_text(because.value, lang)}"
    trait = traits().get(because.trait)
    question = trait.question(lang) if trait else because.trait
    return f"{question} {_arrow()} {value_text(because.value, lang, because.trait)} ({because.trait})"


def colon(lang: str) -> str:
    """``" : "`` with a no-break space in French, ``": "`` in English."""
    return "\u00a0: " if lang == "fr" else ": "


def _arrow() -> str:
    return "→"


def all_risks(d: Diagnosis) -> dict[str, str]:
    """Risk ID → title, for every finding and accepted risk of ``d``."""
    return {f.risk_id: f.title for f in (*d.findings, *d.acknowledged)}


def risk_names(d: Diagnosis) -> dict[str, str]:
    """Risk ID → ``R1 title``, to name the risks the action plan and matrices refer to."""
    return {f.risk_id: f"{n} {f.title}" for n, f in reversed(numbered(d))}


def numbered(d: Diagnosis) -> list[tuple[str, Finding]]:
    """Findings then accepted risks, each with its short on-picture number (R1, R2…)."""
    return [(f"R{i}", f) for i, f in enumerate((*d.findings, *d.acknowledged), start=1)]


def expired(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.acknowledgement is not None and f.acknowledgement.expired]
