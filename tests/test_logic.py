"""Kleene's three-valued logic on condition trees, and the explanations built on it.

The oracle is the textbook definition: order false < unknown < true; ``and`` is the minimum,
``or`` the maximum, ``not`` swaps true and false and keeps unknown.
"""

from __future__ import annotations

import itertools
import operator

import pytest

from risk_advisor.catalogue.tree import And, Cmp, Cond, Key, Not, Or, Present
from risk_advisor.logic import OPERATORS, because, deciding, kleene

ORDER = {False: 0, None: 1, True: 2}
VALUES = (True, False, None)


def leaf(i: int) -> Cmp:
    """``t<i> == true``: true, false or unknown according to the fact ``t<i>``."""
    return Cmp(Key("trait", f"t{i}"), "==", True)


def facts_for(values: tuple[bool | None, ...]) -> dict[str, bool]:
    return {f"t{i}": v for i, v in enumerate(values) if v is not None}


def key(i: int) -> Key:
    return Key("trait", f"t{i}")


class TestKleene:
    @pytest.mark.parametrize("values", list(itertools.product(VALUES, repeat=3)))
    def test_and_is_the_minimum_or_the_maximum_not_the_swap(self, values: tuple[bool | None, ...]) -> None:
        facts = facts_for(values)
        leaves = tuple(leaf(i) for i in range(3))
        assert kleene(And(leaves), facts) is min(values, key=ORDER.__getitem__)
        assert kleene(Or(leaves), facts) is max(values, key=ORDER.__getitem__)
        assert kleene(Not(leaf(0)), facts) is (None if values[0] is None else not values[0])
        assert kleene(leaf(0), facts) is values[0]

    @pytest.mark.parametrize("values", list(itertools.product(VALUES, repeat=2)))
    def test_nested_connectives(self, values: tuple[bool | None, ...]) -> None:
        a, _ = values
        facts = facts_for(values)
        lo = min(values, key=ORDER.__getitem__)
        expected = None if lo is None else not lo
        assert kleene(Not(And((leaf(0), leaf(1)))), facts) is expected
        assert kleene(Or((Not(leaf(0)), Not(leaf(1)))), facts) is expected  # De Morgan holds
        assert kleene(Or((leaf(0), Not(leaf(0)))), facts) is (None if a is None else True)

    @pytest.mark.parametrize("op", ["==", "!=", "<", "<=", ">", ">="])
    @pytest.mark.parametrize("actual", [4, 5, 6])
    def test_comparisons_against_a_number(self, op: str, actual: int) -> None:
        reference = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
                     ">": operator.gt, ">=": operator.ge}[op]
        tree = Cmp(Key("trait", "budget"), op, 5)  # type: ignore[arg-type]
        assert kleene(tree, {"budget": actual}) is reference(actual, 5)
        assert kleene(tree, {}) is None
        assert OPERATORS[op](actual, 5) is reference(actual, 5)

    def test_comparisons_read_the_fact_of_their_own_key(self) -> None:
        tree = Cmp(Key("trait", "a.b"), "==", "x")
        assert kleene(tree, {"a__b": "x", "a": "y"}) is True
        assert kleene(tree, {"a__b": "y", "x": "x"}) is False

    @pytest.mark.parametrize("known", [True, False])
    def test_presence_is_decided_whether_or_not_the_fact_is_there(self, known: bool) -> None:
        tree = Present(key(0), known)
        assert kleene(tree, {"t0": False}) is known
        assert kleene(tree, {"t1": True}) is (not known)

    def test_an_empty_and_is_true_an_empty_or_false(self) -> None:
        assert kleene(And(()), {}) is True
        assert kleene(Or(()), {}) is False


class TestBecause:
    def test_a_comparison_or_a_presence_is_explained_by_its_own_key(self) -> None:
        assert because(leaf(0), {"t0": True}) == [key(0)]
        assert because(Present(key(1), True), {"t1": 3}) == [key(1)]

    def test_a_true_and_is_explained_by_all_its_items_in_reading_order(self) -> None:
        facts = facts_for((True, True, True))
        assert because(And((leaf(2), leaf(0), leaf(1))), facts) == [key(2), key(0), key(1)]

    def test_a_true_or_is_explained_by_its_first_true_item_only(self) -> None:
        facts = facts_for((False, None, True, True))
        assert because(Or((leaf(0), leaf(1), leaf(2), leaf(3))), facts) == [key(2)]

    def test_a_false_and_under_not_is_explained_by_its_first_false_item(self) -> None:
        facts = facts_for((True, None, False, False))
        tree = Not(And((leaf(0), leaf(1), leaf(2), leaf(3))))
        assert because(tree, facts) == [key(2)]

    def test_a_false_or_under_not_is_explained_by_all_its_items(self) -> None:
        facts = facts_for((False, False))
        assert because(Not(Or((leaf(1), leaf(0)))), facts) == [key(1), key(0)]

    def test_double_negation_explains_the_inner_truth(self) -> None:
        facts = facts_for((False, True))
        assert because(Not(Not(Or((leaf(0), leaf(1))))), facts) == [key(1)]

    def test_a_choice_inside_a_choice_reads_the_facts_again(self) -> None:
        # true or → its true item, a not → a false and → that and's first false item
        facts = facts_for((True, False, True, False))
        tree = Or((And((leaf(0), leaf(1))), Not(And((leaf(2), leaf(3))))))
        assert because(tree, facts) == [key(3)]

    def test_asking_for_a_value_the_condition_does_not_have_is_an_error(self) -> None:
        message = r"^because\(\) asked for a value the condition does not have$"
        with pytest.raises(ValueError, match=message):
            because(Or((leaf(0), leaf(1))), facts_for((False, None)))
        with pytest.raises(ValueError, match=message):
            because(Not(And((leaf(0),))), facts_for((True,)))

    def test_nested_connectives_explain_through_every_level(self) -> None:
        # true or: its first true item is a true and, explained by all of its items
        facts = facts_for((False, True, True, True))
        tree = Or((leaf(0), And((leaf(1), leaf(2))), leaf(3)))
        assert because(tree, facts) == [key(1), key(2)]
        # true and: each item explained in turn, the nested or by its first true item only
        facts = facts_for((True, False, True, True))
        tree = And((leaf(0), Or((leaf(1), leaf(2), leaf(3)))))
        assert because(tree, facts) == [key(0), key(2)]
        # false and (under not): its first false item is a false or, explained by all its items
        facts = facts_for((True, False, False, None))
        tree = Not(And((leaf(0), Or((leaf(1), leaf(2))), leaf(3))))
        assert because(tree, facts) == [key(1), key(2)]
        # false or (under not) of a false and: the and's first false item only
        facts = facts_for((True, False, False))
        tree = Not(Or((And((leaf(0), leaf(1))), leaf(2))))
        assert because(tree, facts) == [key(1), key(2)]


class TestDeciding:
    def test_a_decided_condition_needs_no_answer(self) -> None:
        assert deciding(Or((leaf(0), leaf(1))), facts_for((True, None))) == []
        assert deciding(And((leaf(0), leaf(1))), facts_for((None, False))) == []
        assert deciding(And((leaf(0), leaf(1))), facts_for((True, True))) == []
        assert deciding(Not(leaf(0)), facts_for((False,))) == []
        assert deciding(Present(key(0), True), {}) == []

    def test_an_undecided_and_names_every_unknown_item(self) -> None:
        facts = facts_for((True, None, True, None))
        tree = And((leaf(0), leaf(1), leaf(2), leaf(3)))
        assert deciding(tree, facts) == [key(1), key(3)]

    def test_an_undecided_or_names_its_unknown_items_not_the_false_ones(self) -> None:
        facts = facts_for((False, None, False, None))
        assert deciding(Or((leaf(0), leaf(1), leaf(2), leaf(3))), facts) == [key(1), key(3)]

    def test_negation_keeps_the_unknowns(self) -> None:
        assert deciding(Not(leaf(0)), {}) == [key(0)]
        assert deciding(Not(Or((leaf(0), leaf(1)))), facts_for((False, None))) == [key(1)]

    def test_nested_unknowns_are_collected_in_reading_order(self) -> None:
        tree: Cond = And((Or((leaf(0), leaf(1))), Not(leaf(2)), Present(key(3), False)))
        facts = {"t0": False}  # t1 and t2 unknown, t3 absent so the presence test is true
        assert deciding(tree, facts) == [key(1), key(2)]
        # the same undecided tree is undecided for kleene too
        assert kleene(tree, facts) is None

    def test_a_decided_nested_item_can_settle_the_whole(self) -> None:
        # a true and inside an or decides it, whatever the unknown beside it
        assert deciding(Or((And((leaf(0), leaf(1))), leaf(2))), facts_for((True, True, None))) == []
        # a false or inside an and decides it
        assert deciding(And((Or((leaf(0), leaf(1))), leaf(2))), facts_for((False, False, None))) == []
        # a false and inside an or does not: only the unknown is asked
        assert deciding(Or((And((leaf(0), leaf(1))), leaf(2))), facts_for((True, False, None))) == [key(2)]

    def test_a_decisive_item_after_unknowns_settles_the_whole(self) -> None:
        facts = facts_for((None, None, False))
        assert deciding(And((leaf(0), leaf(1), leaf(2))), facts) == []
        facts = facts_for((None, True))
        assert deciding(Or((leaf(0), leaf(1))), facts) == []

    @pytest.mark.parametrize("values", list(itertools.product(VALUES, repeat=3)))
    def test_deciding_is_empty_exactly_when_kleene_decides(self, values: tuple[bool | None, ...]) -> None:
        facts = facts_for(values)
        for tree in (And(tuple(leaf(i) for i in range(3))), Or(tuple(leaf(i) for i in range(3))),
                     And((leaf(0), Not(Or((leaf(1), leaf(2))))))):
            unknown = deciding(tree, facts)
            assert (kleene(tree, facts) is None) == bool(unknown)
            assert all(facts.get(k.name) is None for k in unknown)
