"""What the portfolio itself shows: delays from vote to opening, abandonments, overdue projects.

Fed one imported project at a time (:meth:`EvidenceTally.add`), in memory bounded by the
number of *groups*, not of projects: each group keeps a counter of ``(months, opened)`` pairs.

- **Delay from vote to opening**, by budget class (the catalogue's bands), theme, lead service,
  edition and working-class district: a project open to the public counts its months from the
  vote to the opening (an event); a project not yet open, and not abandoned, counts the months
  from the vote to the as-of date (*censored*: it takes at least that long). The Kaplan–Meier
  estimator (:mod:`.survival`) gives count, first quartile, median and third quartile. An
  abandoned project will never open: it is left out of the delays and counted in the
  abandonment rates instead. A project whose vote or as-of date is unknown is left out.
- **Abandonment rate** by theme and lead service: abandoned projects over projects.
- **Overdue projects** as of the date: forecast delivery month passed, not yet delivered, not
  abandoned (the rule PORTFOLIO-DELIVERY-OVERDUE); the count and the most overdue few.
- **Comparison** with the figures the catalogue's rules use (the Paris medians, brief §2.1):
  the export's median computed the catalogue's way (projects already open only) and its
  Kaplan–Meier median, with whether the export agrees (within ``AGREEMENT_MONTHS``; not
  judged on fewer than ``MIN_OPENED_TO_COMPARE`` open projects).
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field

from ...model.project import Project
from ...model.vocabulary import Phase
from .survival import Curve, kaplan_meier, median_of_events

__all__ = [
    "AGREEMENT_MONTHS",
    "CATALOGUE_FIGURES",
    "Comparison",
    "DelayRow",
    "Evidence",
    "EvidenceTally",
    "Overdue",
    "RateRow",
    "budget_class",
]

AGREEMENT_MONTHS = 2.0
MIN_OPENED_TO_COMPARE = 20  # fewer open projects in a group: its median says too little to judge
OVERDUE_SHOWN = 15
BUDGET_CLASSES = ("< 50 k€", "50–300 k€", "300 k€–1 M€", "≥ 1 M€")
DIMENSIONS = ("budget", "theme", "lead_service", "edition", "working_class")
UNKNOWN = "?"  # a group label for an empty field

# The medians (months from vote to opening) the catalogue's rules state, and the rules that
# state them: BP-PROMISE-BELOW-PARIS-DELAYS and PORTFOLIO-FORECAST-BELOW-OBSERVED (bands),
# BP-LARGE-PROJECT-DELAY (≥ 1 M€ and all), BP-WORKING-CLASS-DISTRICT-DELAY (districts).
# tests/test_evidence.py checks that the rules' texts still carry these numbers.
CATALOGUE_FIGURES: tuple[tuple[str, str, float, tuple[str, ...]], ...] = (
    ("all", "", 27.0, ("BP-LARGE-PROJECT-DELAY", "BP-PROMISE-BELOW-PARIS-DELAYS")),
    ("budget", BUDGET_CLASSES[0], 21.0, ("BP-PROMISE-BELOW-PARIS-DELAYS", "PORTFOLIO-FORECAST-BELOW-OBSERVED")),
    ("budget", BUDGET_CLASSES[1], 26.0, ("BP-PROMISE-BELOW-PARIS-DELAYS", "PORTFOLIO-FORECAST-BELOW-OBSERVED")),
    ("budget", BUDGET_CLASSES[2], 36.0, ("BP-PROMISE-BELOW-PARIS-DELAYS", "PORTFOLIO-FORECAST-BELOW-OBSERVED")),
    ("budget", BUDGET_CLASSES[3], 56.5, ("BP-LARGE-PROJECT-DELAY", "PORTFOLIO-FORECAST-BELOW-OBSERVED")),
    ("working_class", "oui", 33.0, ("BP-WORKING-CLASS-DISTRICT-DELAY",)),
)


def budget_class(investment: int | None) -> str:
    """The catalogue's budget band of an investment in euros (``?`` when unknown)."""
    if investment is None:
        return UNKNOWN
    bounds = (50_000, 300_000, 1_000_000)
    return next((BUDGET_CLASSES[i] for i, b in enumerate(bounds) if investment < b), BUDGET_CLASSES[3])


@dataclass(frozen=True)
class DelayRow:
    """Months from vote to opening in one group (Kaplan–Meier; None: not reached)."""

    group: str
    projects: int  # in the estimate (abandoned and undated left out)
    opened: int
    waiting: int  # censored: not open yet at the as-of date
    q1: int | None
    median: int | None
    q3: int | None
    median_opened_only: float | None  # the naive figure, projects already open only


@dataclass(frozen=True)
class RateRow:
    group: str
    projects: int
    abandoned: int

    @property
    def rate(self) -> float:
        return self.abandoned / self.projects if self.projects else 0.0


@dataclass(frozen=True, order=True)
class Overdue:
    months: int  # past the forecast delivery month
    reference: str
    name: str


@dataclass(frozen=True)
class Comparison:
    """A figure a rule uses, against what this export shows."""

    dimension: str  # "all", "budget" or "working_class"
    group: str
    catalogue: float
    rules: tuple[str, ...]
    opened_only: float | None  # the export's median, computed the catalogue's way
    kaplan_meier: int | None  # the export's median counting projects not yet open
    projects: int
    opened: int

    @property
    def agrees(self) -> bool | None:
        """Whether the export reproduces the catalogue's figure (None: too few open projects)."""
        if self.opened_only is None or self.opened < MIN_OPENED_TO_COMPARE:
            return None
        return abs(self.opened_only - self.catalogue) <= AGREEMENT_MONTHS


@dataclass(frozen=True)
class Evidence:
    """Everything the portfolio report shows from the export itself."""

    dated_projects: int  # projects with a vote and an as-of date
    delays: dict[str, tuple[DelayRow, ...]]  # dimension → rows
    curves: dict[str, Curve]  # budget class → curve, for the picture
    overall: DelayRow
    abandonment: dict[str, tuple[RateRow, ...]]  # "theme" / "lead_service" → rows
    abandoned: int
    projects: int
    overdue: int
    most_overdue: tuple[Overdue, ...]
    comparisons: tuple[Comparison, ...]


@dataclass
class EvidenceTally:
    """Feed it each imported project with its facets; read :meth:`result`."""

    projects: int = 0
    abandoned: int = 0
    overdue: int = 0
    _times: dict[tuple[str, str], Counter[tuple[int, bool]]] = field(default_factory=dict)
    _rates: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    _overdue: list[Overdue] = field(default_factory=list)

    def add(self, project: Project, facets: tuple[tuple[str, str], ...] = ()) -> None:
        """Count ``project`` (its schedule traits) in every group it belongs to."""
        self.projects += 1
        schedule, pb = project.schedule, project.participatory_budget
        named = dict(facets)
        groups = {
            "budget": budget_class(project.budget.investment if project.budget else None),
            "theme": named.get("theme") or UNKNOWN,
            "lead_service": named.get("lead_service") or UNKNOWN,
            "edition": str(pb.vote_year) if pb and pb.vote_year else UNKNOWN,
            "working_class": {True: "oui", False: "non", None: UNKNOWN}[pb.working_class_district if pb else None],
        }
        abandoned = bool(schedule and schedule.abandoned)
        self.abandoned += abandoned
        for dimension in ("theme", "lead_service"):
            counts = self._rates.setdefault((dimension, groups[dimension]), [0, 0])
            counts[0] += 1
            counts[1] += abandoned
        if schedule is None or abandoned:
            return
        observation = _observation(project)
        if observation is not None:
            for dimension in ("all", *DIMENSIONS):
                key = (dimension, "" if dimension == "all" else groups[dimension])
                self._times.setdefault(key, Counter())[observation] += 1
        late = schedule.months_past_forecast_delivery
        if late is not None and late >= 1 and project.phase is not None and project.phase.rank < Phase.DELIVERY.rank:
            self.overdue += 1
            item = Overdue(late, project.reference or "", project.name)
            if len(self._overdue) < OVERDUE_SHOWN:
                heapq.heappush(self._overdue, item)
            elif item > self._overdue[0]:
                heapq.heapreplace(self._overdue, item)

    def result(self) -> Evidence:
        """The evidence so far (groups sorted by label, the overall row apart)."""
        rows: dict[str, list[DelayRow]] = {d: [] for d in DIMENSIONS}
        curves: dict[str, Curve] = {}
        overall = _row("", Counter())
        for (dimension, group), counter in sorted(self._times.items()):
            row = _row(group, counter)
            if dimension == "all":
                overall = row
            else:
                rows[dimension].append(row)
            if dimension == "budget":
                curves[group] = _curve(counter)
        rows["budget"].sort(key=lambda r: BUDGET_CLASSES.index(r.group) if r.group in BUDGET_CLASSES else 9)
        by_group = {(d, r.group): r for d, rs in rows.items() for r in rs}
        comparisons = []
        for dimension, group, figure, rules in CATALOGUE_FIGURES:
            found = overall if dimension == "all" else by_group.get((dimension, group))
            if found is not None and found.projects:
                comparisons.append(
                    Comparison(
                        dimension,
                        group,
                        figure,
                        rules,
                        found.median_opened_only,
                        found.median,
                        found.projects,
                        found.opened,
                    )
                )
        rates: dict[str, list[RateRow]] = {"theme": [], "lead_service": []}
        for (dimension, group), (n, abandoned) in sorted(self._rates.items()):
            rates[dimension].append(RateRow(group, n, abandoned))
        return Evidence(
            dated_projects=overall.projects,
            delays={d: tuple(rs) for d, rs in rows.items()},
            curves=curves,
            overall=overall,
            abandonment={d: tuple(sorted(rs, key=lambda r: (-r.rate, r.group))) for d, rs in rates.items()},
            abandoned=self.abandoned,
            projects=self.projects,
            overdue=self.overdue,
            most_overdue=tuple(sorted(self._overdue, reverse=True)),
            comparisons=tuple(comparisons),
        )


def _observation(project: Project) -> tuple[int, bool] | None:
    schedule = project.schedule
    if schedule is None:
        return None
    if schedule.months_vote_to_opening is not None:
        return max(schedule.months_vote_to_opening, 0), True
    if schedule.months_since_vote is not None and schedule.months_since_vote >= 0:
        return schedule.months_since_vote, False
    return None


def _pairs(counter: Counter[tuple[int, bool]]) -> list[tuple[int, bool]]:
    return [pair for pair, n in sorted(counter.items()) for _ in range(n)]


def _curve(counter: Counter[tuple[int, bool]]) -> Curve:
    return kaplan_meier(_pairs(counter))


def _row(group: str, counter: Counter[tuple[int, bool]]) -> DelayRow:
    pairs = _pairs(counter)
    curve = kaplan_meier(pairs)
    return DelayRow(
        group,
        curve.subjects,
        curve.events,
        curve.censored,
        curve.quantile(0.25),
        curve.quantile(0.5),
        curve.quantile(0.75),
        median_of_events(pairs),
    )
