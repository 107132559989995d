"""Questions the export cannot answer are asked once, in the summary, not in every row."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from risk_advisor import Catalogue
from risk_advisor.catalogue.loader import load_catalogue
from risk_advisor.catalogue.model import Rule
from risk_advisor.model.project import Project
from risk_advisor.portfolio import Imported, run_batch
from risk_advisor.portfolio.summary import render_text

SMALL = Path(__file__).parent / "data" / "rules_small"


def record(i: int, **traits: Any) -> Imported:
    data = {"name": f"p{i}", "reference": f"r{i}", "origin": "citizens", **traits}
    return Imported("export.csv", i + 2, Project.model_validate(data))


def portfolio(size: int, first: dict[str, Any] | None = None) -> list[Imported]:
    """``size`` projects that never say whether the lead is technical; the first may say more."""
    return [record(i, **(first if i == 0 and first else {})) for i in range(size)]


def run(records: list[Imported], catalogue: Catalogue, fmt: str = "jsonl") -> tuple[Any, str]:
    out = io.StringIO()
    summary = run_batch(records, out, fmt=fmt, catalogue=catalogue, engine="python", lang="en")
    return summary, out.getvalue()


def test_a_trait_no_row_carries_and_every_row_asks_goes_to_the_summary(small_catalogue: Catalogue) -> None:
    summary, _ = run(portfolio(12), small_catalogue)
    scheme = {s.trait: s for s in summary.scheme_questions}
    lead = scheme["governance.project_lead_technical"]
    assert lead.projects == 12 and lead.rules == ("T-TARGET", "T-TECHNOCRATIC")  # the compound rule asks it too
    assert lead.question == "Does the project lead have a technical profile?"
    assert all(q != lead.question for q, _ in summary.top_questions)  # asked once, not also among the top


def test_a_trait_one_row_carries_stays_in_the_rows(small_catalogue: Catalogue) -> None:
    summary, _ = run(portfolio(12, {"consultation": {"needs_defined_with_all_actors": True}}), small_catalogue)
    traits = {s.trait for s in summary.scheme_questions}
    assert "consultation.needs_defined_with_all_actors" not in traits  # 11 of 12 ask it, but the export has it
    assert "governance.project_lead_technical" in traits


def test_rows_leave_out_the_scheme_questions_and_count_what_is_left(small_catalogue: Catalogue) -> None:
    summary, jsonl = run(portfolio(12), small_catalogue)
    scheme = {s.trait for s in summary.scheme_questions}
    assert scheme
    for line in jsonl.splitlines():
        diagnosis = json.loads(line)
        assert all(not set(q["traits"]) <= scheme for q in diagnosis["open_questions"])
        assert diagnosis["summary"]["open_questions"] == len(diagnosis["open_questions"])


def test_csv_rows_count_only_row_specific_questions(small_catalogue: Catalogue) -> None:
    _, jsonl = run(portfolio(12), small_catalogue)
    _, table = run(portfolio(12), small_catalogue, fmt="csv")
    kept = [len(json.loads(line)["open_questions"]) for line in jsonl.splitlines()]
    column = table.splitlines()[0].split(";").index("open_questions")
    assert [int(row.split(";")[column]) for row in table.splitlines()[1:]] == kept


def test_a_small_portfolio_keeps_every_question_in_its_rows(small_catalogue: Catalogue) -> None:
    summary, jsonl = run(portfolio(5), small_catalogue)
    assert summary.scheme_questions == ()
    first = json.loads(jsonl.splitlines()[0])
    assert any("governance.project_lead_technical" in q["traits"] for q in first["open_questions"])


def test_the_summary_says_what_the_export_does_not_say_in_its_language(small_catalogue: Catalogue) -> None:
    summary, _ = run(portfolio(12), small_catalogue)
    english = render_text(summary, "en")
    assert "What this export does not say:\n" in english
    line = "    12  Does the project lead have a technical profile? (Rules it would decide: T-TARGET, T-TECHNOCRATIC)"
    assert line in english.splitlines()


def test_top_questions_name_each_trait_once(small_catalogue: Catalogue) -> None:
    summary, _ = run(portfolio(5), small_catalogue)
    questions = [q for q, _ in summary.top_questions]
    assert len(questions) == len(set(questions))
    assert all("? " not in q for q in questions)  # one trait's question each, never a compound


SCHEME_RULE = """
  - id: T-SCHEME-TURNOUT
    name: turnout-not-representative
    risk: no-lookout
    scope: scheme
    when: kinds contains participatory_budget and not consultation.participation_representative
    impact: 3
    likelihood: 3
    phases: [idea]
    rationale: {fr: Participation inégale…, en: Unequal turnout…}
    remedies: [appoint-lookout]
    stakeholders: [participation_office]
    sources: ["seed:PORTAIL-N2"]
    examples:
      triggers:
        - {name: skewed, project: {kinds: [participatory_budget], consultation: {participation_representative: false}}}
      does_not_trigger:
        - {name: fair, project: {kinds: [participatory_budget], consultation: {participation_representative: true}}}
"""


class TestSchemeRisks:
    """Rules about the scheme (scope: scheme) are decided once, never asked of a project."""

    @pytest.fixture
    def catalogue(self, tmp_path: Path) -> Catalogue:
        if "scope" not in Rule.model_fields:
            pytest.skip("the rule field `scope` comes with the catalogue's second edition (h11-catalogue)")
        folder = tmp_path / "rules"
        shutil.copytree(SMALL, folder)
        rules = folder / "rules.yaml"
        rules.write_text(rules.read_text(encoding="utf-8") + SCHEME_RULE, encoding="utf-8")
        return load_catalogue(folder, builtin=False)

    def bp(self, size: int) -> list[Imported]:
        return [record(i, kinds=["participatory_budget"]) for i in range(size)]

    def test_without_a_scheme_description_the_summary_asks_once(self, catalogue: Catalogue) -> None:
        summary, jsonl = run(self.bp(3), catalogue)
        (risk,) = summary.scheme_risks
        assert (risk.rule_id, risk.found) == ("T-SCHEME-TURNOUT", False)
        question = "Does participation reflect the population (neighbourhoods, ages, hard-to-reach groups)?"
        assert risk.questions == (question,)
        assert "participation_representative" not in jsonl  # never in a row

    def test_a_scheme_description_decides_it_for_the_whole_portfolio(self, catalogue: Catalogue) -> None:
        scheme = Project.model_validate({"name": "BP", "consultation": {"participation_representative": False}})
        out = io.StringIO()
        summary = run_batch(self.bp(3), out, catalogue=catalogue, engine="python", lang="en", scheme=scheme)
        (risk,) = summary.scheme_risks
        assert risk.found and risk.questions == () and risk.score == 9
        assert "T-SCHEME-TURNOUT" not in out.getvalue()  # no project carries it
        assert "     found  No lookout (T-SCHEME-TURNOUT)" in render_text(summary, "en").splitlines()

    def test_a_portfolio_without_the_kind_gets_nothing(self, catalogue: Catalogue) -> None:
        summary, _ = run(portfolio(3), catalogue)  # no participatory budget: decided false
        assert summary.scheme_risks == ()
