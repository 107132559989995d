"""`risk-advisor validate FILE...`: check project descriptions, listing every problem of every file."""

from __future__ import annotations

import click

from .._printable import printable
from ..acknowledgements import resolve_acknowledgements
from ..catalogue.loader import load_catalogue
from ..errors import ProjectError
from ..loading import load_project_located
from ._exit import EXIT_BAD_INPUT, EXIT_OK
from ._options import lang_option, resolve_lang

_INVALID = {
    "fr": "{invalid} fichier(s) invalide(s) sur {total}",
    "en": "{invalid} of {total} file{s} invalid",
}


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(), help="An extra rule folder (repeatable).")
@lang_option
def command(files: tuple[str, ...], rule_dirs: tuple[str, ...], lang: str | None) -> int:
    """Check that each FILE (YAML, JSON or TOML) is a valid project description, its
    acknowledged risks included (each must name a risk or a rule of the catalogue).

    Prints `ok: FILE` for each valid file and every problem of each invalid one, in the chosen
    language; exits 2 if any file is invalid.
    """
    lang = resolve_lang(lang)
    invalid = 0
    catalogue = None
    for file in files:
        try:
            project, located, name = load_project_located(file, lang=lang)
            if project.acknowledged_risks:
                catalogue = catalogue or load_catalogue(*rule_dirs)
                resolve_acknowledgements(catalogue, project, file=name, located=located)
        except ProjectError as exc:
            invalid += 1
            click.echo(printable(str(exc)))
        else:
            click.echo(printable(f"ok: {file}"))
    if invalid:
        s = "s" if len(files) > 1 else ""
        click.echo(_INVALID[lang].format(invalid=invalid, total=len(files), s=s), err=True)
        return EXIT_BAD_INPUT
    return EXIT_OK
