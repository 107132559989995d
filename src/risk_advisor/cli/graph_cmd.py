"""`risk-advisor graph`: the catalogue graph, or one project's subgraph, in a graph format."""

from __future__ import annotations

import click

from ..catalogue.loader import load_catalogue
from ..diagnose import diagnose
from ..graph.formats import FORMATS
from ..inference import ENGINES
from ..report.i18n import t
from ..report.output import STDOUT, plan_outputs, write_atomic
from ._exit import EXIT_OK
from ._options import lang_option, resolve_lang, single_output_option


@click.command("graph")
@click.option(
    "--project",
    "project_file",
    type=click.Path(dir_okay=False, path_type=str),
    help="Export this project's subgraph only.",
)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None,
    help="Output format. [default: from the --output extension, else graphml]",
)
@single_output_option
@click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=click.Path(),
    help="An extra rule folder (repeatable).",
)
@click.option("--engine", type=click.Choice(ENGINES), default="durable", show_default=True)
@lang_option
def command(
    project_file: str | None,
    fmt: str | None,
    output: str | None,
    rule_dirs: tuple[str, ...],
    engine: str,
    lang: str | None,
) -> int:
    """Export the knowledge graph: GraphML (Gephi, yEd), DOT, Mermaid or node-link JSON."""
    lang = resolve_lang(lang)
    inputs = [] if project_file is None else [project_file]
    (planned,) = plan_outputs([output or STDOUT], fmt, inputs, FORMATS, lang, default="graphml")
    from ..graph import catalogue_graph, export, project_graph  # not on every command's start

    catalogue = load_catalogue(*rule_dirs)
    if project_file is None:
        graph = catalogue_graph(catalogue, lang)
    else:
        graph = project_graph(
            catalogue, diagnose(project_file, catalogue=catalogue, engine=engine, lang=lang)
        )
    write_atomic(planned.path, export(graph, planned.format), lang)
    if planned.path is not None:
        click.echo(t("cli.written", lang, path=str(planned.path), format=planned.format), err=True)
    return EXIT_OK
