"""Hostile probes on what risk-advisor reads and writes (issue 10, §2–4, §7–8), one test each.

Outputs never destroy a file (§2)
- batch -o IN, where IN is an input, a symbolic link to it, a hard link to it, or a project file
  inside an input folder: exit 2 before anything is read; the input is untouched (a report.html
  beside the projects is fine)
- the refusal comes before the input is even looked at (an unreadable export included)
- an error during the run, or a refused empty export, leaves the previous output byte for byte
- Ctrl-C (SIGINT): exit 130, one line, no traceback (durable's callback used to print one), the
  previous output as it was and no temporary file left; SIGTERM likewise, exit 143
- with -o - (or no -o) batch streams to the standard output

Special files and failing writes (§3)
- a device (/dev/null, /dev/full as created by mknod) or a FIFO is written in place, never
  replaced by a regular file
- a full device, a read-only folder, a full standard output: exit 2 with the path and the reason,
  for every writing command

Formula injection (§4)
- the one neutralising function on =HYPERLINK(…), @SUM(1), +1, -1, a leading tab or CR (never
  stripped into a bare =1+1), the real Paris title « + de végétal dans les quartiers populaires »
- every cell of batch CSV (name and reference included), the register and the checklist
- no CSV is written anywhere but through that one writer

Nothing silently ignored (§7)
- acknowledged_risks: a rule ID stands for its risk; an unknown ID is exit 2 with file:line and a
  "did you mean"; a risk accepted twice is an error; an acknowledgement whose risk did not fire
  is listed in the diagnosis and the reports; batch rejects only the row concerned
- YAML: !!python/… and any other explicit tag is refused, with line and column
- JSON nested too deep for the parser: the error names a line
- batch FOLDER: files that are not project descriptions are summed up in one line; a folder
  named x.yaml is reported
- terminal output: control characters from user text (ANSI escapes, C1, U+202E) are shown
  escaped, in the text report and in error messages

One command line (§8)
- every writing command takes -o, and picks the format from the extension through the one table
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from risk_advisor import diagnose, load_catalogue
from risk_advisor._printable import printable
from risk_advisor.cli import main
from risk_advisor.report import EXTENSIONS
from risk_advisor.report._csv import neutralise
from risk_advisor.report.csv_register import read_register
from risk_advisor.report.output import EXTENSIONS as OUTPUT_EXTENSIONS

ROOT = Path(__file__).parent.parent
SRC = ROOT / "src"
DATA = Path(__file__).parent / "data"
SMALL = ["--no-builtin", "--rules", str(DATA / "rules_small")]
PARIS_SAMPLE = DATA / "portfolio" / "paris_sample.csv"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ENV = {**os.environ, "PYTHONPATH": str(SRC), "LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}

main._register()


def cli(*args: str) -> tuple[int, str, str]:
    """Run the command group in process: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main.cli, list(args), standalone_mode=False, env={"LANG": "en_GB.UTF-8"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    code = result.return_value if isinstance(result.return_value, int) else result.exit_code
    return code, result.stdout, result.stderr


def run_cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    options: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "risk_advisor.cli.main", *args], env=ENV, timeout=120, **options
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "project.yaml"
    path.write_text("name: Jardin\nkinds: [participatory_budget]\norigin: citizens\n", encoding="utf-8")
    return path


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text('{"name": "a"}\n{"name": "b"}\n', encoding="utf-8")
    return path


def _mknod(path: Path, minor: int) -> Path:
    """A character device like /dev/null (minor 3) or /dev/full (minor 7), in a test folder."""
    if not IS_ROOT:
        pytest.skip("creating a device needs root (the probe: root replaced /dev/full with a file)")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return path


# ---------------------------------------------------------------- §2 outputs never destroy a file


class TestOutputIsNeverAnInput:
    def test_batch_refuses_to_write_over_its_input(self, jsonl: Path) -> None:
        before = jsonl.read_bytes()
        code, _, err = cli("batch", str(jsonl), "-o", str(jsonl), *SMALL)
        assert code == 2 and "it is the input" in err and "nothing was read or written" in err
        assert jsonl.read_bytes() == before

    def test_batch_refuses_a_symbolic_link_to_its_input(self, jsonl: Path) -> None:
        link = jsonl.with_name("link.jsonl")
        link.symlink_to(jsonl)
        before = jsonl.read_bytes()
        code, _, err = cli("batch", str(jsonl), "-o", str(link), *SMALL)
        assert code == 2 and "it is the input" in err
        assert jsonl.read_bytes() == before and link.is_symlink()

    def test_batch_refuses_a_hard_link_to_its_input(self, jsonl: Path) -> None:
        hard = jsonl.with_name("hard.jsonl")
        os.link(jsonl, hard)
        before = jsonl.read_bytes()
        code, _, err = cli("batch", str(jsonl), "-o", str(hard), *SMALL)
        assert code == 2 and "it is the input" in err
        assert jsonl.read_bytes() == before

    def test_batch_refuses_a_project_file_inside_an_input_folder(self, tmp_path: Path, project: Path) -> None:
        before = project.read_bytes()
        for target in (project, tmp_path / "sub" / "new.json"):
            (tmp_path / "sub").mkdir(exist_ok=True)
            code, _, err = cli("batch", str(tmp_path), "-o", str(target), *SMALL)
            assert code == 2 and "it would be read as a project of the input folder" in err
        assert project.read_bytes() == before and not (tmp_path / "sub" / "new.json").exists()

    def test_batch_may_write_a_report_beside_the_projects_it_reads(self, tmp_path: Path, project: Path) -> None:
        before = project.read_bytes()
        code, _, _ = cli("batch", str(tmp_path), "-o", str(tmp_path / "portfolio.html"), *SMALL)
        assert code == 0 and (tmp_path / "portfolio.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")
        assert project.read_bytes() == before

    def test_batch_refuses_a_hard_link_to_a_file_inside_an_input_folder(
        self, tmp_path: Path, project: Path
    ) -> None:
        elsewhere = tmp_path.parent / f"{tmp_path.name}-out"
        elsewhere.mkdir()
        hard = elsewhere / "report.jsonl"
        os.link(project, hard)
        code, _, err = cli("batch", str(tmp_path), "-o", str(hard), *SMALL)
        assert code == 2 and "it is the input" in err

    def test_the_refusal_comes_before_the_input_is_read(self, tmp_path: Path) -> None:
        garbage = tmp_path / "export.csv"
        garbage.write_text("not;a;known;export\n", encoding="utf-8")
        code, _, err = cli("batch", str(garbage), "--format", "csv", "-o", str(garbage), *SMALL)
        assert code == 2 and "it is the input" in err and "unknown CSV export" not in err
        assert garbage.read_text(encoding="utf-8") == "not;a;known;export\n"


class TestPreviousOutputSurvives:
    def test_an_error_during_the_run_leaves_the_previous_output(
        self, jsonl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from risk_advisor.cli import batch_cmd
        from risk_advisor.errors import RiskAdvisorError

        def failing_run(records: object, out: io.StringIO, **_: object) -> None:
            out.write('{"half": "a row"}\n')
            raise RiskAdvisorError("the engine gave up half-way")

        monkeypatch.setattr(batch_cmd, "run_batch", failing_run)
        old = tmp_path / "old.jsonl"
        old.write_bytes(b"previous output\n")
        code, _, err = cli("batch", str(jsonl), "-o", str(old), *SMALL)
        assert code == 2 and "half-way" in err
        assert old.read_bytes() == b"previous output\n"
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    def test_a_refused_empty_export_leaves_the_previous_output(self, tmp_path: Path) -> None:
        empty = tmp_path / "export.csv"
        empty.write_bytes(b"")
        old = tmp_path / "portfolio.csv"
        old.write_bytes(b"previous;output\r\n")
        code, _, _ = cli("batch", str(empty), "-o", str(old), *SMALL)
        assert code == 2
        assert old.read_bytes() == b"previous;output\r\n"

    @pytest.mark.parametrize(
        ("sig", "code", "jobs"), [(signal.SIGINT, 130, "1"), (signal.SIGTERM, 143, "1"), (signal.SIGTERM, 143, "2")]
    )
    def test_a_signal_leaves_the_previous_output_and_says_one_line(
        self, tmp_path: Path, sig: signal.Signals, code: int, jobs: str
    ) -> None:
        """The signal goes to the whole process group, as a terminal's Ctrl-C or a `kill -- -PGID` does."""
        big = tmp_path / "big.jsonl"
        row = {"name": "p", "kinds": ["participatory_budget"], "origin": "citizens"}
        big.write_text((json.dumps(row) + "\n") * 200_000, encoding="utf-8")
        old = tmp_path / "old.jsonl"
        old.write_bytes(b"previous output\n")
        process = subprocess.Popen(
            [sys.executable, "-m", "risk_advisor.cli.main", "batch", str(big), "-o", str(old), "--jobs", jobs],
            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        )
        time.sleep(2.5)  # started, and deep in durable's callbacks
        os.killpg(process.pid, sig)
        _, err = process.communicate(timeout=60)
        assert process.returncode == code
        assert err.decode().splitlines() == ["interrupted: nothing was written"]
        assert old.read_bytes() == b"previous output\n"
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []

    def test_batch_streams_to_the_standard_output(self, jsonl: Path) -> None:
        for args in ((), ("-o", "-")):
            code, out, _ = cli("batch", str(jsonl), *args, *SMALL)
            assert code == 0 and [json.loads(line)["project"] for line in out.splitlines()] == ["a", "b"]


# ---------------------------------------------------------------- §3 special files, failing writes

WRITERS = {
    "diagnose": ["diagnose", "{project}", "--fail-on", "never", "--format", "json"],
    "checklist": ["checklist", "{project}", "--format", "json"],
    "batch": ["batch", "{jsonl}", "--format", "jsonl", *SMALL],
    "graph": ["graph", "--format", "dot"],
}


def _writer(name: str, project: Path, jsonl: Path) -> list[str]:
    return [a.format(project=project, jsonl=jsonl) for a in WRITERS[name]]


class TestSpecialFiles:
    @pytest.mark.parametrize("command", list(WRITERS))
    def test_a_null_device_is_written_in_place_not_replaced(
        self, command: str, tmp_path: Path, project: Path, jsonl: Path
    ) -> None:
        null = _mknod(tmp_path / "null", 3)
        code, _, err = cli(*_writer(command, project, jsonl), "-o", str(null))
        assert code == 0, err
        assert stat.S_ISCHR(null.stat().st_mode)

    @pytest.mark.parametrize("command", list(WRITERS))
    def test_a_full_device_is_exit_2_with_path_and_reason_and_stays_a_device(
        self, command: str, tmp_path: Path, project: Path, jsonl: Path
    ) -> None:
        full = _mknod(tmp_path / "full", 7)
        code, _, err = cli(*_writer(command, project, jsonl), "-o", str(full))
        assert code == 2 and f"cannot write “{full}”: No space left on device" in err
        assert stat.S_ISCHR(full.stat().st_mode)

    def test_a_fifo_is_written_in_place(self, tmp_path: Path, project: Path) -> None:
        fifo = tmp_path / "report.fifo"
        os.mkfifo(fifo)
        reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
        done = run_cli("diagnose", str(project), "--fail-on", "never", "--format", "json", "-o", str(fifo))
        received = reader.communicate(timeout=60)[0]
        assert done.returncode == 0 and json.loads(received)["project"] == "Jardin"
        assert stat.S_ISFIFO(fifo.stat().st_mode)

    def test_dash_is_the_standard_output(self, project: Path) -> None:
        code, out, _ = cli("diagnose", str(project), "--fail-on", "never", "--format", "json", "-o", "-")
        assert code == 0 and json.loads(out)["project"] == "Jardin"

    @pytest.mark.parametrize("command", list(WRITERS))
    def test_a_read_only_folder_is_exit_2_with_path_and_reason(
        self, command: str, tmp_path: Path, project: Path, jsonl: Path
    ) -> None:
        if IS_ROOT:  # root writes anywhere on a normal file system; sysfs refuses even root
            if not os.path.isdir("/sys/kernel"):
                pytest.skip("no /sys to refuse root a write")
            target = "/sys/kernel/report.out"
        else:
            locked = tmp_path / "locked"
            locked.mkdir(mode=0o555)
            target = str(locked / "report.out")
        code, _, err = cli(*_writer(command, project, jsonl), "-o", target)
        assert code == 2 and f"cannot write “{target}”" in err
        assert any(reason in err for reason in ("Permission denied", "Read-only", "Operation not permitted"))

    def test_a_full_standard_output_is_exit_2(self, project: Path) -> None:
        with open(os.devnull if not os.path.exists("/dev/full") else "/dev/full", "wb") as full:
            done = run_cli("diagnose", str(project), "--fail-on", "never", stdout=full)
        if not os.path.exists("/dev/full"):
            pytest.skip("no /dev/full here")
        assert done.returncode == 2
        assert "cannot write “<stdout>”: No space left on device" in done.stderr.decode()


# ---------------------------------------------------------------- §4 formula injection

HOSTILE = ['=HYPERLINK("http://evil.example","clic")', "@SUM(1)", "+1", "-1", "\t=1+1", "\r=1+1", "=1+1"]
PARIS_TITLE = "+ de végétal dans les quartiers populaires"


class TestFormulaInjection:
    @pytest.mark.parametrize("value", [*HOSTILE, PARIS_TITLE])
    def test_the_one_function_neutralises(self, value: str) -> None:
        cell = neutralise(value)
        assert cell.startswith("'") and cell[1:] == " ".join(value.split())

    def test_a_leading_tab_or_cr_never_leaves_a_bare_formula(self) -> None:
        assert neutralise("\t=1+1") == neutralise("\r=1+1") == "'=1+1"

    def test_numbers_and_plain_text_are_left_alone(self) -> None:
        assert (neutralise(-1), neutralise(3), neutralise("Jardin partagé")) == ("-1", "3", "Jardin partagé")

    @pytest.mark.parametrize("value", HOSTILE)
    def test_every_batch_csv_cell_is_neutralised_name_and_reference_included(
        self, value: str, tmp_path: Path
    ) -> None:
        source = tmp_path / "hostile.jsonl"
        source.write_text(json.dumps({"name": value, "reference": value}) + "\n", encoding="utf-8")
        code, out, _ = cli("batch", str(source), "--format", "csv", *SMALL)
        rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"), newline=""), delimiter=";"))
        assert code == 0 and len(rows) == 2
        header, row = rows
        assert row[header.index("name")] == row[header.index("reference")] == neutralise(value)
        assert not any(cell.startswith(FORMULA_START) for r in rows for cell in r)

    def test_the_real_paris_title_is_neutralised_in_batch_csv(self, tmp_path: Path) -> None:
        lines = PARIS_SAMPLE.read_text(encoding="utf-8-sig").splitlines()
        cells = lines[1].split(";")
        cells[4] = PARIS_TITLE
        export = tmp_path / "bp_projets_gagnants.csv"
        export.write_text("\n".join([lines[0], ";".join(cells)]) + "\n", encoding="utf-8")
        code, out, _ = cli("batch", str(export), "--format", "csv", *SMALL)
        assert code == 0 and f";'{PARIS_TITLE};" in out

    def test_register_and_checklist_cells_are_neutralised(self, tmp_path: Path) -> None:
        path = tmp_path / "p.yaml"
        path.write_text(yaml.safe_dump({
            "name": "=1+1", "reference": "@SUM(1)", "origin": "citizens",
            "governance": {"technical_lookout": False},
            "acknowledged_risks": [{"risk": "no-technical-lookout", "justification": "\t=HYPERLINK(1)",
                                    "owner": "+33 1 23", "review_date": "2099-01-01"}],
        }), encoding="utf-8")
        d = diagnose(path, engine="python", lang="en")
        from risk_advisor.report import render
        from risk_advisor.report.checklist import render_checklist

        for data in (render(d, "csv"), render_checklist(d, "csv")):
            cells = [c for row in read_register(data.encode()) for c in row]
            assert cells and not any(c.startswith(FORMULA_START) for c in cells)
        assert "'+33 1 23" in render(d, "csv")

    def test_no_csv_is_written_but_through_the_one_writer(self) -> None:
        writers = sorted(
            str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if "csv.writer(" in p.read_text(encoding="utf-8")
        )
        assert writers == ["risk_advisor/report/_csv.py"]


# ---------------------------------------------------------------- §7 nothing silently ignored


def _ack_project(tmp_path: Path, *risks: str, **extra: object) -> Path:
    path = tmp_path / "acks.yaml"
    path.write_text(yaml.safe_dump({
        "name": "Portail", "origin": "citizens", "governance": {"technical_lookout": False}, **extra,
        "acknowledged_risks": [
            {"risk": r, "justification": "known", "owner": "DGS", "review_date": "2099-01-01"} for r in risks
        ],
    }), encoding="utf-8")
    return path


class TestAcknowledgements:
    def test_the_rule_id_the_report_shows_accepts_its_risk(self, tmp_path: Path) -> None:
        d = diagnose(_ack_project(tmp_path, "GOV-CITIZEN-NO-LOOKOUT"), engine="python")
        assert "no-technical-lookout" in {f.risk_id for f in d.acknowledged}
        assert "no-technical-lookout" not in {f.risk_id for f in d.findings}

    def test_an_unknown_id_is_exit_2_with_its_line_and_a_suggestion(self, tmp_path: Path) -> None:
        path = _ack_project(tmp_path, "GOV-CITIZEN-NO-LOOKOU")
        code, _, err = cli("diagnose", str(path))
        line = path.read_text(encoding="utf-8").splitlines().index("- justification: known") + 1
        assert code == 2
        assert f"{path}:{line + 3}:" in err and "`GOV-CITIZEN-NO-LOOKOU` is neither a risk ID nor a rule ID" in err
        assert "did you mean `GOV-CITIZEN-NO-LOOKOUT`?" in err

    def test_validate_reports_an_unknown_acknowledgement(self, tmp_path: Path) -> None:
        code, out, _ = cli("validate", str(_ack_project(tmp_path, "no-such-risk")))
        assert code == 2 and "`no-such-risk` is neither a risk ID nor a rule ID" in out

    def test_a_risk_accepted_twice_is_an_error(self, tmp_path: Path) -> None:
        code, _, err = cli("diagnose", str(_ack_project(tmp_path, "GOV-CITIZEN-NO-LOOKOUT", "no-technical-lookout")))
        assert code == 2 and "the risk `no-technical-lookout` is already acknowledged" in err

    def test_an_acknowledgement_whose_risk_did_not_fire_is_listed(self, tmp_path: Path) -> None:
        path = _ack_project(tmp_path, "no-technical-lookout", governance={"technical_lookout": True})
        d = diagnose(path, engine="python", lang="en")
        assert [(u.risk, u.risk_id) for u in d.unused_acknowledgements] == [
            ("no-technical-lookout", "no-technical-lookout")
        ]
        from risk_advisor.report import render

        for fmt in ("text", "markdown", "html"):
            assert "Acknowledgements with no finding" in render(d, fmt)

    def test_batch_rejects_only_the_row_with_a_bad_acknowledgement(self, tmp_path: Path) -> None:
        bad = {"name": "b", "acknowledged_risks": [
            {"risk": "nope", "justification": "j", "owner": "o", "review_date": "2099-01-01"}]}
        source = tmp_path / "in.jsonl"
        source.write_text("\n".join(json.dumps(r) for r in ({"name": "a"}, bad, {"name": "c"})) + "\n", "utf-8")
        code, out, err = cli("batch", str(source), *SMALL)
        assert code == 0 and [json.loads(line)["project"] for line in out.splitlines()] == ["a", "c"]
        assert "`nope` is neither a risk ID nor a rule ID" in err


class TestSilentInputs:
    def test_a_python_yaml_tag_is_refused_with_its_position(self, tmp_path: Path) -> None:
        path = tmp_path / "p.yaml"
        path.write_text('name: !!python/object/apply:os.system ["echo pwned"]\n', encoding="utf-8")
        code, out, _ = cli("validate", str(path))
        assert code == 2
        assert f"{path}:1:7: YAML tags such as `!!python/object/apply:os.system` are not allowed" in out

    @pytest.mark.parametrize("tagged", ["!!str 12", "!!binary aGk=", "!local x", "!!set {a, b}", "!!int '3'"])
    def test_any_explicit_yaml_tag_is_refused(self, tagged: str, tmp_path: Path) -> None:
        path = tmp_path / "p.yaml"
        path.write_text(f"name: {tagged}\n", encoding="utf-8")
        code, out, _ = cli("validate", str(path))
        assert code == 2 and f"{path}:1:7: YAML tags such as" in out

    def test_a_json_nested_too_deep_for_the_parser_names_a_line(self, tmp_path: Path) -> None:
        path = tmp_path / "deep.json"
        path.write_text('{"name": "x",\n "a": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
        code, out, _ = cli("validate", str(path))
        assert code == 2 and f"{path}:2:70: nesting deeper than 64 levels" in out

    def test_batch_sums_up_the_files_that_are_not_projects_in_one_line(self, tmp_path: Path) -> None:
        for i in range(40):
            (tmp_path / f"case{i:02}.yaml").write_text(f"name: case {i}\n", encoding="utf-8")
            (tmp_path / f"case{i:02}.expected.json").write_text('{"schema_version": "1.0"}', encoding="utf-8")
        code, out, err = cli("batch", str(tmp_path), *SMALL)
        assert code == 0 and len(out.splitlines()) == 40
        lines = [line for line in err.splitlines() if "expected.json" in line]
        assert len(lines) == 1 and lines[0].startswith("skipped: 40 file(s) that are not project descriptions")

    def test_batch_reports_a_folder_named_like_a_project_file(self, tmp_path: Path) -> None:
        (tmp_path / "x.yaml").mkdir()
        code, _, err = cli("batch", str(tmp_path), *SMALL)
        assert code == 0 and f"{tmp_path / 'x.yaml'}: a folder named like a project file" in err

    def test_the_text_report_shows_control_characters_escaped(self, tmp_path: Path) -> None:
        path = tmp_path / "p.yaml"
        path.write_text('name: "\\e[31mRED\\u202eevil\\x9b2J"\nreference: "\\e]0;title\\a"\n', encoding="utf-8")
        code, out, _ = cli("diagnose", str(path), "--fail-on", "never")
        assert code == 0 and "\x1b" not in out and "\u202e" not in out and "\x9b" not in out
        assert "\\x1b[31mRED\\u202eevil\\x9b2J" in out

    def test_error_messages_show_control_characters_escaped(self, tmp_path: Path) -> None:
        path = tmp_path / "evil\x1b[2J\u202e.yaml"
        path.write_text("phase: idea\n", encoding="utf-8")
        code, _, err = cli("diagnose", str(path))
        assert code == 2 and "\x1b" not in err and "\u202e" not in err and "evil\\x1b[2J\\u202e.yaml" in err

    def test_printable_keeps_line_feeds_and_ordinary_text(self) -> None:
        assert printable("Jardin « partagé »\nligne 2") == "Jardin « partagé »\nligne 2"


# ---------------------------------------------------------------- §8 one command line


class TestOneCommandLine:
    @pytest.mark.parametrize(
        ("command", "name", "marker"),
        [
            ("diagnose", "report.html", "<!DOCTYPE html>"),
            ("checklist", "kickoff.md", "# "),
            ("batch", "portfolio.html", "<!DOCTYPE html>"),
            ("batch", "portfolio.csv", "\ufeffreference;"),
            ("graph", "catalogue.graphml", "<graphml"),
            ("graph", "catalogue.dot", "digraph"),
        ],
    )
    def test_every_writing_command_takes_o_and_the_format_from_the_extension(
        self, command: str, name: str, marker: str, tmp_path: Path, project: Path, jsonl: Path
    ) -> None:
        args = _writer(command, project, jsonl)
        if "--format" in args:
            i = args.index("--format")
            args = args[:i] + args[i + 2:]
        out = tmp_path / name
        code, _, err = cli(*args, "-o", str(out))
        assert code == 0, err
        assert out.read_text(encoding="utf-8").startswith(marker)

    @pytest.mark.parametrize(("command", "name"), [("batch", "out.txt"), ("graph", "g.md"), ("diagnose", "r.xyz")])
    def test_an_extension_the_command_cannot_write_is_exit_2(
        self, command: str, name: str, tmp_path: Path, project: Path, jsonl: Path
    ) -> None:
        args = _writer(command, project, jsonl)
        i = args.index("--format")
        code, _, err = cli(*args[:i], *args[i + 2:], "-o", str(tmp_path / name))
        assert code == 2 and "extensions" in err and not (tmp_path / name).exists()

    def test_there_is_one_extension_table(self) -> None:
        assert EXTENSIONS is OUTPUT_EXTENSIONS
        assert {EXTENSIONS[e] for e in (".jsonl", ".graphml", ".dot", ".html", ".csv", ".json")} == {
            "jsonl", "graphml", "dot", "html", "csv", "json"
        }
        commands = (SRC / "risk_advisor" / "cli").glob("*_cmd.py")
        writing = [p.name for p in commands if "--output" in p.read_text(encoding="utf-8") or "output_option" in
                   p.read_text(encoding="utf-8")]
        folder_writers = {"import_cmd.py"}  # -o names a folder of project files, not a report's format
        for name in sorted(set(writing) - folder_writers):
            assert "plan_outputs" in (SRC / "risk_advisor" / "cli" / name).read_text(encoding="utf-8"), name


def test_the_builtin_catalogue_knows_the_ids_these_probes_use() -> None:
    cat = load_catalogue()
    assert cat.rules["GOV-CITIZEN-NO-LOOKOUT"].risk == "no-technical-lookout"
