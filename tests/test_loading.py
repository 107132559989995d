"""How project descriptions are read, and what a project lead is told when one is wrong."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from risk_advisor.errors import Problem, ProjectError
from risk_advisor.loading import MAX_PROJECT_FILE_BYTES, load_project, load_project_text
from risk_advisor.model.project import Project

PROJECTS = Path(__file__).parent / "data" / "projects"
NEEDS_A_NAME = "a project needs at least a name, e.g. `name: Jardin partagé`"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def error_of(source: object) -> ProjectError:
    """The ProjectError loading ``source`` raises; its text must read as a message, not a trace."""
    with pytest.raises(ProjectError) as info:
        load_project(source)  # type: ignore[arg-type]
    text = str(info.value)
    assert "Traceback" not in text and 'File "' not in text
    assert info.value.problems, "an error always says what is wrong"
    return info.value


def only_problem(source: object) -> Problem:
    (problem,) = error_of(source).problems
    return problem


# ---- the same project, whatever its form --------------------------------------------------


class TestEveryFormatGivesTheSameProject:
    def test_yaml_json_and_toml_fixtures_are_equal(self) -> None:
        from_yaml = load_project(PROJECTS / "jardin.yaml")
        assert load_project(PROJECTS / "jardin.json") == from_yaml
        assert load_project(str(PROJECTS / "jardin.toml")) == from_yaml
        assert from_yaml.governance is not None and from_yaml.governance.technical_lookout is False

    def test_a_dict_and_a_dumped_model_round_trip(self) -> None:
        project = load_project(PROJECTS / "jardin.yaml")
        assert load_project(project.model_dump(mode="json")) == project
        assert load_project(project.model_dump()) == project

    def test_a_project_is_returned_as_is(self) -> None:
        project = Project(name="Médiathèque")
        assert load_project(project) is project

    @pytest.mark.parametrize("name", ["p.yml", "p.YAML", "p.Yaml"])
    def test_yaml_extensions_are_case_insensitive(self, tmp_path: Path, name: str) -> None:
        assert load_project(write(tmp_path, name, "name: Médiathèque\n")).name == "Médiathèque"

    def test_a_byte_order_mark_is_tolerated(self, tmp_path: Path) -> None:
        path = write(tmp_path, "p.json", b'\xef\xbb\xbf{"name": "Portail famille"}')
        assert load_project(path).name == "Portail famille"

    def test_text_can_be_loaded_without_a_file(self) -> None:
        assert load_project_text('name = "x"', fmt="toml") == Project(name="x")
        assert load_project_text('{"name": "x"}', fmt="json") == Project(name="x")

    def test_files_are_never_modified(self, tmp_path: Path) -> None:
        good = write(tmp_path, "good.yaml", "name: x   # a comment\nphase: design\n")
        bad = write(tmp_path, "bad.yaml", "name: x\nphase: Desing\n")
        before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (good, bad)}
        load_project(good)
        error_of(bad)
        assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (good, bad)} == before


# ---- files that cannot be read --------------------------------------------------------------


class TestUnreadableFiles:
    def test_missing_file(self, tmp_path: Path) -> None:
        path = tmp_path / "nope.yaml"
        assert only_problem(path) == Problem("file not found", file=str(path), hint="check the spelling of the path")

    def test_directory(self, tmp_path: Path) -> None:
        folder = tmp_path / "projects.yaml"
        folder.mkdir()
        problem = only_problem(folder)
        assert problem.message == "this is a folder, not a file" and problem.file == str(folder)

    def test_permission_denied(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = write(tmp_path, "secret.yaml", "name: x\n")

        def refuse(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(Path, "open", refuse)  # chmod does not stop root, who runs CI
        problem = only_problem(path)
        assert problem.message == "permission denied: this file cannot be read"
        assert problem.file == str(path)

    @pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
    def test_permission_denied_for_real(self, tmp_path: Path) -> None:
        path = write(tmp_path, "secret.yaml", "name: x\n")
        path.chmod(0)
        assert only_problem(path).message == "permission denied: this file cannot be read"

    @pytest.mark.parametrize(("name", "message"), [
        ("project.txt", "unknown file type `.txt`"),
        ("project", "the file name has no extension"),
    ])
    def test_unknown_extension(self, tmp_path: Path, name: str, message: str) -> None:
        problem = only_problem(write(tmp_path, name, "name: x\n"))
        assert problem.message == message
        assert problem.hint == "name the file .yaml, .yml, .json or .toml"

    def test_file_over_the_size_limit_is_refused(self, tmp_path: Path) -> None:
        path = write(tmp_path, "big.yaml", "name: x\n" + "# padding\n" * (MAX_PROJECT_FILE_BYTES // 10))
        problem = only_problem(path)
        assert problem.message == "file too large: a project description is limited to 2 MiB"
        assert MAX_PROJECT_FILE_BYTES == 2 * 1024 * 1024

    def test_binary_file(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "photo.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
        assert problem.message == "this is a binary file, not a text project description"

    def test_utf16_file(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: x\n".encode("utf-16")))
        assert (problem.message, problem.hint) == ("the file is saved as UTF-16", "save it as UTF-8")

    def test_non_utf8_bytes_are_located(self, tmp_path: Path) -> None:
        path = write(tmp_path, "p.yaml", "name: x\ndescription: Fête\n".encode("latin-1"))
        problem = only_problem(path)
        assert problem == Problem(
            "not UTF-8 text: byte 0xea cannot be read", file=str(path), line=2, column=15, hint="save the file as UTF-8"
        )


class TestEmptyDocuments:
    @pytest.mark.parametrize("name", ["p.yaml", "p.json", "p.toml"])
    @pytest.mark.parametrize("content", ["", "  \n\t\n"])
    def test_empty_or_blank_file(self, tmp_path: Path, name: str, content: str) -> None:
        path = write(tmp_path, name, content)
        assert only_problem(path) == Problem("the file is empty", file=str(path), hint=NEEDS_A_NAME)

    def test_comments_only(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "# to do\n# later\n"))
        assert problem.message == "the file contains only comments or blank lines"
        assert problem.hint == NEEDS_A_NAME

    @pytest.mark.parametrize(("content", "shown"), [("- a\n- b\n", "a list"), ("just words\n", "`just words`")])
    def test_top_level_must_be_a_mapping(self, tmp_path: Path, content: str, shown: str) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", content))
        expected = f"the file must describe one project as keys and values (`name: …`), not {shown}"
        assert (problem.message, problem.line, problem.column) == (expected, 1, 1)

    def test_json_top_level_list(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.json", '\n  [{"name": "x"}]'))
        assert problem.message.endswith("not a list") and (problem.line, problem.column) == (2, 3)


# ---- syntax errors, located -------------------------------------------------------------------


class TestSyntaxErrors:
    def test_truncated_yaml(self, tmp_path: Path) -> None:
        path = write(tmp_path, "p.yaml", 'name: x\ndescription: "an unfinished')
        problem = only_problem(path)
        assert problem.message.startswith("invalid YAML: ")
        assert (problem.file, problem.line) == (str(path), 2)
        assert problem.hint == "check the indentation, the colons and the quotes here"

    def test_yaml_bad_indentation(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: x\ngovernance:\n  project_lead: true\n wrong: 1\n"))
        assert problem.message.startswith("invalid YAML: ") and problem.line == 4

    def test_yaml_duplicate_key(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: x\nphase: idea\nphase: design\n"))
        assert (problem.message, problem.line, problem.column) == ("key 'phase' appears twice", 3, 1)

    def test_yaml_invalid_date_is_located(self, tmp_path: Path) -> None:
        content = "name: x\nacknowledged_risks:\n  - risk: late\n    review_date: 2025-02-30\n"
        problem = only_problem(write(tmp_path, "p.yaml", content))
        assert problem.message == "`2025-02-30` cannot be read: day is out of range for month"
        assert (problem.line, problem.column) == (4, 18)

    def test_yaml_several_documents(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: a\n---\nname: b\n"))
        assert problem.message == "the file holds several YAML documents; a project file holds one"
        assert (problem.line, problem.hint) == (2, "remove the `---` line")

    def test_yaml_python_tags_are_refused_not_run(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: x\nphase: !!python/name:os.system\n"))
        assert problem.message == "YAML tags such as `!!python/name:os.system` are not allowed"
        assert (problem.line, problem.column) == (2, 8)

    def test_json_syntax_error(self, tmp_path: Path) -> None:
        path = write(tmp_path, "p.json", '{\n  "name": "x",\n  "phase": "idea",\n}\n')
        assert only_problem(path) == Problem(
            "invalid JSON: Expecting property name enclosed in double quotes",
            file=str(path),
            line=4,
            column=1,
            hint="keys and texts need double quotes; no comma after the last item",
        )

    def test_json_duplicate_key(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.json", '{"name": "x",\n "name": "y"}'))
        assert (problem.message, problem.line, problem.column) == ("key `name` appears twice", 2, 2)

    def test_json_nan_is_refused(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.json", '{"name": "x", "canteen": {"organic_share": NaN}}'))
        assert problem.message == "invalid JSON: `NaN` is not a number JSON allows"

    @pytest.mark.parametrize(("name", "content", "message"), [
        (
            "p.yaml",
            "name: x\nbudget:\n  investment: " + "9" * 5000,
            "`" + "9" * 40 + "…` cannot be read: the number is far too long",
        ),
        (
            "p.json",
            '{"name": "x", "budget": {"investment": ' + "9" * 5000 + "}}",
            "invalid JSON: the number is far too long",
        ),
        ("p.toml", 'name = "x"\n[budget]\ninvestment = ' + "9" * 5000, "invalid TOML: the number is far too long"),
    ])
    def test_a_number_with_thousands_of_digits(self, tmp_path: Path, name: str, content: str, message: str) -> None:
        assert only_problem(write(tmp_path, name, content)).message == message

    def test_yaml_control_character_is_located(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", 'name: x\ndescription: "ab\x07"\n'))
        assert problem.message == "invalid YAML: unacceptable character #x0007: control characters are not allowed"
        assert (problem.line, problem.column) == (2, 17)

    def test_toml_syntax_error(self, tmp_path: Path) -> None:
        path = write(tmp_path, "p.toml", 'name = "x"\nphase = design\n')
        problem = only_problem(path)
        assert (problem.message, problem.line, problem.column) == ("invalid TOML: Invalid value", 2, 9)


# ---- limits: no input may hang or exhaust the machine -------------------------------------


class TestLimits:
    # The alias bomb: tests/test_loading_limits.py, in a child process capped in memory and time.

    def test_yaml_absurd_nesting(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "deep.yaml", "name: x\ndescription: " + "[" * 5000 + "]" * 5000))
        assert problem.message == "nesting deeper than 64 levels"

    @pytest.mark.parametrize("depth", [100, 100_000])
    def test_json_absurd_nesting(self, tmp_path: Path, depth: int) -> None:
        problem = only_problem(write(tmp_path, "deep.json", '{"name": "x", "d": ' + "[" * depth + "]" * depth + "}"))
        assert problem.message == "nesting deeper than 64 levels"

    def test_toml_absurd_nesting(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "deep.toml", 'name = "x"\nd = ' + "[" * 100 + "]" * 100 + "\n"))
        assert problem.message == "nesting deeper than 64 levels"


# ---- valid syntax, invalid project: every problem, located, with a suggestion ---------------


class TestModelErrors:
    def test_typo_in_a_key_suggests_the_closest_one(self, tmp_path: Path) -> None:
        path = write(tmp_path, "p.yaml", "name: x\ngovernance:\n  project_lead: true\n  technical_lookot: true\n")
        assert only_problem(path) == Problem(
            "unknown key `technical_lookot`",
            file=str(path),
            line=4,
            column=3,
            path="governance.technical_lookot",
            hint="did you mean `technical_lookout`?",
        )

    def test_key_in_the_wrong_section_names_its_section(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: x\ntechnical_lookout: true\n"))
        assert problem.hint == "`technical_lookout` belongs in the `governance` section"

    def test_unknown_key_without_close_match_lists_the_allowed_keys(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: x\nstakeholders:\n  - role: users\n    colour: red\n"))
        assert (problem.path, problem.line, problem.column) == ("stakeholders[0].colour", 4, 5)
        assert problem.hint == "allowed keys here: role, name, phases"

    def test_unknown_enum_value_suggests_and_lists_the_allowed_values(self, tmp_path: Path) -> None:
        path = write(tmp_path, "p.yaml", "name: x\nphase: Desing\n")
        assert only_problem(path) == Problem(
            "`Desing` is not an allowed value",
            file=str(path),
            line=2,
            column=8,
            path="phase",
            hint="did you mean `design`? allowed values: idea (idea), feasibility (feasibility), "
            "design (programming and design), procurement (procurement), works (works), "
            "delivery (acceptance and delivery), operation (operation), evaluation (evaluation)",
        )

    def test_an_unknown_role_lists_every_role_with_its_label_and_no_far_fetched_guess(
        self, tmp_path: Path
    ) -> None:
        from risk_advisor.model.vocabulary import Role, label

        path = write(tmp_path, "p.yaml", "name: x\nstakeholders:\n  - role: youth_associations\n")
        problem = only_problem(path)
        assert problem.hint == "allowed values: " + ", ".join(f"{r.value} ({label(r, 'en')})" for r in Role)
        assert len(Role) > 20

    def test_unknown_value_inside_a_list_is_located(self, tmp_path: Path) -> None:
        content = "name: x\nstakeholders:\n  - role: users\n  - role: technical_service\n"
        problem = only_problem(write(tmp_path, "p.yaml", content))
        assert (problem.path, problem.line, problem.column) == ("stakeholders[1].role", 4, 11)
        assert problem.hint is not None
        assert problem.hint.startswith("did you mean `technical_services`? allowed values:")

    def test_wrong_type_points_at_the_value(self, tmp_path: Path) -> None:
        path = write(tmp_path, "p.yaml", "name: x\nauthority:\n  population: many\n")
        assert only_problem(path) == Problem(
            "expected a whole number, got `many`", file=str(path), line=3, column=15, path="authority.population"
        )

    def test_yes_no_question_with_another_answer(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: x\ngovernance:\n  project_lead: maybe\n"))
        assert problem.message == "expected yes or no (true or false), got `maybe`"

    def test_a_single_value_where_a_list_is_expected(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: x\nkinds: canteen_short_supply\n"))
        assert problem.message == "expected a list, got `canteen_short_supply`"
        assert problem.hint == "write it as a list: `[canteen_short_supply]`"

    def test_out_of_range_number(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: x\ncanteen:\n  organic_share: 120\n"))
        assert (problem.message, problem.line) == ("must be at most 100, got `120`", 3)

    def test_missing_name(self, tmp_path: Path) -> None:
        path = write(tmp_path, "p.yaml", "phase: idea\n")
        assert only_problem(path) == Problem(
            "required key `name` is missing", file=str(path), line=1, column=1, path="name", hint=NEEDS_A_NAME
        )

    def test_a_name_that_yaml_reads_as_a_number(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: 2024\n"))
        assert (problem.message, problem.hint) == ("expected text, got `2024`", "put it in quotes")

    def test_yes_as_a_key(self, tmp_path: Path) -> None:
        problem = only_problem(write(tmp_path, "p.yaml", "name: x\nyes: 1\n"))
        assert (problem.message, problem.line, problem.column) == ("`True` is not a valid key", 2, 1)
        assert problem.hint == "YAML reads yes, no, on and off as true or false: put the key in quotes"

    def test_every_problem_is_listed_in_reading_order(self, tmp_path: Path) -> None:
        content = "phase: Desing\ngovernance:\n  technical_lookot: true\nauthority:\n  population: many\n"
        error = error_of(write(tmp_path, "p.yaml", content))
        assert [(p.line, p.path) for p in error.problems] == [
            (1, "name"),
            (1, "phase"),
            (3, "governance.technical_lookot"),
            (5, "authority.population"),
        ]
        assert error.summary.endswith("p.yaml: not a valid project description (4 problems)")

    def test_json_errors_are_located(self, tmp_path: Path) -> None:
        content = json.dumps({"name": "x", "stakeholders": [{"role": "users"}, {"role": "userz"}]}, indent=2)
        problem = only_problem(write(tmp_path, "p.json", content))
        assert (problem.path, problem.line, problem.column) == ("stakeholders[1].role", 8, 15)

    def test_toml_errors_are_located(self, tmp_path: Path) -> None:
        content = 'name = "x"\n\n[[stakeholders]]\nrole = "users"\n\n[[stakeholders]]\nrole = "userz"\n'
        problem = only_problem(write(tmp_path, "p.toml", content))
        assert (problem.path, problem.line, problem.column) == ("stakeholders[1].role", 7, 1)

    def test_a_dict_gets_paths_but_no_positions(self) -> None:
        problem = only_problem({"name": "x", "governance": {"technical_lookot": True}})
        assert (problem.file, problem.line, problem.path) == (None, None, "governance.technical_lookot")
        assert problem.hint == "did you mean `technical_lookout`?"

    def test_a_wrong_source_type_is_a_programming_error(self) -> None:
        with pytest.raises(TypeError):
            load_project(42)  # type: ignore[arg-type]
