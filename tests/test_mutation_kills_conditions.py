"""The condition language's corners: what each form means, its limits, and the exact error texts a rule author gets."""

from __future__ import annotations

import pytest

from risk_advisor.catalogue.conditions import (
    MAX_CONDITION_CHARS,
    MAX_NESTING,
    ConditionError,
    _suggest,
    compile_condition,
)
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
        ("origin contains citizens", "`contains` applies to list traits; origin is a one-of-a-list (column 8)"),
        ("governance.technical_lookout contains x",
         "`contains` applies to list traits; governance.technical_lookout is a yes/no (column 30)"),
        (
            "budget.investment and origin == citizens",
            "budget.investment is a whole-number trait: compare it (e.g. `budget.investment == …`) (column 19); "
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


# ---- what a condition means ------------------------------------------------------------------


def test_involves_is_true_when_the_role_is_involved() -> None:
    assert compile_condition("involves(users)").tree == Cmp(Key("involves", "users"), "==", True)
    assert compile_condition("involves(users, design)").tree == Cmp(Key("involves", "users", "design"), "==", True)


@pytest.mark.parametrize(("text", "value"), [("true", True), ("false", False)])
def test_a_yes_no_trait_compares_with_true_or_false_in_lower_case(text: str, value: bool) -> None:
    compiled = compile_condition(f"governance.methodology == {text}")
    assert compiled.tree == Cmp(Key("trait", "governance.methodology"), "==", value)
    assert "`true` or `false`" in error(f"governance.methodology == {text.upper()}").message


def test_a_whole_number_stays_whole_and_a_decimal_keeps_its_fraction() -> None:
    whole = compile_condition("budget.investment >= 300_000").tree
    assert isinstance(whole, Cmp) and type(whole.value) is int and whole.value == 300_000
    decimal = compile_condition("canteen.organic_share >= 0.5").tree
    assert isinstance(decimal, Cmp) and type(decimal.value) is float and decimal.value == 0.5


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
def test_a_yes_no_trait_has_no_order(op: str) -> None:
    e = error(f"governance.methodology {op} true")
    assert (e.message, e.column) == ("governance.methodology has no order: use `==`, `!=` or `in`", 1)


# ---- nesting: up to MAX_NESTING levels of parentheses and `not` ------------------------------

NESTING_HINT = "simplify it, or split it into several rules revealing the same risk"
NESTING_MESSAGE = f"the condition nests more than {MAX_NESTING} levels of parentheses and `not`"


def test_conditions_nest_up_to_the_limit() -> None:
    inner = compile_condition("origin is known").tree
    assert compile_condition("(" * MAX_NESTING + "origin is known" + ")" * MAX_NESTING).tree == inner
    negated = compile_condition("not " * MAX_NESTING + "origin is known").tree
    for _ in range(MAX_NESTING):
        assert isinstance(negated, Not)
        negated = negated.item
    assert negated == inner


def test_one_level_more_is_refused_at_the_parenthesis_that_opens_it() -> None:
    e = error("(" * (MAX_NESTING + 1) + "origin is known" + ")" * (MAX_NESTING + 1))
    assert (e.message, e.column, e.hint) == (NESTING_MESSAGE, MAX_NESTING + 1, NESTING_HINT)


def test_one_not_more_is_refused_at_that_not() -> None:
    e = error("not " * (MAX_NESTING + 1) + "origin is known")
    assert (e.message, e.column, e.hint) == (NESTING_MESSAGE, 4 * MAX_NESTING + 1, NESTING_HINT)


def test_levels_count_what_is_open_not_what_was_opened_before() -> None:
    group = "(" * MAX_NESTING + "not origin is known" + ")" * MAX_NESTING
    assert error(group).column == MAX_NESTING + 1  # the `not` is level MAX_NESTING + 1
    side_by_side = " and ".join(["(" * MAX_NESTING + "origin is known" + ")" * MAX_NESTING] * 3)
    assert len(compile_condition(side_by_side).tree.items) == 3  # type: ignore[union-attr]


# ---- the errors a rule author gets -----------------------------------------------------------


def test_a_condition_too_long_is_refused_as_a_whole_with_no_column() -> None:
    assert compile_condition("origin is known".ljust(MAX_CONDITION_CHARS)).tree == Present(ORIGIN, True)
    e = error("origin is known".ljust(MAX_CONDITION_CHARS + 1))
    assert str(e) == (
        f"the condition is {MAX_CONDITION_CHARS + 1:,} characters long, at most {MAX_CONDITION_CHARS:,}; "
        "split it into several rules revealing the same risk"
    )
    assert e.column is None


EXPECTED_A_TRAIT = "expected a trait, `involves(…)` or `risk(…)`"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("origin is", "expected `known` or `unknown`, found 'the end of the condition' (column 10)"),
        ("origin is 3", "expected `known` or `unknown`, found '3' (column 11)"),
        ("involves()", "expected a stakeholder role, found ')' (column 10)"),
        ("involves(3)", "expected a stakeholder role, found '3' (column 10)"),
        ("involves(users, 3)", "expected a phase, found '3' (column 17)"),
        ("involves(users]", "expected `)`, found ']' (column 15)"),
        ("involves(users, design]", "expected `)`, found ']' (column 23)"),
        ("risk()", "expected a risk ID, found ')' (column 6)"),
        ("risk(3)", "expected a risk ID, found '3' (column 6)"),
        ("risk(no-lookout]", "expected `)`, found ']' (column 16)"),
        ("origin == citizens and", f"{EXPECTED_A_TRAIT}, found 'the end of the condition' (column 23)"),
        ("not", f"{EXPECTED_A_TRAIT}, found 'the end of the condition' (column 4)"),
        (
            "origin in [citizens, zzzq]",
            "'zzzq' is not a value of origin (column 22); "
            "origin is one of: citizens, elected_officials, services, mixed",
        ),
        (
            "stakeholders is known",
            "unknown trait 'stakeholders' (column 1); "
            "read the stakeholder list with `involves(role)` or `involves(role, phase)`",
        ),
        (
            "authority.name == x",
            "authority.name is free text and cannot be compared; test it with `is known` (column 19)",
        ),
        # `not` must be followed by `in`: a bare `not` after a trait is not a membership test
        (
            "origin not citizens",
            "origin is a one-of-a-list trait: compare it (e.g. `origin == …`) (column 8); "
            "only yes/no traits stand alone",
        ),
        ("governance.methodology not citizens", "unexpected 'not' (column 24); join conditions with `and` / `or`"),
    ],
)
def test_more_error_texts(text: str, shown: str) -> None:
    assert str(error(text)) == shown


@pytest.mark.parametrize("word", ["involves", "risk"])
def test_involves_and_risk_without_parentheses_are_read_as_trait_names(word: str) -> None:
    for text in (word, f"origin == citizens or {word}"):
        e = error(text)
        assert (e.message, e.column) == (f"unknown trait '{word}'", len(text) - len(word) + 1)


def test_a_long_word_is_quoted_cut_to_thirty_characters() -> None:
    assert error("a" * 30 + " == 1").message == "unknown trait '" + "a" * 30 + "'"
    assert error("a" * 31 + " == 1").message == "unknown trait '" + "a" * 30 + "…'"


def test_a_name_of_up_to_sixty_characters_still_gets_a_hint() -> None:
    roles = "a role is one of: " + ", ".join(r.value for r in Role)
    assert error("involves(" + "z" * 60 + ")").hint == roles
    assert error("involves(" + "z" * 61 + ")").hint is None  # no name is that long
