"""What changed between two diagnoses of the same project: the steering committee's question.

:func:`compare` takes two project descriptions (paths, dicts or :class:`Project`), two
diagnoses (:class:`Diagnosis`, or paths to the JSON that ``diagnose --format json`` writes), or
one of each. Findings are matched by **risk ID** (a diagnosis lists each risk once): a risk
only in OLD is *resolved*, only in NEW is *new*; a risk in both is *worse* when its level or
score went up, *better* when it went down, *unchanged* otherwise. Open questions are matched
by their trait: *answered* (only in OLD) and *appeared* (only in NEW). An acknowledgement
that has lapsed in NEW but had not in OLD is listed under *acknowledgements_expired* (the
risk itself is then a finding again, so it is also *new* or *worse* / *unchanged*).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .._input_messages import current_language, in_the_callers_language, translate
from ..catalogue.model import Catalogue
from ..diagnose import ProjectSource, diagnose
from ..diagnosis import SCHEMA_VERSION, Diagnosis, Finding, OpenQuestion
from ..errors import Problem, ProjectError
from ..model.vocabulary import Level

__all__ = ["COMPARISON_SCHEMA_VERSION", "Comparison", "FindingChange", "FindingRef", "compare", "read_diagnosis"]

COMPARISON_SCHEMA_VERSION = "1.0"
_MAX_DIAGNOSIS_BYTES = 64 * 2**20


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FindingRef(_Out):
    """A risk found on one side only, or on both sides with the same level and score."""

    rule_id: str = Field(description="The pattern (rule) that set the risk's level")
    rule_ids: tuple[str, ...] = Field(description="Every rule that revealed the risk")
    risk_id: str
    title: str
    level: Level
    score: int


class FindingChange(_Out):
    """A risk found on both sides whose level or score moved."""

    rule_id: str
    rule_ids: tuple[str, ...]
    risk_id: str
    title: str
    level: Level = Field(description="The level now (same as level_after)")
    score: int = Field(description="The score now (same as score_after)")
    level_before: Level
    level_after: Level
    score_before: int
    score_after: int


class QuestionRef(_Out):
    trait: str = Field(description="The project-file field that would answer it (governance.technical_lookout)")
    question: str
    risks: tuple[str, ...] = Field(description="The risks an answer could reveal or rule out (IDs)")


class ExpiredAcknowledgement(_Out):
    risk_id: str
    title: str
    owner: str
    review_date: dt.date
    justification: str


class Side(_Out):
    """What one side of the comparison was."""

    project: str
    reference: str | None
    catalogue_version: str
    findings: int
    open_questions: int


class Comparison(_Out):
    """The difference between an OLD and a NEW diagnosis of a project."""

    schema_version: str = COMPARISON_SCHEMA_VERSION
    lang: str
    before: Side = Field(description="The OLD side")
    after: Side = Field(description="The NEW side")
    resolved: tuple[FindingRef, ...]
    new: tuple[FindingRef, ...]
    worse: tuple[FindingChange, ...]
    better: tuple[FindingChange, ...]
    unchanged: tuple[FindingRef, ...]
    questions_answered: tuple[QuestionRef, ...]
    questions_appeared: tuple[QuestionRef, ...]
    acknowledgements_expired: tuple[ExpiredAcknowledgement, ...]
    warnings: tuple[str, ...] = Field(description="Why the comparison may mislead (different projects…)")

    def to_json(self) -> str:
        """Stable JSON: the same comparison always gives the same bytes."""
        return self.model_dump_json(indent=2) + "\n"

    def worst_new(self) -> Level | None:
        """The highest level among new and worse findings (what ``--fail-on`` looks at)."""
        levels = [f.level for f in self.new] + [c.level_after for c in self.worse]
        return max(levels, key=lambda lv: lv.rank, default=None)


def looks_like_diagnosis(path: Path) -> bool:
    """A ``.json`` file whose top level has ``schema_version`` and ``findings``: a saved diagnosis."""
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8", errors="replace")
    return '"schema_version"' in text and text.lstrip().startswith("{")


def _error(
    where: str, summary: str, message: str, *, line: int | None = None, column: int | None = None,
    path: str | None = None, hint: str | None = None,
) -> ProjectError:
    problem = Problem(translate(message) or message, file=where, line=line, column=column, path=path,
                      hint=translate(hint), lang=current_language())  # fmt: skip
    return ProjectError(translate(f"{where}: {summary}") or summary, [problem])


def read_diagnosis(path: str | Path) -> Diagnosis:
    """A diagnosis saved by ``diagnose --format json``, or a :class:`ProjectError` saying why not."""
    where = str(path)
    try:
        data = Path(path).read_bytes()[: _MAX_DIAGNOSIS_BYTES + 1]
    except OSError as exc:
        raise _error(where, "cannot read the diagnosis", str(exc.strerror or exc)) from exc
    if len(data) > _MAX_DIAGNOSIS_BYTES:
        raise _error(where, "not a diagnosis", "the file is larger than 64 MiB")
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError) as exc:
        message = f"not valid JSON: {getattr(exc, 'msg', exc)}"
        raise _error(where, "not a diagnosis", message, line=getattr(exc, "lineno", None),
                     column=getattr(exc, "colno", None)) from exc  # fmt: skip
    version = raw.get("schema_version") if isinstance(raw, dict) else None
    if not isinstance(version, str) or version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise _error(
            where, "not a diagnosis this version reads",
            f"diagnosis schema {version!r}, this risk-advisor reads {SCHEMA_VERSION}",
            hint="diagnose the project description again with this version (risk-advisor diagnose FILE "
            "--format json -o FILE.json), or compare the two project descriptions directly",
        )  # fmt: skip
    try:
        return Diagnosis.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        at = ".".join(str(p) for p in first["loc"])
        raise _error(where, "not a risk-advisor diagnosis", f"{at}: {first['msg']}", path=at,
                     hint="give a file written by `risk-advisor diagnose --format json`") from exc  # fmt: skip


def _as_diagnosis(
    source: ProjectSource | Diagnosis,
    catalogue: Catalogue | None,
    engine: str,
    lang: str,
    today: dt.date | None,
) -> Diagnosis:
    if isinstance(source, Diagnosis):
        return source
    if isinstance(source, str | Path) and looks_like_diagnosis(Path(source)):
        return read_diagnosis(source)
    return diagnose(source, catalogue=catalogue, engine=engine, lang=lang, today=today)


def _ref(f: Finding) -> FindingRef:
    return FindingRef(rule_id=f.rule_id, rule_ids=_rule_ids(f), risk_id=f.risk_id, title=f.title, level=f.level,
                      score=f.score)  # fmt: skip


def _rule_ids(f: Finding) -> tuple[str, ...]:
    return tuple(f.rule_ids)


def _question_ref(q: OpenQuestion) -> QuestionRef:
    return QuestionRef(trait=q.trait, question=q.question, risks=tuple(q.risks))


def _side(d: Diagnosis) -> Side:
    return Side(project=d.project, reference=d.reference, catalogue_version=d.catalogue_version,
                findings=len(d.findings), open_questions=len(d.open_questions))  # fmt: skip


@in_the_callers_language("fr")  # a broken input is explained in the comparison's language
def compare(
    old: ProjectSource | Diagnosis,
    new: ProjectSource | Diagnosis,
    *,
    catalogue: Catalogue | None = None,
    engine: str = "durable",
    lang: str = "fr",
    today: dt.date | None = None,
) -> Comparison:
    """Compare two diagnoses of a project (descriptions are diagnosed first, with ``catalogue``).

    ``today`` decides which acknowledgements have lapsed when a description is diagnosed.
    Saved diagnoses are taken as they are (their language and catalogue version included; a
    difference with the other side is reported in ``warnings``).
    """
    before = _as_diagnosis(old, catalogue, engine, lang, today)
    after = _as_diagnosis(new, catalogue, engine, lang, today)
    warnings: list[str] = []
    if (before.project, before.reference) != (after.project, after.reference):
        warnings.append("different_project")
    if before.catalogue_version != after.catalogue_version:
        warnings.append("different_catalogue")
    if before.lang != after.lang:
        warnings.append("different_language")

    old_by_risk = {f.risk_id: f for f in before.findings}
    new_by_risk = {f.risk_id: f for f in after.findings}
    resolved = [_ref(f) for f in before.findings if f.risk_id not in new_by_risk]
    appeared = [_ref(f) for f in after.findings if f.risk_id not in old_by_risk]
    worse: list[FindingChange] = []
    better: list[FindingChange] = []
    unchanged: list[FindingRef] = []
    for f in after.findings:
        was = old_by_risk.get(f.risk_id)
        if was is None:
            continue
        moved = (f.level.rank - was.level.rank) or (f.score - was.score)
        if moved == 0:
            unchanged.append(_ref(f))
            continue
        change = FindingChange(
            rule_id=f.rule_id, rule_ids=_rule_ids(f), risk_id=f.risk_id, title=f.title, level=f.level, score=f.score,
            level_before=was.level, level_after=f.level, score_before=was.score, score_after=f.score,
        )  # fmt: skip
        (worse if moved > 0 else better).append(change)

    old_questions = {q.trait: q for q in before.open_questions}
    new_questions = {q.trait: q for q in after.open_questions}
    answered = [_question_ref(q) for k, q in old_questions.items() if k not in new_questions]
    asked = [_question_ref(q) for k, q in new_questions.items() if k not in old_questions]

    lapsed_before = {f.risk_id for f in before.findings if f.acknowledgement and f.acknowledgement.expired}
    expired = [
        ExpiredAcknowledgement(risk_id=f.risk_id, title=f.title, owner=f.acknowledgement.owner,
                               review_date=f.acknowledgement.review_date,
                               justification=f.acknowledgement.justification)
        for f in after.findings
        if f.acknowledgement is not None and f.acknowledgement.expired and f.risk_id not in lapsed_before
    ]
    return Comparison(
        lang=after.lang,
        before=_side(before),
        after=_side(after),
        resolved=tuple(resolved),
        new=tuple(appeared),
        worse=tuple(worse),
        better=tuple(better),
        unchanged=tuple(unchanged),
        questions_answered=tuple(answered),
        questions_appeared=tuple(asked),
        acknowledgements_expired=tuple(expired),
        warnings=tuple(warnings),
    )
