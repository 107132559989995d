"""A project file's problems, message and hint both: what is wrong, and how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from risk_advisor.errors import Problem, ProjectError
from risk_advisor.loading import (
    _FIELD_HOMES,
    MAX_PROJECT_FILE_BYTES,
    Format,
    _field_homes,
    _suggest_value,
    load_project,
    load_project_located,
    load_project_text,
)
from risk_advisor.model.project import Budget, Site


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
    p = only(path)
    assert (p.hint, p.file) == ("is this the right file? real descriptions are a few kilobytes", str(path))


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
        ("name: x\nschedule: {as_of: soon}", "expected a date such as 2025-06-30, got `soon`", None, "schedule.as_of"),
    ],
)
def test_invalid_values(text: str, message: str, hint: str | None, path: str) -> None:
    p = only(text, text=True)
    assert (p.message, p.hint, p.path) == (message, hint, path)


# ---- a file that cannot be read: which file, what went wrong, how to fix it -----------------


def failing(monkeypatch: pytest.MonkeyPatch, method: str, path: Path, error: Exception) -> None:
    """Make ``Path.<method>`` raise ``error`` for ``path`` alone: root reads any file, and a file
    cannot be made to vanish between the check and the read on cue."""
    original = getattr(Path, method)

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise error
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, method, refuse)


def refused(path: Path) -> tuple[str, Problem]:
    """The summary and the one problem of reading ``path``."""
    with pytest.raises(ProjectError) as caught:
        load_project(path)
    (problem,) = caught.value.problems
    return caught.value.summary, problem


PERMISSION = ("permission denied: this file cannot be read", "check the file's permissions")
NOT_FOUND = ("file not found", "check the spelling of the path")
FOLDER = ("this is a folder, not a file", "give the path of a .yaml, .json or .toml file")


@pytest.mark.parametrize(
    ("method", "error", "message", "hint"),
    [
        # looking at the file (a folder on its path that cannot be searched)
        ("stat", PermissionError(13, "Permission denied"), *PERMISSION),
        ("stat", OSError(5, "Input/output error"), "cannot read the file: Input/output error", None),
        # opening it: it went away, became a folder, or is locked after it was looked at
        ("open", FileNotFoundError(2, "No such file or directory"), *NOT_FOUND),
        ("open", IsADirectoryError(21, "Is a directory"), *FOLDER),
        ("open", PermissionError(13, "Permission denied"), *PERMISSION),
        ("open", OSError(5, "Input/output error"), "cannot read the file: Input/output error", None),
        ("open", OSError("the disk went away"), "cannot read the file: the disk went away", None),
    ],
)
def test_a_file_that_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str, error: Exception, message: str, hint: str | None
) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: x\n", encoding="utf-8")
    failing(monkeypatch, method, path, error)
    summary, p = refused(path)
    assert (p.file, p.message, p.hint, p.line) == (str(path), message, hint, None)
    assert summary == f"{path}: cannot read the project description"


def test_a_file_under_a_file_is_not_found(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("name: x\n", encoding="utf-8")
    path = tmp_path / "p.yaml" / "q.yaml"
    assert refused(path)[1] == Problem(NOT_FOUND[0], file=str(path), hint=NOT_FOUND[1])


def test_a_symbolic_link_loop(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.symlink_to(path)
    p = refused(path)[1]
    assert (p.file, p.message) == (str(path), "cannot read the file: Too many levels of symbolic links")


def test_a_path_with_a_null_character(tmp_path: Path) -> None:
    p = refused(tmp_path / "p\0.yaml")[1]
    assert p.message == "cannot read the file: embedded null byte"


@pytest.mark.parametrize(("name", "message"), [("p.txt", "unknown file type `.txt`"),
                                               ("p", "the file name has no extension")])
def test_a_file_of_unknown_type_is_named(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    path.write_text("name: x\n", encoding="utf-8")
    summary, p = refused(path)
    assert (p.file, p.message, p.hint) == (str(path), message, "name the file .yaml, .yml, .json or .toml")
    assert summary == f"{path}: cannot read the project description"


def test_the_file_name_is_returned_with_the_project(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: x\n", encoding="utf-8")
    project, located, name = load_project_located(path)
    assert (project.name, name) == ("x", str(path))
    assert located is not None and located.where(("name",)) == (1, 1)
    assert load_project_located({"name": "x"})[2] is None


def test_text_without_a_file_name_is_called_input() -> None:
    with pytest.raises(ProjectError) as caught:
        load_project_text("name: x\nphase: desgin\n")
    assert caught.value.summary == "<input>: not a valid project description (1 problem)"
    assert caught.value.problems[0].file == "<input>"


# ---- what a wrong value is shown as -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ("name: {first: x}", "expected text, got a section of keys", None),
        ("name: [x]", "expected text, got a list", None),
        ("name: ~", "expected text, got nothing", None),
        ("name: yes", "expected text, got `true`", "put it in quotes"),
        # at most 40 characters of a value are shown, then an ellipsis
        ("name: " + "1" * 40, "expected text, got `" + "1" * 40 + "`", "put it in quotes"),
        ("name: " + "1" * 41, "expected text, got `" + "1" * 40 + "…`", "put it in quotes"),
        ("name: x\nbudget: {investment: " + "a" * 40 + "}", "expected a whole number, got `" + "a" * 40 + "`", None),
        ("name: x\nbudget: {investment: " + "a" * 41 + "}", "expected a whole number, got `" + "a" * 40 + "…`", None),
        ("name: x\nbudget: {investment: ' '}", "expected a whole number, got text", None),
    ],
)
def test_a_wrong_value_is_shown_briefly(text: str, message: str, hint: str | None) -> None:
    p = only(text, text=True)
    assert (p.message, p.hint) == (message, hint)


# ---- an unknown key: where it belongs, or where to look -------------------------------------


@pytest.mark.parametrize(
    ("text", "path", "hint"),
    [
        ("name: x\nzzzz: 1", "zzzz", "run `risk-advisor schema` to see every allowed key"),
        ("name: x\ngovernance: {phase: design}", "governance.phase", "`phase` belongs at the top level"),
        ("name: x\nbudget: {Investment: 3}", "budget.Investment", "did you mean `investment`?"),
        ("name: x\ngovernance: {lookout: true}", "governance.lookout", "did you mean `technical_lookout`?"),
        # a key of one section only is sent there, whatever its case, from a list item too
        ("name: x\nTechnical_Lookout: true", "Technical_Lookout",
         "`Technical_Lookout` belongs in the `governance` section"),
        ("name: x\nstakeholders: [{role: users, technical_lookout: true}]", "stakeholders[0].technical_lookout",
         "`technical_lookout` belongs in the `governance` section"),
        # `name` is a key of several sections: none is named, the keys allowed here are
        ("name: x\nsite: {name: x}", "site.name", "allowed keys here: " + ", ".join(Site.model_fields)),
        ("name: x\nbudget: {name: x}", "budget.name", "allowed keys here: " + ", ".join(Budget.model_fields)),
        ("name: x\ngovernance: {name: x}", "governance.name", "run `risk-advisor schema` to see every allowed key"),
    ],
)
def test_an_unknown_key(text: str, path: str, hint: str) -> None:
    p = only(text, text=True)
    assert (p.path, p.hint) == (path, hint)


# ---- a character YAML refuses is located by line and column, accents or not -----------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('name: x\ndescription: "ab\x07"\n', 2, 17),
        ('name: Fête des écoles\ndescription: "été\x07"\n', 2, 18),
        ("name: " + "é" * 30 + "\nd: a\x07\n", 2, 5),
        ("\x07", 1, 1),
        ("name: x\n\x1b[0m\n", 2, 1),
    ],
)
def test_a_control_character(text: str, line: int, column: int) -> None:
    p = only(text, text=True)
    assert p.message.startswith("invalid YAML: unacceptable character #x00")
    assert p.message.endswith(": control characters are not allowed")  # not libyaml's "position N"
    assert (p.line, p.column) == (line, column)


# ---- a value not allowed: the closest one, and every one with its label ---------------------


@pytest.mark.parametrize("written", ["Technical Services", "technical-services", " Technical_services "])
def test_a_value_written_loosely_finds_the_allowed_one(written: str) -> None:
    p = only(f"name: x\nstakeholders: [{{role: '{written}'}}]", text=True)
    assert p.message == f"`{written}` is not an allowed value"
    assert p.hint is not None and p.hint.startswith("did you mean `technical_services`? allowed values: ")


def test_spaces_around_a_value_do_not_hide_it() -> None:
    with pytest.raises(ProjectError) as caught:
        load_project_text('{"name": "x", "phase": "  idea  "}', fmt="json")  # as pasted from a spreadsheet
    (p,) = caught.value.problems
    assert p.hint is not None and p.hint.startswith("did you mean `idea`? allowed values: ")


def test_the_allowed_values_are_labelled_in_the_reader_s_language() -> None:
    with pytest.raises(ProjectError) as caught:
        load_project_text("name: x\nphase: desgin\n", lang="fr")
    (p,) = caught.value.problems
    assert p.hint is not None and p.hint.startswith(
        "vouliez-vous dire `design`\u00a0? valeurs possibles\u00a0: idea (idée), feasibility (faisabilité), "
        "design (programmation et conception), "
    )


def test_where_the_model_cannot_say_the_values_pydantic_lists_are_offered() -> None:
    # Every enum of today's model is found by its path; this is the fallback for a path the
    # loader cannot follow (a model changed without it): pydantic's own list of the values.
    expected = {"expected": "'idea', 'design' or 'works'"}
    assert _suggest_value("Desgin", ("elsewhere",), expected) == (
        "did you mean `design`? allowed values: idea, design, works"
    )
    assert _suggest_value("zzz", ("elsewhere",), expected) == "allowed values: idea, design, works"
    assert _suggest_value("zzz", ("elsewhere",), {}) == "run `risk-advisor schema` to see the allowed values"


# ---- text that no file can hold -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
def test_a_lone_surrogate_in_text_is_a_located_problem_not_a_crash(fmt: Format) -> None:
    # a str cut in the middle of a UTF-16 pair (an emoji, say) by the program calling the library
    text = {"yaml": "name: x\ndescription: ab\ud83d\n", "json": '{"name": "x",\n "description": "ab\ud83d"}',
            "toml": 'name = "x"\ndescription = "ab\ud83d"\n'}[fmt]
    with pytest.raises(ProjectError) as caught:
        load_project_text(text, fmt=fmt)
    (p,) = caught.value.problems
    assert (p.message, p.line, p.hint) == ("not UTF-8 text: character U+D83D cannot be read", 2,
                                           "save the file as UTF-8")
    assert p.column == len(text.split("\n")[1].split("\ud83d")[0]) + 1


def test_the_lone_surrogate_problem_in_french() -> None:
    with pytest.raises(ProjectError) as caught:
        load_project_text("name: \udc80", lang="fr")
    assert str(caught.value.problems[0]) == (
        "<input>:1:7: texte non UTF-8\u00a0: le caractère U+DC80 est illisible\n"
        "    conseil\u00a0: enregistrez le fichier en UTF-8"
    )


@pytest.mark.parametrize(("lang", "message", "hint"), [
    ("en", "text holding half of an escaped character (a lone \\uD800–\\uDFFF escape)",
     "write the character itself, or both halves of its escape"),
    ("fr", "texte contenant la moitié d'un caractère échappé (un échappement \\uD800–\\uDFFF isolé)",
     "écrivez le caractère lui-même, ou les deux moitiés de son échappement"),
])
def test_a_json_escape_of_half_a_surrogate_pair_is_explained_where_it_is(lang: str, message: str, hint: str) -> None:
    # valid JSON (a web form or a platform export may send it), but no character: pydantic
    # refuses it with a raw English message of its own
    text = '{"name": "x",\n "description": "ab\\ud83d"}'
    with pytest.raises(ProjectError) as caught:
        load_project_text(text, fmt="json", lang=lang)
    (p,) = caught.value.problems
    assert (p.message, p.hint, p.line, p.path) == (message, hint, 2, "description")


# ---- the syntax hint is for syntax errors only ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ('name: x\nd: "ab', "invalid YAML: found unexpected end of stream",
         "check the indentation, the colons and the quotes here"),
        ("name: x\nd: " + "[" * 100 + "]" * 100, "nesting deeper than 64 levels", None),
        ("name: x\n? [a, b]\n: 1", "a key must be a plain word", None),
        ("name: x\nd: !!binary aGVsbG8=", "YAML tags such as `!!binary` are not allowed",
         "remove the tag and write the plain value (quote it to make it text)"),
    ],
)
def test_a_yaml_problem_keeps_its_own_hint(text: str, message: str, hint: str | None) -> None:
    p = only(text, text=True)
    assert (p.message, p.line, p.hint) == (message, 2, hint)


# ---- more values and their messages -----------------------------------------------------------


ACKNOWLEDGED = "name: x\nacknowledged_risks: [{risk: %s, owner: Anne, justification: ok, review_date: 2026-01-01}]"


@pytest.mark.parametrize(
    ("text", "message", "hint", "path"),
    [
        ("name: " + "x" * 501, "too long: at most 500 characters", None, "name"),
        ("name: no", "expected text, got `false`", "put it in quotes", "name"),
        (ACKNOWLEDGED % "late delivery", "`late delivery` is not written as expected",
         "a risk ID or a rule ID, e.g. `long-delivery-delay` or `GOV-CITIZEN-NO-LOOKOUT`",
         "acknowledged_risks[0].risk"),
    ],
)
def test_more_values(text: str, message: str, hint: str | None, path: str) -> None:
    p = only(text, text=True)
    assert (p.message, p.hint, p.path) == (message, hint, path)


def test_an_abbreviation_written_with_dashes_is_recognised() -> None:
    p = only("name: x\nauthority: {territory: St-Pierre-et-Miquelon}", text=True)
    assert (p.message, p.path) == ("`St-Pierre-et-Miquelon` is not an allowed value", "authority.territory")
    assert p.hint is not None and p.hint.startswith("did you mean `saint_pierre_et_miquelon`? allowed values: ")


def test_no_far_fetched_guess_parents_are_not_partners() -> None:
    p = only("name: x\nstakeholders: [{role: parents}]", text=True)
    assert p.message == "`parents` is not an allowed value"
    assert p.hint is not None and p.hint.startswith("allowed values: ") and "did you mean" not in p.hint


def test_the_pattern_hint_in_french() -> None:
    with pytest.raises(ProjectError) as caught:
        load_project_text(ACKNOWLEDGED % "late delivery", lang="fr")
    (p,) = caught.value.problems
    assert (p.message, p.hint) == (
        "`late delivery` n'est pas écrit comme attendu",
        "un identifiant de risque ou de règle, par exemple `long-delivery-delay` ou `GOV-CITIZEN-NO-LOOKOUT`",
    )


def test_a_file_s_problems_in_french(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text('name: ""\n', encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        load_project(path, lang="fr")
    assert caught.value.summary == f"{path}\u00a0: description de projet invalide (1 problème)"
    assert caught.value.problems[0].message == "ne doit pas être vide"


def test_a_bad_byte_after_blank_lines_is_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\n\nname: F\xeate\n")
    p = refused(path)[1]
    assert (p.message, p.line, p.column) == ("not UTF-8 text: byte 0xea cannot be read", 3, 8)


def test_the_home_of_each_key_of_one_section() -> None:
    # Computed once at import (so mutmut maps it to no test that reads hints): checked here directly.
    homes = _field_homes()
    assert (homes["technical_lookout"], homes["investment"], homes["phase"]) == (("governance",), ("budget",), ())
    assert "name" not in homes  # the project's, the authority's and a stakeholder's
    assert homes == _FIELD_HOMES
