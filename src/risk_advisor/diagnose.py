"""Project → :class:`Diagnosis`: the library's main entry point.

Loads the project, runs inference, and turns verdicts into explained findings, open
questions and acknowledged risks, in one language, in a stable order (score descending, then
rule ID) so that the same input always gives the same bytes. A finding is one risk: the rules
that revealed it are its patterns, and its level is the highest of theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from ._input_messages import in_the_callers_language
from ._located import Located
from ._version import __version__
from .acknowledgements import resolve_acknowledgements
from .catalogue.loader import load_catalogue
from .catalogue.model import Catalogue, Rule
from .catalogue.tree import And, Cmp, Cond, Key, Not, Present
from .diagnosis import (
    Acknowledgement,
    Because,
    Diagnosis,
    Finding,
    Pattern,
    RemedyRef,
    StakeholderRef,
    SuccessFactorRef,
    Summary,
    UnusedAcknowledgement,
)
from .errors import RiskAdvisorError
from .facts import Facts, normalise, trait_value
from .graph import plan_parts
from .inference import get_engine, infer
from .interview.questions import known_paths, known_traits, open_questions, verdicts_from
from .logic import because
from .model.project import Project
from .model.vocabulary import Lang, Level, Phase, label

__all__ = ["diagnose", "finding_for"]

ProjectSource = str | Path | Mapping[str, Any] | Project


def _load(project: ProjectSource) -> tuple[Project, Located | None, str | None]:
    if isinstance(project, Project):
        return project, None, None
    from .loading import load_project_located

    return load_project_located(project)


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
    model, located, file = _load(project)
    cat = catalogue if catalogue is not None else load_catalogue()
    acks = resolve_acknowledgements(cat, model, file=file, located=located)
    run = infer(cat, model, get_engine(engine))
    today = today or dt.date.today()

    findings: list[Finding] = []
    accepted: list[Finding] = []
    revealed: dict[str, list[Rule]] = {}  # risk ID → the rules that fired for it
    for rule_id in run.true:
        rule = cat.rules[rule_id]
        if rule.scope == "scheme":
            continue  # about the scheme, not this project: the portfolio reads it
        revealed.setdefault(rule.risk, []).append(rule)
    for risk_id, rules in revealed.items():
        ack = acks.get(risk_id)  # an acknowledged risk covers all its patterns
        acknowledgement = None
        if ack is not None:
            acknowledgement = Acknowledgement(
                justification=ack.justification,
                owner=ack.owner,
                review_date=ack.review_date,
                expired=ack.review_date < today,
            )
        finding = finding_for(cat, rules, model, run.facts, lang, acknowledgement)
        (accepted if acknowledgement and not acknowledgement.expired else findings).append(finding)

    # The ranking starts from this run's verdicts rather than evaluating every rule again.
    known = known_paths(model)
    questions = open_questions(cat, model, lang, verdicts_from(cat, run.facts, run.true, run.undecided), known)
    order = lambda f: (-f.score, f.rule_id)  # noqa: E731
    findings.sort(key=order)
    accepted.sort(key=order)

    shown = tuple(findings)
    by_level = dict.fromkeys(Level, 0)
    for f in shown:
        by_level[f.level] += 1
    highest = max((f.level for f in shown), key=lambda lv: lv.rank, default=None)
    return Diagnosis(
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
            known_traits=known_traits(model, known),
        ),
        findings=shown,
        open_questions=tuple(questions),
        acknowledged=tuple(accepted),
        unused_acknowledgements=tuple(
            UnusedAcknowledgement(risk=a.risk, risk_id=risk_id, title=cat.risks[risk_id].title.get(lang),
                                  owner=a.owner, review_date=a.review_date)
            for risk_id, a in acks.items()
            if risk_id not in revealed
        ),
        **plan_parts(cat, model, shown, lang),  # action plan, stakeholder matrix, root causes
    )


def _value(key: Key, model: Project, facts: Facts) -> Any:
    """The value a reason shows for ``key``: a scalar, or a tuple for a multi-valued trait
    (immutable, like the project model's own: a finding may be shared by diagnoses)."""
    if key.kind in ("involves", "risk"):
        return facts.get(key.name)
    if key.kind == "trait":  # the fact is the normalised trait value itself: no need to walk the model
        fact = facts.get(key.name)
        if fact is not None and not isinstance(fact, tuple):
            return fact
    raw = trait_value(model, key.path)
    if isinstance(raw, tuple):
        return tuple(normalise(v) for v in raw)
    return None if raw is None else normalise(raw)


def _rule_parts(cat: Catalogue, rule: Rule, lang: str) -> dict[str, Any]:
    """A pattern's fields that do not depend on the project (all but ``because``), kept per catalogue."""
    key = ("pattern", rule.id, lang)
    parts = cat.memo.get(key)
    if parts is None:
        parts = cat.memo[key] = {
            "rule_id": rule.id,
            "rule_name": rule.name,
            "score": rule.score,
            "level": rule.level,
            "impact": rule.impact,
            "likelihood": rule.likelihood,
            "rationale": rule.rationale.get(lang),
            "sources": tuple(str(s) for s in rule.sources),
        }
    return parts


def _because_keys(cat: Catalogue, rule: Rule, facts: Facts) -> tuple[Key, ...]:
    """The keys :func:`because` gives for ``rule``, one per trait even when several tests read it.

    A condition with no "or" to choose among (once negations are pushed down) gives the same
    keys whatever the facts: those are kept per catalogue.
    """
    memo_key = ("because", rule.id)
    kept = cat.memo.get(memo_key)  # the keys; False when they depend on the facts; None: not known yet
    if kept:
        return cast(tuple[Key, ...], kept)
    tree = cat.program.by_id[rule.id].tree
    keys: dict[str, Key] = {}
    for key in because(tree, facts):
        keys.setdefault(key.label, key)
    found = tuple(keys.values())
    if kept is None:
        cat.memo[memo_key] = found if found and _fixed(tree, True) else False
    return found


def _fixed(tree: Cond, want: bool) -> bool:
    """Whether :func:`because` (``tree`` being ``want``) names the same keys whatever the facts:
    every item counts at each level, none is picked as the first decisive one."""
    if isinstance(tree, (Cmp, Present)):
        return True
    if isinstance(tree, Not):
        return _fixed(tree.item, not want)
    return isinstance(tree, And) == want and all(_fixed(item, want) for item in tree.items)


def _pattern(cat: Catalogue, rule: Rule, keys: tuple[Key, ...], values: tuple[Any, ...], lang: str) -> Pattern:
    """The rule ``rule``, true for the project, as one pattern of its risk's finding: its
    reasons are ``keys`` (as :func:`_because_keys` gives them) with their ``values``."""
    # Plain validation, not model_construct: with pydantic 2.14, validating a small model whose
    # nested models are already instances is faster than model_construct (1.1 µs against 1.9
    # for a Because; docs/performance.md).
    return Pattern(
        because=tuple(Because(trait=k.label, value=v) for k, v in zip(keys, values, strict=True)),
        **_rule_parts(cat, rule, lang),
    )


_FINDINGS_KEPT = 512  # findings remembered per catalogue (a few kB each): bounded, so a long run's memory stays flat


def finding_for(
    cat: Catalogue,
    rules: Sequence[Rule],
    model: Project,
    facts: Facts,
    lang: str,
    acknowledgement: Acknowledgement | None = None,
) -> Finding:
    """One risk's finding from the ``rules`` (all of the same risk, at least one) that fired.

    Level, score, impact and likelihood are those of the highest-scoring rule (then the
    smallest rule ID); remedies, stakeholders and success factors are merged without repeats,
    in rule order then catalogue order.

    A finding is a function of its rules, the language, its reasons' values and its
    acknowledgement; it is frozen and holds only immutable values, so one built before for the
    same four is returned again (kept per catalogue) instead of being validated anew.
    """
    ordered, rule_ids, names, paths = _group(cat, rules)
    kept: dict[Any, Finding] = cat.memo.setdefault("findings", {})
    # First, by what the rules read: the reasons (which facts, with which values) are a
    # function of the facts the rules' conditions read, and of the model's value for a trait
    # read only through a derived key (its rank, count or contents). Reading those is a few
    # lookups, where working the reasons out walks the conditions.
    read = tuple(map(facts.get, names))
    if paths:
        read += tuple(trait_value(model, p) for p in paths)
    fast_key = (rule_ids, lang, acknowledgement, read, tuple(map(type, read)))  # types: True, 1, 1.0
    finding = kept.get(fast_key)
    if finding is not None:
        return finding
    keys = [_because_keys(cat, r, facts) for r in ordered]
    values = [tuple(_value(k, model, facts) for k in ks) for ks in keys]
    # The reasons as they are shown: each trait's label and value. repr tells apart what ==
    # does not: True, 1 and 1.0; 0.0 and -0.0 (each prints differently).
    reasons = repr([(tuple(k.label for k in ks), vs) for ks, vs in zip(keys, values, strict=True)])
    memo_key = (rule_ids, lang, reasons, acknowledgement)
    finding = kept.get(memo_key)
    if finding is not None:
        kept[fast_key] = finding
        return finding
    # Everything but the patterns' reasons and the acknowledgement depends only on which rules
    # fired: built (and validated) once per catalogue, language and set of rules.
    parts_key = ("finding", rule_ids, lang)
    parts = cat.memo.get(parts_key)
    if parts is None:
        parts = cat.memo[parts_key] = _finding_parts(cat, ordered, lang)
    finding = Finding(
        **parts,
        patterns=tuple(_pattern(cat, r, ks, vs, lang) for r, ks, vs in zip(ordered, keys, values, strict=True)),
        acknowledgement=acknowledgement,
    )
    if len(kept) >= 2 * _FINDINGS_KEPT:  # each finding is kept under two keys
        kept.clear()  # simpler than an LRU, and safe when threads share the catalogue
    kept[memo_key] = kept[fast_key] = finding
    return finding


_Group = tuple[tuple[Rule, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _group(cat: Catalogue, rules: Sequence[Rule]) -> _Group:
    """``rules`` in a finding's order (score, then ID), their IDs, and what a finding of them
    depends on besides them: the facts their conditions read (a trait, ``involves(…)``,
    ``risk(…)``), and the trait paths read only through a derived key, whose reason shows the
    trait's own value. Kept per catalogue for each set of rules (a finite number)."""
    groups: dict[tuple[str, ...], _Group] = cat.memo.setdefault("rule groups", {})
    given = tuple(r.id for r in rules)
    group = groups.get(given)
    if group is None:
        ordered = tuple(sorted(rules, key=lambda r: (-r.score, r.id)))
        rule_ids = tuple(r.id for r in ordered)
        if any(r.risk != ordered[0].risk for r in ordered):
            raise ValueError(f"rules of several risks given for one finding: {list(rule_ids)}")
        keys = sorted({k for rid in rule_ids for k in cat.program.by_id[rid].keys})
        names = tuple(k.name for k in keys if k.kind in ("trait", "involves", "risk"))
        paths = tuple(sorted({k.path for k in keys if k.kind not in ("trait", "involves", "risk")}))
        group = groups[given] = (ordered, rule_ids, names, paths)
    return group


def _finding_parts(cat: Catalogue, ordered: Sequence[Rule], lang: str) -> dict[str, Any]:
    lead = ordered[0]
    risk = cat.risks[lead.risk]
    remedies = dict.fromkeys(rid for r in ordered for rid in r.remedies)
    roles = dict.fromkeys(role for r in ordered for role in r.stakeholders)
    factors = dict.fromkeys(sid for r in ordered for sid in r.success_factors)
    phases: set[Phase] = {p for r in ordered for p in r.phases}
    return {
        "risk_id": risk.id,
        "title": risk.title.get(lang),
        "scenario": risk.scenario.get(lang),
        "category": risk.category,
        "level": lead.level,
        "score": lead.score,
        "impact": lead.impact,
        "likelihood": lead.likelihood,
        "phases": tuple(sorted(phases, key=lambda p: p.rank)),
        "rule_id": lead.id,
        "rule_name": lead.name,
        "rule_ids": tuple(r.id for r in ordered),
        "remedies": tuple(remedy_ref(cat, rid, lang) for rid in remedies),
        "stakeholders": tuple(StakeholderRef(role=r, label=label(r, lang)) for r in roles),
        "success_factors": tuple(
            SuccessFactorRef(id=sid, text=cat.success_factors[sid].text.get(lang)) for sid in factors
        ),
    }


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

