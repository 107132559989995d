"""The risk register cell by cell, in both languages: owner, status, acknowledgement, category."""

from __future__ import annotations

import pytest

from risk_advisor import Diagnosis
from risk_advisor.report import render
from risk_advisor.report._common import all_risks, because_text, date_text
from risk_advisor.report.csv_register import COLUMNS, neutralise, read_register
from risk_advisor.report.i18n import t

from .report_cases import diagnosis


def register(d: Diagnosis) -> dict[str, dict[str, str]]:
    """The register's rows by rule ID, each as {column key: cell}."""
    header, *rows = read_register(render(d, "csv").encode("utf-8"))
    assert header == [t(f"csv.{c}", d.lang) for c in COLUMNS]
    return {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in rows}


def cell(text: str) -> str:
    return neutralise(" ".join(text.split()))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_open_findings_are_owned_by_their_first_remedys_owner(lang: str) -> None:
    d = diagnosis("black", lang)
    rows = register(d)
    for f in d.findings:
        row = rows[f.risk_id]
        if f.acknowledgement is None:
            assert row["owner"] == cell(f.remedies[0].owner_label)
            assert (row["status"], row["response"]) == (t("status.open", lang), t("response.mitigate", lang))
            assert row["acknowledgement"] == ""
        assert row["category"] == t(f"category.{f.category}", lang)
        assert row["level"] and row["risk"] == cell(f.title)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_acknowledged_rows_name_who_accepted_until_when_and_why(lang: str) -> None:
    d = diagnosis("black", lang)
    rows = register(d)
    lapsed = [f for f in d.findings if f.acknowledgement is not None]
    assert lapsed and d.acknowledged
    for f in lapsed:
        ack = f.acknowledgement
        assert ack is not None and ack.expired
        row = rows[f.risk_id]
        date = date_text(ack.review_date, lang)
        assert row["owner"] == cell(ack.owner)
        assert (row["status"], row["response"]) == (t("status.reopened", lang), t("response.mitigate", lang))
        assert row["acknowledgement"] == cell(
            t("ack.cell_expired", lang, date=date, owner=ack.owner, justification=ack.justification)
        )
        assert ack.owner.lstrip("=+-@") in row["acknowledgement"] and date in row["acknowledgement"]
    for f in d.acknowledged:
        ack = f.acknowledgement
        assert ack is not None and not ack.expired
        row = rows[f.risk_id]
        date = date_text(ack.review_date, lang)
        assert row["owner"] == cell(ack.owner)
        assert (row["status"], row["response"]) == (t("status.accepted", lang), t("response.accept", lang))
        assert row["acknowledgement"] == cell(
            t("ack.cell", lang, date=date, owner=ack.owner, justification=ack.justification)
        )


def test_the_english_register_is_in_english() -> None:
    fr, en = register(diagnosis("black", "fr")), register(diagnosis("black", "en"))
    rule = next(iter(en))
    assert en[rule]["category"] != fr[rule]["category"] or en[rule]["status"] != fr[rule]["status"]
    accepted = [r for r, row in en.items() if row["status"] == "accepted"]
    assert accepted and all(en[r]["acknowledgement"] != fr[r]["acknowledgement"] for r in accepted)


def test_a_finding_without_remedy_has_no_owner() -> None:
    d = diagnosis("black", "en")
    f = next(f for f in d.findings if f.acknowledgement is None)
    bare = d.model_copy(update={"findings": (f.model_copy(update={"remedies": ()}),), "acknowledged": ()})
    (row,) = register(bare).values()
    assert row["owner"] == "" and row["remedies"] == ""


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_trigger_and_remedies_cells_join_their_parts_with_bars(lang: str) -> None:
    d = diagnosis("black", lang)
    rows, titles = register(d), all_risks(d)
    several = 0
    for f in (*d.findings, *d.acknowledged):
        row = rows[f.risk_id]
        because = dict.fromkeys(because_text(b, lang, titles) for p in f.patterns for b in p.because)
        assert row["trigger"] == cell(" | ".join(because))
        assert row["remedies"] == cell(" | ".join(f"{r.text} ({r.owner_label})" for r in f.remedies))
        several += len(because) > 1
    assert several  # some cell does join several parts
