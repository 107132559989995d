"""`risk-advisor`: the command group. Each command lives in its own module."""

from __future__ import annotations

import warnings
from importlib import import_module
from typing import NoReturn

import click

from .._version import __version__
from ..inference import EngineFallbackWarning
from ._exit import ExitCodeGroup, run

# Each command's module, imported only when that command runs: `risk-advisor diagnose` does not
# pay for the batch importers or the graph exports at start-up.
COMMANDS = {
    "validate": "validate_cmd",
    "schema": "schema_cmd",
    "diagnose": "diagnose_cmd",
    "checklist": "checklist_cmd",
    "rules": "rules_cmd",
    "graph": "graph_cmd",
    "batch": "batch_cmd",
    "import": "import_cmd",
    "interview": "interview_cmd",
    "serve": "serve_cmd",
    "diff": "diff_cmd",
}


class _LazyGroup(ExitCodeGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            command: click.Command = import_module(f".{COMMANDS[name]}", __package__).command
            self.add_command(command, name)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="risk-advisor")
def cli() -> None:
    """Diagnose the black-scenario risks of a project co-built with citizens.

    Diagnostique les risques (scénarios noirs) d'un projet co-construit avec les citoyens.
    """


def _register() -> None:
    """Import every command now (tests that walk the whole command tree use it)."""
    for name in COMMANDS:
        cli.get_command(click.Context(cli), name)


def main() -> NoReturn:
    # Commands that run an engine print the fallback notice themselves, as one line.
    warnings.simplefilter("ignore", EngineFallbackWarning)
    run(cli)


if __name__ == "__main__":
    main()
