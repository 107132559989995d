"""One risk, one row (issue 18): a finding per risk, with every rule that revealed it.

The rules that fire are read straight from the inference run, so these tests do not trust
``diagnose()`` to group them: on every shipped case each risk appears once among the findings
and once in the register, every rule that fired is reachable under its risk, and the risk's
level and score are the highest of its rules'.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

import risk_advisor
from risk_advisor import Catalogue, Diagnosis
from risk_advisor.inference import get_engine, infer
from risk_advisor.portfolio.summary import Tally
from risk_advisor.report import svg
from risk_advisor.report.checklist import build_checklist, render_checklist
from risk_advisor.report.csv_register import read_register, render_csv
from risk_advisor.report.markdown import render_markdown
from risk_advisor.report.text import render_text

CASES = Path(__file__).resolve().parent.parent / "cases"
CASE_FILES = sorted(CASES.glob("*.yaml"))
TODAY = dt.date(2026, 1, 1)
PORTAIL = CASES / "portail-familles-noir.yaml"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return risk_advisor.load_catalogue()


@pytest.fixture(scope="module")
def diagnoses(catalogue: Catalogue) -> dict[str, Diagnosis]:
    return {
        f.stem: risk_advisor.diagnose(f, catalogue=catalogue, lang="fr", engine="python", today=TODAY)
        for f in CASE_FILES
    }


def fired(catalogue: Catalogue, case: Path) -> dict[str, set[str]]:
    """Risk ID → the project rules whose condition held, straight from the inference run
    (scheme rules are about the whole participatory budget: a portfolio reads them)."""
    run = infer(catalogue, risk_advisor.load_project(case), get_engine("python"))
    out: dict[str, set[str]] = {}
    for rule_id in run.true:
        if catalogue.rules[rule_id].scope == "scheme":
            continue
        out.setdefault(catalogue.rules[rule_id].risk, set()).add(rule_id)
    return out


def everything(d: Diagnosis) -> tuple[risk_advisor.Finding, ...]:
    return (*d.findings, *d.acknowledged)


@pytest.mark.parametrize("case", CASE_FILES, ids=[f.stem for f in CASE_FILES])
class TestEveryShippedCase:
    def test_each_risk_appears_once_among_the_findings_and_once_in_the_register(
        self, case: Path, catalogue: Catalogue, diagnoses: dict[str, Diagnosis]
    ) -> None:
        d = diagnoses[case.stem]
        found = [f.risk_id for f in everything(d)]
        assert Counter(found) == Counter(set(fired(catalogue, case)))  # each once, none missing
        _header, *rows = read_register(render_csv(d).encode("utf-8"))
        assert Counter(row[0] for row in rows) == Counter(found)

    def test_every_rule_that_fired_is_reachable_under_its_risk(
        self, case: Path, catalogue: Catalogue, diagnoses: dict[str, Diagnosis]
    ) -> None:
        by_risk = {f.risk_id: f for f in everything(diagnoses[case.stem])}
        for risk_id, rules in fired(catalogue, case).items():
            finding = by_risk[risk_id]
            assert set(finding.rule_ids) == rules and len(finding.rule_ids) == len(rules)
            assert [p.rule_id for p in finding.patterns] == list(finding.rule_ids)
        data = json.loads(diagnoses[case.stem].to_json())
        in_json = {r for f in (*data["findings"], *data["acknowledged"]) for r in f["rule_ids"]}
        assert in_json == set().union(*fired(catalogue, case).values())

    def test_level_and_score_are_the_highest_of_the_patterns(
        self, case: Path, diagnoses: dict[str, Diagnosis]
    ) -> None:
        for f in everything(diagnoses[case.stem]):
            lead = min(f.patterns, key=lambda p: (-p.score, p.rule_id))  # highest score, then smallest ID
            assert (f.score, f.level, f.impact, f.likelihood) == (lead.score, lead.level, lead.impact, lead.likelihood)
            assert (f.rule_id, f.rule_name) == (lead.rule_id, lead.rule_name)
            assert [p.score for p in f.patterns] == sorted((p.score for p in f.patterns), reverse=True)

    def test_remedies_and_stakeholders_are_merged_without_repeats_in_rule_order(
        self, case: Path, catalogue: Catalogue, diagnoses: dict[str, Diagnosis]
    ) -> None:
        for f in everything(diagnoses[case.stem]):
            rules = [catalogue.rules[r] for r in f.rule_ids]
            assert [r.id for r in f.remedies] == list(dict.fromkeys(x for rule in rules for x in rule.remedies))
            assert [s.role for s in f.stakeholders] == list(
                dict.fromkeys(x for rule in rules for x in rule.stakeholders)
            )

    def test_the_action_plan_and_the_checklist_name_each_risk_once(
        self, case: Path, diagnoses: dict[str, Diagnosis]
    ) -> None:
        d = diagnoses[case.stem]
        risks = {f.risk_id for f in d.findings}
        for item in d.action_plan:
            assert len(item.answers) == len(set(item.answers)) and set(item.answers) <= risks
        for action in build_checklist(d).actions:
            titles = [r.title for r in action.answers]
            assert len(titles) == len(set(titles)), f"« répond à » repeats a risk: {titles}"

    def test_the_risk_matrix_has_one_dot_per_risk(self, case: Path, diagnoses: dict[str, Diagnosis]) -> None:
        d = diagnoses[case.stem]
        picture = svg.risk_matrix(d)
        dots = re.findall(r'<g class="marker"><title>(R\d+) · ', picture)
        hidden = [n for rest in re.findall(r"<title>(R[\d, R]+)</title>\+\d+</text>", picture)
                  for n in rest.split(", ")]
        assert sorted(dots + hidden) == sorted(f"R{i}" for i in range(1, len(everything(d)) + 1))


class TestPortailFamillesNoir:
    """The issue's example: 18 rules fired for 15 risks, GDPR non-compliance three times."""

    def test_gdpr_is_one_finding_with_its_three_rules(self, diagnoses: dict[str, Diagnosis]) -> None:
        d = diagnoses["portail-familles-noir"]
        assert len(d.findings) == d.summary.findings == 15
        gdpr = [f for f in d.findings if f.risk_id == "gdpr-non-compliance"]
        assert len(gdpr) == 1 and len(gdpr[0].patterns) == 3
        assert all(p.because and p.rationale and p.sources for p in gdpr[0].patterns)

    def test_an_acknowledged_risk_covers_all_its_patterns(self, catalogue: Catalogue) -> None:
        project = risk_advisor.load_project(PORTAIL).model_dump(mode="json", exclude_none=True)
        project["acknowledged_risks"] = [
            {"risk": "gdpr-non-compliance", "justification": "DPO saisi", "owner": "DGS", "review_date": "2099-01-01"}
        ]
        d = risk_advisor.diagnose(project, catalogue=catalogue, engine="python", today=TODAY)
        (accepted,) = d.acknowledged
        assert accepted.risk_id == "gdpr-non-compliance" and len(accepted.rule_ids) == 3
        assert not {r for f in d.findings for r in f.rule_ids} & set(accepted.rule_ids)
        assert "gdpr-non-compliance" not in {r for item in d.action_plan for r in item.answers}

    def test_each_report_shows_the_risk_once_with_the_id_that_acknowledges_it(
        self, diagnoses: dict[str, Diagnosis]
    ) -> None:
        d = diagnoses["portail-familles-noir"].model_copy(update={"lang": "en"})
        text = render_text(d)
        assert text.count("[gdpr-non-compliance]") == 1
        assert text.count("To accept it, name it under acknowledged_risks: gdpr-non-compliance") == 1
        assert text.count("Revealed by 3 rules") == 1
        markdown = render_markdown(d)
        assert markdown.count("Traitement de données des familles non conforme au RGPD\n") == 1
        assert markdown.count("`gdpr-non-compliance` · ") == 1
        answers = [line for line in render_checklist(d, "markdown").splitlines() if "answers: " in line]
        assert answers
        for line in answers:
            assert all(line.count(f.title) <= 1 for f in d.findings), line

    def test_both_engines_group_the_same_way(self, catalogue: Catalogue) -> None:
        python, durable = (
            risk_advisor.diagnose(PORTAIL, catalogue=catalogue, engine=e, today=TODAY).to_json()
            for e in ("python", "durable")
        )
        assert python == durable


def test_the_portfolio_counts_risks_not_rules(diagnoses: dict[str, Diagnosis]) -> None:
    tally = Tally()
    tally.add(diagnoses["portail-familles-noir"])
    summary = tally.result()
    assert sum(summary.findings_by_level.values()) == 15
    assert summary.top_projects[0].findings == 15
    assert all(n == 1 for _, _, n in summary.top_risks)


def test_the_readme_walk_through_shows_a_risk_revealed_by_two_patterns(catalogue: Catalogue) -> None:
    readme = (CASES.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("  [missing-the-target]")
    excerpt = readme[start: readme.index("```", start)].splitlines()
    assert sum(line.strip().startswith("Rule ") for line in excerpt) == 2
    d = risk_advisor.diagnose(PORTAIL, catalogue=catalogue, engine="python", lang="en", today=TODAY)
    actual = render_text(d).splitlines()
    for line in excerpt:
        if "…" not in line:  # the README shortens long texts
            assert line in actual, f"README line no longer true: {line!r}"
