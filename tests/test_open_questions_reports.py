"""Open questions in the reports: one per trait, the first ten shown, all of them in JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from risk_advisor import Catalogue, diagnose, load_catalogue
from risk_advisor.report.checklist import build_checklist
from risk_advisor.report.html import render_html
from risk_advisor.report.markdown import render_markdown
from risk_advisor.report.text import render_text

JARDIN = Path(__file__).resolve().parent.parent / "cases" / "jardin-partage.yaml"


@pytest.fixture(scope="module")
def builtin() -> Catalogue:
    return load_catalogue()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_name_only_project_shows_ten_questions_and_says_how_many_more(builtin: Catalogue, lang: str) -> None:
    d = diagnose({"name": "Presque rien"}, catalogue=builtin, lang=lang, engine="python")
    total = len(d.open_questions)
    assert total > 10 and len(json.loads(d.to_json())["open_questions"]) == total
    more = {"fr": f"… et {total - 10} autre(s) question(s)", "en": f"… and {total - 10} more question(s)"}[lang]
    text, markdown, html = render_text(d), render_markdown(d), render_html(d)
    tenth, eleventh = d.open_questions[9].trait, d.open_questions[10].trait
    for out in (text, markdown, html):
        assert more in out
        assert tenth in out and eleventh not in out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_almost_empty_description_first_points_to_the_interview(builtin: Catalogue, lang: str) -> None:
    d = diagnose({"name": "Presque rien", "kinds": ["other"]}, catalogue=builtin, lang=lang, engine="python")
    assert render_text(d).splitlines()[0].startswith(
        {"fr": "Description presque vide", "en": "Almost nothing is described"}[lang])
    assert "risk-advisor interview" in render_text(d).splitlines()[0]
    assert "risk-advisor interview" in render_markdown(d).split("##")[0]
    assert 'id="interview-hint"' in render_html(d)


def test_a_described_project_gets_no_such_line(builtin: Catalogue) -> None:
    d = diagnose(JARDIN, catalogue=builtin, engine="python")
    assert d.summary.known_traits >= 40
    assert "risk-advisor interview" not in render_text(d) + render_markdown(d) + render_html(d)


def test_open_questions_are_one_per_trait_and_the_checklist_asks_each_once(builtin: Catalogue) -> None:
    d = diagnose({"name": "x", "kinds": ["participatory_budget"]}, catalogue=builtin, engine="python")
    traits = [q.trait for q in d.open_questions]
    assert len(traits) == len(set(traits)) > 0
    checklist = build_checklist(d)
    assert [q.question for q in checklist.questions] == [q.question for q in d.open_questions]
