"""Decidim proposals and budget projects exports (BRIEF §4.2), as CSV.

Read as ``decidim-core/lib/decidim/exporters/csv.rb`` writes them: ``;``-separated by default
(``Decidim.default_csv_col_sep``; ``,`` and tab are recognised too), nested keys flattened with
``/`` (``title/fr``, ``author/name``), lists joined with ``, ``, headers the union of every
row's keys, and a value starting with ``= + - @`` prefixed with ``'`` (the exporter's formula
guard, removed here). Quoted values may hold line breaks (a body in paragraphs). Translated
fields are read French first, then English, then any language; machine translations ignored.
A file with a ``budget_amount`` column is a **budget projects** export, otherwise a
**proposals** export. Both are participatory-budget items (``kinds: [participatory_budget]``).

Proposals (``decidim-proposals/lib/decidim/proposals/proposal_serializer.rb``, 0.26 → 0.28):

======================  =======================================================================
column                  trait
======================  =======================================================================
id                      ``reference`` = ``decidim:proposal:<id>`` (else ``…:row <line>``)
title, body             ``name`` (empty → placeholder, note ``no title``), ``description``
author/name, /url       ``origin: citizens`` when an author is a participant (``/profiles/``)
                        or a user group; a site-root URL is the organisation itself: an
                        *official* proposal, origin left unknown, note ``official proposal``;
                        a meeting (``/meetings/``) → note ``created in a meeting``, origin
                        unknown. No author column (0.26) → ``citizens``, as the component's
                        default
is_amend                ``true`` → not a project of its own: *skipped* (``amendment``),
                        counted once in the summary
state                   ``not_answered``/empty → ``phase: idea``; ``evaluating`` →
                        ``feasibility``; ``accepted``/``rejected`` → ``participatory_budget.
                        feasibility_checked_before_vote: true`` (the answer is the feasibility
                        verdict); ``withdrawn`` → note; another token (0.28 custom states) →
                        note ``unknown state``
answered_at             with an empty ``state``: an answer recorded but not published — note
                        ``answer not published``, phase left unknown (not an idea any more)
answer, cost_report     appended to ``description`` (« Réponse : … », « Coûts : … »)
cost                    ``budget.investment`` in whole euros (``24000.5`` → 24001; the exact
                        amount kept in the row's details, note ``cost has cents``); not an
                        amount → note ``cost not read``, value kept
execution_period        ``schedule.announced_duration_months`` when written ``6 mois``,
                        ``1 an``…; otherwise (« Printemps 2026 ») note ``execution period not
                        a duration``, the text appended to ``description`` and kept in details
withdrawn, withdrawn_at ``true``/a date → note ``withdrawn``, ``schedule.abandoned: true``
published_at,           kept in the row's details (dates); not a date → note ``date not read``
state_published_at
======================  =======================================================================

Budget projects (``decidim-budgets/lib/decidim/budgets/project_serializer.rb``):
``budget_amount`` → ``budget.investment`` (same rules as ``cost``); ``selected_at`` set → the
project *won the vote*: ``participatory_budget.vote_year`` = its year (the selection is recorded
when the vote's results are), note ``selected``, and ``schedule.months_since_vote`` counted in
calendar months from ``selected_at`` to the *as-of* date (``schedule.as_of``: the date given to
:meth:`DecidimImporter.read_as_of`, by default the export's own latest date — never the clock);
a ``selected`` column (custom exports) is read too; ``origin: citizens`` only when
``related_proposals`` is filled (otherwise the project may come from the services: unknown);
reference ``decidim:project:<id>``.

A Decidim **JSON** export (the same serializers, not flattened) is read too: each resource is
flattened as ``csv.rb`` would, then mapped as above; its row is its position in the list.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ...errors import Problem, ProjectError
from ...model.vocabulary import Phase
from . import _values
from ._csv import CsvSource
from .consul_api import load_json
from .interface import Record, Skipped, build_project, csv_header, csv_rows, months, placeholder_name

__all__ = ["DecidimImporter", "decidim_objects", "flatten"]

LANGS = ("fr", "en")
STATES: dict[str, Phase | None] = {
    "": Phase.IDEA,
    "not_answered": Phase.IDEA,
    "evaluating": Phase.FEASIBILITY,
    "accepted": None,
    "rejected": None,
    "withdrawn": None,
}
TRUE, FALSE = ("true", "t", "1", "yes"), ("false", "f", "0", "no", "")
FORMULA_GUARD = ("'=", "'+", "'-", "'@")
PROPOSAL_DATES = ("published_at", "answered_at", "state_published_at", "withdrawn_at")
PROJECT_DATES = ("selected_at",)


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


def unguard(value: str) -> str:
    """A cell without the ``'`` the exporter puts before ``= + - @``."""
    return value[1:] if value.startswith(FORMULA_GUARD) else value


class DecidimImporter:
    name = "decidim"

    def sniff(self, header: list[str]) -> bool:
        names = {h.lower().split("/", 1)[0] for h in header}
        proposals = "state" in names and ("answer" in names or "body" in names)
        return proposals or ("budget_amount" in names and "title" in names)

    def export_date(self, path: Path) -> dt.date | None:
        """The latest date the export records (its ``…_at`` columns), None without one."""
        latest: dt.date | None = None
        for row in _raw_rows(path):
            for key, value in row.items():
                if key.endswith("_at"):
                    try:
                        day = _values.date(value)
                    except ValueError:
                        continue
                    if day is not None and (latest is None or day > latest):
                        latest = day
        return latest

    def read(self, path: Path) -> Iterator[Record]:
        return self.read_as_of(path, None)

    def read_as_of(self, path: Path, as_of: dt.date | None) -> Iterator[Record]:
        """The records of ``path``, month counts taken at ``as_of`` (None: its export date)."""
        day = as_of if as_of is not None else self.export_date(path)
        if path.suffix.lower() == ".json":
            return _read_json(path, day)
        projects = "budget_amount" in {h.lower() for h in csv_header(path)}
        source = str(path)

        def mapper(raw: dict[str, str], line: int) -> Record:
            row = {k.lower(): unguard(v) for k, v in raw.items()}
            return _budget_project(row, line, source, day) if projects else _proposal(row, line, source)

        price = "budget_amount" if projects else "cost"
        return csv_rows(
            path,
            mapper,
            multiline=True,
            whole_file={"no title": "title", f"no {price}": price},
            fatal=frozenset({"no title"}),
        )


def flatten(value: Any, key: str = "") -> dict[str, str]:
    """A serialized resource as the CSV exporter flattens it: nested keys joined with ``/``,
    lists joined with ``, ``, ``None`` empty, booleans ``true``/``false`` (iterative)."""
    out: dict[str, str] = {}
    stack: list[tuple[str, Any]] = [(key, value)]
    while stack:
        prefix, item = stack.pop()
        if isinstance(item, dict):
            stack.extend((f"{prefix}/{k}" if prefix else str(k), v) for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            out[prefix] = ", ".join(_scalar(v) for v in item)
        else:
            out[prefix] = _scalar(item)
    return out


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def decidim_objects(document: Any) -> list[dict[str, Any]]:
    """The resources of a Decidim JSON export (a list of serialized proposals or projects),
    or ``[]`` when ``document`` is not one."""
    if not isinstance(document, list) or not document or not all(isinstance(o, dict) for o in document):
        return []
    keys = set().union(*(o.keys() for o in document))
    proposals = "state" in keys and ("body" in keys or "answer" in keys)
    return document if proposals or {"budget_amount", "title"} <= keys else []


def _raw_rows(path: Path) -> Iterator[dict[str, str]]:
    """The export's rows as column → value, unmapped (bad rows left out)."""
    if path.suffix.lower() == ".json":
        for resource in decidim_objects(load_json(path)):
            yield {k.lower(): v for k, v in flatten(resource).items()}
        return
    source = CsvSource(path, multiline=True)
    header = [h.lower() for h in source.header]
    for raw in source.rows():
        if raw.fields is not None and len(raw.fields) == len(header):
            yield dict(zip(header, raw.fields, strict=True))


def _read_json(path: Path, as_of: dt.date | None) -> Iterator[Record]:
    """A Decidim JSON export: the same serializer as the CSV, not flattened; row = position."""
    objects = decidim_objects(load_json(path))
    if not objects:
        raise ProjectError(f"{path}: not a Decidim JSON export", [Problem("expected a list of proposals or "
                           "budget projects", file=str(path), hint="export as CSV or JSON from the admin")])
    projects = any("budget_amount" in o for o in objects)
    for number, resource in enumerate(objects, start=1):
        row = {k.lower(): unguard(v) for k, v in flatten(resource).items()}
        yield _budget_project(row, number, str(path), as_of) if projects else _proposal(row, number, str(path))


class _Row:
    """The mapping state of one row: traits, notes and kept details."""

    def __init__(self, row: dict[str, str], line: int, kind: str) -> None:
        self.row, self.notes, self.details = row, list[str](), list[tuple[str, str]]()
        pid = row.get("id", "")
        title = _values.strip_html(text(row, "title"))[:500]
        if not title:
            self.notes.append("no title")
        self.data: dict[str, Any] = {
            "name": title or placeholder_name(pid, line),
            "reference": f"decidim:{kind}:{pid}" if pid else f"decidim:{kind}:row {line}",
            "kinds": ["participatory_budget"],
        }
        self.parts: list[str] = []

    def flag(self, column: str) -> bool | None:
        value = self.row.get(column, "").lower()
        if column not in self.row:
            return None
        if value in TRUE or value in FALSE:
            return value in TRUE
        self.notes.append(f"{column} not read")
        self.details.append((column, self.row[column]))
        return None

    def money(self, column: str) -> None:
        raw = self.row.get(column, "")
        try:
            value = _values.amount(raw)
        except ValueError:
            self.notes.append(f"{column} not read")
            self.details.append((column, raw))
            return
        if value is None:
            self.notes.append(f"no {column}")
            return
        self.data.setdefault("budget", {})["investment"] = _values.euros(value)
        if value != value.to_integral_value():
            self.notes.append(f"{column} has cents")
            self.details.append((column, f"{value.quantize(Decimal('0.01'))} €"))

    def dates(self, columns: tuple[str, ...]) -> None:
        for column in columns:
            raw = self.row.get(column, "")
            try:
                _values.date(raw)
            except ValueError:
                self.notes.append("date not read")
            if raw:
                self.details.append((column, raw))

    def build(self, source: str, line: int) -> Record:
        description = "\n\n".join(p for p in self.parts if p)[: _values.MAX_DESCRIPTION]
        if description:
            self.data["description"] = description
        return build_project(self.data, source, line, self.notes, details=self.details)


def _origin(m: _Row) -> None:
    urls = [u.strip() for u in m.row.get("author/url", "").split(", ") if u.strip()]
    if "author/url" not in m.row and "author/name" not in m.row:
        m.data["origin"] = "citizens"  # 0.26 exports carry no author: the component's default
        return
    if any("/profiles/" in u for u in urls) or m.row.get("user_group/id") or m.row.get("author/user_group"):
        m.data["origin"] = "citizens"
    elif any("/meetings/" in u for u in urls) or m.flag("created_in_meeting"):
        m.notes.append("created in a meeting")
    elif urls:
        m.notes.append("official proposal")
        m.details.append(("author/name", m.row.get("author/name", "")))
    else:
        m.notes.append("no author")


def _proposal(row: dict[str, str], line: int, source: str) -> Record:
    if row.get("is_amend", "").lower() in TRUE:
        return Skipped(source, line, "amendment (is_amend): part of the proposal it amends")
    m = _Row(row, line, "proposal")
    _origin(m)
    state = row.get("state", "").lower()
    withdrawn = m.flag("withdrawn") or bool(row.get("withdrawn_at")) or state == "withdrawn"
    if withdrawn:
        m.notes.append("withdrawn")
        m.data["schedule"] = {"abandoned": True}
    if state not in STATES:
        m.notes.append("unknown state")
        m.details.append(("state", row["state"]))
    elif not state and row.get("answered_at"):
        m.notes.append("answer not published")
    elif STATES[state] is not None:
        m.data["phase"] = STATES[state].value  # type: ignore[union-attr]
    elif state in ("accepted", "rejected"):
        m.data["participatory_budget"] = {"feasibility_checked_before_vote": True}
    m.money("cost")
    m.dates(PROPOSAL_DATES)
    m.parts.append(_values.strip_html(text(row, "body")))
    answer = _values.strip_html(text(row, "answer"))
    if answer:
        m.parts.append("Réponse : " + answer)
    costs = _values.strip_html(text(row, "cost_report"))
    if costs:
        m.parts.append("Coûts : " + costs)
    period = _values.strip_html(text(row, "execution_period"))
    duration = months(period)
    if duration is not None:
        m.data.setdefault("schedule", {})["announced_duration_months"] = duration
    elif period:
        m.notes.append("execution period not a duration")
        m.details.append(("execution_period", period))
        m.parts.append("Période d'exécution : " + period)
    return m.build(source, line)


def _budget_project(row: dict[str, str], line: int, source: str, as_of: dt.date | None) -> Record:
    m = _Row(row, line, "project")
    m.money("budget_amount")
    if row.get("related_proposals"):
        m.data["origin"] = "citizens"
    m.dates(PROJECT_DATES)
    try:
        selected_on = _values.date(row.get("selected_at", ""))
    except ValueError:
        selected_on = None
    if selected_on is not None or m.flag("selected"):
        m.notes.append("selected")
        if selected_on is not None:
            m.data["participatory_budget"] = {"vote_year": selected_on.year}
            if as_of is not None and as_of >= selected_on:
                since = (as_of.year - selected_on.year) * 12 + as_of.month - selected_on.month
                m.data["schedule"] = {"as_of": as_of.isoformat(), "months_since_vote": since}
    description = _values.strip_html(text(row, "description"))
    if description:
        m.parts.append(description)
    return m.build(source, line)

