"""The shortcuts taken for speed (issue 17, docs/performance.md) give what the long way gives.

Each shortcut is checked against the computation it replaces, on generated projects with the
built-in catalogue: the diagnosis' inference run as the ranking's baseline, the one-walk known
traits, the ranking that only retries the rules an answer can change, and what is kept per
catalogue (a pickled catalogue leaves it behind).
"""

from __future__ import annotations

import pickle
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import BaseModel

from risk_advisor import Catalogue, Diagnosis, Project, diagnose, load_catalogue
from risk_advisor.inference import get_engine, infer
from risk_advisor.interview import _fields
from risk_advisor.interview._index import candidates, index_of, trial
from risk_advisor.interview.questions import _known, known_paths, rank, verdicts_from, verdicts_of

from .generators import random_project


@pytest.fixture(scope="module")
def builtin() -> Catalogue:
    return load_catalogue()


def _projects(count: int, seed: int) -> list[Project]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        doc = random_project(rng, unknown=rng.choice([0.1, 0.5, 0.9]), name=f"p{i}")
        if i % 3 == 0:
            doc.pop("stakeholders", None)  # no list at all: every involves(…) unknown
        out.append(Project.model_validate(doc))
    return out


def test_an_inference_run_gives_the_rankings_own_verdicts(builtin: Catalogue) -> None:
    for engine in ("python", "durable"):
        for project in _projects(40, seed=3):
            run = infer(builtin, project, get_engine(engine))
            assert verdicts_from(builtin, run.facts, run.true, run.undecided) == verdicts_of(builtin, project)


def test_the_one_walk_reads_the_same_known_traits_as_each_path_alone(builtin: Catalogue) -> None:
    for project in [Project(name="x"), *_projects(40, seed=4)]:
        one_by_one = {path for path in _fields.model_order() if _known(project, path)}
        assert known_paths(project) == one_by_one


def _rank_the_long_way(cat: Catalogue, project: Project) -> list[tuple[str, tuple[str, ...], int]]:
    """Every answer tried on every rule that reads the trait, as before issue 17."""
    index = index_of(cat)
    facts, verdicts = verdicts_of(cat, project)
    known = known_paths(project)
    found: dict[str, int] = {}
    for rule_id, verdict in verdicts.items():
        if verdict is True and rule_id in index.about_project:
            found[index.risk[rule_id]] = max(found.get(index.risk[rule_id], 0), index.score[rule_id])
    out = []
    for path, affected in index.affected.items():
        if path not in _fields.model_order() or path in known:
            continue
        changed: set[str] = set()
        for answer in candidates(index, path):
            for rule_id in trial(index, facts, answer, verdicts, affected):
                if rule_id in index.about_project and (
                    verdicts[rule_id] is True or index.score[rule_id] > found.get(index.risk[rule_id], 0)
                ):
                    changed.add(rule_id)
        if changed:
            out.append((path, tuple(sorted(changed, key=lambda r: (-index.score[r], r)))))
    return sorted((path, rules, 0) for path, rules in out)


def test_trying_answers_only_on_the_rules_they_can_change_asks_the_same_questions(builtin: Catalogue) -> None:
    for project in [Project(name="x"), *_projects(60, seed=5)]:
        shortcut = sorted((r.trait, r.rules, 0) for r in rank(builtin, project))
        assert shortcut == _rank_the_long_way(builtin, project), project.name


def test_what_is_kept_per_catalogue_changes_no_later_diagnosis(builtin: Catalogue) -> None:
    projects = _projects(30, seed=6)
    first = [diagnose(p, catalogue=builtin, engine="python", lang="en").to_json() for p in projects]
    again = [diagnose(p, catalogue=builtin, engine="python", lang="en").to_json() for p in reversed(projects)]
    assert list(reversed(again)) == first
    assert builtin.memo  # something was kept, or this test tests nothing
    assert pickle.loads(pickle.dumps(builtin)).memo == {}
    copy = replace(builtin)  # a catalogue derived from another starts with an empty memo…
    assert copy.memo == {} and copy == builtin  # …and the memo is never compared


def _variants(count: int, seed: int) -> list[Project]:
    """Projects two by two alike: each differs from the one before by one answer or one stated
    trait, as in an interview, so that what was kept for one is looked up for the next."""
    rng = random.Random(seed)
    out: list[Project] = []
    for i in range(count):
        doc = random_project(rng, unknown=rng.choice([0.1, 0.5, 0.9]), name=f"v{i}")
        out.append(Project.model_validate(doc))
        block = rng.choice([k for k, v in doc.items() if isinstance(v, dict) and v] or [None])
        if block is not None:
            inner = dict(doc[block])
            inner.pop(rng.choice(sorted(inner)))  # one trait less: unknown now
            out.append(Project.model_validate({**doc, block: inner, "name": f"v{i}-"}))
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_diagnosis_is_the_same_whatever_was_diagnosed_before(builtin: Catalogue, lang: str) -> None:
    """Findings, plans and questions kept per catalogue are given again only for what makes
    them: the same project gives the same bytes after any other, as on a fresh catalogue."""
    projects = _variants(60, seed=7) + _projects(30, seed=8)
    shared = replace(builtin)  # one catalogue for all: what it keeps serves the later ones
    for project in projects:
        alone = diagnose(project, catalogue=replace(builtin), engine="python", lang=lang).to_json()
        assert diagnose(project, catalogue=shared, engine="python", lang=lang).to_json() == alone, project.name
    assert len(shared.memo.get("findings", {})) > 10  # findings were kept, so this test tests something


def _mutable_parts(value: object) -> Iterator[object]:
    """Every list, dict or set inside ``value`` (models and tuples walked through)."""
    if isinstance(value, (list, dict, set)):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _mutable_parts(item)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _mutable_parts(getattr(value, name))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_saved_diagnosis_reads_back_equal_and_holds_nothing_mutable(builtin: Catalogue, lang: str) -> None:
    """A finding may be given to several diagnoses, so it holds no list: a multi-valued trait's
    reason is a tuple, in a diagnosis made here as in one read back from its JSON."""
    for project in _variants(20, seed=9):
        made = diagnose(project, catalogue=builtin, engine="python", lang=lang)
        assert Diagnosis.model_validate_json(made.to_json()) == made, project.name
        shared = (made.findings, made.open_questions, made.action_plan, made.stakeholder_matrix, made.root_causes)
        assert not list(_mutable_parts(shared)), project.name
    listed = diagnose({"name": "x", "kinds": ["canteen_short_supply", "media_library"],
                       "canteen": {"quality_plan": False}}, catalogue=builtin, engine="python", lang=lang)
    kinds = {b.value for f in listed.findings for p in f.patterns for b in p.because if b.trait == "kinds"}
    assert kinds == {("canteen_short_supply", "media_library")}


# ---- a finding kept for one project is never given to another it does not fit

def _test_rule(rule_id: str, when: str, triggers: str, does_not_trigger: str) -> str:
    """A rule of the risk unrepresentative-vote, all else as any rule needs it."""
    return f"""
  - id: {rule_id}
    name: {rule_id.lower()}
    risk: unrepresentative-vote
    when: {when}
    impact: 3
    likelihood: 3
    phases: [idea]
    rationale: {{fr: Un essai., en: A test.}}
    remedies: [broaden-participation]
    stakeholders: [participation_office]
    sources: ["practice:test"]
    examples:
      triggers: [{{name: holds, project: {triggers}}}]
      does_not_trigger: [{{name: does not hold, project: {does_not_trigger}}}]
"""


_CHOICE_RULES = "rules:" + _test_rule(
    "TEST-CHOICE-INVOLVES",
    "kinds contains participatory_budget and (involves(producers) or not governance.technical_lookout)",
    "{kinds: [participatory_budget], governance: {technical_lookout: false}}",
    "{kinds: [participatory_budget], governance: {technical_lookout: true}, stakeholders: []}",
) + _test_rule(
    "TEST-CHOICE-NOT-BOTH",
    "kinds contains participatory_budget and not (governance.steering_committee and governance.cross_service_team)",
    "{kinds: [participatory_budget], governance: {steering_committee: false}}",
    "{kinds: [participatory_budget], governance: {steering_committee: true, cross_service_team: true}}",
)


@pytest.fixture
def choice_catalogue(tmp_path: Path) -> Catalogue:
    (tmp_path / "choice.yaml").write_text(_CHOICE_RULES, encoding="utf-8")
    return load_catalogue(tmp_path)


def _reasons(diagnosis: Diagnosis, rule_id: str) -> list[tuple[str, object]]:
    return [(b.trait, b.value) for f in diagnosis.findings for p in f.patterns if p.rule_id == rule_id
            for b in p.because]


def test_a_reason_read_off_involves_is_not_given_to_a_project_without_that_stakeholder(
        choice_catalogue: Catalogue) -> None:
    """Two projects alike but for one stakeholder: the "or" holds by the stakeholder in the
    first, by the missing lookout in the second. A finding kept by what the rule reads must read
    ``involves(…)`` too."""
    alike = {"kinds": ["participatory_budget"], "governance": {"technical_lookout": False}}
    first = diagnose({"name": "a", **alike, "stakeholders": [{"role": "producers"}]},
                     catalogue=choice_catalogue, engine="python")
    second = diagnose({"name": "b", **alike, "stakeholders": [{"role": "residents"}]},
                      catalogue=choice_catalogue, engine="python")
    assert ("involves(producers)", True) in _reasons(first, "TEST-CHOICE-INVOLVES")
    assert _reasons(second, "TEST-CHOICE-INVOLVES") == [("kinds", ("participatory_budget",)),
                                                         ("governance.technical_lookout", False)]


def test_the_reason_of_a_not_both_is_whichever_is_false_for_each_project(choice_catalogue: Catalogue) -> None:
    """``not (a and b)`` holds by whichever of the two is false: its reasons depend on the
    facts, so they are never kept from one project for the next."""
    first = diagnose({"name": "a", "kinds": ["participatory_budget"],
                      "governance": {"steering_committee": False, "cross_service_team": True}},
                     catalogue=choice_catalogue, engine="python")
    second = diagnose({"name": "b", "kinds": ["participatory_budget"],
                       "governance": {"steering_committee": True, "cross_service_team": False}},
                      catalogue=choice_catalogue, engine="python")
    assert ("governance.steering_committee", False) in _reasons(first, "TEST-CHOICE-NOT-BOTH")
    assert ("governance.cross_service_team", False) in _reasons(second, "TEST-CHOICE-NOT-BOTH")
    assert ("governance.steering_committee", True) not in _reasons(second, "TEST-CHOICE-NOT-BOTH")
