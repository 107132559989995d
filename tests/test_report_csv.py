"""The CSV risk register: French-spreadsheet dialect, round trip, formula neutralisation."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from risk_advisor.report import render
from risk_advisor.report.csv_register import COLUMNS, RegisterDialect, neutralise, read_register

from .report_cases import diagnosis

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


def _data(case: str = "black", lang: str = "fr") -> bytes:
    return render(diagnosis(case, lang), "csv").encode("utf-8")


class TestDialect:
    def test_starts_with_a_utf8_bom(self) -> None:
        assert _data().startswith(b"\xef\xbb\xbf")

    def test_separates_with_semicolons_and_ends_lines_with_crlf(self) -> None:
        data = _data()
        lines = data.split(b"\r\n")
        assert lines[-1] == b"", "the last row ends with CRLF too"
        assert b"\n" not in data.replace(b"\r\n", b"")
        assert lines[0].decode("utf-8-sig").split(";")[:3] == ["ID du risque", "Risque", "Description (scénario noir)"]

    def test_round_trips_through_the_csv_module(self) -> None:
        d = diagnosis("black")
        rows = read_register(_data())
        assert len(rows) == 1 + len(d.findings) + len(d.acknowledged)
        assert all(len(row) == len(COLUMNS) for row in rows)
        assert [row[0] for row in rows[1:]] == [f.risk_id for f in (*d.findings, *d.acknowledged)]

    def test_plain_csv_reader_with_the_documented_parameters_agrees(self) -> None:
        text = _data().decode("utf-8-sig")
        plain = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))
        assert plain == read_register(_data())


class TestRegisterFields:
    def test_one_row_per_risk_with_scores_and_response(self) -> None:
        header, *rows = read_register(_data(lang="en"))
        by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
        target = by_id["missing-target"]
        assert target["Rules"] == "T-TARGET"
        assert (target["Likelihood (1-5)"], target["Impact (1-5)"], target["Score (1-25)"]) == ("4", "5", "20")
        assert target["Level"] == "critical" and target["Response"] == "mitigate" and target["Status"] == "open"
        assert "risk “Technocratic approach”" in target["Trigger"]

    def test_accepted_and_lapsed_acknowledgements(self) -> None:
        header, *rows = read_register(_data(lang="en"))
        by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
        accepted, lapsed = by_id["technocratic"], by_id["needs-not-shared"]
        assert accepted["Response"] == "accept" and accepted["Status"] == "accepted"
        assert "2026-06-30" in accepted["Acknowledgement"]
        assert lapsed["Status"] == "reopened (acceptance lapsed)"
        assert lapsed["Acknowledgement"].startswith("LAPSED on 2024-12-31")


class TestFormulaInjection:
    def test_cells_that_look_like_formulas_are_neutralised(self) -> None:
        cells = [cell for row in read_register(_data()) for cell in row]
        assert "'=1+1 DGS" in cells  # the accepted risk's owner
        assert "'+Mme Dupont" in cells  # the lapsed risk's owner
        assert any(c.startswith("'@SUM(A1)") for c in cells)
        assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)

    @given(st.text())
    def test_no_cell_can_start_a_formula(self, text: str) -> None:
        assert not neutralise(text).startswith(("=", "+", "-", "@", "\t", "\r"))

    @given(st.lists(st.lists(_TEXT, min_size=1, max_size=4), min_size=1, max_size=4))
    def test_any_text_round_trips_in_the_dialect(self, rows: list[list[str]]) -> None:
        buffer = io.StringIO(newline="")
        csv.writer(buffer, dialect=RegisterDialect).writerows(rows)
        assert read_register(("\ufeff" + buffer.getvalue()).encode("utf-8")) == rows
