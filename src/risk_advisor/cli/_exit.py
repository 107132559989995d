"""The one place where outcomes become exit codes."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import traceback
from collections.abc import Callable
from types import FrameType
from typing import NoReturn

import click

from .._printable import printable
from ..errors import RiskAdvisorError
from ..report.i18n import lang_from_env, t
from ._messages import cli_lang, error_prefix, show_usage_error

EXIT_OK = 0
EXIT_FINDINGS = 1  # diagnose: a finding at or above --fail-on is not acknowledged
EXIT_BAD_INPUT = 2  # a project file, a rule file or the command line is wrong
EXIT_INTERNAL = 3  # a bug in risk-advisor: please report it
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
EXIT_TERMINATED = 143  # SIGTERM (128 + SIGTERM)

# ctx.meta key: the line to print if the command is interrupted (default: nothing was written)
INTERRUPTED = "risk_advisor.interrupted"

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "INTERRUPTED",
    "ExitCodeGroup",
    "Terminated",
    "echo_error",
    "run",
]


_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def _lang() -> str:
    return lang_from_env(os.environ)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every ``finally`` runs and no output is left half-written."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def echo_error(message: str) -> None:
    """``message`` on stderr, with control characters from user text shown, not obeyed."""
    click.echo(printable(message), err=True)


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
            echo_error(f"{error_prefix(lang)}{exc}")
            ctx.exit(EXIT_BAD_INPUT)
        except OSError as exc:
            if exc.errno not in _FULL or isinstance(exc, BrokenPipeError):
                raise
            # the standard output on a full disk (`risk-advisor schema > /dev/full`)
            echo_error("error: " + t("cli.write_failed", _lang(), path=exc.filename or "<stdout>", reason=exc.strerror))
            ctx.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt as exc:  # outputs are atomic: nothing half-written is left
            message = ctx.meta.get(INTERRUPTED) or t("cli.interrupted", _lang())
            echo_error(message)
            ctx.exit(EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED)
        if isinstance(code, int) and code != EXIT_OK:
            ctx.exit(code)
        return code


def _fail(message: str, code: int) -> NoReturn:
    echo_error(message)
    if code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
        _exit_interrupted(code)
    sys.exit(code)


def _exit_interrupted(code: int) -> NoReturn:
    """Leave at once after Ctrl-C or SIGTERM, the message already printed and every output already
    rolled back. A normal exit joins the threads of ``concurrent.futures``; when the signal killed a
    batch worker halfway through sending a result, the pool's result thread waits forever for the
    rest of it, and so would the exit (seen under load with ``batch --jobs 2``)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def run(entry: Callable[..., object]) -> NoReturn:
    """Run the click group ``entry`` and map every outcome to a named exit code."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        code = entry(standalone_mode=False)
    except RiskAdvisorError as exc:
        _fail(f"{error_prefix(cli_lang(sys.argv[1:]))}{exc}", EXIT_BAD_INPUT)
    except click.exceptions.Exit as exc:
        if exc.exit_code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
            _exit_interrupted(exc.exit_code)
        sys.exit(exc.exit_code)
    except click.Abort:
        _fail("aborted", EXIT_INTERRUPTED)
    except click.UsageError as exc:
        show_usage_error(exc, cli_lang(sys.argv[1:]))
        sys.exit(EXIT_BAD_INPUT)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_BAD_INPUT)
    except Terminated:
        _fail(t("cli.interrupted", _lang()), EXIT_TERMINATED)
    except KeyboardInterrupt:
        _fail(t("cli.interrupted", _lang()), EXIT_INTERRUPTED)
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
    if isinstance(code, int) and code in (EXIT_INTERRUPTED, EXIT_TERMINATED):  # a caught signal, said
        _exit_interrupted(code)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
