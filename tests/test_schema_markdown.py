"""`risk-advisor schema --format markdown`: the project-file format as a reader wants it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from risk_advisor.catalogue.traits import traits
from risk_advisor.cli import schema_cmd
from risk_advisor.model.vocabulary import label


def schema(*args: str) -> str:
    result = CliRunner().invoke(schema_cmd.command, ["--format", "markdown", *args], standalone_mode=False)
    if result.exception is not None:
        raise result.exception
    return result.output


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_trait_is_listed_with_its_question_in_the_language(lang: str) -> None:
    out = schema("--lang", lang)
    for path, trait in traits().items():
        text = trait.question(lang).replace("|", "\\|")
        assert f"| `{path}` | {text} |" in out, path


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_choices_list_every_value_with_its_label(lang: str) -> None:
    out = schema("--lang", lang)
    for path, trait in traits().items():
        if trait.vocabulary is not None:
            for member in trait.vocabulary:
                assert f"`{member.value}` ({label(member, lang)})" in out, (path, member)


def test_traits_are_grouped_by_block_in_the_models_order() -> None:
    out = schema("--lang", "en")
    assert out.index("## `authority`") < out.index("`authority.population`") < out.index("## `governance`")
    assert out.index("## `governance`") < out.index("`governance.project_lead`") < out.index("## `consultation`")
    assert "| `budget.investment` | What is the investment budget, in euros? | whole number | from 0 to" in out


def test_french_is_the_default_outside_an_english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert schema().startswith("# Format d'une description de projet\n")
