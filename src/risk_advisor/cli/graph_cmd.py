"""`risk-advisor graph`: the catalogue graph, or one project's subgraph, in a graph format."""

from __future__ import annotations

from pathlib import Path

import click

from ..catalogue.loader import load_catalogue
from ..diagnose import diagnose
from ..graph.formats import FORMATS
from ..inference import ENGINES
from ._exit import EXIT_OK
from ._options import lang_option, resolve_lang


@click.command("graph")
@click.option(
    "--project",
    "project_file",
    type=click.Path(dir_okay=False, path_type=str),
    help="Export this project's subgraph only.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="graphml", show_default=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write here (default: standard output).",
)
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
    fmt: str,
    output: Path | None,
    rule_dirs: tuple[str, ...],
    engine: str,
    lang: str | None,
) -> int:
    """Export the knowledge graph: GraphML (Gephi, yEd), DOT, Mermaid or node-link JSON."""
    lang = resolve_lang(lang)
    from ..graph import catalogue_graph, export, project_graph  # not on every command's start

    catalogue = load_catalogue(*rule_dirs)
    if project_file is None:
        graph = catalogue_graph(catalogue, lang)
    else:
        graph = project_graph(
            catalogue, diagnose(project_file, catalogue=catalogue, engine=engine, lang=lang)
        )
    text = export(graph, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
    return EXIT_OK
