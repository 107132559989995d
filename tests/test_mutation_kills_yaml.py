"""The YAML reader's promises, one by one: positions, duplicate keys, plain keys, unreadable values."""

from __future__ import annotations

import pytest

from risk_advisor._yaml import YamlProblem, load_yaml


def problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text)
    return caught.value


def test_every_key_and_value_remembers_its_line_and_column() -> None:
    located = load_yaml("name: x\ngovernance:\n  technical_lookout: false\nkinds: [a, b]\n")
    assert located.data == {"name": "x", "governance": {"technical_lookout": False}, "kinds": ["a", "b"]}
    assert located.keys[("name",)] == (1, 1)
    assert located.values[("name",)] == (1, 7)
    assert located.keys[("governance", "technical_lookout")] == (3, 3)
    assert located.values[("governance", "technical_lookout")] == (3, 22)
    assert located.values[("kinds", 1)] == (4, 12)
    assert located.values[()] == (1, 1)


def test_a_repeated_key_is_refused_where_it_repeats() -> None:
    p = problem("name: x\nphase: idea\nname: y\n")
    assert (p.message, p.line, p.column, p.hint) == ("key 'name' appears twice", 3, 1, "keep only one of them")


def test_a_key_must_be_a_plain_word() -> None:
    p = problem("name: x\n? [a, b]\n: 1\n")
    assert (p.message, p.line, p.column) == ("a key must be a plain word", 2, 3)
    p = problem("name: x\n~: 1\n")
    assert (p.message, p.line, p.column) == ("a key must be a plain word", 2, 1)


def test_numbers_and_booleans_are_keys_too() -> None:
    assert load_yaml("7: a\ntrue: b\n1.5: c\n").data == {7: "a", True: "b", 1.5: "c"}


def test_a_date_that_does_not_exist_says_so_and_suggests_quotes() -> None:
    p = problem("name: x\nreview: 2024-02-30\n")
    assert (p.line, p.column, p.hint) == (2, 9, "put the value in quotes")
    assert p.message == "`2024-02-30` cannot be read: day is out of range for month"


def test_a_number_too_long_to_read_is_shown_cut_short() -> None:
    digits = "9" * 5000
    p = problem(f"name: x\nbudget: {digits}\n")
    assert p.message == f"`{'9' * 40}…` cannot be read: the number is far too long"
    assert (p.line, p.column, p.hint) == (2, 9, "put the value in quotes")


def test_merge_keys_are_resolved() -> None:
    assert load_yaml("base: &b {x: 1}\nderived: {<<: *b, y: 2}\n").data == {
        "base": {"x": 1},
        "derived": {"x": 1, "y": 2},
    }


def test_an_empty_document_is_nothing() -> None:
    located = load_yaml("")
    assert located.data is None and located.keys == {} and located.values == {}
    assert load_yaml("# only a comment\n").data is None


def test_a_syntax_error_names_its_line_and_column() -> None:
    p = problem("name: x\nphase: [idea\n")
    assert p.message.startswith("invalid YAML: ")
    assert p.line == 3 and p.column == 1


def test_a_second_document_is_refused() -> None:
    p = problem("name: x\n---\nname: y\n")
    assert "another document" in p.message
    assert (p.line, p.column) == (2, 1)


def test_a_value_of_41_characters_is_cut_at_40() -> None:
    stamp = "2024-02-30T10:00:00." + "1" * 21  # 41 characters, and 30 February
    assert len(stamp) == 41
    assert problem(f"v: {stamp}\n").message == f"`{stamp[:40]}…` cannot be read: day is out of range for month"


def test_too_deep_a_nesting_names_the_line_and_column_where_it_goes_too_deep() -> None:
    p = problem("[" * 66 + "]" * 66)
    assert (p.message, p.line, p.column) == ("nesting deeper than 64 levels", 1, 66)


def test_keys_count_one_level_below_their_mapping() -> None:
    # mappings nested 63 deep: the innermost key and value sit at the limit, 64, and are read
    assert load_yaml("{a: " * 64 + "1" + "}" * 64).data is not None
    p = problem("{a: " * 65 + "1" + "}" * 65)
    assert p.message == "nesting deeper than 64 levels"
