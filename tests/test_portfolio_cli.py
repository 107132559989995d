"""`risk-advisor batch`, as a participation office runs it over a platform export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from risk_advisor.cli import batch_cmd
from risk_advisor.cli._exit import EXIT_BAD_INPUT, EXIT_OK

ROOT = Path(__file__).parent.parent
SAMPLES = Path(__file__).parent / "data" / "portfolio"
GOLDEN = SAMPLES / "golden"
SMALL = ["--no-builtin", "--rules", str(Path(__file__).parent / "data" / "rules_small")]


def batch(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(batch_cmd.command, [*args, *SMALL], standalone_mode=False)
    if result.exception is not None:
        raise result.exception
    return result.return_value, result.stdout, result.stderr


# Each golden file and the batch run whose standard output it holds.
GOLDEN_RUNS: dict[str, tuple[str, ...]] = {
    "consul.csv": (str(SAMPLES / "consul_budget_investments.csv"), "--format", "csv"),
    "decidim_proposals.md": (str(SAMPLES / "decidim_proposals.csv"), "--format", "markdown", "--lang", "en"),
    "projects.html": (str(SAMPLES / "projects.jsonl"), "--format", "html"),
}
REGENERATE = "PYTHONPATH=src python -m tests.test_portfolio_cli"


def golden(name: str, data: bytes) -> None:
    """Compare ``data`` with its reviewed golden file; a test run never writes one."""
    path = GOLDEN / name
    assert path.exists(), f"missing golden {name}: run `{REGENERATE}`"
    assert data == path.read_bytes(), f"{name} differs from its golden file: if intended, run `{REGENERATE}`"


def regenerate() -> None:
    """Rewrite the golden files from the current code; then review ``git diff tests/data/portfolio``."""
    GOLDEN.mkdir(exist_ok=True)
    for stale in {p.name for p in GOLDEN.iterdir()} - set(GOLDEN_RUNS):
        (GOLDEN / stale).unlink()
    for name, args in GOLDEN_RUNS.items():
        _, stdout, _ = batch(*args)
        (GOLDEN / name).write_bytes(stdout.encode("utf-8"))
    print(f"wrote {len(GOLDEN_RUNS)} golden files in {GOLDEN}")


def test_every_golden_file_is_made_by_a_listed_run() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(GOLDEN_RUNS)


class TestParisExport:
    def test_imports_without_crash_and_counts_defects_in_the_summary(self, tmp_path: Path) -> None:
        out = tmp_path / "out.jsonl"
        code, stdout, stderr = batch(str(SAMPLES / "paris_sample.csv"), "-o", str(out))
        assert code == EXIT_OK and stdout == ""
        assert len(out.read_text(encoding="utf-8").splitlines()) == 21
        assert stderr.startswith("21 projets diagnostiqués, 0 lignes rejetées\n")
        assert "     2  sans titre\n" in stderr  # the summary speaks the report's language, defects included
        assert "     3  sans direction pilote\n" in stderr
        _, _, english = batch(str(SAMPLES / "paris_sample.csv"), "--lang", "en", "-o", str(out))
        assert "     2  no title\n" in english and "     3  no lead service\n" in english
        assert "sans" not in english and "Projets" not in english

    def test_two_jobs_write_the_same_bytes_as_one(self, tmp_path: Path) -> None:
        for fmt in ("jsonl", "csv"):
            one, two = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
            batch(str(SAMPLES / "paris_sample.csv"), "--format", fmt, "-o", str(one))
            batch(str(SAMPLES / "paris_sample.csv"), "--format", fmt, "--jobs", "2", "-o", str(two))
            assert one.read_bytes() == two.read_bytes()


class TestAsOf:
    """"Now" is an input: the same file and the same --as-of give the same bytes."""

    def test_two_runs_with_the_same_as_of_are_identical(self, tmp_path: Path) -> None:
        one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
        batch(str(SAMPLES / "paris_sample.csv"), "--as-of", "2025-01-15", "-o", str(one))
        batch(str(SAMPLES / "paris_sample.csv"), "--as-of", "2025-01-15", "--jobs", "2", "-o", str(two))
        assert one.read_bytes() == two.read_bytes()

    def test_a_malformed_date_is_refused_with_exit_2(self) -> None:
        result = CliRunner().invoke(batch_cmd.command, [str(SAMPLES / "paris_sample.csv"), "--as-of", "15/01/2025"])
        assert result.exit_code == EXIT_BAD_INPUT
        assert "Invalid value for '--as-of'" in result.output


class TestPlatformExports:
    def test_the_malformed_row_is_reported_by_number_and_the_run_goes_on(self) -> None:
        sample = SAMPLES / "decidim_budget_projects.csv"
        code, stdout, stderr = batch(str(sample))
        assert code == EXIT_OK
        assert f"rejected: {sample}:4: " in stderr
        assert ", 1 lignes rejetées\n" in stderr
        assert stdout.count("\n") == 2

    @pytest.mark.parametrize(
        ("sample", "note"),
        [("consul_budget_investments.csv", "price not read"), ("decidim_proposals.csv", "cost not read")],
    )
    def test_an_unreadable_value_is_a_counted_note_not_a_lost_row(self, sample: str, note: str) -> None:
        code, stdout, stderr = batch(str(SAMPLES / sample))
        assert code == EXIT_OK
        assert "6 projets diagnostiqués, 0 lignes rejetées\n" in stderr
        assert f"     1  {note}\n" in stderr
        assert stdout.count("\n") == 6

    def test_csv_output_is_for_french_excel(self) -> None:
        _, stdout, _ = batch(*GOLDEN_RUNS["consul.csv"])
        assert stdout.startswith("\ufeffreference;name;source_row;critical;high;medium;low;")
        golden("consul.csv", stdout.encode("utf-8"))

    def test_markdown_report(self) -> None:
        _, stdout, _ = batch(*GOLDEN_RUNS["decidim_proposals.md"])
        assert stdout.startswith("# Project portfolio\n")
        golden("decidim_proposals.md", stdout.encode("utf-8"))


class TestHtmlAndJsonl:
    def test_html_is_self_contained_and_escaped(self) -> None:
        _, stdout, stderr = batch(*GOLDEN_RUNS["projects.html"])
        assert "<script>" not in stdout and "&lt;script&gt;" in stdout
        assert "http" not in stdout.split("<body>")[0]  # nothing fetched
        assert stdout.rstrip().endswith("</html>")
        assert f"{SAMPLES / 'projects.jsonl'}:4: " in stderr and f"{SAMPLES / 'projects.jsonl'}:5: " in stderr
        golden("projects.html", stdout.encode("utf-8"))

    def test_jsonl_is_one_compact_diagnosis_per_line(self) -> None:
        _, stdout, _ = batch(str(SAMPLES / "projects.jsonl"))
        lines = stdout.splitlines()
        assert len(lines) == 3 and all(line.startswith('{"schema_version":') for line in lines)


class TestErrors:
    def run_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        command = [sys.executable, "-m", "risk_advisor.cli.main", "batch", *args, *SMALL]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)

    def test_an_unknown_format_exits_2_with_a_clear_message(self, tmp_path: Path) -> None:
        other = tmp_path / "x.csv"
        other.write_text("a,b\n1,2\n", encoding="utf-8")
        done = self.run_cli(str(other))
        assert done.returncode == EXIT_BAD_INPUT
        assert "unknown CSV export" in done.stderr and "--from" in done.stderr
        assert done.stdout == ""

    def test_a_missing_input_exits_2_before_any_output(self, tmp_path: Path) -> None:
        done = self.run_cli(str(SAMPLES / "projects.jsonl"), str(tmp_path / "missing.jsonl"))
        assert done.returncode == EXIT_BAD_INPUT and done.stdout == ""
        assert "no such file" in done.stderr


if __name__ == "__main__":
    regenerate()
