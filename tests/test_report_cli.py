"""`risk-advisor diagnose` and `checklist`: outputs, formats, language, exit codes."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
import pytest
import yaml

from risk_advisor.cli import checklist_cmd, diagnose_cmd
from risk_advisor.cli._exit import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, run
from risk_advisor.diagnosis import SCHEMA_VERSION

from .report_cases import CASES, small_catalogue

_GROUP = click.Group("risk-advisor", commands=[diagnose_cmd.command, checklist_cmd.command])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for module in (diagnose_cmd, checklist_cmd):
        monkeypatch.setattr(module, "load_catalogue", lambda *dirs: small_catalogue())
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "project.yaml"
    black = {k: v for k, v in CASES["black"].items() if k != "acknowledged_risks"}
    path.write_text(yaml.safe_dump(black, allow_unicode=True), encoding="utf-8")
    return path


def invoke(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes], *args: str):
    monkeypatch.setattr(sys, "argv", ["risk-advisor", *args])
    with pytest.raises(SystemExit) as exit_info:
        run(_GROUP)
    out, err = capsysbinary.readouterr()
    return exit_info.value.code, out, err.decode("utf-8")


class TestOutputs:
    def test_several_formats_in_one_run_by_extension(self, project: Path, monkeypatch, capsysbinary) -> None:
        code, out, err = invoke(monkeypatch, capsysbinary, "diagnose", str(project), "--engine", "python",
                                "-o", "report.html", "--output", "register.csv", "-o", "r.md", "-o", "d.json")
        assert code == EXIT_FINDINGS and out == b""
        assert Path("report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert Path("register.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        assert Path("r.md").read_text(encoding="utf-8").startswith("# Diagnostic des risques")
        assert json.loads(Path("d.json").read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION == "2.0"
        assert "report.html (html)" in err and "register.csv (csv)" in err

    def test_no_temporary_file_is_left_behind(self, project: Path, monkeypatch, capsysbinary) -> None:
        invoke(monkeypatch, capsysbinary, "diagnose", str(project), "--engine", "python", "-o", "a.txt")
        assert sorted(p.name for p in project.parent.iterdir()) == ["a.txt", "project.yaml"]

    def test_refuses_to_overwrite_the_project_file(self, project: Path, monkeypatch, capsysbinary) -> None:
        before = project.read_bytes()
        for target in ("project.yaml", "./project.yaml", str(project)):
            code, _, err = invoke(monkeypatch, capsysbinary, "diagnose", str(project), "--format", "json",
                                  "-o", target)
            assert code == EXIT_BAD_INPUT and "c'est l'entrée" in err and "rien n'a été lu ni écrit" in err
        os.symlink(project, "link.json")
        code, _, err = invoke(monkeypatch, capsysbinary, "diagnose", str(project), "-o", "link.json")
        assert code == EXIT_BAD_INPUT
        assert project.read_bytes() == before

    def test_unknown_extension_is_a_clear_error(self, project: Path, monkeypatch, capsysbinary) -> None:
        code, _, err = invoke(monkeypatch, capsysbinary, "diagnose", str(project), "--lang", "en", "-o", "x.pdf")
        assert code == EXIT_BAD_INPUT
        assert "cannot tell the format of “x.pdf”: use one of the extensions .txt, .json" in err
        assert not Path("x.pdf").exists()

    def test_format_names_the_format_of_a_single_output(self, project: Path, monkeypatch, capsysbinary) -> None:
        code, _, _ = invoke(monkeypatch, capsysbinary, "diagnose", str(project), "--format", "csv", "-o", "r.dat")
        assert code == EXIT_FINDINGS and Path("r.dat").read_bytes().startswith(b"\xef\xbb\xbf")
        code, _, err = invoke(monkeypatch, capsysbinary, "diagnose", str(project), "--format", "csv",
                              "-o", "a.csv", "-o", "b.csv")
        assert code == EXIT_BAD_INPUT and "--format" in err

    def test_nothing_is_written_when_one_output_is_wrong(self, project: Path, monkeypatch, capsysbinary) -> None:
        code, _, _ = invoke(monkeypatch, capsysbinary, "diagnose", str(project), "-o", "ok.html", "-o", "no/x.csv")
        assert code == EXIT_BAD_INPUT and not Path("ok.html").exists()

    def test_stdout_is_byte_exact(self, project: Path, monkeypatch, capsysbinary) -> None:
        _, out, _ = invoke(monkeypatch, capsysbinary, "diagnose", str(project), "--format", "csv")
        assert out.startswith(b"\xef\xbb\xbf") and out.endswith(b"\r\n")


class TestLanguageAndExitCodes:
    def test_language_comes_from_the_locale(self, project: Path, monkeypatch, capsysbinary) -> None:
        monkeypatch.setenv("LANG", "en_US.UTF-8")
        _, out, _ = invoke(monkeypatch, capsysbinary, "diagnose", str(project), "--engine", "python")
        assert "CRITICAL (2)" in out.decode()
        monkeypatch.setenv("LANG", "de_DE.UTF-8")
        _, out, _ = invoke(monkeypatch, capsysbinary, "diagnose", str(project), "--engine", "python")
        assert "CRITIQUE (2)" in out.decode()

    def test_no_colour_when_not_a_terminal(self, project: Path, monkeypatch, capsysbinary) -> None:
        _, out, _ = invoke(monkeypatch, capsysbinary, "diagnose", str(project))
        assert b"\x1b[" not in out

    @pytest.mark.parametrize(
        ("fail_on", "expected"), [("critical", EXIT_FINDINGS), ("low", EXIT_FINDINGS), ("never", EXIT_OK)]
    )
    def test_fail_on(self, project: Path, monkeypatch, capsysbinary, fail_on: str, expected: int) -> None:
        code, _, _ = invoke(monkeypatch, capsysbinary, "diagnose", str(project), "--fail-on", fail_on)
        assert code == expected

    def test_accepted_risks_do_not_fail_the_run(self, tmp_path: Path, project: Path, monkeypatch,
                                                 capsysbinary) -> None:
        grey = tmp_path / "grey.yaml"
        data = dict(CASES["grey"], acknowledged_risks=[
            {"risk": "technocratic", "justification": "ok", "owner": "DGS", "review_date": "2999-01-01"}])
        grey.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        code, _, _ = invoke(monkeypatch, capsysbinary, "diagnose", str(grey), "--fail-on", "low")
        assert code == EXIT_OK


class TestChecklistCommand:
    @pytest.mark.parametrize("ext", ["md", "html", "csv", "json"])
    def test_writes_every_checklist_format(self, project: Path, monkeypatch, capsysbinary, ext: str) -> None:
        code, _, _ = invoke(monkeypatch, capsysbinary, "checklist", str(project), "-o", f"kickoff.{ext}")
        assert code == EXIT_OK and Path(f"kickoff.{ext}").stat().st_size > 0

    def test_markdown_to_stdout_by_default(self, project: Path, monkeypatch, capsysbinary) -> None:
        code, out, _ = invoke(monkeypatch, capsysbinary, "checklist", str(project), "--lang", "en")
        assert code == EXIT_OK and out.decode().startswith("# Kickoff checklist")

    def test_refuses_a_text_file(self, project: Path, monkeypatch, capsysbinary) -> None:
        code, _, err = invoke(monkeypatch, capsysbinary, "checklist", str(project), "-o", "c.txt")
        assert code == EXIT_BAD_INPUT and "«\u00a0text\u00a0»" in err
