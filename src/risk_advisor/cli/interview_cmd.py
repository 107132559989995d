"""`risk-advisor interview [FILE]`: describe a project by answering the questions that matter."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..interview.session import Interview, start
from ._exit import EXIT_OK
from ._options import lang_option, resolve_lang


@click.command("interview")
@click.argument("file", required=False, default="projet.yaml", type=click.Path(path_type=Path, dir_okay=False))
@lang_option
def command(file: Path, lang: str | None) -> int:
    """Ask, one at a time, the questions whose answers change the diagnosis of FILE.

    Creates FILE (YAML, JSON or TOML, from its extension; default projet.yaml) after asking the
    project's name, or continues it. Every answer is saved at once; '?' or an empty line: don't
    know; 'q', end of input or Ctrl-C: save and quit. Answers are read one per line from
    standard input when it is not a terminal.
    """
    lang = resolve_lang(lang)
    interactive = sys.stdin.isatty()

    def read() -> str | None:
        if interactive:
            try:
                return str(click.prompt("", default="", show_default=False, prompt_suffix="> "))
            except (EOFError, click.Abort):
                return None
        line = sys.stdin.readline()
        if not line:
            return None
        click.echo(f"> {line.rstrip()}")  # a scripted run reads as a transcript
        return line.rstrip("\n")

    try:
        doc = start(file, read, click.echo, lang)
        if doc is None:
            return EXIT_OK
        Interview(doc, lang=lang).run(read, click.echo)
    except KeyboardInterrupt:
        click.echo("")  # every answer is already saved
    return EXIT_OK
