"""`risk-advisor import EXPORT -o FOLDER`: one project description file per row of an export.

Exit codes: 0 when the run completes (rejected rows are reported on stderr with their row
numbers and counted); 2 when an input cannot be read, its format is unknown, or the folder
holds files that import did not write (nothing is written then, unless ``--force``).
"""

from __future__ import annotations

from pathlib import Path

import click

from ..portfolio import IMPORTERS, detect, read_sources
from ..portfolio.importers import ColumnProblem, Rejected
from ..portfolio.project_files import write_project_files
from ._exit import EXIT_OK


@click.command("import")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--from", "source_format", type=click.Choice(list(IMPORTERS)), help="Input format (default: detected).")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the project files into (created if missing).",
)
@click.option("--force", is_flag=True, help="Replace existing files that import did not write.")
def command(inputs: tuple[str, ...], source_format: str | None, output: Path, force: bool) -> int:
    """Write one project description (YAML) per row of INPUT — a platform export (Paris,
    CONSUL, Decidim), a JSON Lines file or a folder — into FOLDER, to complete and diagnose.

    Écrit une description de projet (YAML) par ligne d'INPUT dans le dossier FOLDER.
    """
    formats = [source_format or detect(Path(i)) for i in inputs]  # fail before writing anything

    def report(rejected: Rejected) -> None:
        click.echo(f"rejected: {rejected}", err=True)

    def column(problem: ColumnProblem) -> None:
        click.echo(f"column problem: {problem}", err=True)

    summary = write_project_files(
        (r for i, f in zip(inputs, formats, strict=True) for r in read_sources([i], f)),
        output,
        force=force,
        on_reject=report,
        on_column_problem=column,
    )
    skipped = sum(summary.skipped.values())
    click.echo(
        f"{len(summary.written)} project files written to {output}, {summary.rejected} rows rejected, "
        f"{skipped} rows not projects of their own",
        err=True,
    )
    for reason, n in sorted(summary.skipped.items()):
        click.echo(f"{n:>6}  {reason}", err=True)
    return EXIT_OK
