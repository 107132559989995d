"""CONSUL Democracy budget investments (BRIEF §4.1): three shapes of the same data.

- the **admin CSV** ("Download current selection", headers in the admin's locale): read by
  :mod:`.consul_admin`;
- the **API JSON** (a GraphQL answer holding investment nodes): read by :mod:`.consul_api`;
- a **database or open-data CSV** using the ``budget_investments`` table's own column names,
  read here. Header case ignored, `;` or `,` separated. What each known column becomes:

=============================  ================================================================
column                         trait
=============================  ================================================================
id                             ``reference`` = ``consul:<id>`` (else ``consul:row <line>``)
title                          ``name``; empty → ``Projet <id> (sans titre)``, note ``no title``
description                    ``description`` (HTML tags removed)
price                          ``budget.investment`` (€); not an amount → note ``price not
                               read``, the value kept in the row's details
price_first_year               ``budget.running_cost_per_year`` and
                               ``participatory_budget.running_costs_known: true``; empty stays
                               unknown (CONSUL marks it "optionnel, données non publiques")
feasibility                    ``feasible``/``unfeasible`` → ``participatory_budget.
                               feasibility_checked_before_vote: true`` (valuation precedes the
                               ballot); ``undecided`` → unknown; another value → note
                               ``feasibility not read``
unfeasibility_explanation      appended to ``description`` ("Motif d'infaisabilité : …")
valuation_finished             false → ``phase: feasibility`` (still being valued); true leaves the
                               phase unknown: implementation is tracked by milestones, which this
                               table does not carry
duration                       ``schedule.announced_duration_months`` when written ``6 mois``,
                               ``2 ans``, ``18 months``…
(every row)                    ``kinds: [participatory_budget]``, ``origin: citizens``
=============================  ================================================================

``selected``, ``winner``, ``incompatible`` are read for validity only (a value other than
true/false/t/f/1/0/yes/no is a note ``<column> not read``) and otherwise left unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import Problem, ProjectError
from ...model.vocabulary import Phase
from . import _values
from .consul_admin import admin_columns, read_admin_csv
from .consul_api import read_api_json
from .interface import Record, build_project, csv_header, csv_rows, months, placeholder_name

__all__ = ["ConsulImporter", "database_row", "strip_html"]

BOOLEANS = {"true": True, "t": True, "1": True, "yes": True, "false": False, "f": False, "0": False, "no": False}
FEASIBILITY = ("undecided", "feasible", "unfeasible")
MAX_DESCRIPTION = _values.MAX_DESCRIPTION
strip_html = _values.strip_html


def boolean(row: dict[str, str], column: str, notes: list[str], details: list[tuple[str, str]]) -> bool | None:
    """A true/false column; anything else is a note (the value kept), never a lost row."""
    value = row.get(column, "").lower()
    if not value:
        return None
    if value not in BOOLEANS:
        notes.append(f"{column} not read")
        details.append((column, row[column]))
        return None
    return BOOLEANS[value]


def _database_shape(header: list[str]) -> bool:
    lower = {h.lower() for h in header}
    return "feasibility" in lower and ("price" in lower or "unfeasibility_explanation" in lower)


class ConsulImporter:
    name = "consul"

    def sniff(self, header: list[str]) -> bool:
        return _database_shape(header) or admin_columns(header) is not None

    def read(self, path: Path) -> Iterator[Record]:
        if path.suffix.lower() == ".json":
            return read_api_json(path)
        header = csv_header(path)
        if admin_columns(header) is not None:
            return read_admin_csv(path)
        if not _database_shape(header) and "title" not in {h.lower() for h in header}:
            shown = ", ".join(header[:12]) + ("…" if len(header) > 12 else "")
            message = f"not a CONSUL export this version reads (columns: {shown or 'none'})"
            hint = (
                "the admin CSV is read in en, es, fr, de, nl, it, pt-BR; "
                "or give the database columns (id, title, price, feasibility…)"
            )
            raise ProjectError(f"{path}: {message}", [Problem(message, file=str(path), line=1, hint=hint)])

        def mapper(row: dict[str, str], line: int) -> Record:
            return database_row({k.lower(): v for k, v in row.items()}, line, str(path))

        return csv_rows(
            path, mapper, multiline=True, whole_file={"no title": "title", "no price": "price"},
            fatal=frozenset({"no title"}),
        )  # fmt: skip


def database_row(row: dict[str, str], line: int, source: str) -> Record:
    """A row (or an API node) with the ``budget_investments`` table's column names, mapped."""
    notes: list[str] = []
    details: list[tuple[str, str]] = []
    pid = row.get("id", "")
    if not pid:
        notes.append("no id")
    title = row.get("title", "")
    if not title:
        notes.append("no title")
    pb: dict[str, Any] = {}
    budget: dict[str, Any] = {}
    investment = _amount(row, "price", notes, details)
    if investment is None:
        notes.append("no price")
    else:
        budget["investment"] = investment
    running = _amount(row, "price_first_year", notes, details)
    if running is not None:
        budget["running_cost_per_year"] = running
        pb["running_costs_known"] = True
    feasibility = row.get("feasibility", "").lower()
    if feasibility in ("feasible", "unfeasible"):
        pb["feasibility_checked_before_vote"] = True
    elif feasibility in ("", "undecided"):
        notes.append("feasibility undecided")
    else:
        notes.append("feasibility not read")
        details.append(("feasibility", row["feasibility"]))
    for column in ("selected", "winner", "incompatible"):
        boolean(row, column, notes, details)
    finished = boolean(row, "valuation_finished", notes, details)
    data: dict[str, Any] = {
        "name": title[:500] or placeholder_name(pid, line),
        "reference": f"consul:{pid}" if pid else f"consul:row {line}",
        "kinds": ["participatory_budget"],
        "origin": "citizens",
        "participatory_budget": pb,
    }
    if finished is False:
        data["phase"] = Phase.FEASIBILITY.value
    if budget:
        data["budget"] = budget
    duration = months(row.get("duration", ""))
    if duration is not None:
        data["schedule"] = {"announced_duration_months": duration}
    parts = [strip_html(row.get("description", ""))]
    if row.get("unfeasibility_explanation"):
        parts.append("Motif d'infaisabilité : " + strip_html(row["unfeasibility_explanation"]))
    description = "\n\n".join(p for p in parts if p)[:MAX_DESCRIPTION]
    if description:
        data["description"] = description
    return build_project(data, source, line, notes, details=details)


def _amount(row: dict[str, str], column: str, notes: list[str], details: list[tuple[str, str]]) -> int | None:
    raw = row.get(column, "")
    try:
        value = _values.amount(raw)
    except ValueError:
        notes.append(f"{column} not read")
        details.append((column, raw))
        return None
    return None if value is None else _values.euros(value)
