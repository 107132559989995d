"""Scheme-level rules stay out of project diagnoses; an appointed lead counts as present."""

from __future__ import annotations

from pathlib import Path

from risk_advisor import Catalogue, diagnose, load_catalogue
from risk_advisor.model.vocabulary import Role

SCHEME_RULE = """
rules:
  - id: TEST-SCHEME-VOTE
    name: test-scheme-vote
    risk: unrepresentative-vote
    scope: scheme
    when: kinds contains participatory_budget and not consultation.participation_representative
    impact: 3
    likelihood: 3
    phases: [idea]
    rationale: {fr: Le vote ne reflète pas la population., en: The vote does not reflect the population.}
    remedies: [broaden-participation]
    stakeholders: [participation_office]
    sources: ["practice:test"]
    examples:
      triggers:
        - name: skewed
          project: {kinds: [participatory_budget], consultation: {participation_representative: false}}
      does_not_trigger:
        - name: representative
          project: {kinds: [participatory_budget], consultation: {participation_representative: true}}
"""
SKEWED = {
    "name": "skewed vote",
    "kinds": ["participatory_budget"],
    "consultation": {"participation_representative": False},
}


def _with_scheme_rule(tmp_path: Path) -> Catalogue:
    (tmp_path / "scheme.yaml").write_text(SCHEME_RULE, encoding="utf-8")
    return load_catalogue(tmp_path)


def test_a_rule_is_about_one_project_unless_it_says_otherwise() -> None:
    assert all(r.scope in ("project", "scheme") for r in load_catalogue().rules.values())


def test_a_scheme_rule_is_exposed_on_the_catalogue(tmp_path: Path) -> None:
    cat = _with_scheme_rule(tmp_path)
    assert "TEST-SCHEME-VOTE" in [r.id for r in cat.scheme_rules]
    assert all(r.scope == "scheme" for r in cat.scheme_rules)


def test_a_scheme_rule_gives_no_finding_and_no_question_on_one_project(tmp_path: Path) -> None:
    cat = _with_scheme_rule(tmp_path)
    from risk_advisor.inference import get_engine, infer
    from risk_advisor.loading import load_project

    assert "TEST-SCHEME-VOTE" in infer(cat, load_project(SKEWED), get_engine("python")).true  # it does hold
    found = diagnose(SKEWED, catalogue=cat, engine="python")
    assert "TEST-SCHEME-VOTE" not in {f.rule_id for f in found.findings}
    asked = diagnose({**SKEWED, "consultation": {}}, catalogue=cat, engine="python")
    assert "TEST-SCHEME-VOTE" not in {r for q in asked.open_questions for r in q.rules}


def test_an_appointed_lead_is_not_reported_as_missing() -> None:
    project = {"name": "x", "budget": {"investment": 400000},
               "governance": {"project_lead": True, "steering_committee": False, "technical_committee": False,
                              "steered_by_existing_body": False}}
    rows = {row.role: row for row in diagnose(project, engine="python").stakeholder_matrix}
    assert Role.PROJECT_LEAD in rows
    assert rows[Role.PROJECT_LEAD].listed is True


def test_a_lead_not_appointed_is_reported_as_missing() -> None:
    project = {"name": "x", "governance": {"project_lead": False}}
    rows = {row.role: row for row in diagnose(project, engine="python").stakeholder_matrix}
    assert Role.PROJECT_LEAD in rows
    assert rows[Role.PROJECT_LEAD].listed is False


def test_a_citizen_collective_leading_is_not_an_appointed_project_lead() -> None:
    project = {"name": "x", "governance": {"project_lead": False, "project_lead_kind": "citizen_collective"}}
    rows = {row.role: row for row in diagnose(project, engine="python").stakeholder_matrix}
    assert rows[Role.PROJECT_LEAD].listed is False


def test_a_service_leading_counts_as_a_project_lead() -> None:
    project = {"name": "x", "budget": {"investment": 400000},
               "governance": {"project_lead_kind": "service", "steering_committee": False,
                              "technical_committee": False, "steered_by_existing_body": False}}
    rows = {row.role: row for row in diagnose(project, engine="python").stakeholder_matrix}
    assert rows[Role.PROJECT_LEAD].listed is True
