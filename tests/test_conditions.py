"""The condition language: what rule authors may write, and the errors they get otherwise."""

from __future__ import annotations

import pytest

from risk_advisor.catalogue.conditions import ConditionError, compile_condition
from risk_advisor.logic import kleene


def truth(text: str, facts: dict) -> bool | None:
    return kleene(compile_condition(text).tree, facts)


class TestMeaning:
    def test_bare_yes_no_trait_means_yes(self) -> None:
        assert truth("governance.technical_lookout", {"governance__technical_lookout": True}) is True
        assert truth("governance.technical_lookout", {"governance__technical_lookout": False}) is False

    def test_absent_trait_is_unknown_never_false(self) -> None:
        assert truth("governance.technical_lookout", {}) is None
        assert truth("not governance.technical_lookout", {}) is None
        assert truth("budget.investment >= 300000", {}) is None

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("origin == citizens and governance.methodology", False),  # false and unknown
            ("origin == services or governance.methodology", True),  # true or unknown
            ("origin == citizens or governance.methodology", None),  # false or unknown
            ("origin == elected_officials or governance.methodology", None),
            ("origin in [elected_officials, mixed] and governance.methodology", False),
            ("origin != services or governance.methodology", None),
            ("origin == services or not (origin == services)", True),
        ],
    )
    def test_kleene_connectives(self, text: str, expected: bool | None) -> None:
        assert truth(text, {"origin": "services"}) is expected

    def test_numbers_with_underscores_and_order(self) -> None:
        assert truth("budget.investment >= 300_000", {"budget__investment": 300000}) is True
        assert truth("budget.investment < 300_000", {"budget__investment": 300000}) is False

    def test_membership_and_negated_membership(self) -> None:
        assert truth("origin in [citizens, mixed]", {"origin": "mixed"}) is True
        assert truth("origin not in [citizens, mixed]", {"origin": "mixed"}) is False

    def test_phases_compare_in_chronological_order(self) -> None:
        compiled = compile_condition("phase >= works")
        assert [k.name for k in compiled.keys] == ["phase__rank"]
        assert kleene(compiled.tree, {"phase__rank": 5}) is True  # delivery comes after works
        assert kleene(compiled.tree, {"phase__rank": 1}) is False

    def test_list_traits_use_contains(self) -> None:
        compiled = compile_condition("kinds contains family_portal")
        assert [k.name for k in compiled.keys] == ["kinds__has__family_portal"]

    def test_presence_is_never_undecided(self) -> None:
        assert truth("budget.running_cost_per_year is unknown", {}) is True
        assert truth("budget.running_cost_per_year is known", {}) is False
        assert truth("kinds is known", {"kinds__count": 0}) is True

    def test_stakeholders_and_risks_compile_to_derived_facts(self) -> None:
        compiled = compile_condition(
            "not involves(procurement_service) and risk(no-lookout) and involves(users, design)"
        )
        assert sorted(k.name for k in compiled.keys) == [
            "involves__procurement_service",
            "involves__users__design",
            "risk__no_lookout",
        ]
        assert compiled.risk_refs == {"no-lookout"}

    def test_not_binds_tighter_than_and_than_or(self) -> None:
        facts = {"governance__methodology": False, "governance__steering_committee": True, "origin": "services"}
        condition = "not governance.methodology and governance.steering_committee or origin == citizens"
        assert truth(condition, facts) is True
        assert truth("not (governance.methodology or governance.steering_committee)", facts) is False


class TestErrors:
    @pytest.mark.parametrize(
        ("text", "message", "column", "hint"),
        [
            ("governance.tecnical_lookout", "unknown trait", 1, "did you mean `governance.technical_lookout`?"),
            ("origin == citizen", "is not a value of origin", 11, "did you mean `citizens`?"),
            ("involves(procurment_service)", "unknown stakeholder role", 10, "did you mean `procurement_service`?"),
            ("involves(users, desgin)", "unknown phase", 17, "did you mean `design`?"),
            ("kinds == other", "is a list", 1, None),
            ("budget.investment", "compare it", 1, None),
            ("budget.investment > lots", "is a number", 21, None),
            ("origin == citizens governance.methodology", "unexpected", 20, "join conditions with `and` / `or`"),
            ("(origin == citizens", "expected `)`", 20, None),
            ("origin == citizens and", "expected a trait", 23, None),
            ("governance.methodology == yes", "compare it with `true` or `false`", 27, None),
            ("origin > citizens", "has no order", 1, None),
            ("stakeholders is known", "unknown trait", 1, "involves(role)"),
            ("name == x", "unknown trait", 1, None),
            ("budget.investment >= 3 ; drop", "unexpected character", 24, None),
        ],
    )
    def test_error_names_the_problem_the_column_and_a_fix(
        self, text: str, message: str, column: int, hint: str | None
    ) -> None:
        with pytest.raises(ConditionError) as caught:
            compile_condition(text)
        assert message in caught.value.message
        assert caught.value.column == column
        if hint:
            assert caught.value.hint and hint in caught.value.hint

    def test_never_evaluates_python(self) -> None:
        with pytest.raises(ConditionError):
            compile_condition("__import__('os').system('true')")
