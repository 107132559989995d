"""The risk register as CSV: one row per risk, with the fields of a PMI / ISO 31000 register.

Dialect — chosen so that a double-click opens it right in Excel and LibreOffice in a French
locale, and documented here because a program reading it must use the same:

* **separator ``;``** — French Excel takes its list separator from the locale (``;``, since
  ``,`` is the decimal separator) and ignores any other when opening a ``.csv`` directly;
* **UTF-8 with a BOM** (``EF BB BF``) — without it Excel reads the file as Windows-1252 and
  mangles every accent; LibreOffice and Python's ``utf-8-sig`` codec accept it too. No
  ``sep=;`` line: it would make Excel ignore the BOM;
* **CRLF line ends**, fields quoted only when needed (``"`` doubled inside), as in RFC 4180;
  a cell with several values separates them with `` | ``, on one line.

Read it back with ``csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""),
dialect=RegisterDialect)`` — :func:`read_register` does exactly that.

Every cell is written through :mod:`._csv` (one line; a cell starting like a formula is
prefixed with ``'``, so a spreadsheet shows it as text instead of running it).

One row per risk, however many rules revealed it. Columns: ID (the risk's: the ID to name
under ``acknowledged_risks``), risk, description (the black scenario), category, likelihood and
impact (1–5), score (1–25), level — those of the highest-scoring rule —, owner, response,
trigger (the traits that made its rules true, each once), remedies, status, acknowledgement,
rules (the IDs of the rules that revealed it, highest score first). The owner is the acknowledgement's owner for an
accepted risk, otherwise the owner of the first remedy. The response is *accept* for an
accepted risk and *mitigate* otherwise — the catalogue only holds mitigations; *avoid* and
*transfer* are for the project lead to choose in the spreadsheet.
"""

from __future__ import annotations

import csv
import io

from ..diagnosis import Diagnosis, Finding
from ..model.vocabulary import Level, label
from ._common import all_risks, because_text, date_text
from ._csv import BOM, CsvWriter, RegisterDialect, neutralise
from .i18n import t

__all__ = ["BOM", "COLUMNS", "RegisterDialect", "neutralise", "read_register", "register_rows", "render_csv"]

COLUMNS = (
    "id", "risk", "description", "category", "likelihood", "impact", "score", "level",
    "owner", "response", "trigger", "remedies", "status", "acknowledgement", "rules",
)  # fmt: skip

def _row(f: Finding, lang: str, titles: dict[str, str], sep: str = " | ") -> list[str]:
    ack = f.acknowledgement
    if ack is None:
        status, response, ack_cell = "status.open", "response.mitigate", ""
        owner = f.remedies[0].owner_label if f.remedies else ""
    else:
        date = date_text(ack.review_date, lang)
        owner = ack.owner
        if ack.expired:
            status, response = "status.reopened", "response.mitigate"
            ack_cell = t("ack.cell_expired", lang, date=date, owner=ack.owner, justification=ack.justification)
        else:
            status, response = "status.accepted", "response.accept"
            ack_cell = t("ack.cell", lang, date=date, owner=ack.owner, justification=ack.justification)
    triggers = dict.fromkeys(because_text(b, lang, titles) for p in f.patterns for b in p.because)
    return [
        f.risk_id,
        f.title,
        f.scenario,
        t(f"category.{f.category}", lang),
        str(f.likelihood),
        str(f.impact),
        str(f.score),
        label(f.level, lang),
        owner,
        t(response, lang),
        sep.join(triggers),
        sep.join(f"{r.text} ({r.owner_label})" for r in f.remedies),
        t(status, lang),
        ack_cell,
        sep.join(f.rule_ids),
    ]


def register_rows(d: Diagnosis, separator: str = " | ") -> list[tuple[Level, list[str]]]:
    """Each register row (findings, then accepted risks) with its level, cells as plain text.

    ``separator`` joins a cell's several values (triggers, remedies): `` | `` on one CSV line,
    a line break in a spreadsheet cell.
    """
    titles = all_risks(d)
    return [(f.level, _row(f, d.lang, titles, separator)) for f in (*d.findings, *d.acknowledged)]


def render_csv(d: Diagnosis) -> str:
    """The register as text, BOM first; write it as UTF-8 without newline translation."""
    titles = all_risks(d)
    buffer = io.StringIO(newline="")
    writer = CsvWriter(buffer)
    writer.writerow([t(f"csv.{c}", d.lang) for c in COLUMNS])
    for f in (*d.findings, *d.acknowledged):
        writer.writerow(_row(f, d.lang, titles))
    return BOM + buffer.getvalue()


def read_register(data: bytes) -> list[list[str]]:
    """The rows of a register written by :func:`render_csv` (header first)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), dialect=RegisterDialect))
