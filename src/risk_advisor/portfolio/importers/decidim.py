"""Decidim proposals and budget projects exports (BRIEF §4.2), as CSV.

Decidim's CSV exports flatten translated fields as ``title/fr``, ``title/en``…; both that form
and a plain ``title`` are read (French first, then English, then any language; machine
translations ignored). A file with a ``budget_amount`` column is a **budget projects** export,
otherwise a **proposals** export. Both are read as participatory-budget items
(``kinds: [participatory_budget]``).

Proposals (``id, title, body, state, answer, cost, cost_report, execution_period, withdrawn…``):

==================  ===========================================================================
column              trait
==================  ===========================================================================
id                  ``reference`` = ``decidim:proposal:<id>`` (else ``decidim:proposal:row <line>``)
title, body         ``name`` (empty → placeholder, note ``no title``), ``description``
state               ``not_answered``/empty → ``phase: idea``; ``evaluating`` → ``phase:
                    feasibility``; ``accepted``/``rejected`` → ``participatory_budget.
                    feasibility_checked_before_vote: true`` (the answer is the feasibility
                    verdict), phase unknown; ``withdrawn`` → note; other tokens (0.28+ custom
                    states) → note ``unknown state``
answer              appended to ``description`` ("Réponse : …")
cost                ``budget.investment`` (€); not a number → row rejected
execution_period    ``schedule.announced_duration_months`` when written ``6 mois``, ``1 an``…
cost_report         left unknown: it is free text, not a yearly running cost
(every row)         ``origin: citizens``
==================  ===========================================================================

Budget projects (``id, title, description, budget_amount, selected, related_proposals…``):
``budget_amount`` → ``budget.investment`` (not a number → row rejected); ``origin: citizens``
only when ``related_proposals`` is filled (otherwise the project may come from the services:
unknown); reference ``decidim:project:<id>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model.vocabulary import Phase
from .consul import MAX_DESCRIPTION, boolean, strip_html
from .interface import Record, build_project, csv_rows, months, parse_euros, placeholder_name

__all__ = ["DecidimImporter"]

LANGS = ("fr", "en")
STATES: dict[str, Phase | None] = {
    "": Phase.IDEA,
    "not_answered": Phase.IDEA,
    "evaluating": Phase.FEASIBILITY,
    "accepted": None,
    "rejected": None,
    "withdrawn": None,
}


def text(row: dict[str, str], field: str) -> str:
    """The field's plain or translated value: ``field``, ``field/fr``, ``field/en``, any ``field/xx``."""
    if row.get(field):
        return row[field]
    for lang in LANGS:
        if row.get(f"{field}/{lang}"):
            return row[f"{field}/{lang}"]
    prefix = field + "/"
    for key in sorted(row):
        if key.startswith(prefix) and "machine_translations" not in key and row[key]:
            return row[key]
    return ""


class DecidimImporter:
    name = "decidim"

    def sniff(self, header: list[str]) -> bool:
        names = {h.lower().split("/", 1)[0] for h in header}
        proposals = "state" in names and ("answer" in names or "body" in names)
        return proposals or ("budget_amount" in names and "title" in names)

    def read(self, path: Path) -> Iterator[Record]:
        from .interface import csv_header

        projects = "budget_amount" in {h.lower() for h in csv_header(path)}
        source = str(path)

        def mapper(row: dict[str, str], line: int) -> Record:
            row = {k.lower(): v for k, v in row.items()}
            return _budget_project(row, line, source) if projects else _proposal(row, line, source)

        return csv_rows(path, mapper)


def _base(row: dict[str, str], line: int, kind: str, notes: list[str]) -> dict[str, Any]:
    pid = row.get("id", "")
    title = strip_html(text(row, "title"))[:500]
    if not title:
        notes.append("no title")
    return {
        "name": title or placeholder_name(pid, line),
        "reference": f"decidim:{kind}:{pid}" if pid else f"decidim:{kind}:row {line}",
        "kinds": ["participatory_budget"],
    }


def _proposal(row: dict[str, str], line: int, source: str) -> Record:
    notes: list[str] = []
    data = _base(row, line, "proposal", notes)
    data["origin"] = "citizens"
    state = row.get("state", "").lower()
    if boolean(row, "withdrawn") or state == "withdrawn":
        notes.append("withdrawn")
    if state not in STATES:
        notes.append("unknown state")
    elif STATES[state] is not None:
        data["phase"] = STATES[state].value  # type: ignore[union-attr]
    elif state in ("accepted", "rejected"):
        data["participatory_budget"] = {"feasibility_checked_before_vote": True}
    cost = parse_euros(row.get("cost", ""), "cost")
    if cost is not None:
        data["budget"] = {"investment": cost}
    duration = months(text(row, "execution_period"))
    if duration is not None:
        data["schedule"] = {"announced_duration_months": duration}
    parts = [strip_html(text(row, "body"))]
    answer = strip_html(text(row, "answer"))
    if answer:
        parts.append("Réponse : " + answer)
    description = "\n\n".join(p for p in parts if p)[:MAX_DESCRIPTION]
    if description:
        data["description"] = description
    return build_project(data, source, line, notes)


def _budget_project(row: dict[str, str], line: int, source: str) -> Record:
    notes: list[str] = []
    data = _base(row, line, "project", notes)
    amount = parse_euros(row.get("budget_amount", ""), "budget_amount")
    if amount is None:
        notes.append("no budget")
    else:
        data["budget"] = {"investment": amount}
    if row.get("related_proposals"):
        data["origin"] = "citizens"
    description = strip_html(text(row, "description"))
    if description:
        data["description"] = description
    return build_project(data, source, line, notes)
