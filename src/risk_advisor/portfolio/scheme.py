"""Questions the export cannot answer: asked once, for the scheme, not in every row.

A platform export never carries some traits (are running costs known? is the land checked? is
participation representative?). Every row then gets the same open question, and a portfolio
report drowns in repeats. A trait is a **scheme question** when

- it is asked (part of an open question) on at least ``SCHEME_SHARE`` (90 %) of the rows, and
- no row of the export gives it a value: the export never carries it.

Such a question goes once into the portfolio summary ("what this export does not say"), with
the rules it would decide and how many projects ask it; a row keeps an open question unless
every trait of it is a scheme question. Portfolios under ``MIN_PROJECTS`` rows keep every
question in their rows: there, "nearly every row" means nothing.

Counting is streaming and bounded: counters keyed by trait path and rule ID.

Rules about the scheme itself (``scope: scheme``, e.g. unequal participation) are never asked
of a project: :func:`scheme_risks` decides them once, on the scheme's own description (``batch
--scheme FILE``) or, without one, lists what would decide them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from ..catalogue.model import Catalogue
from ..catalogue.traits import question as trait_question
from ..diagnosis import Diagnosis, OpenQuestion
from ..inference import deciding_traits, get_engine, infer
from ..model.project import Project

__all__ = [
    "MIN_PROJECTS",
    "SCHEME_SHARE",
    "QuestionTally",
    "SchemeQuestion",
    "SchemeRisk",
    "known_paths",
    "question_rules",
    "question_traits",
    "scheme_risks",
]

SCHEME_SHARE = 0.9
MIN_PROJECTS = 10


@dataclass(frozen=True)
class SchemeQuestion:
    """A trait the export never carries, asked of (nearly) every project."""

    trait: str  # dotted path, e.g. ``participatory_budget.land_ownership_checked``
    question: str  # the trait's question, in the report's language
    rules: tuple[str, ...]  # rule IDs it would decide (sorted)
    projects: int  # projects whose diagnosis asks it


def known_paths(project: Project) -> Iterator[str]:
    """The dotted paths of every trait ``project`` gives a value (lists count as one value)."""

    def walk(node: BaseModel, prefix: str) -> Iterator[str]:
        for key, value in node.__dict__.items():  # the fields' values, without a dump
            if value is None or value == ():
                continue
            if isinstance(value, BaseModel):
                yield from walk(value, f"{prefix}{key}.")
            else:
                yield f"{prefix}{key}"

    return walk(project, "")


def question_traits(question: OpenQuestion | Mapping[str, Any]) -> tuple[str, ...]:
    """The traits an open question asks, as an object or as its JSON: ``traits`` (one question
    per rule) or ``trait`` (one question per trait, diagnosis schema 2)."""
    fields = question if isinstance(question, Mapping) else question.__dict__  # no attribute fallback: fast
    return tuple(fields["traits"]) if "traits" in fields else (str(fields["trait"]),)


def question_rules(question: OpenQuestion) -> tuple[str, ...]:
    """The rules an open question would decide: ``rule_id``, or ``rules`` (diagnosis schema 2)."""
    fields = question.__dict__
    return tuple(fields["rules"]) if "rules" in fields else (str(fields["rule_id"]),)


def _question(trait: str, lang: str) -> str:
    try:
        return trait_question(trait, lang)
    except KeyError:  # a path the model does not document (never for the built-in catalogue)
        return trait


@dataclass
class QuestionTally:
    """How many rows ask each trait, which rules ask it, and which traits any row knows."""

    asked: Counter[str] = field(default_factory=Counter)
    rules: dict[str, set[str]] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)

    def add(self, diagnosis: Diagnosis, project: Project | None) -> None:
        """Count the traits ``diagnosis`` asks (once per row) and those ``project`` knows."""
        row: set[str] = set()
        for q in diagnosis.open_questions:
            for trait in question_traits(q):
                row.add(trait)
                self.rules.setdefault(trait, set()).update(question_rules(q))
        self.asked.update(row)
        if project is not None:
            self.known.update(known_paths(project))

    def scheme(self, projects: int, lang: str) -> tuple[SchemeQuestion, ...]:
        """The scheme questions of a portfolio of ``projects`` rows, most asked first."""
        if projects < MIN_PROJECTS:
            return ()
        chosen = [
            (trait, n) for trait, n in self.asked.items() if n >= SCHEME_SHARE * projects and trait not in self.known
        ]
        chosen.sort(key=lambda tn: (-tn[1], tn[0]))
        return tuple(
            SchemeQuestion(trait, _question(trait, lang), tuple(sorted(self.rules[trait])), n) for trait, n in chosen
        )

    def top(self, scheme: Iterable[SchemeQuestion], lang: str, limit: int) -> tuple[tuple[str, int], ...]:
        """The most asked row-specific questions, one per trait (no repeats), with their row counts."""
        skip = {s.trait for s in scheme}
        ranked = sorted(((t, n) for t, n in self.asked.items() if t not in skip), key=lambda tn: (-tn[1], tn[0]))
        return tuple((_question(t, lang), n) for t, n in ranked[:limit])


@dataclass(frozen=True)
class SchemeRisk:
    """A rule about the scheme (``scope: scheme``), decided once for the whole portfolio."""

    rule_id: str
    risk_id: str
    title: str  # the risk's title, in the report's language
    score: int
    found: bool  # True: the scheme description reveals it; False: undecided, see ``questions``
    questions: tuple[str, ...]  # what would decide it (empty when found)


def scheme_risks(
    catalogue: Catalogue, kinds: Iterable[str], lang: str, scheme: Project | None = None
) -> tuple[SchemeRisk, ...]:
    """The catalogue's scheme-scope rules, evaluated once on the scheme, not on each project.

    The scheme is ``scheme`` (a project description of the programme, e.g. its consultation
    traits) with the portfolio's ``kinds``, or those kinds alone. A rule decided false is left
    out; one that is true is a risk of the scheme; an undecided one lists its questions.
    Without rules of that scope (a catalogue that has none), nothing.
    """
    rules = [r for r in catalogue.rules.values() if getattr(r, "scope", "project") == "scheme"]
    if not rules:
        return ()
    base: dict[str, Any] = scheme.model_dump(exclude_none=True) if scheme is not None else {"name": "scheme"}
    base["kinds"] = sorted({*base.get("kinds", ()), *kinds})
    run = infer(catalogue, Project.model_validate(base), get_engine("python"))
    deciding = deciding_traits(catalogue.program, run)
    out = []
    for rule in sorted(rules, key=lambda r: r.id):
        found = rule.id in run.true
        if not found and rule.id not in deciding:
            continue
        title = catalogue.risks[rule.risk].title
        questions = () if found else tuple(_question(t, lang) for t in deciding[rule.id])
        out.append(SchemeRisk(rule.id, rule.risk, title.en if lang == "en" else title.fr, rule.score, found, questions))
    return tuple(out)
