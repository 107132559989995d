"""Sources → diagnoses → output and summary: the whole of ``risk-advisor batch``, CLI aside.

Records stream from the importers; rejected rows go to ``on_reject`` (and the tally) as they
are met and never reach the engine, skipped rows (amendments…) and column problems only to the
tally (and ``on_column_problem``); imported projects go through :func:`diagnose_many`, whose
results come back in input order and are matched to their records through a queue no longer
than the runner's in-flight window. Memory is constant in the number of projects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from ..acknowledgements import resolve_acknowledgements
from ..catalogue.loader import load_catalogue
from ..catalogue.model import Catalogue
from ..errors import ProjectError
from ..model.project import Project
from .formats import make_writer
from .importers import ColumnProblem, Imported, Record, Rejected, Skipped
from .runner import diagnose_many
from .scheme import scheme_risks
from .summary import PortfolioSummary, Tally

__all__ = ["run_batch"]


def run_batch(
    records: Iterable[Record],
    out: IO[str],
    *,
    fmt: str = "jsonl",
    catalogue: Catalogue | None = None,
    jobs: int = 1,
    engine: str = "durable",
    lang: str = "fr",
    today: dt.date | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    on_project: Callable[[], None] | None = None,
    on_column_problem: Callable[[ColumnProblem], None] | None = None,
    start_method: str = "spawn",
    scheme: Project | None = None,
) -> PortfolioSummary:
    """Diagnose every imported project of ``records``, write ``fmt`` to ``out``, return the summary.

    ``today`` is the run's "now": acknowledgements expire against it and the summary says the
    delays are counted at it (the CLI passes ``--as-of`` or the export's own date).

    ``start_method`` is passed to :func:`diagnose_many` (``fork`` only in a single-threaded process).
    ``scheme`` describes the scheme itself: the catalogue's scheme-scope rules are decided on it
    once (:func:`.scheme.scheme_risks`), never on a project.
    """
    tally = Tally(lang=lang, as_of=today)
    writer = make_writer(fmt, out, lang)
    pending: deque[Imported] = deque()
    cat = catalogue if catalogue is not None else load_catalogue()

    def projects() -> Iterator[Project]:
        for record in records:
            if isinstance(record, Imported):
                try:  # a bad acknowledgement rejects its row, not the whole run
                    resolve_acknowledgements(cat, record.project, file=record.source)
                except ProjectError as exc:
                    record = Rejected(record.source, record.row, tuple(exc.problems))
            if isinstance(record, Rejected):
                tally.reject(record)
                if on_reject is not None:
                    on_reject(record)
                continue
            if isinstance(record, Skipped):
                tally.skip(record)
                continue
            if isinstance(record, ColumnProblem):
                tally.column_problem(record)
                if on_column_problem is not None:
                    on_column_problem(record)
                continue
            pending.append(record)
            yield record.project

    for diagnosis in diagnose_many(
        projects(), jobs=jobs, catalogue=cat, engine=engine, lang=lang, today=today, start_method=start_method
    ):
        imported = pending.popleft()
        tally.add(diagnosis, imported)
        writer.row(diagnosis, imported)
        if on_project is not None:
            on_project()
    summary = tally.result()
    summary = dataclasses.replace(summary, scheme_risks=scheme_risks(cat, summary.kinds, lang, scheme))
    writer.finish(summary)
    return summary
