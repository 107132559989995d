"""Projects, a catalogue and a clock shared by the report tests and the golden files.

Not a test module: ``tests/test_report_*.py``, ``tests/test_checklist.py`` and
``tests/test_golden.py`` import it (``from .report_cases import …``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

from risk_advisor import Diagnosis, diagnose, load_catalogue
from risk_advisor.catalogue.model import Catalogue

ROOT = Path(__file__).resolve().parents[1]
SMALL_RULES = ROOT / "tests" / "data" / "rules_small"
TODAY = dt.date(2025, 1, 15)  # decides which acknowledgements have lapsed
TOOL_VERSION = "0.0.0-golden"  # so that a release does not change every golden file

# Every rule of the small catalogue fires; one acknowledgement still holds, one has lapsed;
# every text a user typed tries to break out of its format.
BLACK: dict[str, Any] = {
    "name": "<script>alert(1)</script> Portail « familles » & co",
    "reference": "=HYPERLINK(\"http://evil\")",
    "origin": "citizens",
    "governance": {"technical_lookout": False, "project_lead_technical": True},
    "stakeholders": [],
    "consultation": {"needs_defined_with_all_actors": False},
    "acknowledged_risks": [
        {
            "risk": "technocratic",
            "justification": "@SUM(A1) Équipe mixte <b>déjà</b> en place ; revue prévue",
            "owner": "=1+1 DGS",
            "review_date": "2026-06-30",
        },
        {
            "risk": "needs-not-shared",
            "justification": "-Besoin étudié en 2023 | \"atelier\"",
            "owner": "+Mme Dupont",
            "review_date": "2024-12-31",
        },
    ],
}

# A medium finding, the rest undecided: open questions, nothing accepted.
GREY: dict[str, Any] = {
    "name": "Médiathèque du centre",
    "origin": "citizens",
    "governance": {"project_lead_technical": True},
    "stakeholders": [{"role": "users", "name": "Conseil des usagers", "phases": ["operation"]}],
}

CASES = {"black": BLACK, "grey": GREY}
LANGS = ("fr", "en")


@cache
def small_catalogue() -> Catalogue:
    return load_catalogue(SMALL_RULES, builtin=False)


def diagnosis(case: str | dict[str, Any], lang: str = "fr") -> Diagnosis:
    project = CASES[case] if isinstance(case, str) else case
    d = diagnose(project, catalogue=small_catalogue(), engine="python", lang=lang, today=TODAY)
    return d.model_copy(update={"tool_version": TOOL_VERSION})
