"""Whatever it is given, loading ends in a Project or a ProjectError — never a crash or a hang."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from risk_advisor.errors import ProjectError
from risk_advisor.loading import load_project, load_project_text
from risk_advisor.model import project as model_module
from risk_advisor.model.project import Project

FIELD_NAMES = sorted({field for block in model_module.__all__ for field in getattr(model_module, block).model_fields})

fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(load: Any, *args: Any, **kwargs: Any) -> None:
    try:
        result = load(*args, **kwargs)
    except ProjectError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        assert "Traceback" not in str(exc)
    else:
        assert isinstance(result, Project)


YAML_PIECES = st.sampled_from(
    [*FIELD_NAMES, ":", ": ", "- ", "\n", "\n  ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!python/name:x ",
     "<<: ", "'", '"', "#", "|", ">", "---", "...", "yes", "~", "2024-02-30", "1e999", "0x1F", "\t", "%YAML 1.1", "é",
     "9" * 4400]
)
yamlish = st.lists(st.one_of(YAML_PIECES, st.text(max_size=5)), max_size=40).map("".join)


@fuzz
@given(yamlish)
@pytest.mark.timeout(300)  # known long: hypothesis fuzzing
def test_yamlish_text(text: str) -> None:
    outcome(load_project_text, text, fmt="yaml")


@fuzz
@given(st.text(max_size=200), st.sampled_from(["yaml", "json", "toml"]))
def test_any_text_in_any_format(text: str, fmt: str) -> None:
    outcome(load_project_text, text, fmt=fmt)  # type: ignore[arg-type]


JSON_PIECES = st.sampled_from(['{', '}', '[', ']', ',', ':', '"name"', '"x"', '"phase"', "1", "-0.5e3", "true",
                               "null", "NaN", " ", "\n", '"\\u00e9"', '"governance"', "9" * 4400])
jsonish = st.lists(JSON_PIECES, max_size=40).map("".join)


@fuzz
@given(jsonish)
def test_jsonish_text(text: str) -> None:
    outcome(load_project_text, text, fmt="json")


tomlish = st.lists(
    st.sampled_from(['name', ' = ', '"x"', '\n', '[', ']', '[[', ']]', 'stakeholders', 'role', '"users"', '{', '}', ',',
                     '.', '1979-05-27', 'T07:32:00', 'true', "'''", '"""', '#', '9' * 4400]),
    max_size=40,
).map("".join)


@fuzz
@given(tomlish)
def test_tomlish_text(text: str) -> None:
    outcome(load_project_text, text, fmt="toml")


scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10) | st.dates()
keys = st.sampled_from(FIELD_NAMES) | st.text(max_size=8)
nested = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)


@fuzz
@given(st.dictionaries(keys, nested, max_size=6))
@pytest.mark.timeout(300)  # known long: hypothesis fuzzing
def test_arbitrary_nested_dicts(data: dict[str, Any]) -> None:
    outcome(load_project, data)


@fuzz
@given(st.binary(max_size=200), st.sampled_from([".yaml", ".json", ".toml"]))
def test_arbitrary_bytes_in_a_file(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"project{suffix}"
        path.write_bytes(content)
        outcome(load_project, path)
