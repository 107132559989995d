"""An acknowledgement holds up to and including its review date, and lapses the day after.

"Review on 30 June" means the acceptance still stands on 30 June: the finding moves back among
the findings (flagged as expired) from 1 July. ``today`` is an input, never the clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from risk_advisor import Diagnosis, ProjectError, diagnose

from .report_cases import small_catalogue

REVIEW = dt.date(2025, 6, 30)


def _project(review_date: dt.date) -> dict[str, Any]:
    """A project on which the small catalogue finds the ``technocratic`` risk, accepted until ``review_date``."""
    return {
        "name": "Portail familles",
        "origin": "citizens",
        "governance": {"technical_lookout": False, "project_lead_technical": True},
        "stakeholders": [],  # nobody from the users in design: the rule can decide
        "acknowledged_risks": [
            {
                "risk": "technocratic",
                "justification": "Équipe mixte en place",
                "owner": "DGS",
                "review_date": review_date.isoformat(),
            }
        ],
    }


def _diagnose(today: dt.date) -> Diagnosis:
    return diagnose(_project(REVIEW), catalogue=small_catalogue(), engine="python", today=today)


def _risks(findings: Any) -> set[str]:
    return {f.risk_id for f in findings}


def test_the_accepted_risk_is_found_at_all() -> None:
    # without the acknowledgement the rule fires: otherwise the tests below would prove nothing
    project = _project(REVIEW)
    del project["acknowledged_risks"]
    d = diagnose(project, catalogue=small_catalogue(), engine="python", today=REVIEW)
    assert "technocratic" in _risks(d.findings)


@pytest.mark.parametrize(
    "today",
    [REVIEW - dt.timedelta(days=1), REVIEW],
    ids=["the-day-before-the-review-date", "on-the-review-date"],
)
def test_an_acknowledgement_holds_until_its_review_date_included(today: dt.date) -> None:
    d = _diagnose(today)
    assert "technocratic" in _risks(d.acknowledged)
    assert "technocratic" not in _risks(d.findings)
    (accepted,) = [f for f in d.acknowledged if f.risk_id == "technocratic"]
    assert accepted.acknowledgement is not None
    assert accepted.acknowledgement.expired is False
    assert accepted.acknowledgement.review_date == REVIEW
    assert d.summary.acknowledged == len(d.acknowledged) >= 1


def test_an_acknowledgement_lapses_the_day_after_its_review_date() -> None:
    d = _diagnose(REVIEW + dt.timedelta(days=1))
    assert "technocratic" not in _risks(d.acknowledged)
    (lapsed,) = [f for f in d.findings if f.risk_id == "technocratic"]
    assert lapsed.acknowledgement is not None
    assert lapsed.acknowledgement.expired is True
    assert lapsed.acknowledgement.owner == "DGS"
    assert lapsed.acknowledgement.justification == "Équipe mixte en place"
    assert d.summary.acknowledged == 0


def test_an_acknowledgement_of_an_unknown_risk_is_an_error_not_a_silent_no_op() -> None:
    project = _project(REVIEW)
    project["acknowledged_risks"][0]["risk"] = "no-such-risk-here"
    with pytest.raises(ProjectError, match="neither a risk ID nor a rule ID"):
        diagnose(project, catalogue=small_catalogue(), engine="python", today=REVIEW)
