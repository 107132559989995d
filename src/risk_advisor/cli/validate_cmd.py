"""`risk-advisor validate FILE...`: check project descriptions, listing every problem of every file."""

from __future__ import annotations

import click

from ..errors import ProjectError
from ..loading import load_project
from ._exit import EXIT_BAD_INPUT, EXIT_OK


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
def command(files: tuple[str, ...]) -> int:
    """Check that each FILE (YAML, JSON or TOML) is a valid project description.

    Prints `ok: FILE` for each valid file and every problem of each invalid one; exits 2 if any
    file is invalid.
    """
    invalid = 0
    for file in files:
        try:
            load_project(file)
        except ProjectError as exc:
            invalid += 1
            click.echo(str(exc))
        else:
            click.echo(f"ok: {file}")
    if invalid:
        click.echo(f"{invalid} of {len(files)} file{'s' if len(files) > 1 else ''} invalid", err=True)
        return EXIT_BAD_INPUT
    return EXIT_OK
