"""diagnose() field by field, in both languages: what each finding, question and summary carries.

Written to kill the mutants of ``diagnose.py`` that the golden files (French only, whole
documents) let survive: a text taken in the wrong language, a count off by one, an order
reversed. Each expectation is read from the catalogue, not copied from an output.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from risk_advisor import Diagnosis, Level, RiskAdvisorError, __version__, diagnose, load_catalogue
from risk_advisor.catalogue.model import Catalogue
from risk_advisor.catalogue.traits import question
from risk_advisor.model.vocabulary import label

from .report_cases import small_catalogue

TODAY = dt.date(2025, 1, 15)

# T-LOOKOUT, T-TECHNOCRATIC, T-NEEDS and (through both) T-TARGET fire.
ALL_FOUND: dict[str, Any] = {
    "name": "Portail",
    "reference": "REF-1",
    "origin": "citizens",
    "governance": {"technical_lookout": False, "project_lead_technical": True},
    "stakeholders": [{"role": "users", "phases": ["operation"]}],
    "consultation": {"needs_defined_with_all_actors": False},
}
# Only a name: every rule is undecided, so every rule asks its question.
ONLY_A_NAME: dict[str, Any] = {"name": "Vide"}


def run(project: dict[str, Any], lang: str = "fr", **kwargs: Any) -> Diagnosis:
    return diagnose(project, catalogue=small_catalogue(), engine="python", lang=lang, today=TODAY, **kwargs)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return small_catalogue()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_text_of_a_finding_is_in_the_diagnosis_language(cat: Catalogue, lang: str) -> None:
    d = run(ALL_FOUND, lang)
    assert d.lang == lang
    assert {f.rule_id for f in d.findings} == {"T-LOOKOUT", "T-TECHNOCRATIC", "T-NEEDS", "T-TARGET"}
    for f in d.findings:
        (pattern,) = f.patterns  # one rule per risk in the test catalogue
        rule, risk = cat.rules[f.rule_id], cat.risks[f.risk_id]
        assert pattern.rule_id == f.rule_id and f.rule_ids == (f.rule_id,)
        assert f.risk_id == rule.risk
        assert f.rule_name == pattern.rule_name == rule.name
        assert f.title == risk.title.get(lang)
        assert f.scenario == risk.scenario.get(lang)
        assert pattern.rationale == rule.rationale.get(lang)
        assert f.category == risk.category
        assert (f.impact, f.likelihood, f.score, f.level) == (rule.impact, rule.likelihood, rule.score, rule.level)
        assert (pattern.score, pattern.level) == (rule.score, rule.level)
        assert f.phases == rule.phases
        assert pattern.sources == tuple(str(s) for s in rule.sources)
        assert [r.id for r in f.remedies] == list(rule.remedies)
        for ref in f.remedies:
            remedy = cat.remedies[ref.id]
            assert ref.text == remedy.text.get(lang)
            assert (ref.owner, ref.phase, ref.effort) == (remedy.owner, remedy.phase, remedy.effort)
            assert ref.owner_label == label(remedy.owner, lang)
        assert [(s.role, s.label) for s in f.stakeholders] == [(r, label(r, lang)) for r in rule.stakeholders]
        assert [(s.id, s.text) for s in f.success_factors] == [
            (sid, cat.success_factors[sid].text.get(lang)) for sid in rule.success_factors
        ]
        assert f.acknowledgement is None


def test_the_two_languages_differ_where_the_catalogue_does(cat: Catalogue) -> None:
    fr, en = run(ALL_FOUND, "fr"), run(ALL_FOUND, "en")
    assert [f.title for f in fr.findings] != [f.title for f in en.findings]
    assert [r.owner_label for f in fr.findings for r in f.remedies] != [
        r.owner_label for f in en.findings for r in f.remedies
    ]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_question_is_in_the_diagnosis_language(cat: Catalogue, lang: str) -> None:
    d = run(ONLY_A_NAME, lang)
    assert d.findings == ()
    assert {r for q in d.open_questions for r in q.rules} == set(cat.rules)
    assert len({q.trait for q in d.open_questions}) == len(d.open_questions)  # one question per trait
    for q in d.open_questions:
        assert q.question == question(q.trait, lang)
        assert set(q.risks) <= {cat.rules[r].risk for r in q.rules}
        assert q.risk_titles == tuple(cat.risks[r].title.get(lang) for r in q.risks)


def test_findings_come_by_score_then_rule_id_and_questions_likewise(cat: Catalogue) -> None:
    d = run(ALL_FOUND)
    assert [f.rule_id for f in d.findings] == sorted(
        (f.rule_id for f in d.findings), key=lambda r: (-cat.rules[r].score, r)
    )
    assert [f.score for f in d.findings] == sorted((f.score for f in d.findings), reverse=True)
    q = run(ONLY_A_NAME).open_questions
    first = ("kinds", "phase", "origin")  # they gate most rules: asked first when unknown
    leading = [x.trait for x in q[: sum(1 for x in q if x.trait in first)]]
    assert leading and all(t in first for t in leading)
    rest = [x.weight for x in q if x.trait not in first]
    assert rest == sorted(rest, reverse=True) and len(set(rest)) > 1  # by what an answer could reveal


def test_findings_sharing_a_score_come_in_rule_id_order() -> None:
    project = {"name": "x", "origin": "citizens", "governance": {"technical_lookout": False}}
    catalogue = small_catalogue()
    ties = [(f.score, f.rule_id) for f in diagnose(project, catalogue=catalogue, engine="python").findings]
    assert ties == sorted(ties, key=lambda t: (-t[0], t[1]))


def test_the_summary_counts_what_the_diagnosis_holds() -> None:
    d = run(ALL_FOUND)
    s = d.summary
    assert s.findings == len(d.findings) == 4
    assert s.open_questions == len(d.open_questions) == 0
    assert s.acknowledged == len(d.acknowledged) == 0
    assert set(s.by_level) == set(Level)
    assert s.by_level == {lv: sum(1 for f in d.findings if f.level == lv) for lv in Level}
    assert s.highest_level == max((f.level for f in d.findings), key=lambda lv: lv.rank)
    assert s.highest_level == Level.CRITICAL


def test_a_diagnosis_without_findings_has_no_highest_level() -> None:
    d = run(ONLY_A_NAME)
    assert d.summary.highest_level is None
    assert d.summary.by_level == dict.fromkeys(Level, 0)
    asked = {r for q in d.open_questions for r in q.rules}
    assert d.summary.open_questions == len(d.open_questions) > 0 and asked == set(small_catalogue().rules)


def test_an_accepted_risk_counts_apart_and_its_acknowledgement_is_carried() -> None:
    project = {
        **ALL_FOUND,
        "acknowledged_risks": [
            {"risk": "no-lookout", "justification": "Vigie à venir", "owner": "DGS", "review_date": "2025-01-15"},
            {"risk": "technocratic", "justification": "Revu", "owner": "DSI", "review_date": "2025-01-14"},
        ],
    }
    d = run(project)
    assert [f.risk_id for f in d.acknowledged] == ["no-lookout"]
    (accepted,) = d.acknowledged
    assert accepted.acknowledgement is not None
    assert (accepted.acknowledgement.owner, accepted.acknowledgement.justification) == ("DGS", "Vigie à venir")
    assert accepted.acknowledgement.review_date == dt.date(2025, 1, 15)
    assert accepted.acknowledgement.expired is False
    (lapsed,) = [f for f in d.findings if f.risk_id == "technocratic"]
    assert lapsed.acknowledgement is not None and lapsed.acknowledgement.expired is True
    assert (d.summary.findings, d.summary.acknowledged) == (3, 1)
    assert Level.CRITICAL in {f.level for f in d.findings}


def test_without_today_the_clock_decides_what_has_lapsed() -> None:
    far = (dt.date.today() + dt.timedelta(days=3650)).isoformat()
    past = (dt.date.today() - dt.timedelta(days=3650)).isoformat()
    project = {
        **ALL_FOUND,
        "acknowledged_risks": [
            {"risk": "no-lookout", "justification": "j", "owner": "o", "review_date": far},
            {"risk": "technocratic", "justification": "j", "owner": "o", "review_date": past},
        ],
    }
    d = diagnose(project, catalogue=small_catalogue(), engine="python")
    assert [f.risk_id for f in d.acknowledged] == ["no-lookout"]


def test_the_diagnosis_names_its_project_tool_and_catalogue() -> None:
    d = run(ALL_FOUND)
    assert (d.project, d.reference) == ("Portail", "REF-1")
    assert d.tool_version == __version__
    assert d.catalogue_version == small_catalogue().version
    assert run(ONLY_A_NAME).reference is None


def test_the_builtin_catalogue_is_used_by_default() -> None:
    d = diagnose(ONLY_A_NAME, engine="python", today=TODAY)
    builtin = load_catalogue()
    assert d.catalogue_version == builtin.version
    assert {r for q in d.open_questions for r in q.rules} <= set(builtin.rules)
    assert len(d.open_questions) > len(small_catalogue().rules)


def test_french_is_the_default_language() -> None:
    d = diagnose(ALL_FOUND, catalogue=small_catalogue(), engine="python", today=TODAY)
    assert d.lang == "fr"
    assert d.findings[0].title == small_catalogue().risks[d.findings[0].risk_id].title.fr


@pytest.mark.parametrize("lang", ["de", "FR", ""])
def test_an_unknown_language_is_a_clear_error(lang: str) -> None:
    with pytest.raises(RiskAdvisorError) as caught:
        run(ALL_FOUND, lang)
    assert str(caught.value) == f"unknown language {lang!r}: choose fr or en"


@pytest.mark.parametrize("engine", ["python", "durable"])
def test_the_engine_asked_for_decides(engine: str) -> None:
    d = diagnose(ALL_FOUND, catalogue=small_catalogue(), engine=engine, today=TODAY)
    assert d.model_dump() == run(ALL_FOUND).model_dump()
    with pytest.raises(RiskAdvisorError):
        diagnose(ALL_FOUND, catalogue=small_catalogue(), engine="no-such-engine", today=TODAY)


def test_because_lists_each_deciding_trait_once_with_its_value() -> None:
    d = run(ALL_FOUND, "en")
    by_rule = {p.rule_id: p for f in d.findings for p in f.patterns}
    assert [(b.trait, b.value) for b in by_rule["T-LOOKOUT"].because] == [
        ("origin", "citizens"),
        ("governance.technical_lookout", False),
    ]
    assert [(b.trait, b.value) for b in by_rule["T-TECHNOCRATIC"].because] == [
        ("governance.project_lead_technical", True),
        ("involves(users, design)", False),
    ]
    assert [(b.trait, b.value) for b in by_rule["T-TARGET"].because] == [
        ("risk(technocratic)", True),
        ("risk(needs-not-shared)", True),
    ]


def test_because_shows_a_list_trait_as_its_list() -> None:
    project = {"name": "x", "kinds": ["canteen_short_supply", "media_library"], "canteen": {"quality_plan": False}}
    d = diagnose(project, catalogue=load_catalogue(), engine="python", today=TODAY)
    because = [b for f in d.findings for p in f.patterns for b in p.because]
    listed = [b.value for b in because if b.trait == "kinds"]
    # a tuple, immutable as the project model's own (findings may be shared by diagnoses)…
    assert listed and all(v == ("canteen_short_supply", "media_library") for v in listed)
    assert '"value": [\n' in d.to_json()  # …and a list in JSON, as before
    assert ("canteen.quality_plan", False) in [(b.trait, b.value) for b in because]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_success_factors_come_in_the_diagnosis_language(lang: str) -> None:
    builtin = load_catalogue()
    project = {"name": "x", "kinds": ["canteen_short_supply"], "canteen": {"quality_plan": False}}
    d = diagnose(project, catalogue=builtin, engine="python", lang=lang, today=TODAY)
    factors = [(s.id, s.text) for f in d.findings for s in f.success_factors]
    assert factors
    assert all(text == builtin.success_factors[sid].text.get(lang) for sid, text in factors)


def test_a_finding_of_rules_revealing_several_risks_is_refused_with_their_ids() -> None:
    """finding_for is one risk's finding: rules of two risks are a caller's bug, named as such."""
    from risk_advisor.diagnose import finding_for
    from risk_advisor.model.project import Project

    cat = small_catalogue()
    by_risk: dict[str, Any] = {}
    for rule in cat.rules.values():
        by_risk.setdefault(rule.risk, rule)
    two = list(by_risk.values())[:2]
    assert len({r.risk for r in two}) == 2
    with pytest.raises(ValueError, match="rules of several risks") as caught:
        finding_for(cat, two, Project(name="x"), {}, "fr")
    assert all(r.id in str(caught.value) for r in two)
