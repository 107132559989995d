"""A diagnosis → its action plan, stakeholder matrix and root causes. Pure Python.

Everything is read off the project's subgraph — the findings, the remedies and stakeholders
their rules name, and the ``leads_to`` links among the risks found — without importing
networkx, so that a diagnosis stays fast to start.

Decisions:

* The plan answers ``findings`` only. Acknowledged risks were knowingly accepted, so no
  action is planned for them; an acknowledgement past its review date makes the risk a
  finding again, and then it is answered.
* The stakeholder matrix lists the stakeholders of every finding's rule (in the rule's
  phases) and the owner of every action of the plan (in the action's phase, for the findings
  it answers). ``listed`` is true when the description's ``stakeholders`` names the role; when
  the description has no stakeholder list at all, every row reads ``listed: false``: an
  unknown actor must not read as a present one (the open questions then ask for the list).
* A root cause is a finding whose risk leads, along ``leads_to`` links through risks also
  found, to other found risks: treating it would remove them. Links through a risk the
  project does not have are not followed — that chain is broken in this project.
"""

from __future__ import annotations

from ..catalogue.model import Catalogue
from ..diagnosis import ActionItem, Diagnosis, Finding, RemedyRef, RootCause, StakeholderRow
from ..model.project import Project
from ..model.vocabulary import Phase, ProjectLeadKind, Role, label
from .cover import cover

__all__ = ["action_plan", "plan", "root_causes", "stakeholder_matrix"]


def plan(cat: Catalogue, model: Project, diagnosis: Diagnosis) -> Diagnosis:
    """``diagnosis`` with its ``action_plan``, ``stakeholder_matrix`` and ``root_causes``."""
    actions = action_plan(diagnosis.findings)
    return diagnosis.model_copy(
        update={
            "action_plan": actions,
            "stakeholder_matrix": stakeholder_matrix(
                model, diagnosis.findings, actions, diagnosis.lang
            ),
            "root_causes": root_causes(cat, diagnosis.findings),
        }
    )


def action_plan(findings: tuple[Finding, ...]) -> tuple[ActionItem, ...]:
    """The cheapest remedies (by effort) that answer every finding, in phase order."""
    refs: dict[str, RemedyRef] = {}
    answers: dict[str, list[str]] = {}
    for finding in findings:
        for remedy in finding.remedies:
            refs.setdefault(remedy.id, remedy)
            answers.setdefault(remedy.id, []).append(finding.rule_id)
    sets = {remedy_id: set(rules) for remedy_id, rules in answers.items()}
    weight = {remedy_id: ref.effort.weight for remedy_id, ref in refs.items()}
    chosen = cover({f.rule_id for f in findings}, sets, weight).chosen
    items = [ActionItem(remedy=refs[r], answers=tuple(answers[r])) for r in chosen]
    items.sort(key=lambda a: (a.remedy.phase.rank, a.remedy.id))
    return tuple(items)


def stakeholder_matrix(
    model: Project, findings: tuple[Finding, ...], actions: tuple[ActionItem, ...], lang: str
) -> tuple[StakeholderRow, ...]:
    """Who to involve, in which phases, for which risks; ``listed`` flags a missing role."""
    phases: dict[Role, set[Phase]] = {}
    risks: dict[Role, set[str]] = {}
    risk_of = {f.rule_id: f.risk_id for f in findings}
    for finding in findings:
        for ref in finding.stakeholders:
            phases.setdefault(ref.role, set()).update(finding.phases)
            risks.setdefault(ref.role, set()).add(finding.risk_id)
    for action in actions:
        owner = action.remedy.owner
        phases.setdefault(owner, set()).add(action.remedy.phase)
        risks.setdefault(owner, set()).update(risk_of[r] for r in action.answers)
    present = {s.role for s in model.stakeholders or ()} | _lead_roles(model)
    order = {f.risk_id: i for i, f in reversed(list(enumerate(findings)))}  # first finding's rank
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
    titles: dict[str, str] = {}
    for finding in findings:
        titles.setdefault(finding.risk_id, finding.title)
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
