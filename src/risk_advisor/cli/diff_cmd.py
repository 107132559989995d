"""`risk-advisor diff OLD NEW`: what changed between two diagnoses of a project."""

from __future__ import annotations

import click

from ..catalogue.loader import load_catalogue
from ..follow_up import compare
from ..inference import ENGINES, fallback_notice
from ..model.vocabulary import Level
from ..report.comparison import COMPARISON_FORMATS, render_comparison, warnings
from ..report.output import plan_outputs, write_reports
from ._exit import EXIT_FINDINGS, EXIT_OK
from ._options import fail_on_option, lang_option, output_option, resolve_lang
from .diagnose_cmd import to_stdout


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=str))
@click.argument("new", type=click.Path(dir_okay=False, path_type=str))
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="An extra rule folder (repeatable).")
@click.option("--engine", type=click.Choice(ENGINES), default="durable", show_default=True)
@click.option("--format", "fmt", type=click.Choice(COMPARISON_FORMATS), default=None,
              help="Output format. [default: text]")  # fmt: skip
@lang_option
@output_option
@fail_on_option("a new or worse finding")
def command(
    old: str,
    new: str,
    rule_dirs: tuple[str, ...],
    engine: str,
    fmt: str | None,
    lang: str | None,
    outputs: tuple[str, ...],
    fail_on: str,
) -> int:
    """Compare two descriptions of a project, or two diagnoses saved with `diagnose --format json`.

    OLD and NEW are YAML, JSON or TOML descriptions, or diagnosis JSON files (mixing is fine).
    It lists the risks that are new, worse, better, resolved and unchanged, the questions
    answered and appeared, and the acknowledgements that lapsed in between.
    """
    lang = resolve_lang(lang)
    planned = []
    for source in (old, new):  # never write over either input
        planned = plan_outputs(outputs, fmt, source, COMPARISON_FORMATS, lang)
    if engine == "durable" and (notice := fallback_notice()):
        click.echo(notice, err=True)
    catalogue = load_catalogue(*rule_dirs)
    comparison = compare(old, new, catalogue=catalogue, engine=engine, lang=lang)
    for line in warnings(comparison):
        click.echo(f"warning: {line}", err=True)
    if planned:
        for line in write_reports(planned, lambda f: render_comparison(comparison, f), lang):
            click.echo(line, err=True)
    else:
        to_stdout(render_comparison(comparison, fmt or "text"))
    if fail_on == "never":
        return EXIT_OK
    worst = comparison.worst_new()
    return EXIT_FINDINGS if worst is not None and worst.rank >= Level(fail_on).rank else EXIT_OK
