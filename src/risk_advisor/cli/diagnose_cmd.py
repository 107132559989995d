"""`risk-advisor diagnose FILE`: one project, one report."""

from __future__ import annotations

import sys

import click

from ..catalogue.loader import load_catalogue
from ..diagnose import diagnose
from ..inference import ENGINES, fallback_notice
from ..model.vocabulary import Level
from ..report import FORMATS, render
from ._exit import EXIT_FINDINGS, EXIT_OK

LEVELS = [lv.value for lv in Level]


@click.command("diagnose")
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="An extra rule folder (repeatable).")
@click.option("--engine", type=click.Choice(ENGINES), default="durable", show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(LEVELS),
    default="high",
    show_default=True,
    help="Exit 1 when an unacknowledged finding is at or above this level.",
)
def command(file: str, rule_dirs: tuple[str, ...], engine: str, fmt: str, lang: str, fail_on: str) -> int:
    """Diagnose the project described in FILE (YAML, JSON or TOML)."""
    if engine == "durable" and (notice := fallback_notice()):
        click.echo(notice, err=True)
    catalogue = load_catalogue(*rule_dirs)
    diagnosis = diagnose(file, catalogue=catalogue, engine=engine, lang=lang)
    click.echo(render(diagnosis, fmt, color=fmt == "text" and sys.stdout.isatty()), nl=False)
    threshold = Level(fail_on).rank
    return EXIT_FINDINGS if any(f.level.rank >= threshold for f in diagnosis.findings) else EXIT_OK
