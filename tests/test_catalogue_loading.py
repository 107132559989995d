"""A broken rule file fails loading with the file, the line, the rule and a fix — never silently."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from risk_advisor import CatalogueError, load_catalogue
from risk_advisor.cli.main import _register, cli

from .conftest import SMALL_RULES

GOOD_RULE = """
  - id: T-EXTRA
    name: extra-rule
    risk: no-lookout
    when: {when}
    impact: 2
    likelihood: 2
    phases: [idea]
    rationale: {{fr: Pourquoi, en: Why}}
    remedies: [{remedy}]
    stakeholders: [users]
    sources: ["seed:PORTAIL-N2"]
    examples:
      triggers: [{{name: a, project: {{origin: citizens}}}}]
      does_not_trigger: [{{name: b, project: {{origin: services}}}}]
"""


def folder_with(tmp_path: Path, extra: str, name: str = "extra.yaml") -> Path:
    target = tmp_path / "rules"
    shutil.copytree(SMALL_RULES, target)
    (target / name).write_text(textwrap.dedent(extra), encoding="utf-8")
    return target


def problems(folder: Path) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(folder, builtin=False)
    return [str(p) for p in caught.value.problems]


def rule(when: str = "origin == citizens", remedy: str = "appoint-lookout") -> str:
    return "rules:" + GOOD_RULE.format(when=when, remedy=remedy)


def test_the_small_catalogue_loads(small_catalogue) -> None:
    assert sorted(small_catalogue.rules) == ["T-LOOKOUT", "T-NEEDS", "T-TARGET", "T-TECHNOCRATIC"]
    assert [len(s) for s in small_catalogue.program.strata] == [3, 1]


def test_unknown_trait_names_file_line_rule_and_suggestion(tmp_path: Path) -> None:
    [message] = problems(folder_with(tmp_path, rule(when="governance.tecnical_lookout")))
    assert "extra.yaml:5:5" in message
    assert "rule:T-EXTRA" in message and "unknown trait 'governance.tecnical_lookout'" in message
    assert "did you mean `governance.technical_lookout`?" in message


def test_syntax_error_gives_the_column_in_the_condition(tmp_path: Path) -> None:
    [message] = problems(folder_with(tmp_path, rule(when='"origin == citizens and"')))
    assert "rule:T-EXTRA" in message and "at column 23 of the condition" in message


def test_duplicate_id_names_both_places(tmp_path: Path) -> None:
    duplicate = rule().replace("T-EXTRA", "T-LOOKOUT")
    [message] = problems(folder_with(tmp_path, duplicate))
    assert "duplicate rule ID 'T-LOOKOUT', first defined in" in message and "rules.yaml:" in message


def test_dangling_remedy_reference(tmp_path: Path) -> None:
    [message] = problems(folder_with(tmp_path, rule(remedy="apoint-lookout")))
    assert "rule:T-EXTRA refers to unknown remedy 'apoint-lookout'" in message
    assert "did you mean `appoint-lookout`?" in message


def test_cycle_of_compound_rules(tmp_path: Path) -> None:
    cyclic = rule(when="risk(missing-target)").replace("risk: no-lookout", "risk: technocratic")
    found = problems(folder_with(tmp_path, cyclic))
    assert any("compound rules form a cycle: " in m and "T-EXTRA" in m and "T-TARGET" in m for m in found)


def test_cycle_of_causal_links(tmp_path: Path) -> None:
    text = """
    risks:
      - id: loop-a
        title: {fr: A, en: A}
        scenario: {fr: A, en: A}
        category: budget
        leads_to: [loop-b]
        sources: ["brief:§3"]
      - id: loop-b
        title: {fr: B, en: B}
        scenario: {fr: B, en: B}
        category: budget
        leads_to: [loop-a]
        sources: ["brief:§3"]
    """
    found = problems(folder_with(tmp_path, text))
    assert any("`leads_to` links form a cycle: loop-a → loop-b → loop-a" in m for m in found)


def test_unknown_key_in_a_rule_is_located(tmp_path: Path) -> None:
    text = rule().replace("    impact: 2", "    impakt: 2")
    found = problems(folder_with(tmp_path, text))
    assert any("extra.yaml:6:5: unknown key (at `rules.0.impakt`)" in m for m in found)


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    [message] = problems(folder_with(tmp_path, "rules: [\n  - id: X\n"))
    assert "extra.yaml:" in message and "invalid YAML" in message


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = rule(when="governance.nope", remedy="nope")
    assert len(problems(folder_with(tmp_path, text))) == 2


def test_an_example_that_is_not_a_valid_project(tmp_path: Path) -> None:
    text = rule().replace("project: {origin: services}", "project: {origin: aliens}")
    found = problems(folder_with(tmp_path, text))
    assert any("example 'b' (does_not_trigger) is not a valid project" in m and "`origin`" in m for m in found)


def test_a_missing_folder(tmp_path: Path) -> None:
    message = problems(tmp_path / "nowhere")[0]
    assert "rule folder not found" in message


def test_cli_exits_2_on_a_broken_rule_folder(tmp_path: Path) -> None:
    broken = folder_with(tmp_path, rule(when="governance.tecnical_lookout"))
    project = tmp_path / "p.yaml"
    project.write_text("name: x\n", encoding="utf-8")
    _register()
    result = CliRunner().invoke(cli, ["rules", "test", str(broken)])
    assert result.exit_code == 2
    assert "unknown trait 'governance.tecnical_lookout'" in result.output
