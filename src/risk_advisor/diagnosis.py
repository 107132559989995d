"""The result of a diagnosis, as planning tools and reports receive it.

Texts are in the diagnosis' language (``lang``). The JSON form is a public, versioned
contract (``SCHEMA_VERSION``; ``risk-advisor schema --diagnosis`` prints it): add fields,
never rename or remove one without bumping the major version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .model.vocabulary import Effort, Level, Phase, Role

__all__ = [
    "SCHEMA_VERSION",
    "Acknowledgement",
    "ActionItem",
    "Because",
    "Diagnosis",
    "Finding",
    "OpenQuestion",
    "Pattern",
    "RemedyRef",
    "RootCause",
    "StakeholderRef",
    "StakeholderRow",
    "SuccessFactorRef",
    "Summary",
    "UnusedAcknowledgement",
]

SCHEMA_VERSION = "2.0"  # 2.0: one finding per risk (its rules under ``patterns``); open questions one per trait


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Because(_Out):
    """A trait, with its actual value, that made the rule's condition true."""

    trait: str = Field(description="Trait path, or involves(…) / risk(…)")
    value: Any = Field(description="Its value in the project description")

    @field_validator("value")
    @classmethod
    def _immutable(cls, value: Any) -> Any:
        """A list (a multi-valued trait, or a saved diagnosis read back) is held as a tuple:
        a diagnosis holds nothing mutable, and one read back equals the one that was saved."""
        return tuple(value) if isinstance(value, list) else value


class RemedyRef(_Out):
    id: str
    text: str
    owner: Role
    owner_label: str
    phase: Phase
    effort: Effort


class StakeholderRef(_Out):
    role: Role
    label: str


class SuccessFactorRef(_Out):
    id: str
    text: str


class Acknowledgement(_Out):
    justification: str
    owner: str
    review_date: dt.date
    expired: bool = Field(description="The review date has passed: the risk is a finding again")


class Pattern(_Out):
    """One rule that fired for a finding's risk: a pattern that revealed it, with its reasons."""

    rule_id: str = Field(description="The rule's ID (what `risk-advisor rules show` takes)")
    rule_name: str
    score: int = Field(description="This rule's score: impact × likelihood")
    level: Level
    impact: int
    likelihood: int
    because: tuple[Because, ...] = Field(description="The traits, with their values, that made this rule true")
    rationale: str = Field(description="Why this pattern leads to the risk")
    sources: tuple[str, ...]


class Finding(_Out):
    """One risk the project runs, with every pattern (rule) that revealed it.

    A risk is listed once however many rules revealed it: its level, score, impact and
    likelihood are those of its highest-scoring rule; remedies, stakeholders and success
    factors are merged from all its rules without repeats (rule order, then catalogue order).
    """

    risk_id: str = Field(description="The risk's ID: name it under `acknowledged_risks` to accept the risk")
    title: str
    scenario: str
    category: str
    level: Level = Field(description="The highest level among the patterns that fired")
    score: int = Field(description="The highest score among the patterns that fired")
    impact: int = Field(description="Impact of the pattern that set the level (`rule_id`)")
    likelihood: int = Field(description="Likelihood of the pattern that set the level (`rule_id`)")
    phases: tuple[Phase, ...] = Field(description="Every phase of its patterns, in project order")
    rule_id: str = Field(
        description="The pattern that set the level: the highest score, ties broken by the smallest rule ID"
    )
    rule_name: str = Field(description="That pattern's rule name")
    rule_ids: tuple[str, ...] = Field(description="Every rule that revealed the risk, in `patterns` order")
    patterns: tuple[Pattern, ...] = Field(
        description="The rules that revealed the risk: highest score first, then rule ID"
    )
    remedies: tuple[RemedyRef, ...]
    stakeholders: tuple[StakeholderRef, ...]
    success_factors: tuple[SuccessFactorRef, ...]
    acknowledgement: Acknowledgement | None = None


class OpenQuestion(_Out):
    """One trait worth finding out: some answer to it would change a rule's verdict.

    Ranked as :func:`risk_advisor.next_questions` ranks them (the project's kinds, phase and
    origin first, then what an answer could reveal).
    """

    trait: str = Field(description="The trait's dotted path in a project file (governance.technical_lookout)")
    question: str = Field(description="What to find out, in plain words")
    rules: tuple[str, ...] = Field(description="Rule IDs whose verdict an answer can change")
    risks: tuple[str, ...] = Field(description="The risks of those rules (IDs)")
    risk_titles: tuple[str, ...] = Field(description="Their titles, in the diagnosis' language, in the same order")
    weight: int = Field(description="Highest score among the rules an answer could reveal (0: it can only rule out)")


class ActionItem(_Out):
    remedy: RemedyRef
    answers: tuple[str, ...] = Field(description="Risk IDs of the findings this action answers")


class StakeholderRow(_Out):
    role: Role
    label: str
    phases: tuple[Phase, ...]
    risks: tuple[str, ...]
    listed: bool = Field(description="The project description lists this role among its stakeholders")


class RootCause(_Out):
    risk_id: str
    title: str
    removes: tuple[str, ...] = Field(description="Found risks that treating this one would remove")


class Summary(_Out):
    findings: int = Field(description="Risks found (one per risk, however many rules revealed it)")
    open_questions: int
    acknowledged: int
    by_level: dict[Level, int]
    highest_level: Level | None
    known_traits: int = Field(default=0, description="How many traits the description states")


class UnusedAcknowledgement(_Out):
    """An entry of ``acknowledged_risks`` whose risk no rule found: stale, or a risk not (yet) present."""

    risk: str  # as written in the project file: a risk ID or a rule ID
    risk_id: str
    title: str
    owner: str
    review_date: dt.date


class Diagnosis(_Out):
    schema_version: str = SCHEMA_VERSION
    tool_version: str
    catalogue_version: str
    lang: str
    project: str
    reference: str | None = None
    summary: Summary
    findings: tuple[Finding, ...]
    open_questions: tuple[OpenQuestion, ...]
    acknowledged: tuple[Finding, ...]
    action_plan: tuple[ActionItem, ...] = ()
    stakeholder_matrix: tuple[StakeholderRow, ...] = ()
    root_causes: tuple[RootCause, ...] = ()
    unused_acknowledgements: tuple[UnusedAcknowledgement, ...] = ()

    def to_json(self) -> str:
        """Stable JSON: the same diagnosis always gives the same bytes."""
        return self.model_dump_json(indent=2) + "\n"
