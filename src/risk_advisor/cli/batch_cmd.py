"""`risk-advisor batch INPUT...`: a portfolio of projects, one streamed report.

Exit codes: 0 when the run completes — findings and rejected rows included (bad rows are
reported on stderr with their row numbers and counted in the summary; ``--fail-on`` is not
offered: a portfolio always has findings); 2 when an input cannot be read, its format is
unknown, or the catalogue is broken (nothing is written to the output then).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .._printable import printable
from ..catalogue.loader import load_catalogue
from ..errors import RiskAdvisorError
from ..inference import ENGINES, fallback_notice
from ..loading import load_project
from ..portfolio import IMPORTERS, detect, read_sources, run_batch
from ..portfolio.formats import FORMATS
from ..portfolio.importers import Rejected, export_as_of
from ..portfolio.importers.folder import is_not_a_project, project_files
from ..portfolio.summary import render_text
from ..report.i18n import t
from ..report.output import BINARY_FORMATS, STDOUT, open_output, plan_outputs
from ._exit import EXIT_OK, INTERRUPTED, echo_error
from ._options import lang_option, resolve_lang, single_output_option
from ._progress import Progress


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--from", "source_format", type=click.Choice(list(IMPORTERS)), help="Input format (default: detected).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None,
    help="Output format. [default: from the --output extension, else jsonl]",
)
@single_output_option
@lang_option
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="An extra rule folder (repeatable).")
@click.option(
    "--builtin/--no-builtin",
    default=True,
    show_default=True,
    help="Use the built-in catalogue (--no-builtin: only the --rules folders, the first holding `catalogue:`).",
)
@click.option("--engine", type=click.Choice(ENGINES), default="durable", show_default=True)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Count delays as of this date, YYYY-MM-DD (default: the export's own latest date, never the clock).",
)
@click.option(
    "--scheme",
    "scheme_file",
    type=click.Path(dir_okay=False, path_type=str),
    help="A description of the scheme itself (a project file): the rules about the scheme are decided on it.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress line and no summary on stderr (errors still).")
def command(
    inputs: tuple[str, ...],
    source_format: str | None,
    jobs: int,
    fmt: str | None,
    output: str | None,
    lang: str | None,
    rule_dirs: tuple[str, ...],
    builtin: bool,
    engine: str,
    as_of: dt.datetime | None,
    scheme_file: str | None,
    quiet: bool,
) -> int:
    """Diagnose every project of INPUT: a folder of project files, a JSON Lines file, or a
    platform export (Paris bp_projets_gagnants, CONSUL budget investments, Decidim proposals
    or budget projects, as CSV).

    Diagnostique chaque projet d'INPUT : dossier de fichiers projet, fichier JSON Lines, ou
    export de plateforme (Paris, CONSUL, Decidim).
    """
    lang = resolve_lang(lang)
    # An output that is an input is refused before anything is read; then each input is
    # detected, so that a bad one fails before any output is written.
    (planned,) = plan_outputs([output or STDOUT], fmt, inputs, FORMATS, lang, default="jsonl")
    if planned.path is None and planned.format in BINARY_FORMATS and sys.stdout.isatty():
        raise RiskAdvisorError(t("cli.binary_to_terminal", lang))
    formats = [source_format or detect(Path(i)) for i in inputs]
    if engine == "durable" and (notice := fallback_notice()):
        click.echo(notice, err=True)
    catalogue = load_catalogue(*rule_dirs, builtin=builtin)
    scheme = load_project(scheme_file, lang=lang) if scheme_file is not None else None
    day = as_of.date() if as_of is not None else export_as_of(inputs, formats)

    not_projects: list[str] = []

    def report(rejected: Rejected) -> None:
        if is_not_a_project(rejected):
            not_projects.append(rejected.source)  # one line for all of them, at the end
        else:
            echo_error(f"rejected: {rejected}")

    if planned.path is None:
        click.get_current_context().meta[INTERRUPTED] = t("cli.interrupted_stream", lang)
    with open_output(planned.path, lang) as out, _progress(inputs, formats, lang, quiet) as tick:
        summary = run_batch(
            (r for i, f in zip(inputs, formats, strict=True) for r in read_sources([i], f, day)),
            out,
            fmt=planned.format,
            catalogue=catalogue,
            jobs=jobs,
            # This process is ours and single-threaded: fork starts workers without re-importing.
            start_method="fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn",
            engine=engine,
            lang=lang,
            today=day,
            scheme=scheme,
            on_reject=report,
            on_project=tick,
            on_column_problem=lambda problem: click.echo(f"column problem: {problem}", err=True),
        )
    if not_projects:
        echo_error(t("cli.not_projects", lang, count=len(not_projects), files=_some(not_projects)))
    if not quiet:
        click.echo(printable(render_text(summary, lang)), err=True, nl=False)
    return EXIT_OK


def _some(paths: list[str], shown: int = 3) -> str:
    return ", ".join(paths[:shown]) + (", …" if len(paths) > shown else "")


@contextmanager
def _progress(inputs: tuple[str, ...], formats: list[str], lang: str, quiet: bool) -> Iterator[Callable[[], None]]:
    """A progress line on stderr when it is a terminal (and not ``--quiet``); never in the output."""
    if quiet or not sys.stderr.isatty():
        yield lambda: None
        return
    total = sum(_estimate(Path(i), f) for i, f in zip(inputs, formats, strict=True))
    progress = Progress(sys.stderr, total, lang)
    try:
        yield progress.tick
    finally:
        progress.close()


def _estimate(path: Path, fmt: str) -> int:
    """Roughly how many projects ``path`` holds (lines, or files), in bounded memory."""
    if fmt == "folder":
        return sum(1 for _ in project_files(path))
    lines = 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            lines += block.count(b"\n")
    return max(lines - (fmt != "jsonl"), 0)
