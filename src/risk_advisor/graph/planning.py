"""A diagnosis → its action plan, stakeholder matrix and root causes. Pure Python.

Everything is read off the project's subgraph — the findings, the remedies and stakeholders
their rules name, and the ``leads_to`` links among the risks found — without importing
networkx, so that a diagnosis stays fast to start.

Decisions:

* Everything is shown by risk: a finding is one risk, whatever number of rules revealed it,
  and an action names the risks it answers, each once. The plan still covers every *rule*
  that fired: each rule is a distinct cause of its risk, and the remedy of one cause (say,
  consulting the DPO) leaves the others (the missing vendor clauses) in place.
* The plan answers ``findings`` only. Acknowledged risks were knowingly accepted, so no
  action is planned for them; an acknowledgement past its review date makes the risk a
  finding again, and then it is answered.
* The stakeholder matrix lists the stakeholders of every finding's rules (each in its own
  rule's phases, not in every phase of the risk) and the owner of every action of the plan
  (in the action's phase, for the findings it answers). ``listed`` is true when the
  description's ``stakeholders`` names the role; when the description has no stakeholder
  list at all, every row reads ``listed: false``: an unknown actor must not read as a
  present one (the open questions then ask for the list).
* A root cause is a finding whose risk leads, along ``leads_to`` links through risks also
  found, to other found risks: treating it would remove them. Links through a risk the
  project does not have are not followed — that chain is broken in this project.
"""

from __future__ import annotations

from typing import Any

from ..catalogue.model import Catalogue
from ..diagnosis import ActionItem, Diagnosis, Finding, RemedyRef, RootCause, StakeholderRow
from ..model.project import Project
from ..model.vocabulary import Phase, ProjectLeadKind, Role, label
from .cover import cover

__all__ = ["action_plan", "plan", "plan_parts", "root_causes", "stakeholder_matrix"]


_PLANS_KEPT = 1024  # covers remembered per catalogue (a few IDs each)
_PLAN_KEPT = 256  # whole plans remembered per catalogue (actions, matrix, root causes: a few kB each)
# Both bounded, so that a long run's memory stays flat.


def plan(cat: Catalogue, model: Project, diagnosis: Diagnosis) -> Diagnosis:
    """``diagnosis`` with its ``action_plan``, ``stakeholder_matrix`` and ``root_causes``
    (as :func:`plan_parts` gives them)."""
    return diagnosis.model_copy(update=plan_parts(cat, model, diagnosis.findings, diagnosis.lang))


def plan_parts(cat: Catalogue, model: Project, findings: tuple[Finding, ...], lang: str) -> dict[str, Any]:
    """A diagnosis' ``action_plan``, ``stakeholder_matrix`` and ``root_causes``, by field name.

    The three are a function of the findings' risks and rules, the language and the roles the
    description shows present; they are frozen, so they are kept per catalogue for those and
    given again (the interview, the web page and portfolio runs diagnose alike projects over
    and over).
    """
    present = _present_roles(model)
    key = (tuple((f.risk_id, f.rule_ids) for f in findings), lang, frozenset(present))
    kept: dict[object, dict[str, Any]] = cat.memo.setdefault("plan", {})
    parts = kept.get(key)
    if parts is None:
        actions = action_plan(cat, findings)
        parts = {
            "action_plan": actions,
            "stakeholder_matrix": _matrix(cat, present, findings, actions, lang),
            "root_causes": root_causes(cat, findings),
        }
        if len(kept) >= _PLAN_KEPT:
            kept.clear()  # simpler than an LRU, and safe when threads share the catalogue
        kept[key] = parts
    return parts


def action_plan(cat: Catalogue, findings: tuple[Finding, ...]) -> tuple[ActionItem, ...]:
    """The cheapest remedies (by effort) that answer every rule of every finding, in phase order."""
    refs: dict[str, RemedyRef] = {}
    answers: dict[str, list[str]] = {}  # remedy ID → the risks it answers, in finding order
    for finding in findings:
        for remedy in finding.remedies:  # merged from its rules: each is some rule's remedy
            refs.setdefault(remedy.id, remedy)
            answers.setdefault(remedy.id, []).append(finding.risk_id)
    rules = frozenset(rule_id for finding in findings for rule_id in finding.rule_ids)
    items = [ActionItem(remedy=refs[r], answers=tuple(answers[r])) for r in _chosen(cat, rules, refs)]
    items.sort(key=lambda a: (a.remedy.phase.rank, a.remedy.id))
    return tuple(items)


def _chosen(cat: Catalogue, rules: frozenset[str], refs: dict[str, RemedyRef]) -> tuple[str, ...]:
    """The remedy IDs of the cheapest cover of ``rules`` (the rules that fired).

    The instance is a function of the rules alone (each remedy covers the fired rules that name
    it; its weight is its effort), so its solution is remembered per catalogue: the interview,
    the web page and portfolio runs diagnose the same patterns again and again.
    """
    plans: dict[frozenset[str], tuple[str, ...]] = cat.memo.setdefault("plans", {})
    chosen = plans.get(rules)
    if chosen is None:
        sets: dict[str, set[str]] = {}  # remedy ID → the rules (causes) it answers
        for rule_id in rules:
            for remedy_id in cat.rules[rule_id].remedies:
                sets.setdefault(remedy_id, set()).add(rule_id)
        weight = {remedy_id: ref.effort.weight for remedy_id, ref in refs.items()}
        chosen = cover(rules, sets, weight).chosen
        if len(plans) >= _PLANS_KEPT:
            plans.clear()  # simpler than an LRU, and safe when threads share the catalogue
        plans[rules] = chosen
    return chosen


def stakeholder_matrix(
    cat: Catalogue,
    model: Project,
    findings: tuple[Finding, ...],
    actions: tuple[ActionItem, ...],
    lang: str,
) -> tuple[StakeholderRow, ...]:
    """Who to involve, in which phases, for which risks; ``listed`` flags a missing role."""
    return _matrix(cat, _present_roles(model), findings, actions, lang)


def _present_roles(model: Project) -> set[Role]:
    """The roles the description shows present: listed as stakeholders, or leading it."""
    return {s.role for s in model.stakeholders or ()} | _lead_roles(model)


def _matrix(
    cat: Catalogue,
    present: set[Role],
    findings: tuple[Finding, ...],
    actions: tuple[ActionItem, ...],
    lang: str,
) -> tuple[StakeholderRow, ...]:
    phases: dict[Role, set[Phase]] = {}
    risks: dict[Role, set[str]] = {}
    for finding in findings:
        for rule_id in finding.rule_ids:
            rule = cat.rules[rule_id]
            for role in rule.stakeholders:
                phases.setdefault(role, set()).update(rule.phases)
                risks.setdefault(role, set()).add(finding.risk_id)
    for action in actions:
        owner = action.remedy.owner
        phases.setdefault(owner, set()).add(action.remedy.phase)
        risks.setdefault(owner, set()).update(action.answers)
    order = {f.risk_id: i for i, f in enumerate(findings)}
    rows = [
        StakeholderRow(
            role=role,
            label=label(role, lang),
            phases=tuple(sorted(phases[role], key=lambda p: p.rank)),
            risks=tuple(sorted(risks[role], key=lambda r: (order[r], r))),
            listed=role in present,
        )
        for role in phases
    ]
    rows.sort(key=lambda row: (row.phases[0].rank, row.role.value))
    return tuple(rows)


# Who leads the project (governance.project_lead_kind) → the role that is then present.
_LEAD_ROLE = {
    ProjectLeadKind.CITIZEN_COLLECTIVE: Role.CITIZEN_PROJECT_HOLDERS,
    ProjectLeadKind.ASSOCIATION: Role.PARTNERS,
    ProjectLeadKind.SERVICE: Role.PROJECT_LEAD,
    ProjectLeadKind.DEDICATED_PROJECT_MANAGER: Role.PROJECT_LEAD,
    ProjectLeadKind.EXTERNAL_ASSISTANT: Role.PROJECT_LEAD,
    ProjectLeadKind.ELECTED_OFFICIAL: Role.ELECTED_OFFICIALS,
}


def _lead_roles(model: Project) -> set[Role]:
    """Roles the governance block shows present: an appointed lead is, listed or not."""
    gov = model.governance
    if gov is None:
        return set()
    roles = {Role.PROJECT_LEAD} if gov.project_lead else set()
    if gov.project_lead_kind is not None:
        roles.add(_LEAD_ROLE[gov.project_lead_kind])
    return roles


def root_causes(cat: Catalogue, findings: tuple[Finding, ...]) -> tuple[RootCause, ...]:
    """Found risks whose treatment removes other found risks, the most removing first."""
    titles = {finding.risk_id: finding.title for finding in findings}
    causes: list[RootCause] = []
    for risk_id in titles:
        reached: set[str] = set()
        stack = [risk_id]
        while stack:
            for nxt in cat.risks[stack.pop()].leads_to:
                if nxt in titles and nxt not in reached and nxt != risk_id:
                    reached.add(nxt)
                    stack.append(nxt)
        if reached:
            causes.append(
                RootCause(risk_id=risk_id, title=titles[risk_id], removes=tuple(sorted(reached)))
            )
    causes.sort(key=lambda c: (-len(c.removes), c.risk_id))
    return tuple(causes)
