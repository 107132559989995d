"""Paris open data ``bp_projets_gagnants``: one winning participatory-budget project per row.

Columns and value sets: BRIEF §4.4 (`;`-separated, UTF-8 with BOM). What each column becomes:

=========================================  ===========================================================
column                                     trait
=========================================  ===========================================================
Identifiant du projet lauréat              ``reference`` = ``paris:<id>`` (required: a row without it
                                           is rejected)
Titre du projet lauréat                    ``name``; empty → ``Projet <id> (sans titre)``, note ``no title``
Edition                                    ``participatory_budget.vote_year`` (the vote is in September
                                           of the edition year)
Budget global du projet lauréat            ``budget.investment`` (€); not a number → row rejected
Projet en Quartier populaire               ``participatory_budget.working_class_district`` (Oui/Non)
Avancement du projet                       ``phase``, see below
Direction pilote, Thématique               ``kinds``, see below
(every row)                                ``origin: citizens``; ``authority``: Ville de Paris, mainland
=========================================  ===========================================================

``Avancement`` → ``phase``: ``(non démarré)`` and ``ETUDES`` → feasibility (the winner awaits or
undergoes its studies), ``PROCEDURES`` → procurement, ``TRAVAUX`` → works, ``LIVRAISON`` →
delivery, ``FIN`` → operation. ``ABANDONNÉ`` has no current phase: the project gets the last
phase it *reached*, read from the stage dates (works launched → works, procedures → procurement,
otherwise feasibility), so that its diagnosis reads as a post-mortem of where it stopped; it is
noted ``abandoned`` so the summary shows how many there are.

``kinds`` is always ``participatory_budget``, plus ``public_space_works`` when the lead service
is the roads (DVD, *Voirie et Déplacements*) or green-spaces (DEVE, *Espaces Verts*) department;
when the lead service is empty (64 rows of the 2024 copy), the theme decides: ``Cadre de vie``
and ``Mobilités`` → ``public_space_works``. Other services and themes (schools, culture, sport…)
add nothing: no kind of the model describes them better than "participatory budget".

Everything else — address, district, dates, URLs — stays unknown to the rules. An empty mapped
field becomes a note (``no title``, ``no lead service``, ``no budget``…), counted in the batch
summary.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...model.vocabulary import Phase, ProjectKind
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

PHASES: dict[str, Phase | None] = {
    "(non démarré)": Phase.FEASIBILITY,
    "ETUDES": Phase.FEASIBILITY,
    "PROCEDURES": Phase.PROCUREMENT,
    "TRAVAUX": Phase.WORKS,
    "LIVRAISON": Phase.DELIVERY,
    "FIN": Phase.OPERATION,
    "ABANDONNÉ": None,  # decided from the stage dates
}
PUBLIC_SPACE_SERVICES = ("voirie", "espaces verts")  # DVD, DEVE (accents folded, lowercase)
PUBLIC_SPACE_THEMES = ("cadre de vie", "mobilites")


def _fold(text: str) -> str:
    """Lowercase, without accents, typographic apostrophes made plain: for tolerant matching."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


_PHASES = {_fold(k): v for k, v in PHASES.items()}


class ParisImporter:
    name = "paris"

    def sniff(self, header: list[str]) -> bool:
        return ID in header and STATUS in header

    def read(self, path: Path) -> Iterator[Record]:
        return csv_rows(path, lambda row, line: _project(row, line, str(path)), required=(ID,))


def _project(row: dict[str, str], line: int, source: str) -> Record:
    notes: list[str] = []
    pid = row[ID]
    if not pid:
        raise RowError("the project has no identifier", ID, f"every row needs `{ID}`")
    title = row.get(TITLE, "")
    if not title:
        notes.append("no title")
    pb: dict[str, Any] = {}
    edition = row.get(EDITION, "")
    if edition.isdigit() and 1990 <= int(edition) <= 2100:
        pb["vote_year"] = int(edition)
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
    phase = _phase(row, notes)
    if phase is not None:
        data["phase"] = phase.value
    return build_project(data, source, line, notes)


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
