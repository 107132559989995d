"""`risk-advisor validate` and `risk-advisor schema`, as a project lead or an editor uses them."""

from __future__ import annotations

import json
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
    """The exit code the CLI's runner would use (commands return it), and the output."""
    result = CliRunner().invoke(command, list(args), standalone_mode=False)
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
