"""`risk-advisor import EXPORT -o FOLDER`: one valid project file per row, never a lost file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from risk_advisor.cli import validate_cmd
from risk_advisor.cli._exit import EXIT_BAD_INPUT, EXIT_OK
from risk_advisor.cli.main import cli
from risk_advisor.loading import load_project
from risk_advisor.model.project import Project
from risk_advisor.portfolio import Imported, read_sources
from risk_advisor.portfolio.importers import Rejected
from risk_advisor.portfolio.project_files import MANIFEST, file_text

EXPORTS = Path(__file__).parent / "data" / "exports"
SAMPLES = Path(__file__).parent / "data" / "portfolio"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["import", *args])
    return result.exit_code, result.stderr


def yaml_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.yaml"))


class TestWritesProjectFiles:
    def test_one_valid_file_per_row_naming_its_source_and_row(self, tmp_path: Path) -> None:
        export = EXPORTS / "consul_admin_fr.csv"
        code, stderr = run(str(export), "-o", str(tmp_path / "projets"))
        assert code == EXIT_OK, stderr
        names = yaml_files(tmp_path / "projets")
        assert names == ["consul-301.yaml", "consul-302.yaml", "consul-303.yaml", "consul-304.yaml"]
        for name in names:
            path = tmp_path / "projets" / name
            assert CliRunner().invoke(validate_cmd.command, [str(path)]).exit_code == EXIT_OK
        text = (tmp_path / "projets" / "consul-301.yaml").read_text(encoding="utf-8")
        assert text.startswith(f"# Imported by risk-advisor import from {export}, row 2.\n")
        project = load_project(tmp_path / "projets" / "consul-301.yaml")
        assert project.name == "Jardin partagé rue des Lilas" and project.budget is not None
        assert project.budget.investment == 45_000
        assert "4 project files written" in stderr

    def test_every_shipped_export_imports_into_valid_files(self, tmp_path: Path) -> None:
        for export in [*sorted(EXPORTS.glob("*.csv")), EXPORTS / "consul_api.json"]:
            out = tmp_path / export.stem
            code, stderr = run(str(export), "-o", str(out))
            assert code == EXIT_OK, stderr
            imported = [r for r in read_sources([export]) if isinstance(r, Imported)]
            assert len(yaml_files(out)) == len(imported)
            for path in out.glob("*.yaml"):
                load_project(path)  # raises on an invalid file

    def test_the_same_export_gives_the_same_bytes(self, tmp_path: Path) -> None:
        export = str(EXPORTS / "decidim_proposals.csv")
        run(export, "-o", str(tmp_path / "a"))
        run(export, "-o", str(tmp_path / "b"))
        for name in yaml_files(tmp_path / "a"):
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()

    def test_rejected_rows_are_reported_and_counted(self, tmp_path: Path) -> None:
        lines = (SAMPLES / "paris_sample.csv").read_bytes().splitlines(keepends=True)
        lines[3] = lines[3][:10] + b"\xff" + lines[3][10:]
        damaged = tmp_path / "paris.csv"
        damaged.write_bytes(b"".join(lines))
        code, stderr = run(str(damaged), "-o", str(tmp_path / "out"))
        assert code == EXIT_OK
        assert f"rejected: {damaged}:4: bytes that are not UTF-8" in stderr
        assert "20 project files written" in stderr and "1 rows rejected" in stderr
        assert len(yaml_files(tmp_path / "out")) == 20


class TestNeverOverwritesWhatItDidNotWrite:
    def test_a_foreign_file_stops_the_import_before_anything_is_written(self, tmp_path: Path) -> None:
        out = tmp_path / "out"
        out.mkdir()
        (out / "consul-302.yaml").write_text("name: mine\n", encoding="utf-8")
        code, stderr = run(str(EXPORTS / "consul_admin_fr.csv"), "-o", str(out))
        assert code == EXIT_BAD_INPUT
        assert "1 file(s) exist that import did not write: consul-302.yaml" in stderr
        assert yaml_files(out) == ["consul-302.yaml"]
        assert (out / "consul-302.yaml").read_text(encoding="utf-8") == "name: mine\n"
        assert not (out / MANIFEST).exists() and [p.name for p in out.iterdir()] == ["consul-302.yaml"]

    def test_force_replaces_it(self, tmp_path: Path) -> None:
        out = tmp_path / "out"
        out.mkdir()
        (out / "consul-302.yaml").write_text("name: mine\n", encoding="utf-8")
        code, _ = run(str(EXPORTS / "consul_admin_fr.csv"), "-o", str(out), "--force")
        assert code == EXIT_OK
        assert load_project(out / "consul-302.yaml").name == "Skatepark au parc municipal"

    def test_its_own_files_are_rewritten_on_a_new_import(self, tmp_path: Path) -> None:
        out = tmp_path / "out"
        assert run(str(EXPORTS / "consul_admin_fr.csv"), "-o", str(out))[0] == EXIT_OK
        assert run(str(EXPORTS / "consul_admin_fr.csv"), "-o", str(out))[0] == EXIT_OK

    def test_an_output_that_is_a_file_is_refused(self, tmp_path: Path) -> None:
        target = tmp_path / "export.csv"
        target.write_bytes((EXPORTS / "consul_admin_en.csv").read_bytes())
        code, _ = run(str(target), "-o", str(target))
        assert code == EXIT_BAD_INPUT
        assert target.read_bytes() == (EXPORTS / "consul_admin_en.csv").read_bytes()

    def test_a_folder_imported_into_itself_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "a.yaml").write_text("name: A\n", encoding="utf-8")
        code, stderr = run(str(tmp_path), "-o", str(tmp_path))
        assert code == EXIT_BAD_INPUT and "exist that import did not write: a.yaml" in stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml"]

    def test_an_unknown_export_is_refused_before_the_folder_is_created(self, tmp_path: Path) -> None:
        other = tmp_path / "other.csv"
        other.write_text("a;b\n1;2\n", encoding="utf-8")
        code, stderr = run(str(other), "-o", str(tmp_path / "out"))
        assert code == EXIT_BAD_INPUT and "unknown CSV export" in stderr
        assert not (tmp_path / "out").exists()


def test_a_source_value_cannot_break_out_of_its_comment() -> None:
    project = Project.model_validate({"name": "X"})
    imported = Imported("a\nname: evil.csv", 2, project, ("note",), (("feasibility", "Feasible\nname: pwned\u202e"),))
    text = file_text(imported)
    assert [line for line in text.splitlines() if not line.startswith("#")] == ["name: X"]


def test_a_rejected_record_is_not_a_file() -> None:
    assert not isinstance(Rejected("a", 1, ()), Imported)
