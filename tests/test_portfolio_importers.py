"""Importers: every source row becomes a project or a numbered rejection; nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from risk_advisor.errors import ProjectError
from risk_advisor.model.vocabulary import Phase, ProjectKind
from risk_advisor.portfolio import Imported, Rejected, detect, read_sources

SAMPLES = Path(__file__).parent / "data" / "portfolio"
PARIS = SAMPLES / "paris_sample.csv"
CONSUL = SAMPLES / "consul_budget_investments.csv"
PROPOSALS = SAMPLES / "decidim_proposals.csv"
BUDGET_PROJECTS = SAMPLES / "decidim_budget_projects.csv"
JSONL = SAMPLES / "projects.jsonl"


def read(path: Path, fmt: str | None = None) -> tuple[dict[str, Imported], list[Rejected]]:
    imported: dict[str, Imported] = {}
    rejected: list[Rejected] = []
    for record in read_sources([path], fmt):
        if isinstance(record, Rejected):
            rejected.append(record)
        else:
            assert record.project.reference not in imported
            imported[record.project.reference or ""] = record
    return imported, rejected


class TestDetection:
    @pytest.mark.parametrize(
        ("path", "fmt"),
        [(PARIS, "paris"), (CONSUL, "consul"), (PROPOSALS, "decidim"), (BUDGET_PROJECTS, "decidim"),
         (JSONL, "jsonl"), (SAMPLES, "folder")],
    )  # fmt: skip
    def test_each_sample_is_recognised(self, path: Path, fmt: str) -> None:
        assert detect(path) == fmt

    def test_an_unknown_csv_is_refused_with_its_columns(self, tmp_path: Path) -> None:
        other = tmp_path / "other.csv"
        other.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
        with pytest.raises(ProjectError, match=r"unknown CSV export \(columns: a, b, c\)"):
            detect(other)

    def test_a_missing_input_is_refused(self, tmp_path: Path) -> None:
        with pytest.raises(ProjectError, match="no such file"):
            detect(tmp_path / "nope.csv")

    def test_an_unknown_extension_is_refused(self, tmp_path: Path) -> None:
        other = tmp_path / "export.xlsx"
        other.write_bytes(b"PK")
        with pytest.raises(ProjectError, match="unknown input format"):
            detect(other)

    def test_a_named_format_overrides_detection(self, tmp_path: Path) -> None:
        renamed = tmp_path / "export.data"
        renamed.write_bytes(PARIS.read_bytes())
        imported, rejected = read(renamed, "paris")
        assert len(imported) == 21 and not rejected


class TestParis:
    def test_every_real_row_imports(self) -> None:
        imported, rejected = read(PARIS)
        assert len(imported) == 21 and rejected == []

    def test_a_missing_title_gets_a_placeholder_and_a_note(self) -> None:
        imported, _ = read(PARIS)
        row = imported["paris:2204"]
        assert row.project.name == "Projet 2204 (sans titre)"
        assert row.notes == ("no title",)
        assert row.row == 2

    def test_an_empty_lead_service_is_noted_and_the_theme_decides(self) -> None:
        imported, _ = read(PARIS)
        assert sum("no lead service" in r.notes for r in imported.values()) == 3
        assert imported["paris:9945"].project.kinds == (ProjectKind.PARTICIPATORY_BUDGET,)  # Culture

    def test_traits_are_mapped(self) -> None:
        project = read(PARIS)[0]["paris:8818"].project
        assert project.phase is Phase.WORKS
        assert project.kinds == (ProjectKind.PARTICIPATORY_BUDGET, ProjectKind.PUBLIC_SPACE_WORKS)
        assert project.budget is not None and project.budget.investment == 500_000
        pb = project.participatory_budget
        assert pb is not None and pb.vote_year == 2019 and pb.working_class_district is False
        assert project.origin is not None and project.origin.value == "citizens"
        assert project.governance is None  # unknown, never "no"

    @pytest.mark.parametrize(
        ("reference", "phase"),
        [("paris:3438", Phase.FEASIBILITY), ("paris:9945", Phase.FEASIBILITY), ("paris:8612", Phase.PROCUREMENT),
         ("paris:8818", Phase.WORKS), ("paris:8553", Phase.DELIVERY), ("paris:2206", Phase.OPERATION)],
    )  # fmt: skip
    def test_status_becomes_phase(self, reference: str, phase: Phase) -> None:
        assert read(PARIS)[0][reference].project.phase is phase

    def test_an_abandoned_project_keeps_the_last_phase_reached(self) -> None:
        row = read(PARIS)[0]["paris:2496"]
        assert row.project.phase is Phase.FEASIBILITY  # no stage date: stopped in studies
        assert "abandoned" in row.notes

    def test_malformed_rows_are_rejected_by_line_and_the_rest_kept(self, tmp_path: Path) -> None:
        lines = PARIS.read_text(encoding="utf-8-sig").splitlines()
        broken = lines[3].split(";")
        broken[7] = "beaucoup"  # budget
        lines[3] = ";".join(broken)
        lines[5] = lines[5] + ";extra"
        bad = tmp_path / "paris.csv"
        bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
        imported, rejected = read(bad, "paris")
        assert len(imported) == 19
        assert [r.row for r in rejected] == [4, 6]
        assert "`beaucoup` is not an amount in euros" in str(rejected[0])
        assert str(rejected[1]).startswith(f"{bad}:6: the row has 20 fields, the header 19")


class TestConsul:
    def test_an_unreadable_price_is_a_note_and_the_value_is_kept(self) -> None:
        imported, rejected = read(CONSUL)
        assert len(imported) == 6 and rejected == []
        row = imported["consul:104"]
        assert row.row == 5 and row.project.budget is None
        assert "price not read" in row.notes and ("price", "environ 20k") in row.details

    def test_costs_and_feasibility_are_mapped(self) -> None:
        project = read(CONSUL)[0]["consul:103"].project
        assert project.budget is not None
        assert (project.budget.investment, project.budget.running_cost_per_year) == (250_000, 90_000)
        pb = project.participatory_budget
        assert pb is not None and pb.running_costs_known is True and pb.feasibility_checked_before_vote is True
        assert project.description is not None and "compétence de la Métropole" in project.description

    def test_unknown_stays_unknown(self) -> None:
        project = read(CONSUL)[0]["consul:102"].project
        pb = project.participatory_budget
        assert pb is not None and pb.running_costs_known is None  # price_first_year empty
        assert project.phase is None

    def test_a_project_being_valued_is_in_feasibility(self) -> None:
        row = read(CONSUL)[0]["consul:105"]
        assert row.project.phase is Phase.FEASIBILITY
        assert row.project.name == "Projet 105 (sans titre)"
        assert row.notes == ("no title", "feasibility undecided")

    def test_durations_in_words_are_read(self) -> None:
        project = read(CONSUL)[0]["consul:102"].project
        assert project.schedule is not None and project.schedule.announced_duration_months == 12


class TestDecidim:
    def test_an_unreadable_cost_is_a_note_and_the_value_is_kept(self) -> None:
        imported, rejected = read(PROPOSALS)
        assert len(imported) == 6 and rejected == []
        row = imported["decidim:proposal:314"]
        assert row.row == 5 and row.project.budget is None
        assert "cost not read" in row.notes and ("cost", "douze mille euros") in row.details

    def test_translated_columns_and_states_are_mapped(self) -> None:
        imported, _ = read(PROPOSALS)
        accepted = imported["decidim:proposal:311"].project
        assert accepted.name == "Des bancs place du Marché"
        assert accepted.budget is not None and accepted.budget.investment == 24_000
        assert accepted.schedule is not None and accepted.schedule.announced_duration_months == 6
        assert accepted.participatory_budget is not None
        assert accepted.participatory_budget.feasibility_checked_before_vote is True
        assert imported["decidim:proposal:313"].project.phase is Phase.FEASIBILITY
        assert imported["decidim:proposal:315"].project.phase is Phase.IDEA
        assert imported["decidim:proposal:316"].notes == ("withdrawn", "no cost")

    def test_budget_projects_import_and_a_short_row_is_rejected(self) -> None:
        imported, rejected = read(BUDGET_PROJECTS)
        assert sorted(imported) == ["decidim:project:21", "decidim:project:22"]
        assert [r.row for r in rejected] == [4]
        assert imported["decidim:project:21"].project.origin is not None  # from a proposal
        assert imported["decidim:project:22"].project.origin is None


class TestJsonlAndFolder:
    def test_jsonl_rejects_bad_lines_by_number(self) -> None:
        imported, rejected = read(JSONL)
        assert sorted(imported) == ["demo:1", "demo:2", "projects.jsonl:6"]
        assert [r.row for r in rejected] == [4, 5]
        assert "`desing` is not an allowed value" in str(rejected[0])
        assert "invalid JSON" in str(rejected[1])

    def test_a_folder_reads_project_files_in_order_and_rejects_bad_ones(self, tmp_path: Path) -> None:
        (tmp_path / "b.yaml").write_text("name: B\n", encoding="utf-8")
        (tmp_path / "a.json").write_text('{"name": "A"}', encoding="utf-8")
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "c.toml").write_text('name = "C"\nphase = "nope"\n', encoding="utf-8")
        (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
        records = list(read_sources([tmp_path]))
        assert [r.project.name for r in records if isinstance(r, Imported)] == ["A", "B"]
        assert [r.project.reference for r in records if isinstance(r, Imported)] == ["a.json", "b.yaml"]
        (bad,) = [r for r in records if isinstance(r, Rejected)]
        assert bad.source.endswith("c.toml") and bad.problems[0].line == 2
