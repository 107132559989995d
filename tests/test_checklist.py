"""The kickoff checklist: actions by phase with owner and risks, factors, questions, invitees."""

from __future__ import annotations

import json

import pytest

from risk_advisor.diagnosis import SuccessFactorRef
from risk_advisor.model.vocabulary import Phase, Role
from risk_advisor.report.checklist import CHECKLIST_FORMATS, build_checklist, render_checklist
from risk_advisor.report.csv_register import read_register

from .report_cases import CASES, LANGS, diagnosis


def test_actions_come_in_phase_order_with_owner_and_the_risks_they_answer() -> None:
    c = build_checklist(diagnosis("black", "en"))
    ranks = [a.remedy.phase.rank for a in c.actions]
    assert ranks == sorted(ranks) and c.actions
    for action in c.actions:
        assert action.remedy.owner_label and action.answers
    out = render_checklist(diagnosis("black", "en"), "markdown")
    assert "- [ ] **The project lead appoints a lookout.**" in out
    assert "owner: project lead; answers: R2 No lookout" in out


def test_accepted_risks_need_no_action() -> None:
    c = build_checklist(diagnosis("black"))
    answered = {r.risk_id for a in c.actions for r in a.answers}
    assert answered and "technocratic" not in answered


def test_without_an_action_plan_the_findings_remedies_are_the_actions() -> None:
    d = diagnosis("black").model_copy(update={"action_plan": (), "stakeholder_matrix": ()})
    c = build_checklist(d)
    assert {a.remedy.id for a in c.actions} == {r.id for f in d.findings for r in f.remedies}
    assert c.actions[0].remedy.phase == Phase.IDEA
    assert {i.role for i in c.invite} >= {Role.USERS, Role.PROJECT_LEAD}
    assert all(i.listed is None for i in c.invite)


def test_each_question_is_asked_once_with_every_rule_waiting_for_its_answer() -> None:
    d = diagnosis("grey")
    c = build_checklist(d)
    texts = [q.question for q in c.questions]
    assert len(texts) == len(set(texts)) == len(d.open_questions) > 0
    waiting = [rule for q in c.questions for rule in q.rule_ids]
    assert len(waiting) > len(texts)  # several rules wait for one answer, asked once


def test_success_factors_of_the_findings_are_listed() -> None:
    d = diagnosis("black")
    factor = SuccessFactorRef(id="sf-lookout", text="Une vigie est nommée")
    first = d.findings[0].model_copy(update={"success_factors": (factor,)})
    c = build_checklist(d.model_copy(update={"findings": (first, *d.findings[1:])}))
    assert [(f.id, f.text, [r.number for r in f.risks]) for f in c.success_factors] == [
        ("sf-lookout", "Une vigie est nommée", ["R1"])
    ]


def test_stakeholders_not_yet_in_the_project_are_flagged() -> None:
    out = render_checklist(diagnosis("grey", "en"), "markdown")
    assert "- [ ] general management _(not yet listed in the project)_" in out
    assert "- [ ] users\n" in out


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", CHECKLIST_FORMATS)
def test_every_format_renders(case: str, lang: str, fmt: str) -> None:
    out = render_checklist(diagnosis(case, lang), fmt)  # the same bytes: test_determinism_reports.py
    assert out.strip()
    if fmt == "json":
        assert json.loads(out)["schema_version"] == "2.0"
    if fmt == "csv":
        rows = read_register(out.encode("utf-8"))
        assert len({len(r) for r in rows}) == 1
    if fmt == "html":
        assert "<script>" not in out


def test_html_checklist_escapes_the_project_name() -> None:
    out = render_checklist(diagnosis("black"), "html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
