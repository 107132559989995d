"""Paris open data ``bp_projets_gagnants``: one winning participatory-budget project per row.

Columns and value sets: BRIEF §4.4 (`;`-separated, UTF-8 with BOM). What each column becomes:

=========================================  ===========================================================
column                                     trait
=========================================  ===========================================================
Identifiant du projet lauréat              ``reference`` = ``paris:<id>`` (required: a row without it
                                           is rejected)
Titre du projet lauréat                    ``name``; empty → ``Projet <id> (sans titre)``, note ``no title``
Edition                                    ``participatory_budget.vote_year``; the vote is taken to be
                                           in **September** of that year (Paris votes in September)
Budget global du projet lauréat            ``budget.investment`` (€); not a number → row rejected
Projet en Quartier populaire               ``participatory_budget.working_class_district`` (Oui/Non)
Avancement du projet                       ``phase`` and ``schedule.abandoned``, see below
Direction pilote, Thématique               ``kinds``, see below; facets ``lead_service``, ``theme``
Direction pilote empty                     ``governance.project_lead: false`` (nobody leads it), note
                                           ``no lead service``; a named service leaves it unknown (a
                                           lead *service* is not a named project lead)
Date de début des études                   ``schedule.months_vote_to_studies``
Date de lancement des procédures           ``schedule.months_vote_to_procedures``
Date de lancement des travaux              ``schedule.months_vote_to_works``
Date prévisionnelle de livraison           ``schedule.forecast_delivery`` (first day of the month),
                                           ``schedule.months_vote_to_forecast_delivery``,
                                           ``schedule.months_past_forecast_delivery`` (as of)
Date d'ouverture du projet au public       ``schedule.opened_on`` (first day of the month),
                                           ``schedule.months_vote_to_opening``,
                                           ``schedule.months_since_opening`` (as of)
Dernière mise à jour des données           the default as-of date (see below)
(every row)                                ``origin: citizens``; ``authority``: Ville de Paris, mainland;
                                           ``schedule.as_of``, ``schedule.months_since_vote``,
                                           ``schedule.months_in_current_phase``
=========================================  ===========================================================

Dates are months (``2019-10``; ``2019-10-03`` and ``03/10/2019`` are read too); an unreadable
date is left out with the note ``unreadable date``. A step that started before the vote gets a
negative count.

**As of.** Counts that depend on "now" (months since the vote, past the forecast, since the
opening, in the current phase) are taken at the *as-of* date: the one given (``batch
--as-of``), or by default the export's own date, read from the file alone — the latest
``Dernière mise à jour`` when the column is filled, otherwise the latest opening date (the last
event the export records as done; a lower bound of the export's real date, so the counts are
lower bounds too). No date at all: those counts stay unknown. The same file always gives the
same projects.

``Avancement`` → ``phase``: ``(non démarré)`` and ``ETUDES`` → feasibility (the winner awaits or
undergoes its studies), ``PROCEDURES`` → procurement, ``TRAVAUX`` → works, ``LIVRAISON`` →
delivery, ``FIN`` → operation. ``schedule.abandoned`` is true for ``ABANDONNÉ``, false for any
other known state. ``ABANDONNÉ`` has no current phase: the project gets the last phase it
*reached*, read from the stage dates (works launched → works, procedures → procurement,
otherwise feasibility), so that its diagnosis reads as a post-mortem of where it stopped; it is
noted ``abandoned`` so the summary shows how many there are. The current phase started with
the vote (``(non démarré)``), the studies (``ETUDES``, else the vote), the procedures, the works
or the opening (``FIN``); ``LIVRAISON`` and ``ABANDONNÉ`` leave ``months_in_current_phase``
unknown.

``kinds`` is always ``participatory_budget``, plus ``public_space_works`` when the lead service
is the roads (DVD, *Voirie et Déplacements*) or green-spaces (DEVE, *Espaces Verts*) department;
when the lead service is empty (64 rows of the 2024 copy), the theme decides: ``Cadre de vie``
and ``Mobilités`` → ``public_space_works``. Other services and themes (schools, culture, sport…)
add nothing: no kind of the model describes them better than "participatory budget".

Everything else — address, district, URLs — stays unknown to the rules. An empty mapped
field becomes a note (``no title``, ``no lead service``, ``no budget``…), counted in the batch
summary.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model.vocabulary import Phase, ProjectKind
from .dates import Month, months_between, parse_month
from .interface import Record, RowError, build_project, csv_rows, parse_euros, placeholder_name

__all__ = ["ParisImporter"]

ID = "Identifiant du projet lauréat"
TITLE = "Titre du projet lauréat"
EDITION = "Edition"
THEME = "Thématique"
SERVICE = "Direction pilote du projet lauréat"
BUDGET = "Budget global du projet lauréat"
WORKING_CLASS = "Projet en Quartier populaire"
STATUS = "Avancement du projet"
STUDIES = "Date de début des études du projet"
PROCEDURES = "Date de lancement des procédures du projet"
WORKS = "Date de lancement des travaux du projet"
FORECAST = "Date prévisonnelle de livraison du projet"  # sic: the export's own spelling
OPENING = "Date d'ouverture du projet au public"
UPDATED = "Dernière mise à jour des données du projet"
VOTE_MONTH = 9  # Paris votes in September (BRIEF §2.1)

STEPS = (
    (STUDIES, "months_vote_to_studies"),
    (PROCEDURES, "months_vote_to_procedures"),
    (WORKS, "months_vote_to_works"),
    (FORECAST, "months_vote_to_forecast_delivery"),
    (OPENING, "months_vote_to_opening"),
)

PHASES: dict[str, Phase | None] = {
    "(non démarré)": Phase.FEASIBILITY,
    "ETUDES": Phase.FEASIBILITY,
    "PROCEDURES": Phase.PROCUREMENT,
    "TRAVAUX": Phase.WORKS,
    "LIVRAISON": Phase.DELIVERY,
    "FIN": Phase.OPERATION,
    "ABANDONNÉ": None,  # decided from the stage dates
}
# The column whose date starts the current phase, by status (folded); the vote when None.
PHASE_START: dict[str, str | None] = {
    "(non demarre)": None,
    "etudes": STUDIES,
    "procedures": PROCEDURES,
    "travaux": WORKS,
    "fin": OPENING,
}
PUBLIC_SPACE_SERVICES = ("voirie", "espaces verts")  # DVD, DEVE (accents folded, lowercase)
PUBLIC_SPACE_THEMES = ("cadre de vie", "mobilites")


def _fold(text: str) -> str:
    """Lowercase, without accents, typographic apostrophes made plain: for tolerant matching."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


_PHASES = {_fold(k): v for k, v in PHASES.items()}


class ParisImporter:
    """The Paris winners' export (see the module's mapping table). A :class:`DatedImporter`."""

    name = "paris"

    def sniff(self, header: list[str]) -> bool:
        return ID in header and STATUS in header

    def read(self, path: Path) -> Iterator[Record]:
        """The projects of ``path``, counted as of the export's own date."""
        return self.read_as_of(path, None)

    def read_as_of(self, path: Path, as_of: dt.date | None) -> Iterator[Record]:
        """The projects of ``path``, counted as of ``as_of`` (None: :meth:`export_date`)."""
        day = as_of if as_of is not None else self.export_date(path)
        return csv_rows(path, lambda row, line: _project(row, line, str(path), day), required=(ID,))

    def export_date(self, path: Path) -> dt.date | None:
        """The latest update date of ``path``, else its latest opening date (first day of the month).

        A pre-pass that reads two columns and keeps one month: constant memory. Rows the main
        pass will reject are read as well as they can be; unreadable dates are skipped.
        """
        updated: Month | None = None
        opened: Month | None = None
        try:
            stream = path.open(encoding="utf-8-sig", errors="replace", newline="")
        except OSError:
            return None  # the main pass reports the file as unreadable
        with stream:
            for row in csv.DictReader(stream, delimiter=";"):
                if (month := parse_month(row.get(UPDATED) or "")) and (updated is None or month > updated):
                    updated = month
                if (month := parse_month(row.get(OPENING) or "")) and (opened is None or month > opened):
                    opened = month
        latest = updated or opened
        return latest.first_day() if latest else None


def _project(row: dict[str, str], line: int, source: str, as_of: dt.date | None) -> Record:
    notes: list[str] = []
    pid = row[ID]
    if not pid:
        raise RowError("the project has no identifier", ID, f"every row needs `{ID}`")
    title = row.get(TITLE, "")
    if not title:
        notes.append("no title")
    pb: dict[str, Any] = {}
    edition = row.get(EDITION, "")
    vote: Month | None = None
    if edition.isdigit() and 1990 <= int(edition) <= 2100:
        pb["vote_year"] = int(edition)
        vote = Month(int(edition), VOTE_MONTH)
    elif edition:
        raise RowError(f"`{edition[:40]}` is not a year", EDITION, "write the edition as a year, e.g. 2019")
    else:
        notes.append("no edition")
    working_class = {"oui": True, "non": False}.get(_fold(row.get(WORKING_CLASS, "")))
    if working_class is None:
        notes.append("no working-class district flag")
    else:
        pb["working_class_district"] = working_class
    investment = parse_euros(row.get(BUDGET, ""), BUDGET)
    if investment is None:
        notes.append("no budget")
    data: dict[str, Any] = {
        "name": title or placeholder_name(pid, line),
        "reference": f"paris:{pid}",
        "kinds": _kinds(row, notes),
        "origin": "citizens",
        "authority": {"name": "Ville de Paris", "territory": "mainland"},
        "participatory_budget": pb,
    }
    if investment is not None:
        data["budget"] = {"investment": investment}
    if not row.get(SERVICE, ""):
        data["governance"] = {"project_lead": False}
    phase = _phase(row, notes)
    if phase is not None:
        data["phase"] = phase.value
    data["schedule"] = _schedule(row, vote, as_of, notes)
    facets = (("theme", row.get(THEME, "")), ("lead_service", row.get(SERVICE, "")))
    return build_project(data, source, line, notes, facets)


def _schedule(row: dict[str, str], vote: Month | None, as_of: dt.date | None, notes: list[str]) -> dict[str, Any]:
    months: dict[str, Month] = {}
    for step, _ in STEPS:
        text = row.get(step, "")
        if text and (month := parse_month(text)) is None:
            notes.append("unreadable date")
        elif text and month is not None:
            months[step] = month
    schedule: dict[str, Any] = {}
    status = _fold(row.get(STATUS, ""))
    if status in _PHASES:
        schedule["abandoned"] = _PHASES[status] is None
    if FORECAST in months:
        schedule["forecast_delivery"] = months[FORECAST].first_day()
    if OPENING in months:
        schedule["opened_on"] = months[OPENING].first_day()
    if vote is not None:
        for step, key in STEPS:
            if step in months:
                schedule[key] = months_between(vote, months[step])
    if as_of is None:
        return schedule
    now = Month.of(as_of)
    schedule["as_of"] = as_of
    if vote is not None:
        schedule["months_since_vote"] = months_between(vote, now)
    if FORECAST in months:
        schedule["months_past_forecast_delivery"] = months_between(months[FORECAST], now)
    if OPENING in months:
        schedule["months_since_opening"] = months_between(months[OPENING], now)
    if status in PHASE_START:
        column = PHASE_START[status]
        start = vote if column is None else months.get(column, vote if column == STUDIES else None)
        if start is not None and months_between(start, now) >= 0:
            schedule["months_in_current_phase"] = months_between(start, now)
    return schedule


def _kinds(row: dict[str, str], notes: list[str]) -> list[str]:
    kinds = [ProjectKind.PARTICIPATORY_BUDGET.value]
    service, theme = _fold(row.get(SERVICE, "")), _fold(row.get(THEME, ""))
    if not service:
        notes.append("no lead service")
    if not theme:
        notes.append("no theme")
    if service:
        public_space = any(s in service for s in PUBLIC_SPACE_SERVICES)
    else:
        public_space = theme in PUBLIC_SPACE_THEMES
    if public_space:
        kinds.append(ProjectKind.PUBLIC_SPACE_WORKS.value)
    return kinds


def _phase(row: dict[str, str], notes: list[str]) -> Phase | None:
    status = _fold(row.get(STATUS, ""))
    if not status:
        notes.append("no status")
        return None
    if status not in _PHASES:
        notes.append("unknown status")
        return None
    phase = _PHASES[status]
    if phase is not None:
        return phase
    notes.append("abandoned")
    if row.get(WORKS):
        return Phase.WORKS
    if row.get(PROCEDURES):
        return Phase.PROCUREMENT
    return Phase.FEASIBILITY
