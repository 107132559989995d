"""`diff` and `compare`: what changed between two diagnoses of the same project."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from risk_advisor import Level, diagnose
from risk_advisor.cli.main import cli
from risk_advisor.follow_up import Comparison, compare
from risk_advisor.report.comparison import render_comparison

CASES = Path(__file__).resolve().parents[1] / "cases"
BLACK = CASES / "portail-familles-noir.yaml"
PINK = CASES / "portail-familles-rose.yaml"


def case(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_black_to_pink_resolves_every_risk_and_adds_none() -> None:
    c = compare(BLACK, PINK, engine="python", lang="en")
    black = diagnose(BLACK, engine="python", lang="en")
    assert {f.risk_id for f in c.resolved} == {f.risk_id for f in black.findings}
    assert c.new == c.worse == c.unchanged == ()
    assert c.warnings == ("different_project",)


def test_pink_to_black_is_all_new_and_fails_at_high() -> None:
    c = compare(PINK, BLACK, engine="python")
    assert c.resolved == ()
    assert len(c.new) == len({f.risk_id for f in diagnose(BLACK, engine="python").findings})
    assert c.worst_new() == Level.CRITICAL


def test_a_project_compared_with_itself_is_unchanged() -> None:
    c = compare(BLACK, BLACK, engine="python")
    assert c.resolved == c.new == c.worse == c.better == ()
    assert c.questions_answered == c.questions_appeared == ()
    assert len(c.unchanged) == len({f.risk_id for f in diagnose(BLACK, engine="python").findings})
    assert c.warnings == ()
    assert c.worst_new() is None


def test_answering_a_question_and_fixing_a_trait_show_up() -> None:
    old = case(BLACK)
    new = case(BLACK)
    new["governance"]["technical_lookout"] = True  # the lookout is now in place
    c = compare(old, new, engine="python")
    assert "no-technical-lookout" in {f.risk_id for f in c.resolved}
    assert not c.new and not c.worse


def test_a_level_going_up_is_worse_with_before_and_after() -> None:
    old = diagnose(BLACK, engine="python")
    target = old.findings[-1]
    raised = target.model_copy(update={"score": 20, "level": Level.CRITICAL})
    new = old.model_copy(update={"findings": (*old.findings[:-1], raised)})
    c = compare(old, new)
    assert [(w.risk_id, w.level_before, w.level_after, w.score_before, w.score_after) for w in c.worse] == [
        (target.risk_id, target.level, Level.CRITICAL, target.score, 20)
    ]
    back = compare(new, old)
    assert [b.risk_id for b in back.better] == [target.risk_id] and not back.worse


def test_an_acknowledgement_that_lapsed_in_between_is_listed() -> None:
    project = case(BLACK)
    project["acknowledged_risks"] = [{"risk": "no-technical-lookout", "justification": "lookout hired in June",
                                      "owner": "DGS", "review_date": "2026-06-30"}]  # fmt: skip
    before = diagnose(project, engine="python", today=dt.date(2026, 6, 30))  # still valid on its date
    after = diagnose(project, engine="python", today=dt.date(2026, 7, 1))
    c = compare(before, after)
    assert [(a.risk_id, a.owner) for a in c.acknowledgements_expired] == [("no-technical-lookout", "DGS")]
    assert "no-technical-lookout" in {f.risk_id for f in c.new}


def test_saved_diagnoses_compare_like_descriptions(tmp_path: Path) -> None:
    for name, path in (("old.json", BLACK), ("new.json", PINK)):
        (tmp_path / name).write_text(diagnose(path, engine="python").to_json(), encoding="utf-8")
    from_files = compare(tmp_path / "old.json", tmp_path / "new.json")
    assert from_files == compare(BLACK, PINK, engine="python")


def test_a_json_shaped_like_a_diagnosis_but_not_one_is_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "0.1", "findings": []}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(bad), str(PINK), "--lang", "en"])
    assert result.exit_code == 2
    assert "bad.json" in result.output and "schema" in result.output


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_every_format_names_every_section(fmt: str, lang: str) -> None:
    c = compare(PINK, BLACK, engine="python", lang=lang)
    out = render_comparison(c, fmt)
    first_new = c.new[0]
    assert first_new.title in out or first_new.title.replace("'", "&#39;") in out
    if fmt == "json":
        data = json.loads(out)
        assert set(data) >= {"resolved", "new", "worse", "better", "unchanged", "questions_answered",
                             "questions_appeared", "acknowledgements_expired"}  # fmt: skip
        assert set(data["new"][0]) >= {"rule_id", "risk_id", "title", "level", "score"}
        assert Comparison.model_validate(data) == c


def test_html_escapes_the_project_name() -> None:
    project = case(BLACK)
    project["name"] = "<script>alert(1)</script>"
    out = render_comparison(compare(project, PINK, engine="python"), "html")
    assert "<script>alert" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_cli_exit_codes_follow_fail_on(tmp_path: Path) -> None:
    runner = CliRunner()
    worse = runner.invoke(cli, ["diff", str(PINK), str(BLACK), "--engine", "python"])
    assert worse.exit_code == 1
    never = runner.invoke(cli, ["diff", str(PINK), str(BLACK), "--engine", "python", "--fail-on", "never"])
    assert never.exit_code == 0
    assert runner.invoke(cli, ["diff", str(BLACK), str(PINK), "--engine", "python"]).exit_code == 0


def test_cli_warns_once_on_stderr_for_different_projects() -> None:
    command = [sys.executable, "-m", "risk_advisor.cli.main", "diff", str(BLACK), str(PINK), "--engine", "python",
               "--lang", "en", "--format", "json"]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert run.returncode == 0
    assert [line for line in run.stderr.splitlines() if line.startswith("warning:")] == [
        line for line in run.stderr.splitlines() if "different names" in line
    ]
    assert len(run.stderr.splitlines()) == 1
    json.loads(run.stdout)


def test_cli_never_writes_over_an_input(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_bytes(BLACK.read_bytes())
    result = CliRunner().invoke(cli, ["diff", str(old), str(PINK), "-o", str(old)])
    assert result.exit_code == 2
    assert old.read_bytes() == BLACK.read_bytes()


def test_a_trait_answered_in_between_is_a_question_answered() -> None:
    old = case(BLACK)
    assert "schedule.months_to_next_election" in {q.trait for q in diagnose(old, engine="python").open_questions}
    new = case(BLACK)
    new.setdefault("schedule", {})["months_to_next_election"] = 40
    c = compare(old, new, engine="python")
    assert [q.trait for q in c.questions_answered] == ["schedule.months_to_next_election"]
    assert c.questions_appeared == ()
    back = compare(new, old, engine="python")
    assert [q.trait for q in back.questions_appeared] == ["schedule.months_to_next_election"]


def test_a_broken_saved_diagnosis_is_explained_in_french_by_default(tmp_path: Path) -> None:
    bad = tmp_path / "ancien.json"
    bad.write_text('{"schema_version": "0.1", "findings": []}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(bad), str(PINK), "--lang", "fr"])
    assert result.exit_code == 2
    assert "ancien.json\u00a0: diagnostic d'un format que cette version ne lit pas" in result.output
    assert "conseil\u00a0: diagnostiquez à nouveau" in result.output and "hint:" not in result.output
