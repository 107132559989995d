"""The condition language's corners: quoted values, presence tests, lists, and exact error texts."""

from __future__ import annotations

import pytest

from risk_advisor.catalogue.conditions import ConditionError, _suggest, compile_condition
from risk_advisor.catalogue.tree import Cmp, Key, Not, Or, Present
from risk_advisor.model.vocabulary import Role

ORIGIN = Key("trait", "origin")


def error(text: str) -> ConditionError:
    with pytest.raises(ConditionError) as caught:
        compile_condition(text)
    return caught.value


def test_a_quoted_value_means_the_bare_value() -> None:
    assert compile_condition('origin == "citizens"').tree == Cmp(ORIGIN, "==", "citizens")
    assert compile_condition('origin in ["citizens", services]').tree == compile_condition(
        "origin in [citizens, services]"
    ).tree


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("origin is known", Present(ORIGIN, True)),
        ("origin is unknown", Present(ORIGIN, False)),
        ("origin is not known", Present(ORIGIN, False)),
        ("origin is not unknown", Present(ORIGIN, True)),
        ("kinds is known", Present(Key("count", "kinds"), True)),  # a list is known through its length
    ],
)
def test_presence_tests(text: str, tree: Present) -> None:
    compiled = compile_condition(text)
    assert compiled.tree == tree
    assert compiled.keys == frozenset({tree.key})


def test_membership_lists() -> None:
    assert compile_condition("origin in [citizens, services]").tree == Or(
        (Cmp(ORIGIN, "==", "citizens"), Cmp(ORIGIN, "==", "services"))
    )
    assert compile_condition("origin in [citizens]").tree == Cmp(ORIGIN, "==", "citizens")
    assert compile_condition("origin not in [citizens]").tree == Not(Cmp(ORIGIN, "==", "citizens"))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("origin in citizens", "expected `[`, found 'citizens' (column 11)"),
        ("origin in [citizens", "expected `]`, found 'the end of the condition' (column 20)"),
        ("origin in [citizens services]", "expected `]`, found 'services' (column 21)"),
        ("origin is maybe", "expected `known` or `unknown`, found 'maybe' (column 11)"),
        ("zzzq == 1", "unknown trait 'zzzq' (column 1); `risk-advisor schema` lists the traits"),
        ("origin in [citizens)", "expected `]`, found ')' (column 20)"),
        ("origin == citizens and )", "expected a trait, `involves(…)` or `risk(…)`, found ')' (column 24)"),
        (
            "budget.investment and origin == citizens",
            "budget.investment is a int trait: compare it (e.g. `budget.investment == …`) (column 19); "
            "only yes/no traits stand alone",
        ),
    ],
)
def test_error_texts(text: str, shown: str) -> None:
    assert str(error(text)) == shown


def test_an_unknown_role_far_from_any_lists_the_roles() -> None:
    e = error("involves(zzzq)")
    assert (e.message, e.column) == ("unknown stakeholder role 'zzzq'", 10)
    assert e.hint == "a role is one of: " + ", ".join(r.value for r in Role)


def test_an_error_without_column_or_hint_is_just_its_message() -> None:
    assert str(ConditionError("bad")) == "bad"
    assert str(ConditionError("bad", 3)) == "bad (column 3)"
    assert str(ConditionError("bad", None, "fix it")) == "bad; fix it"


def test_suggestions_list_the_choices_up_to_thirty() -> None:
    thirty = [f"v{i:02}" for i in range(30)]
    assert _suggest("zzz", thirty, "x") == "x is one of: " + ", ".join(thirty)
    assert _suggest("zzz", [*thirty, "v30"], "x") is None
    assert _suggest("v07x", thirty, "x") == "did you mean `v07`?"
