"""`risk-advisor`: the command group. Each command lives in its own module."""

from __future__ import annotations

import warnings
from typing import NoReturn

import click

from .._version import __version__
from ..inference import EngineFallbackWarning
from ._exit import ExitCodeGroup, run


@click.group(cls=ExitCodeGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="risk-advisor")
def cli() -> None:
    """Diagnose the black-scenario risks of a project co-built with citizens.

    Diagnostique les risques (scénarios noirs) d'un projet co-construit avec les citoyens.
    """


def _register() -> None:
    from . import batch_cmd, checklist_cmd, diagnose_cmd, graph_cmd, rules_cmd, schema_cmd, validate_cmd

    for module in (validate_cmd, schema_cmd, diagnose_cmd, checklist_cmd, rules_cmd, graph_cmd, batch_cmd):
        cli.add_command(module.command)


def main() -> NoReturn:
    # Commands that run an engine print the fallback notice themselves, as one line.
    warnings.simplefilter("ignore", EngineFallbackWarning)
    _register()
    run(cli)


if __name__ == "__main__":
    main()
