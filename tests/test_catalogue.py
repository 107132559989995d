"""The shipped catalogue: complete, traceable, bilingual, and every rule's examples pass in both engines."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from risk_advisor import load_catalogue
from risk_advisor.catalogue.coverage import coverage
from risk_advisor.cli.main import _register, cli
from risk_advisor.engines import durable
from risk_advisor.rule_tests import run_examples

CATALOGUE = load_catalogue()
ENGINES = ("durable", "python") if durable.available() else ("python",)


@pytest.mark.parametrize("rule_id", sorted(CATALOGUE.rules))
def test_rule_examples_pass_in_every_engine(rule_id: str) -> None:
    results = run_examples(CATALOGUE, engines=ENGINES, rule_ids=[rule_id])
    failures = [r.describe() for r in results if not r.passed]
    assert failures == []
    groups = {r.group for r in results}
    assert {"triggers", "does_not_trigger"} <= groups


@pytest.mark.parametrize("rule_id", sorted(CATALOGUE.rules))
def test_rule_explains_itself_in_both_languages(rule_id: str) -> None:
    rule = CATALOGUE.rules[rule_id]
    risk = CATALOGUE.risks[rule.risk]
    for text in (rule.rationale, risk.title, risk.scenario):
        assert len(text.fr) >= 10 or text is risk.title
        assert text.fr != text.en, f"{rule_id}: the English text is a copy of the French"
    assert rule.remedies and rule.stakeholders and rule.sources
    for remedy_id in rule.remedies:
        remedy = CATALOGUE.remedies[remedy_id]
        assert remedy.text.fr != remedy.text.en


def test_catalogue_size_and_no_duplicate_conditions() -> None:
    assert len(CATALOGUE.rules) >= 60
    normalised: dict[str, str] = {}
    for rule in CATALOGUE.rules.values():
        key = " ".join(rule.when.split())
        assert key not in normalised, f"{rule.id} repeats the condition of {normalised.get(key)}"
        normalised[key] = rule.id


def test_every_risk_is_revealed_by_a_rule_and_has_a_remedy() -> None:
    revealed = {r.risk for r in CATALOGUE.rules.values()}
    assert set(CATALOGUE.risks) == revealed
    remedies: dict[str, set[str]] = {risk: set() for risk in CATALOGUE.risks}
    for rule in CATALOGUE.rules.values():
        remedies[rule.risk].update(rule.remedies)
    assert [risk for risk, ids in sorted(remedies.items()) if not ids] == []
    assert {rid for ids in remedies.values() for rid in ids} <= set(CATALOGUE.remedies)


def test_every_seed_item_is_covered() -> None:
    cov = coverage(CATALOGUE)
    assert len(cov) == 38
    assert [sid for sid, rules in cov.items() if not rules] == []


def test_public_square_success_factors_are_not_the_canteen_copy_error() -> None:
    canteen_factor_ids = {f"CANT-R{i}" for i in range(1, 7)}
    for rule in CATALOGUE.rules.values():
        if rule.id.startswith("PLACE-"):
            for factor_id in rule.success_factors:
                cited = {s.ref for s in CATALOGUE.success_factors[factor_id].sources}
                assert not cited & canteen_factor_ids, f"{rule.id} carries a canteen factor"


def test_verify_marked_figures_are_stated_with_their_uncertainty() -> None:
    # The brief marks the R2122-8 thresholds and the road-works concertation figure VERIFY.
    for rule_id in CATALOGUE.rules:
        rule = CATALOGUE.rules[rule_id]
        text = rule.rationale.fr + " " + " ".join(CATALOGUE.remedies[r].text.fr for r in rule.remedies)
        if re.search(r"1[ ,.]?9 ?M|1 900 000|R2122-8", text):
            assert re.search(r"vérifier|à confirmer|incertain|sous réserve", text, re.I), rule_id


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    _register()
    return CliRunner()


def test_rules_list_as_json(runner: CliRunner) -> None:
    import json

    result = runner.invoke(cli, ["rules", "list", "--format", "json"])
    rows = json.loads(result.output)
    assert len(rows) == len(CATALOGUE.rules) and {"id", "level", "score", "sources"} <= set(rows[0])


@pytest.mark.parametrize(("lang", "head", "count"), [
    ("fr", ["ID", "NIVEAU", "SCORE", "TITRE"], "{n} règles, catalogue {v}"),
    ("en", ["ID", "LEVEL", "SCORE", "TITLE"], "{n} rules, catalogue {v}"),
])
def test_rules_list_as_a_table_speaks_the_language_asked(runner: CliRunner, lang: str, head: list[str],
                                                         count: str) -> None:
    result = runner.invoke(cli, ["rules", "list", "--lang", lang])
    assert result.exit_code == 0
    first, *rows, last = result.output.splitlines()
    assert first.split() == head
    assert last == count.format(n=len(CATALOGUE.rules), v=CATALOGUE.version)
    assert len(rows) == len(CATALOGUE.rules)
    title_at = first.index(head[3])  # every title starts under its column's name
    rule = CATALOGUE.rules[rows[0].split()[0]]
    assert rows[0][title_at:] == CATALOGUE.risks[rule.risk].title.get(lang)


def test_rules_show_in_both_languages(runner: CliRunner) -> None:
    rule_id = sorted(CATALOGUE.rules)[0]
    fr = runner.invoke(cli, ["rules", "show", rule_id, "--lang", "fr"])
    en = runner.invoke(cli, ["rules", "show", rule_id, "--lang", "en"])
    assert "Pourquoi c'est important" in fr.output and "Why it matters" in en.output
    assert CATALOGUE.rules[rule_id].rationale.en in en.output


def test_rules_show_unknown_id_suggests(runner: CliRunner) -> None:
    rule_id = sorted(CATALOGUE.rules)[0]
    typo = rule_id.lower()[:-1]
    result = runner.invoke(cli, ["rules", "show", typo])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
    assert f"no rule '{typo}' in the catalogue" in result.output
    assert f"Did you mean {rule_id}?" in result.output


def test_rules_coverage_command_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rules", "coverage"])
    assert result.exit_code == 0, result.output
    assert "38 of 38 seed items covered" in result.output


def test_rules_test_reports_a_failing_example_by_name(runner: CliRunner, tmp_path) -> None:
    folder = tmp_path / "my-rules"
    folder.mkdir()
    risk, remedy = sorted(CATALOGUE.risks)[0], sorted(CATALOGUE.remedies)[0]
    (folder / "mine.yaml").write_text(
        f"""
rules:
  - id: MY-LOOKOUT
    name: my-lookout-rule
    risk: {risk}
    when: origin == citizens
    impact: 2
    likelihood: 2
    phases: [idea]
    rationale: {{fr: Pourquoi, en: Why}}
    remedies: [{remedy}]
    stakeholders: [users]
    sources: ["brief:§3"]
    examples:
      triggers: [{{name: citizens, project: {{origin: citizens}}}}]
      does_not_trigger: [{{name: wrong expectation, project: {{origin: citizens}}}}]
""",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["rules", "test", str(folder)])
    assert "FAIL MY-LOOKOUT" in result.output and "'wrong expectation'" in result.output
    assert "expected decided false, got finding" in result.output
    assert result.exit_code == 1
