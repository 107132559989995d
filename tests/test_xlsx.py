"""The Excel register: read back with openpyxl, as a spreadsheet would open it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from risk_advisor import diagnose
from risk_advisor.report.checklist import build_checklist
from risk_advisor.report.csv_register import COLUMNS, read_register, render_csv
from risk_advisor.report.xlsx import CREATED, render_checklist_xlsx, render_xlsx

CASES = Path(__file__).resolve().parents[1] / "cases"
HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)", "+1", "-1", "\t=1+1", "=1+1"]


def book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.fixture(scope="module", params=["fr", "en"])
def black(request: pytest.FixtureRequest) -> tuple[bytes, object]:
    d = diagnose(CASES / "portail-familles-noir.yaml", engine="python", lang=request.param)
    return render_xlsx(d), d


def test_the_register_sheet_holds_the_csv_register_cell_for_cell(black: tuple[bytes, object]) -> None:
    data, d = black
    sheet = book(data).worksheets[0]
    csv_rows = read_register(render_csv(d).encode("utf-8"))  # type: ignore[arg-type]
    xlsx_rows = [["" if c.value is None else str(c.value) for c in row] for row in sheet.iter_rows()]
    assert xlsx_rows[0] == csv_rows[0]
    assert len(xlsx_rows) == len(csv_rows) > 1
    for mine, theirs in zip(xlsx_rows[1:], csv_rows[1:], strict=True):
        # the CSV puts several values on one line and folds white space; the workbook keeps
        # line breaks between values (and French no-break spaces)
        assert [" ".join(" | ".join(c.split("\n")).split()) for c in mine] == theirs


def test_numbers_are_numbers_and_texts_are_texts(black: tuple[bytes, object]) -> None:
    sheet = book(black[0]).worksheets[0]
    for name in ("likelihood", "impact", "score"):
        cell = sheet.cell(row=2, column=COLUMNS.index(name) + 1)
        assert isinstance(cell.value, int) and 1 <= cell.value <= 25
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_the_register_is_ready_to_keep_alive(black: tuple[bytes, object]) -> None:
    wb = book(black[0])
    sheet = wb.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{chr(ord('A') + len(COLUMNS) - 1)}{sheet.max_row}"
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    status = validations[f"{chr(ord('A') + COLUMNS.index('status'))}2"]
    owner = validations[f"{chr(ord('A') + COLUMNS.index('owner'))}2"]
    assert status.type == owner.type == "list"
    assert status.showErrorMessage and status.errorStyle in (None, "stop")  # a status must come from the list
    assert owner.errorStyle == "information"  # an owner may be a person's name
    lists = wb.worksheets[-1]
    assert lists.sheet_state == "hidden"
    statuses = {c.value for c in lists["A"][1:] if c.value}
    assert {"ouvert", "accepté"} <= statuses or {"open", "accepted"} <= statuses
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$1:$1"


def test_levels_are_shown_by_colour(black: tuple[bytes, object]) -> None:
    sheet = book(black[0]).worksheets[0]
    column = COLUMNS.index("level") + 1
    fills = {sheet.cell(row=r, column=column).value: sheet.cell(row=r, column=column).fill.fgColor.rgb
             for r in range(2, sheet.max_row + 1)}  # fmt: skip
    assert len(set(fills.values())) == len(fills) >= 2  # one colour per level


def test_the_workbook_names_its_tool_and_catalogue(black: tuple[bytes, object]) -> None:
    data, d = black
    props = book(data).properties
    assert d.project in (props.title or "")  # type: ignore[attr-defined]
    assert d.catalogue_version in (props.description or "")  # type: ignore[attr-defined]
    assert props.created == CREATED


def test_the_plan_and_questions_sheets_follow_the_diagnosis(black: tuple[bytes, object]) -> None:
    data, d = black
    wb = book(data)
    plan, questions = wb.worksheets[1], wb.worksheets[2]
    assert plan.max_row - 1 == len(d.action_plan)  # type: ignore[attr-defined]
    assert [plan.cell(row=r + 2, column=2).value for r in range(len(d.action_plan))] == [  # type: ignore[attr-defined]
        a.remedy.text for a in d.action_plan  # type: ignore[attr-defined]
    ]
    assert questions.max_row - 1 == len(d.open_questions)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_stays_text_never_a_formula(name: str) -> None:
    project = yaml.safe_load((CASES / "portail-familles-noir.yaml").read_text(encoding="utf-8"))
    project.update(name=name, reference=name, acknowledged_risks=[
        {"risk": "no-technical-lookout", "justification": name, "owner": name, "review_date": "2999-01-01"}
    ])  # fmt: skip
    d = diagnose(project, engine="python")
    data = render_xlsx(d)
    sheet = book(data).worksheets[0]
    owners = [sheet.cell(row=r, column=COLUMNS.index("owner") + 1).value for r in range(2, sheet.max_row + 1)]
    assert name.strip() in owners  # the hostile text is in the register, as the model keeps it
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.namelist():
            assert b"<f>" not in archive.read(entry), entry  # no formula anywhere
    c = render_checklist_xlsx(build_checklist(d), d.catalogue_version)
    assert book(c).properties.title.endswith(name.strip())  # type: ignore[union-attr]


def test_same_diagnosis_same_bytes() -> None:
    d = diagnose(CASES / "cantine-circuit-court-noir.yaml", engine="python")
    assert render_xlsx(d) == render_xlsx(d.model_copy())


def test_the_checklist_workbook_lists_every_item_with_a_done_column() -> None:
    d = diagnose(CASES / "cantine-circuit-court-noir.yaml", engine="python", lang="en")
    c = build_checklist(d)
    sheet = book(render_checklist_xlsx(c, d.catalogue_version)).worksheets[0]
    items = len(c.actions) + len(c.success_factors) + len(c.questions) + len(c.invite)
    assert sheet.max_row - 1 == items
    assert sheet.cell(row=1, column=6).value == "Done"
    assert [v.type for v in sheet.data_validations.dataValidation] == ["list"]


def test_diagnose_and_checklist_write_workbooks_by_extension(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from risk_advisor.cli.main import cli

    runner = CliRunner()
    case = str(CASES / "piste-cyclable-bp.yaml")
    register, checklist = tmp_path / "registre.xlsx", tmp_path / "lancement.xlsx"
    result = runner.invoke(cli, ["diagnose", case, "--engine", "python", "--fail-on", "never", "-o", str(register),
                                 "-o", str(tmp_path / "registre.csv")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert book(register.read_bytes()).worksheets[0].max_row - 1 == len(
        read_register((tmp_path / "registre.csv").read_bytes())
    ) - 1
    result = runner.invoke(cli, ["checklist", case, "--engine", "python", "-o", str(checklist)])
    assert result.exit_code == 0, result.output
    assert book(checklist.read_bytes()).worksheets[0].max_row > 1


def test_format_xlsx_goes_to_a_pipe_as_bytes() -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "risk_advisor.cli.main", "diagnose", str(CASES / "jardin-partage.yaml"),
               "--engine", "python", "--fail-on", "never", "--format", "xlsx", "--lang", "en"]  # fmt: skip
    run = subprocess.run(command, capture_output=True, check=True, timeout=120)
    assert run.stdout.startswith(b"PK\x03\x04")
    assert book(run.stdout).worksheets[0].cell(row=1, column=1).value == "Risk ID"


def test_batch_writes_one_row_per_project_and_a_summary(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    names = [*HOSTILE, "Jardin des Ruffins"]
    jsonl = tmp_path / "projects.jsonl"
    jsonl.write_text("".join(json.dumps({"name": n, "kinds": ["other"]}) + "\n" for n in names), encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"portfolio-{jobs}.xlsx"
        command = [sys.executable, "-m", "risk_advisor.cli.main", "batch", str(jsonl), "-o", str(out), "--quiet",
                   "--engine", "python", "--jobs", jobs, "--lang", "en"]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]  # same bytes whatever the number of processes
    wb = book(outputs[0])
    assert [s.title for s in wb.worksheets] == ["Summary", "Projects"]
    projects = wb.worksheets[1]
    assert [projects.cell(row=r, column=2).value for r in range(2, projects.max_row + 1)] == [
        n.strip() for n in names
    ]
    assert all(projects.cell(row=r, column=2).data_type == "s" for r in range(2, projects.max_row + 1))
    summary = {row[1].value: row[2].value for row in wb.worksheets[0].iter_rows(min_row=2)}
    assert summary["projects diagnosed"] == len(names)
    with zipfile.ZipFile(io.BytesIO(outputs[0])) as archive:
        assert not any(b"<f>" in archive.read(entry) for entry in archive.namelist())
