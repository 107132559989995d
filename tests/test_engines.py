"""Both engines give the same three-valued verdicts; durable_rules sessions never leak."""

from __future__ import annotations

import random
import threading
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from risk_advisor import Catalogue, Project, diagnose, load_catalogue
from risk_advisor.engines import durable
from risk_advisor.inference import EngineFallbackWarning, get_engine, infer

from .generators import random_project

needs_durable = pytest.mark.skipif(not durable.available(), reason="durable_rules does not import here")


@pytest.fixture(scope="module")
def builtin() -> Catalogue:
    return load_catalogue()


def verdicts(cat: Catalogue, project: Project, engine: str) -> tuple[list[str], dict[str, list[str]]]:
    run = infer(cat, project, get_engine(engine))
    return sorted(run.true), run.undecided


def generated(count: int, seed: int) -> list[Project]:
    rng = random.Random(seed)
    rates = [0.0, 0.2, 0.5, 0.8, 0.95]  # from fully described to almost silent
    return [
        Project.model_validate(random_project(rng, unknown=rates[i % len(rates)], name=f"p{i}")) for i in range(count)
    ]


@needs_durable
class TestDifferential:
    """The plain-Python evaluator is the oracle durable_rules is held to."""

    @pytest.mark.timeout(300)  # known long: 1,200 projects, both engines
    def test_small_catalogue_on_1200_generated_projects(self, small_catalogue: Catalogue) -> None:
        for project in generated(1200, seed=7):
            assert verdicts(small_catalogue, project, "durable") == verdicts(small_catalogue, project, "python")

    @pytest.mark.timeout(300)  # known long: 1,200 projects, both engines
    def test_builtin_catalogue_on_1200_generated_projects(self, builtin: Catalogue) -> None:
        found = undecided = 0
        for project in generated(1200, seed=11):
            durable_v = verdicts(builtin, project, "durable")
            assert durable_v == verdicts(builtin, project, "python"), project.name
            found += len(durable_v[0])
            undecided += len(durable_v[1])
        assert found and undecided  # the generator exercises both outcomes

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rng=st.randoms(use_true_random=False), unknown=st.floats(0.0, 1.0))
    def test_hypothesis_projects(self, builtin: Catalogue, rng: random.Random, unknown: float) -> None:
        project = Project.model_validate(random_project(rng, unknown=unknown))
        assert verdicts(builtin, project, "durable") == verdicts(builtin, project, "python")

    def test_whole_diagnosis_is_identical_across_engines(self, builtin: Catalogue) -> None:
        for project in generated(40, seed=3):
            a = diagnose(project, catalogue=builtin, engine="durable").to_json()
            b = diagnose(project, catalogue=builtin, engine="python").to_json()
            assert a == b


class TestThreeValuedDiagnosis:
    def test_a_project_with_only_a_name_gets_questions_not_a_clean_bill(self, builtin: Catalogue) -> None:
        d = diagnose({"name": "Projet sans description"}, catalogue=builtin)
        assert d.findings == ()
        assert len(d.open_questions) >= 10
        assert all(q.question and q.trait and q.rules for q in d.open_questions)
        assert len({q.trait for q in d.open_questions}) == len(d.open_questions)  # each trait asked once

    def test_open_question_names_only_the_traits_that_would_decide(self, small_catalogue: Catalogue) -> None:
        d = diagnose({"name": "x", "origin": "citizens"}, catalogue=small_catalogue, lang="en")
        deciding = [q for q in d.open_questions if "T-LOOKOUT" in q.rules]
        assert [q.trait for q in deciding] == ["governance.technical_lookout"]
        lookout = deciding[0]
        assert lookout.question == "Does the project team include a technical and regulatory lookout?"

    def test_compound_rule_question_is_about_what_decides_its_inputs(self, small_catalogue: Catalogue) -> None:
        project = {"name": "x", "governance": {"project_lead_technical": True}}
        d = diagnose(project, catalogue=small_catalogue, lang="en")
        deciding = {q.trait for q in d.open_questions if "T-TARGET" in q.rules}
        assert deciding == {"stakeholders", "consultation.needs_defined_with_all_actors"}

    def test_findings_explain_themselves_with_actual_values(self, small_catalogue: Catalogue) -> None:
        project = {"name": "x", "origin": "mixed", "governance": {"technical_lookout": False, "methodology": True}}
        finding = diagnose(project, catalogue=small_catalogue).findings[0]
        assert finding.rule_id == "T-LOOKOUT" and finding.risk_id == "no-lookout"
        assert [(b.trait, b.value) for b in finding.patterns[0].because] == [
            ("origin", "mixed"),
            ("governance.technical_lookout", False),
        ]

    def test_forward_chaining_escalates_compound_risks(self, small_catalogue: Catalogue) -> None:
        project = {
            "name": "x",
            "governance": {"project_lead_technical": True},
            "stakeholders": [{"role": "users", "phases": ["evaluation"]}],
            "consultation": {"needs_defined_with_all_actors": False},
        }
        d = diagnose(project, catalogue=small_catalogue)
        assert [f.rule_id for f in d.findings] == ["T-TARGET", "T-TECHNOCRATIC", "T-NEEDS"]  # score, then ID
        target = d.findings[0]
        assert [(b.trait, b.value) for b in target.patterns[0].because] == [
            ("risk(technocratic)", True),
            ("risk(needs-not-shared)", True),
        ]

    def test_a_finding_suppresses_questions_that_could_only_reveal_it_again(self, builtin: Catalogue) -> None:
        d = diagnose({"name": "x", "origin": "citizens", "governance": {"technical_lookout": False}}, catalogue=builtin)
        found = {f.risk_id for f in d.findings}
        true_rules = {f.rule_id for f in d.findings}
        assert found
        for q in d.open_questions:
            for rule_id in q.rules:
                # a found risk's rule is asked about only when an answer could rule its finding out
                assert builtin.rules[rule_id].risk not in found or rule_id in true_rules, (q.trait, rule_id)


@needs_durable
class TestIsolation:
    @pytest.mark.timeout(300)  # known long: thousands of durable sessions
    def test_thousands_of_sessions_in_a_row_never_exhaust_durable(self, small_catalogue: Catalogue) -> None:
        projects = generated(50, seed=5)
        expected = [verdicts(small_catalogue, p, "python") for p in projects]
        for _ in range(30):  # 1,500 sessions: more than durable's 1,024 live sids
            for project, want in zip(projects, expected, strict=True):
                assert verdicts(small_catalogue, project, "durable") == want

    @pytest.mark.timeout(600)  # known long: eight threads on the whole catalogue; >70 s on a loaded machine
    def test_eight_threads_get_what_each_gets_alone(self, builtin: Catalogue) -> None:
        projects = generated(64, seed=13)
        alone = [diagnose(p, catalogue=builtin).to_json() for p in projects]
        errors: list[str] = []
        per_thread = 1250  # 8 × 1,250 = 10,000 diagnoses

        def work(offset: int) -> None:
            for i in range(per_thread):
                k = (offset * 7 + i) % len(projects)
                got = diagnose(projects[k], catalogue=builtin).to_json()
                if got != alone[k]:
                    errors.append(f"thread {offset}, diagnosis {i}: project {k} differs")
                    return

        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []


class TestEngineChoice:
    def test_unknown_engine_is_a_clear_error(self) -> None:
        from risk_advisor import EngineError

        with pytest.raises(EngineError, match="choose one of durable, python"):
            get_engine("drools")

    def test_durable_falls_back_to_python_with_one_notice(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from risk_advisor import inference

        monkeypatch.setattr(durable, "_durable", None)
        monkeypatch.setattr(durable, "IMPORT_ERROR", "undefined symbol: PyEval_CallObject")
        monkeypatch.setattr(inference, "_engines", {})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            engine = get_engine("durable")
            get_engine("durable")
        assert engine.name == "python"
        notices = [w for w in caught if issubclass(w.category, EngineFallbackWarning)]
        assert len(notices) == 1 and "PyEval_CallObject" in str(notices[0].message)


def test_compiled_closures_mean_what_the_tree_means(builtin: Catalogue) -> None:
    from risk_advisor.engines.python import compile_tree
    from risk_advisor.facts import FactBuilder
    from risk_advisor.logic import kleene

    builder = FactBuilder(builtin.program.keys)
    for project in generated(300, seed=17):
        facts = builder.build(project)
        for rule in builtin.program.rules():
            assert compile_tree(rule.tree)(facts) is kleene(rule.tree, facts), rule.id


def test_the_python_engine_skips_only_rules_a_false_guard_makes_false(builtin: Catalogue) -> None:
    """Rules sharing an item of their top-level "and" (most open with a test of the project's
    kind or phase) are grouped under it, and skipped when it is false; when it is unknown they
    are evaluated. The verdicts are, rule for rule, what the trees mean."""
    from risk_advisor.engines.python import PythonEngine
    from risk_advisor.facts import FactBuilder
    from risk_advisor.logic import kleene

    builder = FactBuilder(builtin.program.keys)
    stratum = builtin.program.strata[0]
    with PythonEngine().session(builtin.program) as session:  # compiled here, not by an earlier test
        groups = session.strata[0]  # type: ignore[attr-defined]
        assert any(guard is not None and len(rules) > 1 for guard, rules in groups)  # there is something to skip
        assert sorted(r for _, rules in groups for r, _ in rules) == sorted(r.id for r in stratum)  # each rule once
        skipped = unknown_guard = 0
        for project in generated(300, seed=19):
            facts = builder.build(project)
            expected = {r.id: v is True for r in stratum if (v := kleene(r.tree, facts)) is not False}
            assert session.evaluate(0, facts) == expected, project.name
            for guard, _ in groups:
                if guard is not None:
                    skipped += guard(facts) is False
                    unknown_guard += guard(facts) is None
        assert skipped and unknown_guard  # both ways through the guards were taken


def test_rules_are_grouped_under_the_item_most_of_them_share() -> None:
    """A guard is an item of each member's top-level "and", shared by another rule, a plain
    comparison before any other item; a rule sharing nothing has none."""
    from risk_advisor.catalogue.tree import And, Cmp, Key, Not, Or, Present
    from risk_advisor.engines.interface import CompiledRule
    from risk_advisor.engines.python import grouping

    def rule(rule_id: str, *items: object) -> CompiledRule:
        tree = And(tuple(items))  # type: ignore[arg-type]
        return CompiledRule(id=rule_id, risk="R", tree=tree, keys=frozenset(), stratum=0)

    canteen = Cmp(Key("contains", "kinds", "canteen_short_supply"), "==", True)
    portal = Cmp(Key("contains", "kinds", "family_portal"), "==", True)
    early = Or((Present(Key("rank", "phase"), known=False), Cmp(Key("rank", "phase"), "<=", 3)))
    alone = Cmp(Key("trait", "budget.investment"), ">=", 50_000)
    rules = [
        rule("A", early, canteen),  # the comparison wins over the (as shared) "or"
        rule("B", canteen, Not(alone)),
        rule("C", early, portal),  # portal is shared once, the "or" three times: the comparison still wins
        rule("D", portal),
        rule("E", early, Cmp(Key("trait", "origin"), "==", "citizens")),  # its comparison is its own: the "or"
        rule("F", alone),  # shares nothing with anyone as a top-level item
    ]
    groups = {guard: [r.id for r in members] for guard, members in grouping(rules).items()}
    assert groups == {canteen: ["A", "B"], portal: ["C", "D"], early: ["E"], None: ["F"]}
