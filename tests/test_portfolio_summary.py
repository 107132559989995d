"""The portfolio summary: counts per level, frequent risks and questions, top projects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from risk_advisor import Catalogue, diagnose
from risk_advisor.portfolio.summary import Tally, render_text


def test_counts_and_rankings(small_catalogue: Catalogue) -> None:
    def d(project: dict[str, Any]) -> Any:
        return diagnose(project, catalogue=small_catalogue, today=dt.date(2025, 1, 1))

    tally = Tally(top=2)
    no_lookout = {"origin": "citizens", "governance": {"technical_lookout": False}}
    for i, project in enumerate([{"name": "vide"}, {"name": "risqué", **no_lookout}, {"name": "aussi", **no_lookout}]):
        tally.add(d({**project, "reference": f"r{i}"}))
    summary = tally.result()
    assert summary.projects == 3
    assert summary.by_highest_level["none"] == 1
    assert sum(summary.by_highest_level.values()) == 3
    assert summary.top_risks[0][0] == "no-lookout" and summary.top_risks[0][2] == 2
    assert [p.reference for p in summary.top_projects] == ["r1", "r2"]  # ties: input order
    assert summary.top_questions and summary.top_questions[0][1] == 3
    text = render_text(summary, "en")
    assert text.startswith("3 projects diagnosed, 0 rows rejected\n")
