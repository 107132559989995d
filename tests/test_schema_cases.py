"""The published JSON Schema accepts every shipped case, and rejects what the model rejects."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from risk_advisor.cli.main import _register, cli

CASES = sorted((Path(__file__).parents[1] / "cases").glob("*.yaml"))


@pytest.fixture(scope="module")
def schema() -> dict:
    _register()
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(document)
    return document


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_case_validates_against_the_schema(schema: dict, case: Path) -> None:
    document = yaml.safe_load(case.read_text(encoding="utf-8"))
    # YAML reads review dates as dates; in a JSON document they are strings.
    text = json.dumps(document, default=str)
    jsonschema.validate(json.loads(text), schema)


def test_the_schema_rejects_an_unknown_key_and_value(schema: dict) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "x", "governance": {"technical_lookot": True}}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "x", "phase": "desing"}, schema)


def test_the_schema_documents_traits_in_both_languages(schema: dict) -> None:
    lookout = schema["$defs"]["Governance"]["properties"]["technical_lookout"]
    assert "vigie technique" in lookout["question_fr"] and "lookout" in lookout["question_en"]
