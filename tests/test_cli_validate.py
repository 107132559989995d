"""`risk-advisor validate` and `risk-advisor schema`, as a project lead or an editor uses them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from risk_advisor.cli import schema_cmd, validate_cmd
from risk_advisor.cli._exit import EXIT_BAD_INPUT, EXIT_OK
from risk_advisor.model.project import Project

PROJECTS = Path(__file__).parent / "data" / "projects"


def invoke(command: click.Command, *args: str) -> tuple[int, str]:
    """The exit code the CLI's runner would use (commands return it), and the output.

    The messages follow the locale: these tests read them in English.
    """
    result = CliRunner(env={"LC_ALL": "en_US.UTF-8"}).invoke(command, list(args), standalone_mode=False)
    if result.exception is not None:
        raise result.exception
    return result.return_value, result.output


@pytest.fixture
def two_bad_files(tmp_path: Path) -> tuple[Path, Path]:
    first = tmp_path / "first.yaml"
    first.write_text("name: x\nphase: Desing\ngovernance:\n  technical_lookot: true\n", encoding="utf-8")
    second = tmp_path / "second.json"
    second.write_text('{"authority": {"population": "many"}}', encoding="utf-8")
    return first, second


class TestValidate:
    def test_valid_files_exit_0_and_say_ok(self) -> None:
        files = [str(PROJECTS / name) for name in ("jardin.yaml", "jardin.json", "jardin.toml")]
        code, output = invoke(validate_cmd.command, *files)
        assert code == EXIT_OK
        assert output == "".join(f"ok: {file}\n" for file in files)

    def test_every_error_of_every_file_is_listed(self, two_bad_files: tuple[Path, Path]) -> None:
        first, second = two_bad_files
        code, output = invoke(validate_cmd.command, str(first), str(PROJECTS / "jardin.yaml"), str(second))
        assert code == EXIT_BAD_INPUT
        assert f"ok: {PROJECTS / 'jardin.yaml'}" in output
        assert f"{first}: not a valid project description (2 problems)" in output
        assert f"{first}:2:8: `Desing` is not an allowed value (at `phase`)" in output
        assert f"{first}:4:3: unknown key `technical_lookot` (at `governance.technical_lookot`)" in output
        assert "hint: did you mean `technical_lookout`?" in output
        assert f"{second}: not a valid project description (2 problems)" in output
        assert f"{second}:1:1: required key `name` is missing (at `name`)" in output
        assert f"{second}:1:30: expected a whole number, got `many` (at `authority.population`)" in output
        assert "2 of 3 files invalid" in output

    def test_unreadable_files_do_not_stop_the_others(self, tmp_path: Path) -> None:
        missing = tmp_path / "missing.yaml"
        code, output = invoke(validate_cmd.command, str(missing), str(tmp_path), str(PROJECTS / "jardin.toml"))
        assert code == EXIT_BAD_INPUT
        assert f"{missing}: file not found" in output
        assert f"{tmp_path}: this is a folder, not a file" in output
        assert f"ok: {PROJECTS / 'jardin.toml'}" in output
        assert "Traceback" not in output

    def test_at_least_one_file_is_required(self) -> None:
        result = CliRunner().invoke(validate_cmd.command, [])
        assert result.exit_code == EXIT_BAD_INPUT
        assert "Missing argument 'FILES...'" in result.output


def schema_of(*args: str) -> tuple[str, dict[str, Any]]:
    code, output = invoke(schema_cmd.command, *args)
    assert code == EXIT_OK
    return output, json.loads(output)


def dangling_refs(schema: dict[str, Any]) -> list[str]:
    refs: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            refs.extend(v for k, v in node.items() if k == "$ref")
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema)
    return [ref for ref in refs if ref.removeprefix("#/$defs/") not in schema.get("$defs", {})]


class TestSchema:
    def test_prints_the_project_schema_as_stable_json(self) -> None:
        output, schema = schema_of()
        assert output == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == "urn:risk-advisor:schema:project"
        assert schema["title"] == "risk-advisor project description"
        assert schema["required"] == ["name"]
        assert schema["additionalProperties"] is False
        assert set(schema["properties"]) == set(Project.model_fields)
        assert dangling_refs(schema) == []

    def test_the_schema_carries_each_traits_question(self) -> None:
        _, schema = schema_of()
        lookout = schema["$defs"]["Governance"]["properties"]["technical_lookout"]
        assert lookout["question_en"] == "Does the project team include a technical and regulatory lookout?"

    def test_diagnosis_schema(self) -> None:
        _, schema = schema_of("--diagnosis")
        assert schema["$id"].startswith("urn:risk-advisor:schema:diagnosis:")
        assert schema["title"].startswith("risk-advisor diagnosis")
        assert {"findings", "open_questions", "schema_version"} <= set(schema["properties"])
        assert dangling_refs(schema) == []


def test_commands_are_registered_in_the_cli_group() -> None:
    pytest.importorskip("risk_advisor.cli.diagnose_cmd")
    pytest.importorskip("risk_advisor.cli.rules_cmd")
    from risk_advisor.cli import main

    main._register()
    result = CliRunner().invoke(main.cli, ["validate", str(PROJECTS / "jardin.yaml")], standalone_mode=False)
    assert (result.exception, result.return_value) == (None, EXIT_OK)
    result = CliRunner().invoke(main.cli, ["schema"], standalone_mode=False)
    assert json.loads(result.output)["title"] == "risk-advisor project description"


class TestInTheUsersLanguage:
    def test_validate_speaks_french_with_lang_fr(self, tmp_path: Path) -> None:
        path = tmp_path / "p.yaml"
        path.write_text("name: x\nphase: someday\ngovernance:\n  project_lead: peut-être\n", encoding="utf-8")
        code, output = invoke(validate_cmd.command, str(path), "--lang", "fr")
        assert code == EXIT_BAD_INPUT
        assert f"{path}\u00a0: description de projet invalide (2 problèmes)" in output
        assert "`someday` n'est pas une valeur autorisée (à `phase`)" in output
        assert "conseil\u00a0: valeurs possibles\u00a0: idea (idée), feasibility (faisabilité)" in output
        assert "oui ou non attendu" in output
        assert "1 fichier(s) invalide(s) sur 1" in output

    @pytest.mark.parametrize("text", ["oui", "Non", "yes", "no", "true", "false", "VRAI", "faux"])
    def test_yes_no_traits_accept_oui_non_in_every_format(self, tmp_path: Path, text: str) -> None:
        files = {
            "p.yaml": f"name: x\ngovernance:\n  project_lead: {text}\n",
            "p.json": f'{{"name": "x", "governance": {{"project_lead": "{text}"}}}}',
            "p.toml": f'name = "x"\n[governance]\nproject_lead = "{text}"\n',
        }
        expected = text.lower() in ("oui", "yes", "true", "vrai")
        for name, content in files.items():
            path = tmp_path / name
            path.write_text(content, encoding="utf-8")
            from risk_advisor import load_project

            assert load_project(path).governance is not None
            assert load_project(path).governance.project_lead is expected, (name, text)  # type: ignore[union-attr]

    def test_a_yes_no_word_is_not_taken_for_text_elsewhere(self, tmp_path: Path) -> None:
        from risk_advisor import load_project

        path = tmp_path / "p.yaml"
        path.write_text("name: non\ndescription: oui\n", encoding="utf-8")
        project = load_project(path)
        assert (project.name, project.description) == ("non", "oui")


class TestCommandLineInTheUsersLanguage:
    def run_cli(self, *args: str) -> tuple[int, str]:
        import subprocess
        import sys

        env = {**os.environ, "LC_ALL": "fr_FR.UTF-8", "PYTHONPATH": str(Path(__file__).parent.parent / "src")}
        done = subprocess.run([sys.executable, "-m", "risk_advisor.cli.main", *args], capture_output=True,
                              text=True, env=env, timeout=60)
        return done.returncode, done.stderr

    def test_click_usage_errors_follow_the_locale_or_lang(self) -> None:
        code, err = self.run_cli("diagnose", "p.yaml", "--colour")
        assert code == EXIT_BAD_INPUT
        assert "Erreur\u00a0: option inconnue «\u00a0--colour\u00a0»." in err and "Utilisation\u00a0:" in err
        code, err = self.run_cli("diagnose", "p.yaml", "--lang", "en", "--colour")
        assert code == EXIT_BAD_INPUT and "Error: No such option '--colour'" in err

    def test_library_errors_say_error_in_the_users_language(self, tmp_path: Path) -> None:
        path = tmp_path / "p.yaml"
        path.write_text("name: x\nphase: someday\n", encoding="utf-8")
        code, err = self.run_cli("diagnose", str(path))
        assert code == EXIT_BAD_INPUT
        assert err.startswith(f"erreur\u00a0: {path}\u00a0: description de projet invalide")


def test_diagnose_explains_a_broken_description_in_its_language() -> None:
    from risk_advisor import ProjectError, diagnose

    expectations = (("fr", "`someday` n'est pas une valeur autorisée"), ("en", "`someday` is not an allowed value"))
    for lang, expected in expectations:
        with pytest.raises(ProjectError) as caught:
            diagnose({"name": "x", "phase": "someday"}, lang=lang)
        assert caught.value.problems[0].message == expected
