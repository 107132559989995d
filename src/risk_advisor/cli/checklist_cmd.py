"""`risk-advisor checklist FILE`: the kickoff checklist of one project."""

from __future__ import annotations

import click

from ..catalogue.loader import load_catalogue
from ..diagnose import diagnose
from ..inference import ENGINES, fallback_notice
from ..report.checklist import CHECKLIST_FORMATS, render_checklist
from ..report.output import plan_outputs, write_reports
from ._exit import EXIT_OK
from ._options import lang_option, output_option, resolve_lang
from .diagnose_cmd import to_stdout


@click.command("checklist")
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="An extra rule folder (repeatable).")
@click.option("--engine", type=click.Choice(ENGINES), default="durable", show_default=True)
@click.option("--format", "fmt", type=click.Choice(CHECKLIST_FORMATS), default=None,
              help="Output format. [default: markdown]")
@lang_option
@output_option
def command(
    file: str, rule_dirs: tuple[str, ...], engine: str, fmt: str | None, lang: str | None, outputs: tuple[str, ...]
) -> int:
    """The kickoff checklist of the project in FILE: actions by phase, success factors,
    questions to settle and stakeholders to invite."""
    lang = resolve_lang(lang)
    planned = plan_outputs(outputs, fmt, file, CHECKLIST_FORMATS, lang, default="markdown")
    if engine == "durable" and (notice := fallback_notice()):
        click.echo(notice, err=True)
    diagnosis = diagnose(file, catalogue=load_catalogue(*rule_dirs), engine=engine, lang=lang)
    if planned:
        for line in write_reports(planned, lambda f: render_checklist(diagnosis, f), lang):
            click.echo(line, err=True)
    else:
        to_stdout(render_checklist(diagnosis, fmt or "markdown"), lang)
    return EXIT_OK
