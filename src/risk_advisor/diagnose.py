"""Project → :class:`Diagnosis`: the library's main entry point.

Loads the project, runs inference, and turns verdicts into explained findings, open
questions and acknowledged risks, in one language, in a stable order (score descending, then
rule ID) so that the same input always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._input_messages import in_the_callers_language
from ._version import __version__
from .catalogue.loader import load_catalogue
from .catalogue.model import Catalogue, Rule
from .catalogue.tree import Key
from .diagnosis import (
    Acknowledgement,
    Because,
    Diagnosis,
    Finding,
    RemedyRef,
    StakeholderRef,
    SuccessFactorRef,
    Summary,
)
from .errors import RiskAdvisorError
from .facts import Facts, normalise, trait_value
from .graph import plan
from .inference import get_engine, infer
from .interview.questions import known_traits, open_questions
from .logic import because
from .model.project import Project
from .model.vocabulary import Lang, Level, label

__all__ = ["diagnose", "finding_for"]

ProjectSource = str | Path | Mapping[str, Any] | Project


def _load(project: ProjectSource) -> Project:
    if isinstance(project, Project):
        return project
    from .loading import load_project

    return load_project(project)


@in_the_callers_language("fr")  # a broken project file is explained in the diagnosis' language
def diagnose(
    project: ProjectSource,
    *,
    catalogue: Catalogue | None = None,
    engine: str = "durable",
    lang: str = "fr",
    today: dt.date | None = None,
) -> Diagnosis:
    """Diagnose ``project`` (a path, a dict or a :class:`Project`) against ``catalogue``.

    ``engine`` is ``"durable"`` (durable_rules; the plain-Python engine where it cannot be
    imported) or ``"python"``. ``today`` decides which acknowledgements have expired
    (default: the current date).
    """
    if lang not in (Lang.FR.value, Lang.EN.value):
        raise RiskAdvisorError(f"unknown language {lang!r}: choose fr or en")
    model = _load(project)
    cat = catalogue if catalogue is not None else load_catalogue()
    run = infer(cat, model, get_engine(engine))
    today = today or dt.date.today()
    acks = {a.risk: a for a in model.acknowledged_risks}

    findings: list[Finding] = []
    accepted: list[Finding] = []
    found_risks: set[str] = set()
    for rule_id in run.true:
        rule = cat.rules[rule_id]
        found_risks.add(rule.risk)
        ack = acks.get(rule.risk)
        acknowledgement = None
        if ack is not None:
            acknowledgement = Acknowledgement(
                justification=ack.justification,
                owner=ack.owner,
                review_date=ack.review_date,
                expired=ack.review_date < today,
            )
        finding = finding_for(cat, rule, model, run.facts, lang, acknowledgement)
        (accepted if acknowledgement and not acknowledgement.expired else findings).append(finding)

    questions = open_questions(cat, model, lang)
    order = lambda f: (-f.score, f.rule_id)  # noqa: E731
    findings.sort(key=order)
    accepted.sort(key=order)

    by_level = {level: sum(1 for f in findings if f.level == level) for level in Level}
    highest = max((f.level for f in findings), key=lambda lv: lv.rank, default=None)
    diagnosis = Diagnosis(
        tool_version=__version__,
        catalogue_version=cat.version,
        lang=lang,
        project=model.name,
        reference=model.reference,
        summary=Summary(
            findings=len(findings),
            open_questions=len(questions),
            acknowledged=len(accepted),
            by_level=by_level,
            highest_level=highest,
            known_traits=known_traits(model),
        ),
        findings=tuple(findings),
        open_questions=tuple(questions),
        acknowledged=tuple(accepted),
    )
    return plan(cat, model, diagnosis)  # action plan, stakeholder matrix, root causes


def _value(key: Key, model: Project, facts: Facts) -> Any:
    if key.kind in ("involves", "risk"):
        return facts.get(key.name)
    raw = trait_value(model, key.path)
    if isinstance(raw, tuple):
        return [normalise(v) for v in raw]
    return None if raw is None else normalise(raw)


def finding_for(
    cat: Catalogue,
    rule: Rule,
    model: Project,
    facts: Facts,
    lang: str,
    acknowledgement: Acknowledgement | None = None,
) -> Finding:
    risk = cat.risks[rule.risk]
    keys: dict[str, Key] = {}  # one line per trait, even when several tests read it
    for key in because(cat.program.by_id[rule.id].tree, facts):
        keys.setdefault(key.label, key)
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        risk_id=risk.id,
        title=risk.title.get(lang),
        scenario=risk.scenario.get(lang),
        rationale=rule.rationale.get(lang),
        category=risk.category,
        impact=rule.impact,
        likelihood=rule.likelihood,
        score=rule.score,
        level=rule.level,
        phases=rule.phases,
        because=tuple(Because(trait=k.label, value=_value(k, model, facts)) for k in keys.values()),
        remedies=tuple(remedy_ref(cat, rid, lang) for rid in rule.remedies),
        stakeholders=tuple(StakeholderRef(role=r, label=label(r, lang)) for r in rule.stakeholders),
        success_factors=tuple(
            SuccessFactorRef(id=sid, text=cat.success_factors[sid].text.get(lang)) for sid in rule.success_factors
        ),
        sources=tuple(str(s) for s in rule.sources),
        acknowledgement=acknowledgement,
    )


def remedy_ref(cat: Catalogue, remedy_id: str, lang: str) -> RemedyRef:
    remedy = cat.remedies[remedy_id]
    return RemedyRef(
        id=remedy.id,
        text=remedy.text.get(lang),
        owner=remedy.owner,
        owner_label=label(remedy.owner, lang),
        phase=remedy.phase,
        effort=remedy.effort,
    )

