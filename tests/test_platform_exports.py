"""Platform exports as the platforms write them (issue 19): CONSUL's admin CSV in its admin's
locale, CONSUL's API answer, Decidim proposals and budget projects. The fixtures in
``tests/data/exports`` follow the upstream exporter code (see the README there)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from risk_advisor.errors import ProjectError
from risk_advisor.model.vocabulary import Origin, Phase
from risk_advisor.portfolio import Imported, Rejected, detect, read_sources
from risk_advisor.portfolio.importers import ColumnProblem, Skipped
from risk_advisor.portfolio.importers._values import amount
from risk_advisor.portfolio.importers.decidim import DecidimImporter

EXPORTS = Path(__file__).parent / "data" / "exports"


def read(path: Path, fmt: str | None = None) -> tuple[dict[str, Imported], list[Rejected], list[Skipped], list[str]]:
    imported: dict[str, Imported] = {}
    rejected: list[Rejected] = []
    skipped: list[Skipped] = []
    problems: list[str] = []
    for record in read_sources([path], fmt):
        if isinstance(record, Imported):
            imported[record.project.reference or ""] = record
        elif isinstance(record, Rejected):
            rejected.append(record)
        elif isinstance(record, Skipped):
            skipped.append(record)
        else:
            problems.append(record.message)
    return imported, rejected, skipped, problems


def price(record: Imported) -> int | None:
    return record.project.budget.investment if record.project.budget else None


class TestConsulAdminCsv:
    @pytest.mark.parametrize(
        ("name", "prices"),
        [
            ("consul_admin_en.csv", {"consul:101": 45_000, "consul:102": 180_000, "consul:103": None,
                                     "consul:104": 20_500, "consul:105": None}),
            ("consul_admin_es.csv", {"consul:201": 45_000, "consul:202": 180_000, "consul:203": None,
                                     "consul:204": None}),
            ("consul_admin_fr.csv", {"consul:301": 45_000, "consul:302": 180_000, "consul:303": None,
                                     "consul:304": None}),
            ("consul_admin_de.csv", {"consul:401": 45_000, "consul:402": None}),
        ],
    )  # fmt: skip
    def test_each_locale_is_detected_and_every_row_has_its_title_and_price(
        self, name: str, prices: dict[str, int | None]
    ) -> None:
        path = EXPORTS / name
        assert detect(path) == "consul"
        imported, rejected, skipped, problems = read(path)
        assert (rejected, skipped, problems) == ([], [], [])
        assert {ref: price(r) for ref, r in imported.items()} == prices
        assert all("no title" not in r.notes and "(sans titre)" not in r.project.name for r in imported.values())

    def test_feasibility_and_valuation_are_mapped_in_french(self) -> None:
        imported = read(EXPORTS / "consul_admin_fr.csv")[0]
        feasible, unfeasible, undecided = imported["consul:301"], imported["consul:303"], imported["consul:304"]
        assert feasible.project.name == "Jardin partagé rue des Lilas"
        pb = feasible.project.participatory_budget
        assert pb is not None and pb.feasibility_checked_before_vote is True
        assert unfeasible.project.participatory_budget is not None
        assert unfeasible.project.participatory_budget.feasibility_checked_before_vote is True
        assert "feasibility undecided" in undecided.notes
        assert undecided.project.phase is Phase.FEASIBILITY  # Ev. Ter. = Non: still being valued
        assert feasible.project.phase is None
        assert feasible.project.origin is Origin.CITIZENS

    def test_the_older_variant_with_description_and_explanation(self) -> None:
        imported = read(EXPORTS / "consul_admin_en_description.csv")[0]
        garden = imported["consul:501"].project
        assert garden.description == "A garden run by the neighbours. Fenced, with water."
        shuttle = imported["consul:502"].project
        assert shuttle.description is not None
        assert "Motif d'infaisabilité : Transport is the metropolis' competence" in shuttle.description

    def test_one_row_per_comment_is_one_project_and_the_others_are_skipped(self) -> None:
        imported, rejected, skipped, _ = read(EXPORTS / "consul_admin_en_comments.csv")
        assert sorted(imported) == ["consul:601", "consul:602"] and rejected == []
        assert [(s.row, s.reason) for s in skipped] == [(3, "another comment row of an investment already read")]
        assert ("created_at", "2026-06-01 14:56:10") in imported["consul:601"].details

    def test_an_unknown_locale_with_from_consul_says_what_it_did_not_recognise(self, tmp_path: Path) -> None:
        unknown = tmp_path / "inwestycje.csv"
        unknown.write_text("ID,Tytuł,Wykonalność\n1,Ogród,45000\n", encoding="utf-8")
        with pytest.raises(ProjectError, match=r"not a CONSUL export this version reads \(columns: ID, Tytuł"):
            list(read_sources([unknown], "consul"))

    @pytest.mark.parametrize(
        ("header", "row", "expected"),
        [
            ("ID,Titolo,Sostegni,Amministratore,Valutatore,Gruppo di Stima,Ambito operativo,Fattibilità,"
             "Stim. Conc.,Selezionato,Mostrare agli stimatori,Username dell’autore",
             '7,Orto condiviso,3,-,-,-,Nord,"Fattibile (45.000 €)",Sì,No,Sì,ortolana', 45_000),
            ("ID,Título,Apoios,Administrador,Avaliador,Grupo de avaliação,Escopo da operação,Viabilidade,"
             "Valor Final.,Selecionado,Apresentar aos avaliadores,Username do autor",
             '8,Horta comunitária,3,-,-,-,Norte,"Factível (R$ 45.000)",Sim,Não,Sim,horta', 45_000),
        ],
    )  # fmt: skip
    def test_italian_and_brazilian_headers_too(self, tmp_path: Path, header: str, row: str, expected: int) -> None:
        path = tmp_path / "budget_investments.csv"
        path.write_text(f"{header}\n{row}\n", encoding="utf-8")
        assert detect(path) == "consul"
        (record,) = read(path)[0].values()
        assert price(record) == expected and record.notes == ()

    def test_a_file_where_nothing_is_valued_has_one_column_problem_not_a_note_per_row(self, tmp_path: Path) -> None:
        lines = (EXPORTS / "consul_admin_en.csv").read_text(encoding="utf-8").splitlines()
        undecided = [lines[0], *(line.replace('"Feasible (€45,000)"', "Undecided")
                                 .replace('"Feasible (€180,000)"', "Undecided")
                                 .replace('"Feasible (€20,500)"', "Undecided")
                                 .replace("Unfeasible", "Undecided") for line in lines[1:])]
        path = tmp_path / "budget_investments.csv"
        path.write_text("\n".join(undecided) + "\n", encoding="utf-8")
        imported, _, _, problems = read(path)
        assert len(problems) == 1 and problems[0].startswith("no row has a price: the columns found are ID, Title")
        assert all("no price" not in r.notes for r in imported.values())


class TestConsulApi:
    def test_the_api_answer_is_detected_and_mapped(self) -> None:
        path = EXPORTS / "consul_api.json"
        assert detect(path) == "consul"
        imported, rejected, _, _ = read(path)
        assert rejected == [] and [r.row for r in imported.values()] == [1, 2, 3]
        assert {ref: price(r) for ref, r in imported.items()} == {"consul:101": 45_000, "consul:103": None,
                                                                   "consul:105": 8_000}
        assert ("milestone", "2025-03-01 Works start") in imported["consul:101"].details
        assert ("location", "Lilac Street") in imported["consul:101"].details


Result = tuple[dict[str, Imported], list[Rejected], list[Skipped], list[str]]


@pytest.fixture(scope="module")
def result() -> Result:
    return read(EXPORTS / "decidim_proposals.csv")


class TestDecidimProposals:
    def test_detected_and_every_row_diagnosed_or_skipped(self, result: Result) -> None:
        assert detect(EXPORTS / "decidim_proposals.csv") == "decidim"
        imported, rejected, skipped, _ = result
        assert rejected == [] and len(imported) + len(skipped) == 7

    def test_an_amendment_is_skipped_not_a_project(self, result: Result) -> None:
        imported, _, skipped, _ = result
        assert "decidim:proposal:413" not in imported
        assert [s.row for s in skipped] == [6] and skipped[0].reason.startswith("amendment")

    def test_cents_are_kept_and_a_period_in_words_is_a_note(self, result: Result) -> None:
        row = result[0]["decidim:proposal:411"]
        assert price(row) == 24_001 and ("cost", "24000.50 €") in row.details
        assert "execution period not a duration" in row.notes
        assert ("execution_period", "Printemps 2026") in row.details
        assert row.project.description is not None and "Période d'exécution : Printemps 2026" in row.project.description
        assert ("published_at", "2026-01-10 08:30:00 UTC") in row.details
        assert ("answered_at", "2026-03-01 09:00:00 UTC") in row.details

    def test_an_official_proposal_is_not_a_citizens_one(self, result: Result) -> None:
        official = result[0]["decidim:proposal:412"]
        assert official.project.origin is None and "official proposal" in official.notes
        assert result[0]["decidim:proposal:411"].project.origin is Origin.CITIZENS

    def test_a_recorded_unpublished_answer_is_not_an_idea(self, result: Result) -> None:
        row = result[0]["decidim:proposal:414"]
        assert row.project.phase is None and "answer not published" in row.notes
        assert row.project.schedule is not None and row.project.schedule.announced_duration_months == 6

    def test_the_formula_guard_is_removed(self, result: Result) -> None:
        row = result[0]["decidim:proposal:415"]
        assert row.project.name == "+ de végétal dans les quartiers populaires"
        assert row.project.description == "=Plus d'arbres"

    def test_a_title_in_another_language_and_a_meeting_author(self, result: Result) -> None:
        row = result[0]["decidim:proposal:416"]
        assert row.project.name == "A bike repair stand"
        assert "created in a meeting" in row.notes and row.project.origin is None

    def test_withdrawn_is_abandoned(self, result: Result) -> None:
        row = result[0]["decidim:proposal:417"]
        assert "withdrawn" in row.notes
        assert row.project.schedule is not None and row.project.schedule.abandoned is True


class TestDecidimBudgetProjects:
    def test_selected_at_is_the_won_vote_and_prices_are_read(self) -> None:
        path = EXPORTS / "decidim_budget_projects.csv"
        assert detect(path) == "decidim"
        imported, rejected, _, _ = read(path)
        assert rejected == []
        assert {ref: price(r) for ref, r in imported.items()} == {
            "decidim:project:21": 24_000, "decidim:project:22": 15_000, "decidim:project:23": 120_000}
        won = imported["decidim:project:21"]
        assert "selected" in won.notes
        assert won.project.participatory_budget is not None and won.project.participatory_budget.vote_year == 2026
        schedule = won.project.schedule  # counted at the export's latest date, 2026-06-12
        assert schedule is not None and (schedule.as_of, schedule.months_since_vote) == (dt.date(2026, 6, 12), 0)
        assert "selected" not in imported["decidim:project:22"].notes
        assert imported["decidim:project:23"].project.origin is Origin.CITIZENS
        assert imported["decidim:project:22"].project.origin is None

    def test_months_since_the_vote_are_counted_at_the_date_given(self) -> None:
        importer = DecidimImporter()
        records = importer.read_as_of(EXPORTS / "decidim_budget_projects.csv", dt.date(2027, 9, 1))
        won = next(r for r in records if isinstance(r, Imported) and r.project.reference == "decidim:project:23")
        assert won.project.schedule is not None and won.project.schedule.months_since_vote == 15

    def test_a_decidim_json_export_reads_like_the_csv(self, tmp_path: Path) -> None:
        path = tmp_path / "projects.json"
        path.write_text(
            '[{"id": 21, "title": {"fr": "Des bancs"}, "budget_amount": 24000, "selected_at": "2026-06-12T18:00:00Z",'
            ' "related_proposals": [411]},'
            ' {"id": 22, "title": {"fr": "Potager"}, "budget_amount": 15000, "selected_at": null,'
            ' "related_proposals": []}]',
            encoding="utf-8",
        )
        assert detect(path) == "decidim"
        imported = read(path)[0]
        assert {ref: price(r) for ref, r in imported.items()} == {"decidim:project:21": 24_000,
                                                                   "decidim:project:22": 15_000}
        assert "selected" in imported["decidim:project:21"].notes


class TestColumnProblems:
    def test_no_title_anywhere_is_refused_once_with_the_columns_found(self, tmp_path: Path) -> None:
        path = tmp_path / "proposals.csv"
        path.write_text("id;title/ca;state;body/ca\n1;;accepted;x\n2;;evaluating;y\n3;;;z\n", encoding="utf-8")
        with pytest.raises(ProjectError, match=r"no row has a title: the columns found are id, title/ca, state"):
            list(read_sources([path]))

    def test_a_single_nameless_row_is_only_a_note(self, tmp_path: Path) -> None:
        path = tmp_path / "proposals.csv"
        path.write_text("id;title/fr;state;body/fr\n1;;accepted;x\n", encoding="utf-8")
        (row,) = read(path)[0].values()
        assert "no title" in row.notes


@pytest.mark.parametrize(
    ("text", "value"),
    [("€45,000", "45000"), ("45.000 €", "45000"), ("45\u00a0000 €", "45000"), ("45\u202f000 €", "45000"),
     ("24000.5", "24000.5"), ("24000.0", "24000.0"), ("1.234,56 €", "1234.56"), ("€ 1,000,000", "1000000"),
     ("CHF 12'500", "12500"), ("", None)],
)  # fmt: skip
def test_amounts_in_every_locale_number_format(text: str, value: str | None) -> None:
    result = amount(text)
    assert (str(result) if result is not None else None) == value


@pytest.mark.parametrize("text", ["environ 20k", "45,00,0", "-5", "12 mille"])
def test_what_is_not_an_amount_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        amount(text)


def test_column_problem_renders_with_its_file() -> None:
    assert str(ColumnProblem("a.csv", "no row has a price")) == "a.csv: no row has a price"


class TestBatchSummary:
    def test_amendments_are_counted_once_and_column_problems_said_once(self, tmp_path: Path) -> None:
        from click.testing import CliRunner

        from risk_advisor.cli import batch_cmd

        small = ["--no-builtin", "--rules", str(Path(__file__).parent / "data" / "rules_small")]
        result = CliRunner().invoke(batch_cmd.command, [str(EXPORTS / "decidim_proposals.csv"), *small])
        assert result.exit_code == 0
        assert result.stderr.startswith("6 projets diagnostiqués, 0 lignes rejetées\n")
        assert "Lignes non diagnostiquées à part:\n     1  amendment (is_amend)" in result.stderr
        header_only = tmp_path / "proposals.csv"
        header_only.write_bytes((EXPORTS / "decidim_proposals.csv").read_bytes().split(b"\n", 1)[0] + b"\n")
        result = CliRunner().invoke(batch_cmd.command, [str(header_only), *small])
        assert result.stderr.count("column problem:") == 1
        assert f"column problem: {header_only}: the file has a header but no data row" in result.stderr
