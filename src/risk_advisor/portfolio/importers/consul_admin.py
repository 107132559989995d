"""CONSUL's admin CSV of budget investments ("Download current selection"), in any locale.

Written by ``app/models/budget/investment/exporter.rb`` (consuldemocracy/consuldemocracy):
``,``-separated UTF-8 without BOM, one header row translated in the admin's locale (see
:mod:`.consul_locales`), then one row per investment — or, in the variant with comments, one
row per comment, the investment's columns repeated. What each column becomes:

==========================  ===================================================================
column (English label)      trait
==========================  ===================================================================
ID                          ``reference`` = ``consul:<id>``; a later row with the same ID (one
                            row per comment) is *skipped*, counted once in the summary
Title                       ``name``; empty → placeholder, note ``no title`` (empty on every
                            row: the file is refused, the columns found listed)
Feasibility                 ``Feasible (€45,000)`` / ``Viable (45.000 €)`` / ``Réalisable
                            (45 000 €)`` → ``participatory_budget.feasibility_checked_before_
                            vote: true`` and ``budget.investment`` (the price, read in any
                            locale's number format); ``Unfeasible`` → checked, no price;
                            ``Undecided`` → note ``feasibility undecided``; anything else →
                            note ``feasibility not read``, the value kept in details
Val. Fin.                   No → ``phase: feasibility`` (still being valued); Yes leaves the
                            phase unknown (implementation is tracked by milestones, not here)
Description                 ``description`` (HTML removed) — older/newer exporters only
Unfeasibility explanation   appended to ``description`` (« Motif d'infaisabilité : … »); ``-``
                            is the exporter's "none"
Created at                  kept in details (a date)
Selected, Show to valuators read as the locale's Yes/No (anything else: note ``… not read``);
                            no trait: "selected" means *put to the vote*, not *won*
Supports, Administrator,    no trait; not read
Valuator, Valuation Group,
Scope of operation, Author
(every row)                 ``kinds: [participatory_budget]``, ``origin: citizens``
==========================  ===================================================================

The price is never in a column of its own: a file where no row has one (nothing valued yet)
gets one column problem, not a ``no price`` note on every row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model.vocabulary import Phase
from . import _values
from .consul_locales import FEASIBILITY, HEADERS, NO, REQUIRED, YES, fold
from .interface import ColumnProblem, Record, Skipped, build_project, csv_header, csv_rows, placeholder_name

__all__ = ["admin_columns", "read_admin_csv"]

_PRICED = re.compile(r"^(?P<label>[^()]+?)\s*\((?P<price>[^()]*)\)\s*$")


def admin_columns(header: list[str]) -> dict[str, str] | None:
    """Exporter key → column name, when ``header`` is an admin export in a known locale."""
    columns: dict[str, str] = {}
    for name in header:
        key = HEADERS.get(fold(name))
        if key is not None and key not in columns:
            columns[key] = name
    return columns if all(k in columns for k in REQUIRED) else None


def read_admin_csv(path: Path) -> Iterator[Record]:
    """Every investment of an admin CSV (its columns in any locale; see the module docstring)."""
    header = csv_header(path)
    columns = admin_columns(header) or {}
    unread = [h for h in header if fold(h) not in HEADERS]
    if unread:
        yield ColumnProblem(str(path), "columns not recognised, not read: " + ", ".join(unread[:20]))
    seen: set[str] = set()
    last = [0]
    source = str(path)

    def mapper(raw: dict[str, str], line: int) -> Record:
        if line <= last[0]:
            seen.clear()  # csv_rows reads the file a second time
        last[0] = line
        row = {key: raw.get(name, "") for key, name in columns.items()}
        pid = row.get("id", "")
        if pid and pid in seen:
            return Skipped(source, line, "another comment row of an investment already read")
        if pid:
            seen.add(pid)
        return _investment(row, line, source)

    yield from csv_rows(
        path, mapper, multiline=True, whole_file={"no title": "title", "no price": "price"},
        fatal=frozenset({"no title"}),
    )  # fmt: skip


def _flag(row: dict[str, str], key: str, notes: list[str], details: list[tuple[str, str]]) -> bool | None:
    value = fold(row.get(key, ""))
    if not value:
        return None
    if value in YES or value in NO:
        return value in YES
    notes.append(f"{key} not read")
    details.append((key, row[key]))
    return None


def _feasibility(cell: str) -> tuple[str | None, str]:
    """(state, price text) of a feasibility cell; state None when the label is unknown."""
    priced = _PRICED.match(cell)
    if priced and FEASIBILITY.get(fold(priced["label"])) == "feasible":
        return "feasible", priced["price"]
    return FEASIBILITY.get(fold(cell)), ""


def _investment(row: dict[str, str], line: int, source: str) -> Record:
    notes: list[str] = []
    details: list[tuple[str, str]] = []
    pid, title = row.get("id", ""), row.get("title", "")
    if not title:
        notes.append("no title")
    pb: dict[str, Any] = {}
    data: dict[str, Any] = {
        "name": title[:500] or placeholder_name(pid, line),
        "reference": f"consul:{pid}" if pid else f"consul:row {line}",
        "kinds": ["participatory_budget"],
        "origin": "citizens",
        "participatory_budget": pb,
    }
    cell = row.get("feasibility", "")
    state, price_text = _feasibility(cell)
    if state in ("feasible", "unfeasible"):
        pb["feasibility_checked_before_vote"] = True
    elif state == "undecided" or not cell:
        notes.append("feasibility undecided")
    else:
        notes.append("feasibility not read")
        details.append(("feasibility", cell))
    try:
        price = _values.amount(price_text)
    except ValueError:
        price = None
        notes.append("price not read")
        details.append(("feasibility", cell))
    if price is None:
        notes.append("no price")
    else:
        data["budget"] = {"investment": _values.euros(price)}
    if _flag(row, "valuation_finished", notes, details) is False:
        data["phase"] = Phase.FEASIBILITY.value
    for key in ("selected", "visible_to_valuators", "incompatible"):
        _flag(row, key, notes, details)
    parts = [_values.strip_html(row.get("description", ""))]
    explanation = _values.strip_html(row.get("unfeasibility_explanation", ""))
    if explanation and explanation != "-":
        parts.append("Motif d'infaisabilité : " + explanation)
    description = "\n\n".join(p for p in parts if p)[: _values.MAX_DESCRIPTION]
    if description:
        data["description"] = description
    if row.get("created_at"):
        details.append(("created_at", row["created_at"]))
    return build_project(data, source, line, notes, details=details)
