"""The one place where outcomes become exit codes."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import NoReturn

import click

from ..errors import RiskAdvisorError
from ._messages import cli_lang, error_prefix, show_usage_error

EXIT_OK = 0
EXIT_FINDINGS = 1  # diagnose: a finding at or above --fail-on is not acknowledged
EXIT_BAD_INPUT = 2  # a project file, a rule file or the command line is wrong
EXIT_INTERNAL = 3  # a bug in risk-advisor: please report it

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_OK", "ExitCodeGroup", "run"]


class ExitCodeGroup(click.Group):
    """A command returns its exit code; a library error is printed and exits 2.

    Doing it here rather than only in :func:`run` gives click's test runner the same exit
    codes as the installed command.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["risk_advisor.args"] = list(args)  # the language of an error is read from them
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        try:
            code = super().invoke(ctx)
        except RiskAdvisorError as exc:
            lang = cli_lang(ctx.meta.get("risk_advisor.args", []))
            click.echo(f"{error_prefix(lang)}{exc}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        if isinstance(code, int) and code != EXIT_OK:
            ctx.exit(code)
        return code


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def run(entry: Callable[..., object]) -> NoReturn:
    """Run the click group ``entry`` and map every outcome to a named exit code."""
    try:
        code = entry(standalone_mode=False)
    except RiskAdvisorError as exc:
        _fail(f"{error_prefix(cli_lang(sys.argv[1:]))}{exc}", EXIT_BAD_INPUT)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        _fail("aborted", 130)
    except click.UsageError as exc:
        show_usage_error(exc, cli_lang(sys.argv[1:]))
        sys.exit(EXIT_BAD_INPUT)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except BrokenPipeError:
        sys.exit(EXIT_OK)  # `risk-advisor … | head` closed the pipe: not an error
    except Exception:
        if os.environ.get("RISK_ADVISOR_DEBUG"):
            traceback.print_exc()
        _fail(
            "internal error in risk-advisor (a bug, not your input): "
            f"{sys.exc_info()[1]!r}\nrerun with RISK_ADVISOR_DEBUG=1 for details, and please report it",
            EXIT_INTERNAL,
        )
    sys.exit(code if isinstance(code, int) else EXIT_OK)
