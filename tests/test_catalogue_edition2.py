"""Second-edition properties of the built-in catalogue (issue 11): severity consistency, phase
awareness after delivery and before/after the vote, and proportion for small projects."""

from __future__ import annotations

from risk_advisor import diagnose, load_catalogue

WORKS_RUN = {
    "WORKS-NO-SPS", "WORKS-NO-OPC", "WORKS-NO-DT-DICT", "COMPOUND-WORKS-NO-OPC-NO-SPS", "PLACE-DESIGNERS",
    "WORKS-PRIOR-CONSULTATION", "WORKS-ROAD-CONSULTATION-THRESHOLD", "WORKS-OPTIONAL-CONSULTATION",
    "WORKS-OPERATORS-AT-ACCEPTANCE", "WORKS-NO-GUARANTEE-CLAUSE", "ROADWORKS-NOT-COORDINATED",
}


def _asked_or_found(project: dict[str, object]) -> set[str]:
    d = diagnose({"name": "x", **project}, engine="python")
    return {r for f in d.findings for r in f.rule_ids} | {r for q in d.open_questions for r in q.rules}


def test_an_injury_risk_never_ranks_below_a_portal_adoption_risk() -> None:
    rules = load_catalogue().rules
    assert rules["COMPOUND-WORKS-NO-OPC-NO-SPS"].score > rules["PORTAIL-MISSED-TARGET"].score
    assert rules["WORKS-NO-SPS"].impact == 5


def test_testimony_practices_never_outrank_legal_duties() -> None:
    rules = load_catalogue().rules.values()
    testimony = [r for r in rules if all(str(s).startswith("seed:T-") for s in r.sources if s.kind == "seed")
                 and any(str(s).startswith("seed:T-") for s in r.sources)]
    assert testimony, "the testimony rules exist"
    assert max(r.score for r in testimony) <= 9


def test_after_delivery_nothing_about_how_the_works_should_have_been_run() -> None:
    delivered = {
        "kinds": ["public_space_works"], "phase": "operation",
        "works": {"contractors_count": 6, "designers_count": 3, "designers_coordinated": False,
                  "sps_coordinator": False, "opc_appointed": False, "network_declarations": False,
                  "users_at_acceptance": False, "guarantee_in_contract": False, "digs_public_road": True,
                  "road_works_coordinated": False},
        "public_space": {"substantial_change_to_living_environment": True, "prior_consultation": False,
                         "listed_for_mandatory_consultation": True},
    }
    assert _asked_or_found(delivered) & WORKS_RUN == set()
    in_works = {**delivered, "phase": "works"}
    assert {"WORKS-NO-SPS", "WORKS-NO-OPC", "WORKS-NO-DT-DICT"} <= _asked_or_found(in_works)


def test_a_voted_project_gets_catch_up_advice_not_before_the_vote_advice() -> None:
    project = {"kinds": ["participatory_budget"],
               "participatory_budget": {"feasibility_checked_before_vote": False, "running_costs_known": False,
                                        "land_ownership_checked": False, "within_competence": False}}
    before = _asked_or_found({**project, "phase": "feasibility"})
    after = _asked_or_found({**project, "phase": "design"})
    assert {"BP-FEASIBILITY-AFTER-VOTE", "BP-RUNNING-COSTS-UNKNOWN", "BP-LAND-NOT-CHECKED"} <= before
    assert {"BP-VOTED-FEASIBILITY-UNCHECKED", "BP-VOTED-RUNNING-COSTS-UNKNOWN", "BP-VOTED-SITE-NOT-SECURED"} <= after
    assert not {"BP-FEASIBILITY-AFTER-VOTE", "BP-RUNNING-COSTS-UNKNOWN", "BP-LAND-NOT-CHECKED"} & after
    d = diagnose({"name": "voted", **project, "phase": "design"}, engine="python", lang="fr")
    assert all(not r.text.startswith("Avant le vote") for f in d.findings for r in f.remedies)


def test_a_small_garden_is_not_told_it_needs_general_management_and_a_method() -> None:
    garden = {"kinds": ["other"], "budget": {"investment": 18000},
              "governance": {"project_lead": True, "methodology": False, "sponsors": ["affected_services"],
                             "steering_committee": False, "technical_committee": False}}
    assert not {"GOV-NO-METHODOLOGY", "GOV-WEAK-SPONSORSHIP", "GOV-NO-STEERING", "GOV-DRIFT"} & _asked_or_found(garden)
    big = {**garden, "budget": {"investment": 400000}}
    assert {"GOV-NO-METHODOLOGY", "GOV-WEAK-SPONSORSHIP"} <= _asked_or_found(big)


def test_a_two_million_resurfacing_does_not_trigger_the_road_consultation_rule() -> None:
    resurfacing = {"kinds": ["public_space_works"], "budget": {"investment": 2_000_000},
                   "public_space": {"road_footprint_change": False, "urbanised_area_amount": 2_000_000,
                                    "prior_consultation": False, "urbanised_area": True}}
    assert "WORKS-ROAD-CONSULTATION-THRESHOLD" not in _asked_or_found(resurfacing)
