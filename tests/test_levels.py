"""Risk levels from scores (impact × likelihood): low 1–4, medium 5–9, high 10–15, critical 16–25.

Every boundary is tested on both sides, so that moving a threshold by one is caught here and not
only by a golden report's colours.
"""

from __future__ import annotations

import pytest

from risk_advisor.model.vocabulary import Effort, Lang, Level, Phase, label


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (1, Level.LOW),
        (4, Level.LOW),
        (5, Level.MEDIUM),
        (9, Level.MEDIUM),
        (10, Level.HIGH),
        (15, Level.HIGH),
        (16, Level.CRITICAL),
        (25, Level.CRITICAL),
    ],
)
def test_level_from_score_at_each_boundary(score: int, level: Level) -> None:
    assert Level.from_score(score) is level


def test_every_possible_score_gets_the_documented_level() -> None:
    # impact and likelihood are 1–5, so these are all the scores a rule can have
    scores = sorted({i * j for i in range(1, 6) for j in range(1, 6)})
    expected = {
        Level.LOW: [1, 2, 3, 4],
        Level.MEDIUM: [5, 6, 8, 9],
        Level.HIGH: [10, 12, 15],
        Level.CRITICAL: [16, 20, 25],
    }
    assert {lv: [s for s in scores if Level.from_score(s) is lv] for lv in Level} == expected


def test_levels_rank_from_low_to_critical() -> None:
    assert [lv.rank for lv in (Level.LOW, Level.MEDIUM, Level.HIGH, Level.CRITICAL)] == [0, 1, 2, 3]


def test_phases_rank_in_chronological_order() -> None:
    assert [p.rank for p in Phase] == list(range(len(Phase)))
    assert Phase.IDEA.rank < Phase.WORKS.rank < Phase.EVALUATION.rank


def test_effort_weights_grow_with_effort() -> None:
    assert (Effort.LOW.weight, Effort.MEDIUM.weight, Effort.HIGH.weight) == (1, 2, 3)


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        (Level.HIGH, "élevé", "high"),
        (Effort.HIGH, "important", "high"),
        (Level.CRITICAL, "critique", "critical"),
    ],
)
def test_labels_are_per_vocabulary_and_per_language(value: Level | Effort, fr: str, en: str) -> None:
    assert label(value, Lang.FR.value) == fr
    assert label(value, "fr") == fr
    assert label(value, "en") == en
    assert label(value) == fr  # French is the default
