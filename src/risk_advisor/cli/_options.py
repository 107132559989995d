"""Options several commands share, so that they read and behave alike."""

from __future__ import annotations

import os
from collections.abc import Callable

import click

from ..model.vocabulary import Level
from ..report.i18n import LANGS, lang_from_env

__all__ = ["fail_on_option", "lang_option", "output_option", "resolve_lang", "single_output_option"]

lang_option = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    help="Report language. Default: from the locale (LC_ALL, LC_MESSAGES, LANG); French unless it is English.",
)
output_option = click.option(
    "--output",
    "-o",
    "outputs",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write to this file instead of the terminal (repeatable; - is the terminal); its extension gives "
    "the format: .txt .json .md .html .csv .xlsx.",
)
single_output_option = click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Write to this file instead of the terminal (- is the terminal); its extension gives the format.",
)


def resolve_lang(lang: str | None) -> str:
    return lang or lang_from_env(os.environ)


def fail_on_option(what: str) -> Callable[[click.decorators.FC], click.decorators.FC]:
    """``--fail-on LEVEL|never`` (default ``high``): exit 1 when ``what`` is at or above LEVEL."""
    return click.option(
        "--fail-on",
        type=click.Choice([*(lv.value for lv in Level), "never"]),
        default="high",
        show_default=True,
        help=f"Exit 1 when {what} is at or above this level ('never': always exit 0).",
    )
