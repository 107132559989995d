"""Time to an event when some subjects have not had it yet: the Kaplan–Meier estimator.

A project voted 30 months ago and not yet open has not "taken 30 months": it takes *at least*
30. Dropping it biases every delay downwards (only the fast ones are counted); counting it as
30 does too. The product-limit (Kaplan–Meier) estimator uses it for exactly what it says: it
was still waiting at 30 months. At each time ``t`` where some events happen,

    S(t) = S(t⁻) × (1 − events(t) / at_risk(t))

where ``at_risk(t)`` counts the subjects whose time (event or censoring) is ``≥ t``. Censoring
at the same time as events counts as *after* them (the usual convention). The ``p``-quantile
is the smallest event time where ``S`` falls to ``1 − p`` or below; it is *not reached*
(``None``) when too many subjects are still waiting — an honest "more than" that a median of
the finished ones would hide.

Times are whole months here, but any non-negative integers work. Pure functions, no numpy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Curve", "Step", "kaplan_meier", "median_of_events"]


@dataclass(frozen=True)
class Step:
    """The curve right after ``time``: ``survival`` is the share still waiting."""

    time: int
    at_risk: int
    events: int
    survival: float


@dataclass(frozen=True)
class Curve:
    """A Kaplan–Meier curve: ``S(0) = 1``, then one step per event time."""

    subjects: int
    events: int
    steps: tuple[Step, ...]

    @property
    def censored(self) -> int:
        """Subjects still waiting at the end of their observation."""
        return self.subjects - self.events

    def survival_at(self, time: int) -> float:
        """``S(time)``: the estimated share still waiting after ``time``."""
        value = 1.0
        for step in self.steps:
            if step.time > time:
                break
            value = step.survival
        return value

    def quantile(self, p: float) -> int | None:
        """The time by which a share ``p`` has had the event (None: not reached in the data)."""
        if not 0 < p < 1:
            raise ValueError(f"p must be strictly between 0 and 1, not {p}")
        for step in self.steps:
            if step.survival <= 1 - p + 1e-12:
                return step.time
        return None


def kaplan_meier(observations: Iterable[tuple[int, bool]]) -> Curve:
    """The curve of ``(time, event)`` pairs; ``event`` False means censored at ``time``.

    >>> curve = kaplan_meier([(10, True), (20, False), (30, True)])
    >>> [(s.time, s.at_risk, round(s.survival, 3)) for s in curve.steps]
    [(10, 3, 0.667), (30, 1, 0.0)]
    >>> curve.quantile(0.5)
    30
    """
    events: Counter[int] = Counter()
    leaving: Counter[int] = Counter()
    for time, event in observations:
        if time < 0:
            raise ValueError(f"a time cannot be negative: {time}")
        leaving[time] += 1
        if event:
            events[time] += 1
    at_risk = sum(leaving.values())
    survival = 1.0
    steps: list[Step] = []
    for time in sorted(leaving):
        if events[time]:
            survival *= 1 - events[time] / at_risk
            steps.append(Step(time, at_risk, events[time], survival))
        at_risk -= leaving[time]
    return Curve(sum(leaving.values()), sum(events.values()), tuple(steps))


def median_of_events(observations: Iterable[tuple[int, bool]]) -> float | None:
    """The plain median of the event times only, censored subjects dropped (what a naive
    count of finished projects gives; kept to compare with published figures)."""
    times = sorted(t for t, event in observations if event)
    if not times:
        return None
    mid = len(times) // 2
    return float(times[mid]) if len(times) % 2 else (times[mid - 1] + times[mid]) / 2
