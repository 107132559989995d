"""A scripted interview: answer every question from a full description, as a user would type it.

It measures the interview (issue 12 §5): starting from the project's name alone and answering
each question from the description (« je ne sais pas » when it is silent), does the interview
reach the same verdicts as the whole file, and in how many questions?
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalogue.loader import load_catalogue
from ..catalogue.model import Catalogue
from ..facts import trait_value
from ..model.project import Project
from . import _fields
from .files import ProjectFile
from .questions import Question, known_traits, verdicts_of
from .session import Interview

__all__ = ["Replay", "replay", "typed_answer"]


@dataclass(frozen=True)
class Replay:
    """The outcome of :func:`replay`."""

    asked: int  # questions asked, « don't know » included
    answered: int
    values: int  # traits the full description states (the stakeholder list counts as one)
    same_findings: bool  # the same risks found, each at the same score
    missing: tuple[str, ...]  # rules true for the full file only (other patterns of a found risk)
    extra: tuple[str, ...]  # rules true for the interviewed file only


def _number(value: float) -> str:
    return str(value).replace(".", ",")  # as a French user types it


def typed_answer(question: Question, project: Project) -> str:
    """The line a user who knows ``project`` types to ``question`` (``?`` when it is silent)."""
    if question.trait == _fields.STAKEHOLDERS:
        raw: Any = None if project.stakeholders is None else tuple(dict.fromkeys(s.role for s in project.stakeholders))
    else:
        raw = trait_value(project, question.trait)
    if raw is None:
        return "?"
    if question.type == "bool":
        return "oui" if raw else "non"
    values = [c.value for c in question.choices]
    if question.type == "enum":
        return str(values.index(raw.value) + 1)
    if question.type == "enum_list":
        return ", ".join(str(values.index(v.value) + 1) for v in raw) or "0"
    if question.type in ("int", "float"):
        return _number(raw)
    return str(raw)


def replay(project: Project, *, catalogue: Catalogue | None = None, lang: str = "fr") -> Replay:
    """Interview from ``project``'s name, answering from ``project``; compare the verdicts."""
    cat = catalogue if catalogue is not None else load_catalogue()
    with tempfile.TemporaryDirectory(prefix="risk-advisor-replay-") as folder:
        doc = ProjectFile.new(Path(folder) / "project.yaml", project.name)
        interview = Interview(doc, lang=lang, catalogue=cat)

        def read() -> str | None:
            assert interview.current is not None
            return typed_answer(interview.current, project)

        interview.run(read, lambda _line: None)
        interviewed = interview.project()
    full = {r for r, v in verdicts_of(cat, project)[1].items() if v is True}
    got = {r for r, v in verdicts_of(cat, interviewed)[1].items() if v is True}

    def findings(true_rules: set[str]) -> dict[str, int]:
        """Each risk found, with its level-setting score: what a finding shows."""
        out: dict[str, int] = {}
        for rule_id in true_rules:
            rule = cat.rules[rule_id]
            if getattr(rule, "scope", "project") == "project":  # scheme rules are the portfolio's
                out[rule.risk] = max(out.get(rule.risk, 0), rule.score)
        return out

    return Replay(
        asked=interview.asked,
        answered=interview.answered,
        values=known_traits(project),
        same_findings=findings(full) == findings(got),
        missing=tuple(sorted(full - got)),
        extra=tuple(sorted(got - full)),
    )
