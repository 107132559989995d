"""Evidence from the portfolio itself: delays counted with the projects not yet open."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from risk_advisor.catalogue.loader import load_catalogue
from risk_advisor.model.project import Project
from risk_advisor.portfolio import read_sources, run_batch
from risk_advisor.portfolio.evidence.collect import CATALOGUE_FIGURES, EvidenceTally, budget_class

SAMPLES = Path(__file__).parent / "data" / "portfolio"
PARIS = SAMPLES / "paris_sample.csv"
SMALL = Path(__file__).parent / "data" / "rules_small"


def project(**traits: Any) -> Project:
    return Project.model_validate({"name": "p", "kinds": ["participatory_budget"], **traits})


def tally(*projects: tuple[Project, dict[str, str]]) -> Any:
    evidence = EvidenceTally()
    for p, facets in projects:
        evidence.add(p, tuple(facets.items()))
    return evidence.result()


def opened(months: int, investment: int = 100_000, theme: str = "Sport") -> tuple[Project, dict[str, str]]:
    schedule = {"months_vote_to_opening": months, "months_since_vote": months + 10, "abandoned": False}
    return project(budget={"investment": investment}, schedule=schedule, phase="operation"), {"theme": theme}


def waiting(months: int, investment: int = 100_000, theme: str = "Sport") -> tuple[Project, dict[str, str]]:
    schedule = {"months_since_vote": months, "abandoned": False}
    return project(budget={"investment": investment}, schedule=schedule, phase="works"), {"theme": theme}


class TestDelays:
    def test_projects_not_yet_open_raise_the_median_instead_of_vanishing(self) -> None:
        evidence = tally(opened(10), opened(20), *(waiting(40) for _ in range(4)))
        overall = evidence.overall
        assert (overall.projects, overall.opened, overall.waiting) == (6, 2, 4)
        assert overall.median_opened_only == 15.0  # the naive figure
        assert overall.median is None  # two thirds still waiting after every opening: not reached
        assert overall.q1 == 20

    def test_abandoned_projects_are_left_out_of_delays_and_counted_as_abandonments(self) -> None:
        gone = project(schedule={"months_since_vote": 50, "abandoned": True}, phase="feasibility")
        evidence = tally(opened(10), (gone, {"theme": "Sport", "lead_service": "DVD"}))
        assert evidence.overall.projects == 1
        assert evidence.abandoned == 1
        rate = {r.group: r for r in evidence.abandonment["theme"]}["Sport"]
        assert (rate.projects, rate.abandoned, rate.rate) == (2, 1, 0.5)

    def test_groups_follow_the_catalogues_budget_bands_and_the_facets(self) -> None:
        evidence = tally(opened(10, 20_000), opened(30, 2_000_000, theme="Culture"), waiting(5, 400_000))
        assert [r.group for r in evidence.delays["budget"]] == ["< 50 k€", "300 k€–1 M€", "≥ 1 M€"]
        assert {r.group for r in evidence.delays["theme"]} == {"Culture", "Sport"}

    @pytest.mark.parametrize(
        ("investment", "band"),
        [(None, "?"), (0, "< 50 k€"), (49_999, "< 50 k€"), (50_000, "50–300 k€"), (299_999, "50–300 k€"),
         (300_000, "300 k€–1 M€"), (1_000_000, "≥ 1 M€")],
    )  # fmt: skip
    def test_budget_bands_match_the_rules(self, investment: int | None, band: str) -> None:
        assert budget_class(investment) == band

    def test_overdue_projects_are_late_on_their_own_forecast_and_not_yet_delivered(self) -> None:
        def past(months: int) -> dict[str, Any]:
            return {"months_past_forecast_delivery": months, "abandoned": False}

        late = project(reference="late", phase="works", schedule=past(4))
        ahead = project(reference="ahead", phase="works", schedule=past(-2))
        done = project(reference="done", phase="operation", schedule=past(9))
        evidence = tally((late, {}), (ahead, {}), (done, {}))
        assert evidence.overdue == 1 and [o.reference for o in evidence.most_overdue] == ["late"]


class TestComparison:
    def test_the_catalogues_figures_are_the_ones_its_rules_state(self) -> None:
        rules = load_catalogue().rules
        for _, _, figure, rule_ids in CATALOGUE_FIGURES:
            for rule_id in rule_ids:
                text = rules[rule_id].rationale.en
                assert re.search(rf"\b{figure:g}\b", text), f"{rule_id} no longer says {figure:g}"

    def test_a_small_export_is_not_judged_against_the_catalogue(self) -> None:
        evidence = tally(*(opened(27) for _ in range(5)))
        overall = evidence.comparisons[0]
        assert overall.opened_only == 27.0 and overall.agrees is None  # 5 open projects: too few

    def test_agreement_is_within_two_months_of_the_catalogues_median(self) -> None:
        assert tally(*(opened(28) for _ in range(25))).comparisons[0].agrees is True
        assert tally(*(opened(31) for _ in range(25))).comparisons[0].agrees is False


class TestReport:
    def run(self, fmt: str, lang: str = "fr") -> str:
        out = io.StringIO()
        records = read_sources([PARIS], as_of=dt.date(2025, 1, 15))
        catalogue = load_catalogue(SMALL, builtin=False)
        run_batch(records, out, fmt=fmt, catalogue=catalogue, engine="python", lang=lang, today=dt.date(2025, 1, 15))
        return out.getvalue()

    def test_the_html_report_shows_the_observed_delays_with_pictures(self) -> None:
        page = self.run("html")
        assert "<h3>Délai du vote à l&#x27;ouverture au public</h3>" in page
        assert page.count("<svg") == 3  # survival curves, quartiles by theme, by lead service
        assert not re.search(r"<script|src=|href=|@import|url\(", page)  # offline, no JavaScript
        assert "Délais comptés au 2025-01-15" in page
        assert "Estimateur de Kaplan–Meier" in page

    def test_overdue_projects_are_listed_as_of_the_date(self) -> None:
        page = self.run("markdown", "en")
        assert "As of 2025-01-15, 3 projects are past their forecast delivery month" in page
        assert "| paris:8818 | Rénovation de l’Île aux Cygnes | 7 |" in page

    def test_the_json_data_carries_the_estimator_and_the_figures(self) -> None:
        data = json.loads(self.run("json"))
        evidence = data["evidence"]
        assert evidence["estimator"] == "kaplan-meier"
        assert evidence["overall"]["projects"] == 19 and evidence["overall"]["opened"] == 4
        assert data["as_of"] == "2025-01-15" and data["projects"] == 21

    def test_the_same_input_gives_the_same_bytes(self) -> None:
        assert self.run("html") == self.run("html")
