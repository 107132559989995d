"""Fact keys (their flat names, labels and questions) and the Python engine's closures against Kleene."""

from __future__ import annotations

import itertools

import pytest

from risk_advisor.catalogue.tree import And, Cmp, Cond, Key, Not, Or, Present
from risk_advisor.engines.python import compile_tree
from risk_advisor.logic import kleene


@pytest.mark.parametrize(
    ("key", "name", "label", "asks"),
    [
        (Key("trait", "governance.technical_lookout"), "governance__technical_lookout",
         "governance.technical_lookout", "governance.technical_lookout"),
        (Key("rank", "phase"), "phase__rank", "phase", "phase"),
        (Key("contains", "kinds", "family_portal"), "kinds__has__family_portal", "kinds", "kinds"),
        (Key("count", "stakeholders"), "stakeholders__count", "stakeholders", "stakeholders"),
        (Key("involves", "users"), "involves__users", "involves(users)", "stakeholders"),
        (Key("involves", "users", "design"), "involves__users__design", "involves(users, design)", "stakeholders"),
        (Key("risk", "needs-not-shared"), "risk__needs_not_shared", "risk(needs-not-shared)", "needs-not-shared"),
    ],
)
def test_a_key_has_a_flat_name_a_label_and_a_trait_that_settles_it(key: Key, name: str, label: str, asks: str) -> None:
    assert key.name == name
    assert "." not in key.name  # durable_rules would read a dot as nesting
    assert key.label == label
    assert key.question_trait == asks


def test_keys_are_equal_and_ordered_by_kind_path_and_argument_only() -> None:
    assert Key("trait", "a") == Key("trait", "a")
    assert Key("contains", "kinds", "x") != Key("contains", "kinds", "y")
    assert sorted([Key("trait", "b"), Key("contains", "a", "z"), Key("contains", "a", "y")]) == [
        Key("contains", "a", "y"), Key("contains", "a", "z"), Key("trait", "b"),
    ]
    assert len({Key("trait", "a"), Key("trait", "a")}) == 1


def _leaf(i: int, op: str = "==", value: object = True) -> Cmp:
    return Cmp(Key("trait", f"t{i}"), op, value)  # type: ignore[arg-type]


TREES: list[Cond] = [
    _leaf(0),
    _leaf(0, "!=", True),
    Present(Key("trait", "t0"), True),
    Present(Key("trait", "t1"), False),
    Not(_leaf(0)),
    And((_leaf(0), _leaf(1), _leaf(2))),
    Or((_leaf(0), _leaf(1), _leaf(2))),
    Not(And((_leaf(0), Or((_leaf(1), Not(_leaf(2))))))),
    Or((And((_leaf(0), _leaf(1))), Present(Key("trait", "t2"), False))),
    And(()),
    Or(()),
]


@pytest.mark.parametrize("tree", TREES, ids=repr)
def test_the_python_engine_closure_means_what_the_tree_means(tree: Cond) -> None:
    evaluate = compile_tree(tree)
    for values in itertools.product((True, False, None), repeat=3):
        facts = {f"t{i}": v for i, v in enumerate(values) if v is not None}
        assert evaluate(facts) is kleene(tree, facts), facts


@pytest.mark.parametrize("op", ["==", "!=", "<", "<=", ">", ">="])
def test_the_python_engine_compares_numbers_like_kleene(op: str) -> None:
    tree = Cmp(Key("trait", "budget"), op, 5)  # type: ignore[arg-type]
    evaluate = compile_tree(tree)
    for facts in ({"budget": 4}, {"budget": 5}, {"budget": 6}, {}, {"other": 5}):
        assert evaluate(facts) is kleene(tree, facts), facts
