"""Hostile rule folders: every probe is refused with a located message (exit 2), never a crash.

Issue 10 §6 and §7 (first item), one test per probe:

- 400 nested parentheses, 200 nested ``not (``, 500 ``not``, 20,000 ``not``: refused by the
  nesting or length limit, located (file:line, rule ID, column), never a ``RecursionError``;
- a 100,000-digit number (length limit) and a 3,000-digit one (number limit): refused;
- a 1 MB condition and a 3,000-character unknown trait: the message quotes a short excerpt;
- a condition at the nesting limit compiles, is cached and read back unchanged;
- a 3,000-long ``leads_to`` chain and a 40-long chain of compound rules: refused by the chain
  limit; cycle and chain searches use no recursion (a 100,000-long chain);
- durable_rules' capacity message counts every attribute of a fact, and its figures add up;
- a YAML file of 200,001 plain items is "too many values", not an alias bomb; a real alias
  bomb is still called one;
- ``--rules DIR`` where DIR is missing or holds no rule file: exit 2 for every command taking
  ``--rules``; ``rules test`` on such a folder, or on a folder defining no rule, is exit 2, not
  "0 passed, 0 failed"; ``rules test rules/`` from the repository root tests that folder alone;
- the command line turns the deepest probe into exit 2, not 3.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from risk_advisor import CatalogueError, load_catalogue
from risk_advisor._yaml import MAX_NODES, YamlProblem, load_yaml
from risk_advisor.catalogue.checks import MAX_CHAIN, _find_cycle, longest_chain
from risk_advisor.catalogue.conditions import MAX_CONDITION_CHARS, MAX_NESTING, MAX_NUMBER_DIGITS
from risk_advisor.catalogue.tree import And, Cmp, Key
from risk_advisor.cli.main import cli
from risk_advisor.engines.durable import MAX_PROPERTIES, capacity_problems
from risk_advisor.engines.interface import CompiledRule, Program
from risk_advisor.errors import Problem

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "bp-rennes-faisabilite.yaml"

RISK = """\
  - id: {risk}
    title: {{fr: Risque, en: Risk}}
    scenario: {{fr: Un scénario., en: A scenario.}}
    category: governance
    sources: ["brief:§1"]
"""
RULE = """\
  - id: {rule}
    name: hostile-rule
    risk: {risk}
    when: '{when}'
    impact: 2
    likelihood: 2
    phases: [feasibility]
    rationale: {{fr: Parce que., en: Because.}}
    remedies: [hostile-remedy]
    stakeholders: [project_lead]
    sources: ["brief:§1"]
    examples:
      triggers: [{{name: t, project: {{governance: {{technical_lookout: false}}}}}}]
      does_not_trigger: [{{name: f, project: {{governance: {{technical_lookout: true}}}}}}]
"""
REMEDY = """\
remedies:
  - id: hostile-remedy
    text: {fr: Faire., en: Do.}
    owner: project_lead
    phase: feasibility
    effort: low
    sources: ["brief:§1"]
"""
TRAIT = "governance.technical_lookout"


def rule_folder(tmp_path: Path, when: str) -> Path:
    """An extra rule folder with one rule whose condition is ``when``, on line 18."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    text = "risks:\n" + RISK.format(risk="hostile-risk") + REMEDY + "rules:\n"
    text += RULE.format(rule="HOSTILE-RULE", risk="hostile-risk", when=when)
    (folder / "hostile.yaml").write_text(text, encoding="utf-8")
    return folder


def only_problem(folder: Path) -> Problem:
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(folder)
    assert len(caught.value.problems) == 1, [str(p) for p in caught.value.problems]
    return caught.value.problems[0]


def assert_located_at_when(problem: Problem, folder: Path) -> None:
    assert problem.file == str(folder.resolve() / "hostile.yaml")
    assert (problem.line, problem.column) == (18, 5)  # the `when:` key of HOSTILE-RULE
    assert problem.message.startswith("rule:HOSTILE-RULE: `when` ")


# ---- nesting, length, numbers ------------------------------------------------------------


def test_400_nested_parentheses_are_refused_at_the_nesting_limit(tmp_path: Path) -> None:
    folder = rule_folder(tmp_path, "(" * 400 + TRAIT + ")" * 400)
    problem = only_problem(folder)
    assert_located_at_when(problem, folder)
    assert problem.message.endswith(
        f"the condition nests more than {MAX_NESTING} levels of parentheses and `not` "
        f"at column {MAX_NESTING + 1} of the condition"
    )


def test_200_nested_not_parentheses_are_refused_at_the_nesting_limit(tmp_path: Path) -> None:
    folder = rule_folder(tmp_path, "not (" * 200 + TRAIT + ")" * 200)
    problem = only_problem(folder)
    assert_located_at_when(problem, folder)
    # levels alternate `not` and `(`: the 25th level opens at the 13th `not`, column 61
    assert problem.message.endswith("levels of parentheses and `not` at column 61 of the condition")


def test_500_nots_are_refused_before_anything_walks_the_tree(tmp_path: Path) -> None:
    folder = rule_folder(tmp_path, "not " * 500 + TRAIT)
    problem = only_problem(folder)
    assert_located_at_when(problem, folder)
    assert problem.message.endswith(f"at column {4 * MAX_NESTING + 1} of the condition")


def test_20000_nots_are_refused_by_the_length_limit(tmp_path: Path) -> None:
    folder = rule_folder(tmp_path, "not " * 20_000 + TRAIT)
    problem = only_problem(folder)
    assert_located_at_when(problem, folder)
    assert problem.message.endswith(f"the condition is 80,028 characters long, at most {MAX_CONDITION_CHARS:,}")


def test_a_100000_digit_number_is_refused_by_the_length_limit(tmp_path: Path) -> None:
    problem = only_problem(rule_folder(tmp_path, "budget.investment > " + "9" * 100_000))
    assert "the condition is 100,020 characters long" in problem.message


def test_a_3000_digit_number_is_refused_by_the_number_limit(tmp_path: Path) -> None:
    folder = rule_folder(tmp_path, "budget.investment > " + "9" * 3000)
    problem = only_problem(folder)
    assert_located_at_when(problem, folder)
    assert problem.message.endswith(
        f"number too long (3000 digits, at most {MAX_NUMBER_DIGITS}) at column 21 of the condition"
    )


def test_a_1_mb_condition_is_never_echoed(tmp_path: Path) -> None:
    problem = only_problem(rule_folder(tmp_path, TRAIT + " and " + "x" * 1_000_000))
    assert len(str(problem)) < 400


def test_a_long_unknown_trait_is_quoted_as_a_short_excerpt(tmp_path: Path) -> None:
    problem = only_problem(rule_folder(tmp_path, TRAIT + " and " + "x" * 3000))
    assert problem.message.endswith("unknown trait '" + "x" * 30 + "…' at column 34 of the condition")


def test_a_condition_at_the_nesting_limit_is_compiled_cached_and_read_back(tmp_path: Path) -> None:
    when = "not (" * (MAX_NESTING // 2) + TRAIT + ")" * (MAX_NESTING // 2)
    folder = rule_folder(tmp_path, when)
    first = load_catalogue(folder)
    second = load_catalogue(folder)  # from the cache (tests/test_catalogue_cache.py checks that)
    assert second.program == first.program and second.rules["HOSTILE-RULE"].when == when


# ---- chains --------------------------------------------------------------------------------


def test_a_3000_long_leads_to_chain_is_refused_by_the_chain_limit(tmp_path: Path) -> None:
    folder = tmp_path / "chain"
    folder.mkdir()
    risks = "".join(
        RISK.format(risk=f"chain-{i}") + f"    leads_to: [chain-{i + 1}]\n" for i in range(2999)
    ) + RISK.format(risk="chain-2999")
    (folder / "chain.yaml").write_text("risks:\n" + risks, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(folder)
    chains = [p for p in caught.value.problems if "`leads_to` links chain" in p.message]
    assert len(chains) == 1
    assert chains[0].message == (
        f"`leads_to` links chain 3000 risks (chain-0 → chain-1 → … → chain-2999), at most {MAX_CHAIN}"
    )
    assert (chains[0].file, chains[0].line) == (str(folder.resolve() / "chain.yaml"), 7)


def test_a_40_long_chain_of_compound_rules_is_refused_by_the_chain_limit(tmp_path: Path) -> None:
    folder = tmp_path / "compound"
    folder.mkdir()
    risks = "".join(RISK.format(risk=f"step-{i}") for i in range(40))
    rules = RULE.format(rule="STEP-0", risk="step-0", when=TRAIT) + "".join(
        RULE.format(rule=f"STEP-{i}", risk=f"step-{i}", when=f"risk(step-{i - 1})") for i in range(1, 40)
    )
    (folder / "steps.yaml").write_text("risks:\n" + risks + REMEDY + "rules:\n" + rules, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(folder)
    chains = [p for p in caught.value.problems if "compound rules chain" in p.message]
    assert [p.message for p in chains] == [
        f"compound rules chain 40 rules through risk(…) (STEP-39 → STEP-38 → … → STEP-0), at most {MAX_CHAIN}"
    ]


def test_cycle_and_chain_searches_need_no_recursion() -> None:
    n = 100_000  # far beyond Python's recursion limit
    edges = {f"n{i}": [f"n{i + 1}"] for i in range(n)}
    assert _find_cycle(edges) is None
    assert len(longest_chain(edges)) == n + 1
    edges[f"n{n}"] = ["n5"]
    assert _find_cycle(edges) == [f"n{i}" for i in range(5, n + 1)] + ["n5"]


# ---- capacity --------------------------------------------------------------------------------


def test_the_attribute_capacity_message_counts_every_attribute() -> None:
    """Many facts and their groups: the message must say why, with figures that add up (a large
    stratum is asserted in batches of group keys, so facts are what overflow a fact)."""
    keys = [Key("trait", f"t{i}") for i in range(250)]
    rules = tuple(
        CompiledRule(f"R-{i:03d}", "r", And(tuple(Cmp(k, "==", True) for k in chunk)), frozenset(chunk), 0)
        for i, chunk in enumerate(keys[j : j + 10] for j in range(0, len(keys), 10))
    )
    messages = [m for _, m in capacity_problems(Program("p", (rules,)))]
    (attributes,) = [m for m in messages if "attributes" in m]
    total, facts, groups = map(int, re.findall(r"(\d+) (?:attributes|facts the rules read|group keys)", attributes))
    assert (facts, total) == (250, facts + groups + 3) and groups >= 1 and total > MAX_PROPERTIES
    assert attributes.endswith(f"at most {MAX_PROPERTIES}")


# ---- YAML size -------------------------------------------------------------------------------


def test_many_plain_yaml_items_are_not_called_an_alias_bomb() -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml("items:\n" + "- 0\n" * (MAX_NODES + 1))
    assert caught.value.message == f"the document holds more than {MAX_NODES:,} values"


def test_an_alias_bomb_is_still_called_one() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    pairs = zip("abcdefgh", "bcdefghi", strict=True)
    lines += [f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]" for p, c in pairs]
    with pytest.raises(YamlProblem) as caught:
        load_yaml("\n".join(lines))
    assert "through its aliases (an alias bomb?)" in caught.value.message


# ---- --rules DIR -----------------------------------------------------------------------------

COMMANDS_WITH_RULES = [
    ["diagnose", str(CASE)],
    ["checklist", str(CASE)],
    ["batch", str(ROOT / "cases")],
    ["graph"],
    ["rules", "list"],
    ["rules", "show", "BP-RUNNING-COSTS-UNKNOWN"],
]


@pytest.mark.parametrize("command", COMMANDS_WITH_RULES, ids=lambda c: c[0] if c[0] != "rules" else " ".join(c[:2]))
@pytest.mark.parametrize("state", ["missing", "empty", "other files only"])
def test_rules_option_refuses_a_folder_without_rule_files(tmp_path: Path, command: list[str], state: str) -> None:
    folder = tmp_path / "my-rules"
    if state != "missing":
        folder.mkdir()
    if state == "other files only":
        (folder / "notes.txt").write_text("rules: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, [*command, "--rules", str(folder)])
    assert result.exit_code == 2, result.output
    expected = "rule folder not found" if state == "missing" else "the rule folder holds no rule file"
    assert f"{folder}: {expected}" in result.output


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_rules_test_refuses_a_folder_without_rule_files(tmp_path: Path, state: str) -> None:
    folder = tmp_path / "my-rules"
    if state == "empty":
        folder.mkdir()
    result = CliRunner().invoke(cli, ["rules", "test", str(folder)])
    assert result.exit_code == 2 and "passed" not in result.output


def test_rules_test_refuses_a_folder_defining_no_rule(tmp_path: Path) -> None:
    folder = tmp_path / "my-rules"
    folder.mkdir()
    (folder / "empty.yaml").write_text("risks: []\nrules: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "test", str(folder)])
    assert result.exit_code == 2 and "passed" not in result.output
    assert "define no rule, so there is nothing to test" in result.output


def test_rules_test_of_the_builtin_folder_tests_it_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["rules", "test", "rules/", "--engine", "python"])
    catalogue = load_catalogue()
    examples = sum(len(g) for r in catalogue.rules.values() for g in (r.examples.triggers,
                   r.examples.does_not_trigger, r.examples.undecided))
    assert (result.exit_code, result.output) == (0, f"{examples} passed, 0 failed\n")


def test_the_command_line_says_exit_2_not_3_for_the_deepest_probe(tmp_path: Path) -> None:
    folder = rule_folder(tmp_path, "(" * 400 + TRAIT + ")" * 400)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run(
        [sys.executable, "-m", "risk_advisor.cli.main", "diagnose", str(CASE), "--rules", str(folder)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert "hostile.yaml:18:5: rule:HOSTILE-RULE: `when` the condition nests more than" in run.stderr


def test_rules_test_of_a_copy_of_the_catalogue_tests_the_copy_alone(tmp_path: Path) -> None:
    """As from a non-editable install, where the built-in rules live elsewhere: a folder with its
    own catalogue.yaml is a whole catalogue, not an extension repeating the built-in IDs."""
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", copy)
    result = CliRunner().invoke(cli, ["rules", "test", str(copy), "--engine", "python"])
    catalogue = load_catalogue()
    examples = sum(len(g) for r in catalogue.rules.values() for g in (r.examples.triggers,
                   r.examples.does_not_trigger, r.examples.undecided))
    assert (result.exit_code, result.output) == (0, f"{examples} passed, 0 failed\n")
