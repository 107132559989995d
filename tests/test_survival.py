"""Kaplan–Meier: projects not yet open count as "still waiting", never as done nor as absent."""

from __future__ import annotations

import pytest

from risk_advisor.portfolio.evidence.survival import kaplan_meier, median_of_events


def test_without_censoring_it_is_the_empirical_distribution() -> None:
    curve = kaplan_meier([(t, True) for t in (5, 10, 10, 20)])
    assert [(s.time, s.at_risk, s.events, s.survival) for s in curve.steps] == [
        (5, 4, 1, 0.75), (10, 3, 2, 0.25), (20, 1, 1, 0.0)]  # fmt: skip
    assert (curve.quantile(0.25), curve.quantile(0.5), curve.quantile(0.75)) == (5, 10, 10)


def test_a_censored_subject_leaves_the_risk_set_without_an_event() -> None:
    # textbook example: 6 subjects, censored at 4 and 8
    curve = kaplan_meier([(2, True), (4, False), (6, True), (8, False), (10, True), (12, True)])
    assert [s.time for s in curve.steps] == [2, 6, 10, 12]
    assert [s.at_risk for s in curve.steps] == [6, 4, 2, 1]
    assert curve.survival_at(6) == pytest.approx(5 / 6 * 3 / 4)
    assert curve.survival_at(10) == pytest.approx(5 / 6 * 3 / 4 * 1 / 2)
    assert curve.survival_at(1) == 1.0
    assert (curve.subjects, curve.events, curve.censored) == (6, 4, 2)


def test_censoring_at_an_event_time_counts_after_the_event() -> None:
    curve = kaplan_meier([(3, True), (3, False), (5, True)])
    assert curve.steps[0].at_risk == 3 and curve.steps[0].survival == pytest.approx(2 / 3)
    assert curve.steps[1].at_risk == 1


def test_the_median_is_not_reached_when_half_are_still_waiting() -> None:
    curve = kaplan_meier([(10, True), (30, False), (30, False), (30, False)])
    assert curve.quantile(0.25) == 10
    assert curve.quantile(0.5) is None


def test_ignoring_the_unfinished_understates_the_delay() -> None:
    observations = [(12, True), (18, True), (24, True), (40, False), (40, False), (40, False), (50, True)]
    assert median_of_events(observations) == 21.0
    assert kaplan_meier(observations).quantile(0.5) == 50


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        kaplan_meier([(-1, True)])
    with pytest.raises(ValueError, match="between 0 and 1"):
        kaplan_meier([(1, True)]).quantile(1.0)


def test_no_subjects_gives_a_flat_curve() -> None:
    curve = kaplan_meier([])
    assert curve.steps == () and curve.quantile(0.5) is None and median_of_events([]) is None
