"""A project file's problems, message and hint both: what is wrong, and how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from risk_advisor.errors import Problem, ProjectError
from risk_advisor.loading import MAX_PROJECT_FILE_BYTES, load_project, load_project_text


def only(source: object, text: bool = False) -> Problem:
    with pytest.raises(ProjectError) as caught:
        load_project_text(source) if text else load_project(source)  # type: ignore[arg-type]
    (problem,) = caught.value.problems
    return problem


def test_a_folder(tmp_path: Path) -> None:
    p = only(tmp_path)
    assert (p.message, p.hint, p.file) == (
        "this is a folder, not a file", "give the path of a .yaml, .json or .toml file", str(tmp_path)
    )


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    p = only(path)
    assert (p.message, p.hint, p.file) == ("file not found", "check the spelling of the path", str(path))


def test_a_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"name: x\n\0")
    p = only(path)
    assert (p.message, p.hint) == (
        "this is a binary file, not a text project description", "give the .yaml, .json or .toml file"
    )


def test_a_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"name: x\n" + b"#" * MAX_PROJECT_FILE_BYTES)
    assert only(path).hint == "is this the right file? real descriptions are a few kilobytes"


@pytest.mark.parametrize(
    ("text", "message", "hint", "path"),
    [
        ('name: ""', "must not be empty", None, "name"),
        ("name: x\nphase: desgin", "`desgin` is not an allowed value",
         "did you mean `design`? allowed values: idea (idea), feasibility (feasibility), design (programming and "
         "design), procurement (procurement), works (works), delivery (acceptance and delivery), operation "
         "(operation), evaluation (evaluation)", "phase"),
        ("name: x\nbudget: {investment: -5}", "must be at least 0, got `-5`", None, "budget.investment"),
        ("name: x\ngovernance: 3", "expected a section of keys and values, got `3`", None, "governance"),
    ],
)
def test_invalid_values(text: str, message: str, hint: str | None, path: str) -> None:
    p = only(text, text=True)
    assert (p.message, p.hint, p.path) == (message, hint, path)
