"""next_questions: only questions whose answer can change a verdict, the most telling first."""

from __future__ import annotations

import random
from typing import Any

import pytest
from pydantic import ValidationError

from risk_advisor import Catalogue, Project, load_catalogue, next_questions
from risk_advisor.catalogue.traits import traits
from risk_advisor.facts import trait_value
from risk_advisor.inference import get_engine, infer
from risk_advisor.interview import Question

from .generators import random_project


@pytest.fixture(scope="module")
def builtin() -> Catalogue:
    return load_catalogue()


def _with(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = Project.model_validate(doc).model_dump(mode="json", exclude_none=True)
    node = out
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
    return out


def _verdicts(cat: Catalogue, doc: dict[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
    run = infer(cat, Project.model_validate(doc), get_engine("python"))
    return frozenset(run.true), frozenset(run.undecided)


def _exhaustive_answers(path: str) -> list[Any]:
    """Every answer to a yes/no or single-choice trait (the oracle needs no cleverness)."""
    trait = traits()[path]
    if trait.type == "bool":
        return [True, False]
    if trait.type == "enum":
        return list(trait.values)
    return []


class TestWhatIsAsked:
    def test_a_name_only_project_is_asked_its_kinds_then_phase_then_origin(self, builtin: Catalogue) -> None:
        questions = next_questions({"name": "Jardin"}, catalogue=builtin)
        assert [q.trait for q in questions[:3]] == ["kinds", "phase", "origin"]

    def test_known_traits_are_never_asked(self, builtin: Catalogue) -> None:
        doc = {"name": "x", "kinds": ["other"], "phase": "idea", "governance": {"project_lead": False}}
        asked = {q.trait for q in next_questions(doc, catalogue=builtin)}
        assert not asked & {"kinds", "phase", "governance.project_lead"}
        assert "origin" in asked

    def test_skipped_traits_are_not_asked(self, builtin: Catalogue) -> None:
        asked = [q.trait for q in next_questions({"name": "x"}, catalogue=builtin, skip={"kinds", "phase"})]
        assert asked[0] == "origin" and "kinds" not in asked and "phase" not in asked

    def test_a_question_is_asked_exactly_when_some_answer_changes_a_verdict(self, builtin: Catalogue) -> None:
        # Oracle: a full inference per answer, for every yes/no and single-choice trait. A rule
        # of a risk already found counts when it is true (an answer could rule it out) or
        # scores higher than the finding (an answer could raise it).
        rng = random.Random(12)
        for i in range(12):
            doc = random_project(rng, unknown=[0.5, 0.8, 0.95][i % 3], name=f"p{i}")
            doc.pop("stakeholders", None)
            project = Project.model_validate(doc)
            asked = {q.trait: q for q in next_questions(project, catalogue=builtin)}
            before = _verdicts(builtin, doc)
            found: dict[str, int] = {}
            for rule_id in before[0]:
                rule = builtin.rules[rule_id]
                found[rule.risk] = max(found.get(rule.risk, 0), rule.score)

            def counts(rule_id: str) -> bool:
                rule = builtin.rules[rule_id]
                if rule.scope == "scheme":  # about the whole scheme: no project question decides it
                    return False
                return rule_id in before[0] or rule.score > found.get(rule.risk, 0)  # noqa: B023
            for path in traits():
                answers = _exhaustive_answers(path)
                if not answers:
                    continue
                if trait_value(project, path) is not None:
                    assert path not in asked
                    continue
                changed = {
                    rule
                    for answer in answers
                    for after in [_verdicts(builtin, _with(doc, path, answer))]
                    for rule in (before[0] ^ after[0]) | (before[1] ^ after[1])
                    if counts(rule)
                }
                assert (path in asked) == bool(changed), (doc["name"], path, changed)
                if changed:
                    assert set(asked[path].rules) == changed

    def test_answering_the_kinds_rules_out_whole_blocks(self, builtin: Catalogue) -> None:
        before = {q.trait for q in next_questions({"name": "x"}, catalogue=builtin)}
        after = {q.trait for q in next_questions({"name": "x", "kinds": ["family_portal"]}, catalogue=builtin)}
        assert any(t.startswith("canteen.") for t in before)
        assert not any(t.startswith("canteen.") for t in after)


class TestOrder:
    def test_the_same_project_always_gives_the_same_questions(self, builtin: Catalogue) -> None:
        doc = random_project(random.Random(3), unknown=0.7)
        assert next_questions(doc, catalogue=builtin) == next_questions(dict(doc), catalogue=builtin)

    def test_after_the_gating_traits_the_weight_never_increases(self, builtin: Catalogue) -> None:
        questions = next_questions({"name": "x", "kinds": ["other"]}, catalogue=builtin)
        rest = [q.weight for q in questions if q.trait not in ("kinds", "phase", "origin")]
        assert rest == sorted(rest, reverse=True) and rest[0] > 0

    def test_an_answer_that_reveals_a_severe_risk_comes_before_one_that_only_rules_out(
        self, builtin: Catalogue
    ) -> None:
        questions = next_questions({"name": "x", "kinds": ["other"], "phase": "idea", "origin": "citizens"},
                                   catalogue=builtin)
        weights = [q.weight for q in questions]
        assert weights[0] == max(weights) and weights[-1] == 0


class TestWording:
    def test_questions_are_in_the_requested_language(self, builtin: Catalogue) -> None:
        fr = next_questions({"name": "x"}, catalogue=builtin)[0]
        en = next_questions({"name": "x"}, catalogue=builtin, lang="en")[0]
        assert fr.text == traits()["kinds"].question("fr") and en.text == traits()["kinds"].question("en")
        assert [c.value for c in fr.choices] == [c.value for c in en.choices] == list(traits()["kinds"].values)
        assert fr.choices[0].label != en.choices[0].label

    def test_numbers_carry_their_unit_and_bounds(self, builtin: Catalogue) -> None:
        doc = {"name": "x", "kinds": ["participatory_budget"], "phase": "idea", "origin": "citizens"}
        by_trait: dict[str, Question] = {q.trait: q for q in next_questions(doc, catalogue=builtin)}
        numbers = [q for q in by_trait.values() if q.type in ("int", "float")]
        assert numbers, "a participatory budget is asked at least one number"
        assert all(q.minimum is not None for q in numbers)
        budget = [q for q in numbers if q.trait.startswith("budget.")]
        assert all(q.unit == "€" for q in budget)

    def test_a_question_is_frozen(self, builtin: Catalogue) -> None:
        question = next_questions({"name": "x"}, catalogue=builtin)[0]
        with pytest.raises(ValidationError):
            question.trait = "phase"  # type: ignore[misc]


def _findings(cat: Catalogue, true_rules: frozenset[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for rule_id in true_rules:
        rule = cat.rules[rule_id]
        out[rule.risk] = max(out.get(rule.risk, 0), rule.score)
    return out


def _without(doc: dict[str, Any], path: str) -> dict[str, Any]:
    out = Project.model_validate(doc).model_dump(mode="json", exclude_none=True)
    node = out
    *parents, leaf = path.split(".")
    for part in parents:
        node = node[part]
    del node[leaf]
    return out


def test_a_risk_found_again_at_the_same_level_is_not_worth_a_question(builtin: Catalogue) -> None:
    # In the shipped cases, forget one yes/no trait at a time. When every answer to it only
    # changes rules of risks already found, at no higher score and none of them true, it is
    # not asked: the findings could not change.
    from pathlib import Path

    from risk_advisor import load_project

    seen = 0
    for case in sorted((Path(__file__).resolve().parent.parent / "cases").glob("*.yaml")):
        full = load_project(case).model_dump(mode="json", exclude_none=True)
        for path, trait in traits().items():
            if trait.type != "bool" or trait_value(Project.model_validate(full), path) is None:
                continue
            reduced = _without(full, path)
            base = _verdicts(builtin, reduced)
            found = _findings(builtin, base[0])
            changed = set()
            for answer in (True, False):
                after = _verdicts(builtin, _with(reduced, path, answer))
                changed |= (base[0] ^ after[0]) | (base[1] ^ after[1])
            if not changed:
                continue
            if all(
                r not in base[0] and builtin.rules[r].risk in found
                and builtin.rules[r].score <= found[builtin.rules[r].risk]
                for r in changed
            ):
                seen += 1
                assert path not in {q.trait for q in next_questions(reduced, catalogue=builtin)}, (case.stem, path)
    assert seen > 0, "the shipped cases hold such a trait"
