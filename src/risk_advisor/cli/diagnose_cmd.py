"""`risk-advisor diagnose FILE`: one project, one or several reports."""

from __future__ import annotations

import os
import sys

import click

from ..catalogue.loader import load_catalogue
from ..diagnose import diagnose
from ..diagnosis import Diagnosis
from ..inference import ENGINES, fallback_notice
from ..model.vocabulary import Level
from ..report import FORMATS, render_file
from ..report.output import plan_outputs, write_atomic, write_reports
from ._exit import EXIT_FINDINGS, EXIT_OK
from ._options import fail_on_option, lang_option, output_option, resolve_lang


def to_stdout(content: str | bytes, lang: str = "fr") -> None:
    """Byte for byte: a CSV keeps its CRLF and BOM, whatever the platform; a full disk is exit 2;
    a workbook only into a pipe or a file, never onto a terminal."""
    write_atomic(None, content, lang)


def _use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.command("diagnose")
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="An extra rule folder (repeatable).")
@click.option("--engine", type=click.Choice(ENGINES), default="durable", show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format. [default: text]")
@lang_option
@output_option
@fail_on_option("an unacknowledged finding")
def command(
    file: str,
    rule_dirs: tuple[str, ...],
    engine: str,
    fmt: str | None,
    lang: str | None,
    outputs: tuple[str, ...],
    fail_on: str,
) -> int:
    """Diagnose the project described in FILE (YAML, JSON or TOML).

    Several reports in one run: --output report.html --output register.xlsx
    """
    lang = resolve_lang(lang)
    planned = plan_outputs(outputs, fmt, file, FORMATS, lang, default="text")  # every mistake before any work
    if engine == "durable" and (notice := fallback_notice()):
        click.echo(notice, err=True)
    catalogue = load_catalogue(*rule_dirs)
    diagnosis = diagnose(file, catalogue=catalogue, engine=engine, lang=lang)
    if planned:
        for line in write_reports(planned, lambda f: render_file(diagnosis, f), lang):
            click.echo(line, err=True)
    else:
        chosen = fmt or "text"
        to_stdout(render_file(diagnosis, chosen, color=chosen == "text" and _use_color()), lang)
    return exit_code(diagnosis, None if fail_on == "never" else Level(fail_on))


def exit_code(diagnosis: Diagnosis, fail_on: Level | None) -> int:
    """EXIT_FINDINGS when an unacknowledged (or lapsed) finding is at or above ``fail_on``."""
    if fail_on is None:
        return EXIT_OK
    return EXIT_FINDINGS if any(f.level.rank >= fail_on.rank for f in diagnosis.findings) else EXIT_OK
