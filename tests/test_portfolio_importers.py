"""Importers: every source row becomes a project or a numbered rejection; nothing is lost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from risk_advisor.errors import ProjectError
from risk_advisor.model.vocabulary import Phase, ProjectKind
from risk_advisor.portfolio import IMPORTERS, Imported, Rejected, detect, read_sources
from risk_advisor.portfolio.importers.dates import Month, months_between, parse_month

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


class TestParisSchedule:
    """The five dates become month counts from a September vote, taken as of a given date."""

    def test_each_step_is_counted_in_months_from_the_september_vote(self) -> None:
        schedule = read(PARIS)[0]["paris:2204"].project.schedule  # 2014 edition: vote 2014-09
        assert schedule is not None
        steps = (schedule.months_vote_to_studies, schedule.months_vote_to_procedures, schedule.months_vote_to_works,
                 schedule.months_vote_to_forecast_delivery, schedule.months_vote_to_opening)  # fmt: skip
        assert steps == (34, 43, 40, 45, 65)  # 2017-07, 2018-04, 2018-01, 2018-06, 2020-02
        assert (schedule.forecast_delivery, schedule.opened_on) == (dt.date(2018, 6, 1), dt.date(2020, 2, 1))

    def test_the_default_as_of_is_the_latest_opening_when_no_update_date_is_filled(self) -> None:
        assert IMPORTERS["paris"].export_date(PARIS) == dt.date(2023, 12, 1)  # type: ignore[attr-defined]
        schedule = read(PARIS)[0]["paris:6260"].project.schedule  # opened 2023-12, the latest
        assert schedule is not None
        assert (schedule.as_of, schedule.months_since_opening) == (dt.date(2023, 12, 1), 0)

    def test_the_update_column_sets_the_default_as_of_when_filled(self, tmp_path: Path) -> None:
        lines = PARIS.read_text(encoding="utf-8-sig").splitlines()
        lines[1] += "2024-06-15"  # the last column of row 2204
        dated = tmp_path / "paris.csv"
        dated.write_text("\n".join(lines) + "\n", encoding="utf-8")
        schedule = read(dated)[0]["paris:2204"].project.schedule
        assert schedule is not None
        assert (schedule.as_of, schedule.months_since_vote) == (dt.date(2024, 6, 1), 117)

    def test_a_given_as_of_counts_every_project_at_that_date(self) -> None:
        records = [r for r in read_sources([PARIS], as_of=dt.date(2025, 1, 15)) if isinstance(r, Imported)]
        by_ref = {r.project.reference: r.project.schedule for r in records}
        works = by_ref["paris:8818"]  # TRAVAUX since 2022-06, forecast 2024-06, 2019 edition
        assert works is not None
        assert works.as_of == dt.date(2025, 1, 15)
        assert (works.months_since_vote, works.months_in_current_phase, works.months_past_forecast_delivery) == (
            64, 31, 7)  # fmt: skip
        assert works.months_since_opening is None  # not open: unknown, never zero

    def test_the_same_file_gives_the_same_projects(self) -> None:
        first = [r.project.model_dump_json() for r in read(PARIS)[0].values()]
        assert first == [r.project.model_dump_json() for r in read(PARIS)[0].values()]

    def test_abandoned_is_a_known_yes_or_no(self) -> None:
        imported = read(PARIS)[0]
        flags = {ref: r.project.schedule.abandoned for ref, r in imported.items() if r.project.schedule}
        assert {ref for ref, flag in flags.items() if flag} == {"paris:2496", "paris:1481"}
        assert all(flag is False for ref, flag in flags.items() if ref not in ("paris:2496", "paris:1481"))

    def test_no_lead_service_means_no_project_lead_and_a_named_one_leaves_it_unknown(self) -> None:
        imported = read(PARIS)[0]
        governance = imported["paris:9945"].project.governance  # Direction pilote empty
        assert governance is not None and governance.project_lead is False
        assert imported["paris:2204"].project.governance is None

    def test_theme_and_lead_service_are_kept_as_facets(self) -> None:
        facets = dict(read(PARIS)[0]["paris:2206"].facets)
        assert facets == {"theme": "Environnement", "lead_service": "Direction des Espaces Verts et de l’Environnement"}

    def test_an_unreadable_date_is_noted_and_the_row_kept(self, tmp_path: Path) -> None:
        lines = PARIS.read_text(encoding="utf-8-sig").splitlines()
        fields = lines[1].split(";")
        fields[13] = "juillet 2017"  # studies of row 2204
        lines[1] = ";".join(fields)
        bad = tmp_path / "paris.csv"
        bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
        row = read(bad)[0]["paris:2204"]
        assert "unreadable date" in row.notes
        assert row.project.schedule is not None and row.project.schedule.months_vote_to_studies is None
        assert row.project.schedule.months_vote_to_works == 40


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


class TestMonths:
    @pytest.mark.parametrize(
        ("text", "month"),
        [("2019-10", Month(2019, 10)), ("2019-1", Month(2019, 1)), ("2019-10-03", Month(2019, 10)),
         ("03/10/2019", Month(2019, 10)), ("10/2019", Month(2019, 10)), (" 2019-10 ", Month(2019, 10)),
         ("2019-13", None), ("octobre 2019", None), ("", None), ("1789-07", None)],
    )  # fmt: skip
    def test_export_dates_are_read_to_the_month(self, text: str, month: Month | None) -> None:
        assert parse_month(text) == month

    def test_months_between_counts_calendar_months_either_way(self) -> None:
        assert months_between(Month(2019, 9), Month(2021, 3)) == 18
        assert months_between(Month(2021, 3), Month(2019, 9)) == -18
        assert months_between(Month(2019, 12), Month(2020, 1)) == 1
