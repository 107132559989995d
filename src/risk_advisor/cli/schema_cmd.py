"""`risk-advisor schema`: the JSON Schema of project descriptions (or of a diagnosis).

Point an editor at it (e.g. a `# yaml-language-server: $schema=project.schema.json` comment)
to get completion and checking while writing a project file.
"""

from __future__ import annotations

import json

import click

from ..schemas import diagnosis_schema, project_schema
from ._exit import EXIT_OK
from ._options import lang_option, resolve_lang


@click.command("schema")
@click.option(
    "--diagnosis", "of_diagnosis", is_flag=True, help="Print the schema of a diagnosis (JSON output) instead."
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "markdown"]), default="json", show_default=True,
    help="json: the JSON Schema, for editors; markdown: every trait with its question, type and values, to read.",
)
@lang_option
def command(of_diagnosis: bool, fmt: str, lang: str | None) -> int:
    """Print the JSON Schema of project descriptions, for editors' completion (or, with
    --format markdown, the format as a reader wants it)."""
    if fmt == "markdown":
        if of_diagnosis:
            raise click.UsageError("--format markdown documents project files, not --diagnosis")
        from ..report.schema_markdown import render_schema_markdown

        click.echo(render_schema_markdown(resolve_lang(lang)), nl=False)
        return EXIT_OK
    schema = diagnosis_schema() if of_diagnosis else project_schema()
    click.echo(json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False))
    return EXIT_OK
