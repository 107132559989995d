"""The action plan, stakeholder matrix and root causes a diagnosis carries."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risk_advisor import Catalogue, Diagnosis, Role, diagnose, load_catalogue, load_project
from risk_advisor.graph.cover import Cover, cover, greedy_bound, greedy_cover

CASES = sorted((Path(__file__).parents[1] / "cases").glob("*.yaml"))
# The pink ("rose") cases are the well-run projects: no finding, hence no plan, no matrix row,
# no root cause. A property of every plan is checked on the cases that have one.
WITH_FINDINGS = [p for p in CASES if not p.stem.endswith("-rose")]
ENGINE = "python"  # both engines agree (test_engines); the plan does not depend on which ran


@pytest.fixture(scope="module")
def builtin() -> Catalogue:
    return load_catalogue()


def case(cat: Catalogue, path: Path) -> Diagnosis:
    return diagnose(load_project(path), catalogue=cat, engine=ENGINE, lang="en")


def cost(chosen: tuple[str, ...], weight: Mapping[str, int]) -> int:
    return sum(weight[s] for s in chosen)


def brute_force(universe: set[str], sets: Mapping[str, set[str]], weight: Mapping[str, int]) -> int:
    """The optimum by enumerating every subset of ``sets`` (keep it under ~16 sets)."""
    names = sorted(sets)
    best = None
    for size in range(len(names) + 1):
        for combo in itertools.combinations(names, size):
            if universe <= set().union(*(sets[s] for s in combo)):
                c = cost(combo, weight)
                best = c if best is None else min(best, c)
    assert best is not None, "no cover exists"
    return best


def instance(cat: Catalogue, d: Diagnosis) -> tuple[set[str], dict[str, set[str]], dict[str, int]]:
    """Every rule that fired (each a cause of its risk) and the remedies the catalogue gives it."""
    sets: dict[str, set[str]] = {}
    weight: dict[str, int] = {}
    for f in d.findings:
        for r in f.remedies:
            weight[r.id] = r.effort.weight
        for rule_id in f.rule_ids:
            for remedy_id in cat.rules[rule_id].remedies:
                sets.setdefault(remedy_id, set()).add(rule_id)
    return {r for f in d.findings for r in f.rule_ids}, sets, weight


def components(
    universe: set[str], sets: dict[str, set[str]]
) -> list[tuple[set[str], dict[str, set[str]]]]:
    """Independent sub-instances: findings linked by a shared remedy. Their optima add up."""
    out: list[tuple[set[str], dict[str, set[str]]]] = []
    left = dict(sets)
    while left:
        first = min(left)
        part, elements = {first: left.pop(first)}, set(sets[first])
        grown = True
        while grown:
            grown = False
            for s in sorted(left):
                if left[s] & elements:
                    part[s] = left.pop(s)
                    elements |= part[s]
                    grown = True
        out.append((elements & universe, part))
    return out


class TestActionPlan:
    @pytest.mark.parametrize("path", WITH_FINDINGS, ids=lambda p: p.stem)
    def test_answers_every_finding_of_every_shipped_case(
        self, builtin: Catalogue, path: Path
    ) -> None:
        d = case(builtin, path)
        assert d.findings and d.action_plan
        answered = {risk for item in d.action_plan for risk in item.answers}
        assert answered == {f.risk_id for f in d.findings}
        # every rule that revealed a risk is a cause of its own, answered by one of its remedies
        planned = {item.remedy.id for item in d.action_plan}
        for rule_id in (r for f in d.findings for r in f.rule_ids):
            assert planned & set(builtin.rules[rule_id].remedies), f"{rule_id} has no remedy in the plan"

    @pytest.mark.parametrize("path", WITH_FINDINGS, ids=lambda p: p.stem)
    def test_costs_no_more_than_brute_force_on_shipped_cases(
        self, builtin: Catalogue, path: Path
    ) -> None:
        d = case(builtin, path)
        assert d.findings
        universe, sets, weight = instance(builtin, d)
        parts = components(universe, sets)
        if any(len(p) > 16 for _, p in parts):
            pytest.skip("a component too large to enumerate")
        optimum = sum(brute_force(u, p, weight) for u, p in parts)
        plan_cost = sum(item.remedy.effort.weight for item in d.action_plan)
        greedy_cost = cost(greedy_cover(universe, sets, weight), weight)
        bound = greedy_bound(sets, universe)
        assert plan_cost == optimum  # the exact search proves the optimum on every shipped case
        # Greedy alone may exceed the optimum by at most H(d); on the shipped cases it does not
        # exceed it at all (measured: 0 % on every case).
        assert greedy_cost <= bound * optimum
        assert greedy_cost == optimum, (
            f"greedy {greedy_cost} vs optimum {optimum} (bound ×{bound:.2f})"
        )

    def test_ordered_by_phase_then_remedy_id(self, builtin: Catalogue) -> None:
        for path in CASES:
            plan = case(builtin, path).action_plan
            keys = [(a.remedy.phase.rank, a.remedy.id) for a in plan]
            assert keys == sorted(keys)

    def test_acknowledged_risks_get_no_action(self, small_catalogue: Catalogue) -> None:
        project = {
            "name": "accepted",
            "origin": "citizens",
            "governance": {"technical_lookout": False},
            "acknowledged_risks": [
                {
                    "risk": "no-lookout",
                    "justification": "j",
                    "owner": "o",
                    "review_date": "2999-01-01",
                }
            ],
        }
        d = diagnose(project, catalogue=small_catalogue, engine=ENGINE)
        assert [f.rule_id for f in d.acknowledged] == ["T-LOOKOUT"]
        assert d.action_plan == ()

    def test_shared_remedy_answers_several_findings(self, small_catalogue: Catalogue) -> None:
        project = {
            "name": "technocratic portal",
            "governance": {"project_lead_technical": True},
            "stakeholders": [],
            "consultation": {"needs_defined_with_all_actors": False},
        }
        d = diagnose(project, catalogue=small_catalogue, engine=ENGINE)
        assert {f.rule_id for f in d.findings} == {"T-TECHNOCRATIC", "T-NEEDS", "T-TARGET"}
        # define-need (2) + cross-service-team (2): missing-target (T-TARGET) is answered by either.
        assert [(a.remedy.id, a.answers) for a in d.action_plan] == [
            ("cross-service-team", ("missing-target", "technocratic")),
            ("define-need", ("missing-target", "needs-not-shared")),
        ]


class TestSetCover:
    def test_the_redundancy_pass_repairs_the_classic_greedy_trap(self) -> None:
        # Greedy takes the big set first (4 elements for 1), then needs both halves anyway.
        universe = {f"e{i}" for i in range(6)}
        sets = {
            "big": {"e1", "e2", "e4", "e5"},
            "left": {"e0", "e1", "e2"},
            "right": {"e3", "e4", "e5"},
        }
        assert greedy_cover(universe, sets, dict.fromkeys(sets, 1)) == ("left", "right")

    def test_greedy_reaches_twice_the_optimum_within_its_bound_and_the_plan_does_not(self) -> None:
        # Ties broken by ID lead greedy astray: r0 (1 for 2) before r3 (2 for 4), then r1, r2.
        universe = {"0", "1", "2", "3"}
        sets = {"r0": {"1", "3"}, "r1": {"0"}, "r2": {"1", "2"}, "r3": {"0", "1", "2", "3"}}
        weight = {"r0": 1, "r1": 1, "r2": 2, "r3": 2}
        greedy = greedy_cover(universe, sets, weight)
        assert (greedy, cost(greedy, weight)) == (("r0", "r1", "r2"), 4)
        assert brute_force(universe, sets, weight) == 2
        assert greedy_bound(sets, universe) == pytest.approx(25 / 12)  # H(4): 4 ≤ 2 × 2.08
        assert cover(universe, sets, weight) == Cover(("r3",), 2, exact=True)

    @settings(max_examples=300, deadline=None)
    @given(
        st.dictionaries(
            st.sampled_from([f"r{i:02}" for i in range(12)]),
            st.tuples(st.frozensets(st.integers(0, 9), min_size=1, max_size=5), st.integers(1, 3)),
            min_size=1,
        )
    )
    @pytest.mark.timeout(300)  # known long: hypothesis over brute-force set covers
    def test_exact_equals_brute_force_and_greedy_stays_within_its_bound(self, raw) -> None:
        sets = {k: {f"f{e}" for e in v[0]} for k, v in raw.items()}
        weight = {k: v[1] for k, v in raw.items()}
        universe = set().union(*sets.values())
        optimum = brute_force(universe, sets, weight)
        exact = cover(universe, sets, weight)
        assert exact.exact and exact.cost == optimum
        assert universe <= set().union(*(sets[s] for s in exact.chosen))
        greedy = cost(greedy_cover(universe, sets, weight), weight)
        assert optimum <= greedy <= greedy_bound(sets, universe) * optimum

    def test_a_tiny_budget_falls_back_to_greedy_marked_not_exact(self) -> None:
        sets = {f"s{i}": {f"e{i}", f"e{i + 1}"} for i in range(10)}
        weight = dict.fromkeys(sets, 1)
        universe = set().union(*sets.values())
        result = cover(universe, sets, weight, budget=3)
        assert not result.exact
        assert result.chosen == greedy_cover(universe, sets, weight)

    def test_ties_are_broken_by_id(self) -> None:
        sets = {"b": {"x"}, "a": {"x"}, "c": {"x"}}
        assert cover({"x"}, sets, dict.fromkeys(sets, 1)).chosen == ("a",)
        assert greedy_cover({"x"}, sets, dict.fromkeys(sets, 1)) == ("a",)

    def test_an_uncoverable_element_is_an_error(self) -> None:
        with pytest.raises(ValueError, match="no set covers"):
            greedy_cover({"x", "y"}, {"a": {"x"}}, {"a": 1})


# Roles the workshop says the black scenario lacked (shared/domain/SEED_INVENTORY.md).
WORKSHOP_MISSING = {
    "cantine-circuit-court-noir": {Role.PRODUCERS, Role.PROCUREMENT_SERVICE},  # CANT-R1, CANT-R5
    "mediatheque-renovation-noir": {Role.THEMATIC_EXPERTS, Role.PARTNERS},  # MEDIA-N1, MEDIA-N2
    "portail-familles-noir": {Role.GENERAL_MANAGEMENT, Role.ELECTED_OFFICIALS},  # PORTAIL-R1
    "place-voiries-noir": {Role.WORKS_COORDINATOR},  # PLACE-N4: designers not coordinated
}


class TestStakeholderMatrix:
    @pytest.mark.parametrize("stem", sorted(WORKSHOP_MISSING))
    def test_black_cases_flag_the_actor_the_workshop_found_missing(
        self, builtin: Catalogue, stem: str
    ) -> None:
        d = case(builtin, Path(__file__).parents[1] / "cases" / f"{stem}.yaml")
        missing = {row.role for row in d.stakeholder_matrix if not row.listed}
        assert WORKSHOP_MISSING[stem] <= missing

    @pytest.mark.parametrize("stem", sorted(WORKSHOP_MISSING))
    def test_pink_cases_miss_no_one(self, builtin: Catalogue, stem: str) -> None:
        # the pink twin of a black case lists the very actors the black one was found to miss
        pink = Path(__file__).parents[1] / "cases" / f"{stem.removesuffix('-noir')}-rose.yaml"
        listed = {s.role for s in load_project(pink).stakeholders or ()}
        assert WORKSHOP_MISSING[stem] and WORKSHOP_MISSING[stem] <= listed
        d = case(builtin, pink)
        assert all(row.listed for row in d.stakeholder_matrix)
        assert not {role for f in d.findings for role in (s.role for s in f.stakeholders)} - listed

    def test_rows_cover_stakeholders_and_owners_with_their_phases(
        self, small_catalogue: Catalogue
    ) -> None:
        project = {
            "name": "lookout",
            "origin": "citizens",
            "governance": {"technical_lookout": False},
            "stakeholders": [{"role": "technical_services"}],
        }
        d = diagnose(project, catalogue=small_catalogue, engine=ENGINE, lang="en")
        rows = [(r.role, r.phases, r.risks, r.listed) for r in d.stakeholder_matrix]
        assert [
            (role.value, [p.value for p in ph], risks, listed) for role, ph, risks, listed in rows
        ] == [
            ("project_lead", ["feasibility"], ("no-lookout",), False),  # owns appoint-lookout
            ("technical_services", ["feasibility"], ("no-lookout",), True),
        ]

    def test_no_stakeholder_list_reads_as_not_listed(self, small_catalogue: Catalogue) -> None:
        project = {
            "name": "unknown",
            "origin": "citizens",
            "governance": {"technical_lookout": False},
        }
        d = diagnose(project, catalogue=small_catalogue, engine=ENGINE)
        assert d.stakeholder_matrix and not any(r.listed for r in d.stakeholder_matrix)


class TestRootCauses:
    def test_a_cause_removes_the_found_risks_it_leads_to(self, small_catalogue: Catalogue) -> None:
        project = {
            "name": "both",
            "origin": "citizens",
            "governance": {"technical_lookout": False, "project_lead_technical": True},
            "stakeholders": [],
            "consultation": {"needs_defined_with_all_actors": False},
        }
        d = diagnose(project, catalogue=small_catalogue, engine=ENGINE)
        assert [(c.risk_id, c.removes) for c in d.root_causes] == [
            ("no-lookout", ("missing-target",))
        ]

    def test_a_link_to_a_risk_not_found_is_no_root_cause(self, small_catalogue: Catalogue) -> None:
        project = {
            "name": "alone",
            "origin": "citizens",
            "governance": {"technical_lookout": False},
        }
        assert diagnose(project, catalogue=small_catalogue, engine=ENGINE).root_causes == ()

    @pytest.mark.parametrize("path", WITH_FINDINGS, ids=lambda p: p.stem)
    def test_sorted_by_count_then_id_and_only_found_risks(
        self, builtin: Catalogue, path: Path
    ) -> None:
        d = case(builtin, path)
        assert d.findings
        found = {f.risk_id for f in d.findings}
        assert [(-len(c.removes), c.risk_id) for c in d.root_causes] == sorted(
            (-len(c.removes), c.risk_id) for c in d.root_causes
        )
        assert all(
            c.risk_id in found and set(c.removes) <= found - {c.risk_id} for c in d.root_causes
        )


class TestDiagnosisContract:
    def test_json_keys_present(self, builtin: Catalogue) -> None:
        # the same bytes whatever the hash seed: tests/test_determinism.py
        path = Path(__file__).parents[1] / "cases" / "portail-familles-noir.yaml"
        data = json.loads(case(builtin, path).to_json())
        assert data["action_plan"] and data["stakeholder_matrix"] and data["root_causes"]

    def test_diagnosing_does_not_import_networkx(self) -> None:
        path = Path(__file__).parents[1] / "cases" / "portail-familles-noir.yaml"
        code = (
            "import sys, risk_advisor\n"
            f"d = risk_advisor.diagnose({str(path)!r}, engine='python')\n"
            "assert d.action_plan\n"
            "print('networkx' in sys.modules)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "False"


@pytest.mark.timeout(300)  # known long: generated projects, brute force
def test_plan_is_optimal_on_generated_projects_and_greedy_alone_is_close(
    builtin: Catalogue,
) -> None:
    """Brute force per independent component, on 300 seeded random projects.

    Measured (seed 7, 1,000 projects): the plan always equals the optimum; greedy alone exceeds
    it on 1.3 % of the instances, at worst 7 against 6 (×1.17, its bound there being ×1.5).
    """
    import random

    from risk_advisor.model.project import Project

    from .generators import random_project

    rng = random.Random(7)
    worst = 1.0
    for _ in range(300):
        d = diagnose(
            Project.model_validate(random_project(rng, unknown=0.3)),
            catalogue=builtin,
            engine=ENGINE,
        )
        universe, sets, weight = instance(builtin, d)
        if not universe:
            continue
        optimum = sum(brute_force(u, p, weight) for u, p in components(universe, sets))
        assert sum(a.remedy.effort.weight for a in d.action_plan) == optimum
        greedy = cost(greedy_cover(universe, sets, weight), weight)
        assert greedy <= greedy_bound(sets, universe) * optimum
        worst = max(worst, greedy / optimum)
    assert worst <= 1.2, f"greedy alone reached ×{worst:.2f} of the optimum"
