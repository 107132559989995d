"""Many projects → many diagnoses, streamed, in input order, on one or several processes.

:func:`diagnose_many` is a generator: it reads its input only as fast as results are consumed,
so memory stays constant however many projects a platform feeds it. With ``jobs > 1`` it runs
a pool of *processes* (durable_rules holds the GIL in C: threads would gain nothing), started
with ``spawn`` on every platform, so nothing of the caller's state (engines, threads) is
inherited and it behaves the same on Linux, macOS and Windows. The catalogue is loaded
once in the calling process — a broken rule fails before any worker starts — and sent, pickled,
once to each worker. At most ``jobs × 4`` chunks of ``chunk_size`` projects are in flight; the
results of a chunk are held until every earlier chunk is out, so the order never changes and
the output is the same, byte for byte, whatever ``jobs``.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import signal
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from itertools import islice

from ..catalogue.loader import load_catalogue
from ..catalogue.model import Catalogue
from ..diagnose import ProjectSource, diagnose
from ..diagnosis import Diagnosis
from ..errors import CatalogueError, EngineError, Problem, ProjectError, RiskAdvisorError
from ..inference import EngineFallbackWarning, get_engine
from ..model.vocabulary import Lang

__all__ = ["diagnose_many"]

WINDOW_PER_JOB = 4  # chunks in flight per worker: enough to hide the parent's own work


def diagnose_many(
    projects: Iterable[ProjectSource],
    *,
    jobs: int = 1,
    catalogue: Catalogue | None = None,
    engine: str = "durable",
    lang: str = "fr",
    today: dt.date | None = None,
    chunk_size: int = 16,
    start_method: str = "spawn",
) -> Iterator[Diagnosis]:
    """Diagnose each project of ``projects`` (paths, mappings or :class:`Project`), in order.

    Takes any iterable — a list, a generator over a database cursor — and yields one
    :class:`Diagnosis` per project, in input order, as soon as it and all earlier ones are
    ready. ``jobs`` processes share the work (``jobs=1``: this process, no pool); the results
    do not depend on ``jobs``. ``today`` is fixed once for the whole run (default: the current
    date), so that a run crossing midnight stays consistent. The first project that cannot be
    loaded raises its :class:`ProjectError` once every earlier diagnosis has been yielded.

    ``start_method`` is how worker processes start. ``spawn`` (the default) is safe in any
    caller, a threaded web server included; ``fork`` starts workers in milliseconds instead of
    re-importing everything, but is only safe in a process with no other threads — the
    ``batch`` command, which owns its process, uses it where the platform has it.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    if lang not in (Lang.FR.value, Lang.EN.value):
        raise RiskAdvisorError(f"unknown language {lang!r}: choose fr or en")
    get_engine(engine)  # an unknown engine fails here; a fallback is announced once, here
    cat = catalogue if catalogue is not None else load_catalogue()
    settings = _Settings(cat, engine, lang, today or dt.date.today())
    if jobs == 1:
        return (settings.diagnose(p) for p in projects)
    return _parallel(iter(projects), settings, jobs, chunk_size, start_method)


@dataclass(frozen=True)
class _Settings:
    catalogue: Catalogue
    engine: str
    lang: str
    today: dt.date

    def diagnose(self, project: ProjectSource) -> Diagnosis:
        return diagnose(project, catalogue=self.catalogue, engine=self.engine, lang=self.lang, today=self.today)


@dataclass(frozen=True)
class _Failure:
    """An error raised in a worker, carried back whole (exceptions lose fields when pickled)."""

    kind: str
    summary: str
    problems: tuple[Problem, ...]

    def error(self) -> RiskAdvisorError:
        kinds: dict[str, type[RiskAdvisorError]] = {
            "ProjectError": ProjectError,
            "CatalogueError": CatalogueError,
            "EngineError": EngineError,
        }
        return kinds.get(self.kind, RiskAdvisorError)(self.summary, list(self.problems))


_worker: _Settings | None = None


def _init_worker(settings: _Settings) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command line's handler, inherited by fork
    warnings.simplefilter("ignore", EngineFallbackWarning)  # the parent has announced it
    _worker = settings


def _work(chunk: list[ProjectSource]) -> list[Diagnosis | _Failure]:
    assert _worker is not None, "worker not initialised"
    out: list[Diagnosis | _Failure] = []
    for project in chunk:
        try:
            out.append(_worker.diagnose(project))
        except RiskAdvisorError as exc:
            out.append(_Failure(type(exc).__name__, exc.summary, tuple(exc.problems)))
            break  # the parent raises here: the rest of the chunk would be thrown away
    return out


def _parallel(
    projects: Iterator[ProjectSource], settings: _Settings, jobs: int, chunk_size: int, start_method: str
) -> Iterator[Diagnosis]:
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(start_method),
        initializer=_init_worker,
        initargs=(settings,),
    )
    window: deque[Future[list[Diagnosis | _Failure]]] = deque()

    def submit() -> bool:
        chunk = list(islice(projects, chunk_size))
        if chunk:
            window.append(pool.submit(_work, chunk))
        return bool(chunk)

    try:
        more = True
        while more and len(window) < jobs * WINDOW_PER_JOB:
            more = submit()
        while window:
            results = window.popleft().result()
            if more:
                more = submit()
            for result in results:
                if isinstance(result, _Failure):
                    raise result.error()
                yield result
    except BaseException:  # Ctrl-C, SIGTERM, an error, or the consumer stopping early
        _stop_now(pool)
        raise
    pool.shutdown(wait=True, cancel_futures=True)


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Stop the workers without waiting for them. A worker killed mid-task (a signal sent to the
    whole process group) can leave the pool's queues locked, and a graceful shutdown would then
    wait forever; an interrupted run keeps nothing of theirs anyway."""
    # `_processes` is private; Python 3.14's `terminate_workers()` is the public way to do this.
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with suppress(OSError, ValueError):  # already gone, or already closed
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
