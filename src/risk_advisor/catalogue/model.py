"""The rule catalogue as data: risks, rules, remedies, success factors, seed items.

A rule file is YAML with any of the top-level sections ``risks``, ``rules``, ``remedies``,
``success_factors`` (and, in the built-in catalogue only, ``catalogue`` and ``seeds``). Every
item is defined once, by ID, and referenced by ID elsewhere; the loader checks every reference.
See ``rules/README.md`` for the authoring guide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ..engines.interface import Program
from ..model.vocabulary import Effort, Level, Phase, Role

__all__ = [
    "SOURCE_KINDS",
    "Bilingual",
    "Catalogue",
    "CatalogueInfo",
    "Example",
    "Examples",
    "Remedy",
    "Risk",
    "RiskCategory",
    "Rule",
    "RuleFile",
    "SeedItem",
    "Source",
    "SuccessFactor",
]

RiskId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$", max_length=40)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Score = Annotated[int, Field(ge=1, le=5)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

SOURCE_KINDS = ("seed", "law", "data", "practice", "brief")

RiskCategory = Literal[
    "governance",
    "stakeholders",
    "consultation",
    "budget",
    "schedule",
    "legal",
    "technical",
    "communication",
    "operation",
    "evaluation",
]


class _Item(BaseModel):
    # defer_build: a class's validator is built on its first validation, which a command that
    # reads the catalogue from its cache never makes (the cache rebuilds items without
    # validating them: catalogue/plain.py); compiling the YAML builds RuleFile's, with the
    # items' schemas inside it (docs/performance.md, "Cold start: the cache read").
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Bilingual(_Item):
    """A text in French (first) and English."""

    fr: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


class Source(_Item):
    """Where a rule, risk or remedy comes from. Written ``kind:reference`` in YAML.

    ``seed:PORTAIL-N2`` (an item of the workshop inventory), ``law:CRPM L230-5-1``,
    ``data:paris-bp-projets-gagnants``, ``practice:…`` (press, guide), ``brief:§2.2``.
    """

    kind: Literal["seed", "law", "data", "practice", "brief"]
    ref: NonEmpty

    def __str__(self) -> str:
        return f"{self.kind}:{self.ref}"


def _parse_sources(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for item in value:
        if isinstance(item, str):
            kind, sep, ref = item.partition(":")
            if not sep or kind.strip() not in SOURCE_KINDS:
                shown = item if len(item) <= 40 else item[:40] + "…"
                raise ValueError(
                    f"source {shown!r} must read 'kind:reference' with kind one of {', '.join(SOURCE_KINDS)}"
                )
            out.append({"kind": kind.strip(), "ref": ref.strip()})
        else:
            out.append(item)
    return out


class _Sourced(_Item):
    sources: tuple[Source, ...] = Field(min_length=1)

    @field_validator("sources", mode="before")
    @classmethod
    def _sources(cls, value: Any) -> Any:
        return _parse_sources(value)


class Risk(_Sourced):
    """A black scenario: what goes wrong."""

    id: RiskId
    title: Bilingual
    scenario: Bilingual  # the black scenario, told as what happens
    category: RiskCategory
    leads_to: tuple[RiskId, ...] = ()  # causal links: treating this risk removes those


class Remedy(_Sourced):
    """An actionable step: who does what, in which phase."""

    id: ItemId
    text: Bilingual
    owner: Role
    phase: Phase
    effort: Effort


class SuccessFactor(_Sourced):
    """A pink-scenario factor and the risks it prevents."""

    id: ItemId
    text: Bilingual
    prevents: tuple[RiskId, ...] = Field(min_length=1)


class Example(_Item):
    """A partial project description (``name`` may be left out)."""

    name: NonEmpty
    project: dict[str, Any]


class Examples(_Item):
    triggers: tuple[Example, ...] = Field(min_length=1)
    does_not_trigger: tuple[Example, ...] = Field(min_length=1)
    undecided: tuple[Example, ...] = ()


class Rule(_Sourced):
    """A trait pattern that reveals a risk."""

    id: RuleId
    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
    risk: RiskId
    when: NonEmpty  # the condition, in the rule language (rules/README.md)
    impact: Score
    likelihood: Score
    phases: tuple[Phase, ...] = Field(min_length=1)
    rationale: Bilingual  # why it matters
    remedies: tuple[ItemId, ...] = Field(min_length=1)
    stakeholders: tuple[Role, ...] = Field(min_length=1)
    success_factors: tuple[ItemId, ...] = ()
    examples: Examples
    # "project": a finding about one project. "scheme": a risk of the programme that runs many
    # projects (a participatory-budget scheme); kept out of per-project findings and open
    # questions, read by the portfolio summary.
    scope: Literal["project", "scheme"] = "project"
    # False: the rule reads what an export or a tracking tool records (dates, progress, status)
    # and fires when that data is there; it never asks a project lead for it (no open question,
    # no interview question). Its traits can still be written in a description.
    asks: bool = True

    @property
    def score(self) -> int:
        """impact × likelihood, 1–25."""
        return self.impact * self.likelihood

    @property
    def level(self) -> Level:
        return Level.from_score(self.score)


class SeedItem(_Item):
    """An item of the workshop inventory (shared/domain/SEED_INVENTORY.md)."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Z]+-[A-Z0-9]+$")]
    theme: Literal["CANT", "MEDIA", "PORTAIL", "PLACE", "T"]
    type: Literal["black", "success", "testimony", "remedy"]
    text: Bilingual

    @property
    def counted(self) -> bool:
        """Coverage counts the 38 black, success and testimony items, not the PLACE remedies."""
        return self.type != "remedy"


class CatalogueInfo(_Item):
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    title: Bilingual


class RuleFile(_Item):
    """The shape of one YAML file of the catalogue."""

    # Validated only when the catalogue is compiled from its YAML, not when it comes from the
    # cache: its validator is built on first use (deferred, as every item's: see _Item).

    catalogue: CatalogueInfo | None = None
    seeds: tuple[SeedItem, ...] = ()
    risks: tuple[Risk, ...] = ()
    rules: tuple[Rule, ...] = ()
    remedies: tuple[Remedy, ...] = ()
    success_factors: tuple[SuccessFactor, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    """Every item of the loaded rule folders, by ID, compiled for the engines."""

    version: str
    title: Bilingual
    seeds: dict[str, SeedItem]
    risks: dict[str, Risk]
    rules: dict[str, Rule]
    remedies: dict[str, Remedy]
    success_factors: dict[str, SuccessFactor]
    origins: dict[str, str]  # "rule:ID" / "risk:ID" / … → the file that defines it
    program: Program = field(repr=False)
    # What the library derives from this catalogue and keeps for its next diagnoses (per-rule
    # texts in each language, merged remedies…): filled on first use, never compared, and not
    # carried over by ``dataclasses.replace`` (init=False), so a subset starts empty.
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (to worker processes) without the memo: it is rebuilt where it is used."""
        return {**self.__dict__, "memo": {}}

    def origin(self, kind: str, item_id: str) -> str:
        return self.origins.get(f"{kind}:{item_id}", "<catalogue>")

    def rules_revealing(self, risk_id: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.risk == risk_id]

    @property
    def scheme_rules(self) -> list[Rule]:
        """The rules about a scheme (``scope: scheme``), in ID order, for the portfolio."""
        return sorted((r for r in self.rules.values() if r.scope == "scheme"), key=lambda r: r.id)
