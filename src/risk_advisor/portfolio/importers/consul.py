"""CONSUL Democracy budget investments (``budget_investments``, BRIEF §4.1), as CSV.

The columns are the table's own names (a database or open-data export; header case ignored,
`;` or `,` separated). Only ``title`` is required; what each known column becomes:

=============================  ================================================================
column                         trait
=============================  ================================================================
id                             ``reference`` = ``consul:<id>`` (else ``consul:row <line>``)
title                          ``name``; empty → ``Projet <id> (sans titre)``, note ``no title``
description                    ``description`` (HTML tags removed)
price                          ``budget.investment`` (€); not a number → row rejected
price_first_year               ``budget.running_cost_per_year`` and
                               ``participatory_budget.running_costs_known: true``; empty stays
                               unknown (CONSUL marks it "optionnel, données non publiques")
feasibility                    ``feasible``/``unfeasible`` → ``participatory_budget.
                               feasibility_checked_before_vote: true`` (valuation precedes the
                               ballot); ``undecided`` → unknown; any other value → row rejected
unfeasibility_explanation      appended to ``description`` ("Motif d'infaisabilité : …")
valuation_finished             false → ``phase: feasibility`` (still being valued); true leaves the
                               phase unknown: implementation is tracked by milestones, which this
                               table does not carry
duration                       ``schedule.announced_duration_months`` when written ``6 mois``,
                               ``2 ans``, ``18 months``…
(every row)                    ``kinds: [participatory_budget]``, ``origin: citizens``
=============================  ================================================================

``selected``, ``winner``, votes, heading and valuators are read for validity only (a boolean
column holding anything but true/false/t/f/1/0 rejects the row) and otherwise left unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model.vocabulary import Phase
from .interface import Record, RowError, build_project, csv_rows, months, parse_euros, placeholder_name

__all__ = ["ConsulImporter", "strip_html"]

BOOLEANS = {"true": True, "t": True, "1": True, "yes": True, "false": False, "f": False, "0": False, "no": False}
FEASIBILITY = ("undecided", "feasible", "unfeasible")
_TAG = re.compile(r"<[^>]{0,2000}>")
MAX_DESCRIPTION = 20_000


def strip_html(text: str) -> str:
    """Rich-text fields as plain text: tags dropped, common entities decoded, spaces collapsed."""
    plain = _TAG.sub(" ", text)
    for entity, char in (
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", '"'),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ):
        plain = plain.replace(entity, char)
    return " ".join(plain.split())[:MAX_DESCRIPTION]


def boolean(row: dict[str, str], column: str) -> bool | None:
    value = row.get(column, "").lower()
    if not value:
        return None
    if value not in BOOLEANS:
        raise RowError(f"`{value[:40]}` is not true or false", column, "write true or false")
    return BOOLEANS[value]


class ConsulImporter:
    name = "consul"

    def sniff(self, header: list[str]) -> bool:
        lower = {h.lower() for h in header}
        return "feasibility" in lower and ("price" in lower or "unfeasibility_explanation" in lower)

    def read(self, path: Path) -> Iterator[Record]:
        def mapper(row: dict[str, str], line: int) -> Record:
            return _project({k.lower(): v for k, v in row.items()}, line, str(path))

        return csv_rows(path, mapper)


def _project(row: dict[str, str], line: int, source: str) -> Record:
    notes: list[str] = []
    pid = row.get("id", "")
    if not pid:
        notes.append("no id")
    title = row.get("title", "")
    if not title:
        notes.append("no title")
    pb: dict[str, Any] = {}
    budget: dict[str, Any] = {}
    investment = parse_euros(row.get("price", ""), "price")
    if investment is None:
        notes.append("no price")
    else:
        budget["investment"] = investment
    running = parse_euros(row.get("price_first_year", ""), "price_first_year")
    if running is not None:
        budget["running_cost_per_year"] = running
        pb["running_costs_known"] = True
    feasibility = row.get("feasibility", "").lower()
    if feasibility and feasibility not in FEASIBILITY:
        raise RowError(f"unknown feasibility `{feasibility[:40]}`", "feasibility", "allowed: " + ", ".join(FEASIBILITY))
    if feasibility in ("feasible", "unfeasible"):
        pb["feasibility_checked_before_vote"] = True
    else:
        notes.append("feasibility undecided")
    for column in ("selected", "winner", "incompatible"):
        boolean(row, column)
    finished = boolean(row, "valuation_finished")
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
    return build_project(data, source, line, notes)
