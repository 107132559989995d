"""The command line's own words in the user's language: error prefixes and click's usage errors.

Click words its usage errors in English through gettext, without a French catalogue; the
commands catch them and print them again here, in the language of ``--lang`` when the command
line gives one, else of the locale (as every command does).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence

import click

from ..report.i18n import french_typography, lang_from_env

__all__ = ["cli_lang", "error_prefix", "show_usage_error"]

# click's English message → French (the {fields} are copied as they are)
_CLICK_FR = {
    "No such option: {name}": "option inconnue : {name}",
    "No such option '{name}'.": "option inconnue « {name} ».",
    "No such option '{name}'. Did you mean '{other}'?": "option inconnue « {name} ». Vouliez-vous dire « {other} » ?",
    "No such option '{name}'. (Possible options: {options})": "option inconnue « {name} » (options possibles : "
    "{options})",
    "No such command '{name}'.": "commande inconnue « {name} ».",
    "Missing argument '{name}'.": "argument manquant « {name} ».",
    "Missing option '{name}'.": "option manquante « {name} ».",
    "Option '{name}' requires an argument.": "l'option « {name} » attend une valeur.",
    "Got unexpected extra argument ({args})": "argument en trop ({args})",
    "Got unexpected extra arguments ({args})": "arguments en trop ({args})",
    "Invalid value for '{param}': '{value}' is not one of {choices}.": "valeur invalide pour « {param} » : "
    "« {value} » n'est pas l'une de {choices}.",
    "Invalid value for '{param}': {detail}": "valeur invalide pour « {param} » : {detail}",
    "Invalid value for {param}: {detail}": "valeur invalide pour {param} : {detail}",
}


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile("^" + "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
                      + "$", re.DOTALL)


@functools.cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """click's English messages as patterns, compiled on first use (most runs have none to translate)."""
    return [(_pattern(en), fr) for en, fr in _CLICK_FR.items()]


def cli_lang(args: Sequence[str]) -> str:
    """The language the command line asked for (``--lang X`` / ``--lang=X``), else the locale's."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in ("fr", "en"):
            return args[i + 1]
        if arg in ("--lang=fr", "--lang=en"):
            return arg.split("=", 1)[1]
    return lang_from_env(os.environ)


def error_prefix(lang: str) -> str:
    return french_typography("erreur : ") if lang == "fr" else "error: "


def _french(message: str) -> str:
    for pattern, french in _patterns():
        match = pattern.match(message)
        if match:
            return french_typography(french.format(**match.groupdict()))
    return message


def show_usage_error(exc: click.UsageError, lang: str) -> None:
    """Print a usage error as click does, in ``lang``."""
    if lang != "fr":
        exc.show()
        return
    lines = []
    if exc.ctx is not None:
        lines.append(exc.ctx.get_usage().replace("Usage:", "Utilisation\u00a0:", 1))
        help_option = next(iter(exc.ctx.help_option_names), "--help")
        lines.append(french_typography(f"Essayez « {exc.ctx.command_path} {help_option} » pour l'aide.") + "\n")
    lines.append(french_typography("Erreur : ") + _french(exc.format_message()))
    click.echo("\n".join(lines), err=True)
