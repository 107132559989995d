"""Where reports go: each ``--output`` file's format, checked before anything is written, and
an atomic write (a temporary file in the same folder, then ``os.replace``), so that a reader
never sees half a report and a failed run leaves the previous one intact.

The project file itself is never overwritten, however it is named (resolved path or same
inode, so a symbolic or hard link to it is caught too).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import RiskAdvisorError
from . import EXTENSIONS
from .i18n import t

__all__ = ["Output", "plan_outputs", "write_atomic", "write_reports"]


@dataclass(frozen=True)
class Output:
    path: Path
    format: str


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def plan_outputs(
    outputs: Sequence[str], fmt: str | None, project_file: str, formats: Sequence[str], lang: str
) -> list[Output]:
    """Each output with its format, or a :class:`RiskAdvisorError` before anything is written.

    ``fmt`` (``--format``) may name the format of a single output; otherwise each file's
    extension does.
    """
    if fmt is not None and len(outputs) > 1:
        raise RiskAdvisorError(t("cli.format_with_outputs", lang))
    planned: list[Output] = []
    source = Path(project_file)
    extensions = ", ".join(ext for ext, f in EXTENSIONS.items() if f in formats)
    for raw in outputs:
        path = Path(raw)
        if _same_file(path, source):
            raise RiskAdvisorError(t("cli.overwrite_input", lang, path=raw))
        chosen = fmt or EXTENSIONS.get(path.suffix.lower())
        if chosen is None:
            raise RiskAdvisorError(t("cli.unknown_extension", lang, path=raw, extensions=extensions))
        if chosen not in formats:
            raise RiskAdvisorError(t("cli.format_not_allowed", lang, format=chosen, formats=", ".join(formats)))
        if path.is_dir():
            raise RiskAdvisorError(t("cli.output_is_directory", lang, path=raw))
        if not path.resolve().parent.is_dir():
            raise RiskAdvisorError(t("cli.no_directory", lang, path=str(path.parent)))
        if any(_same_file(path, p.path) for p in planned):
            raise RiskAdvisorError(t("cli.duplicate_output", lang, path=raw))
        planned.append(Output(path, chosen))
    return planned


def _new_file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777  # replacing a report keeps its permissions
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str, lang: str = "fr") -> None:
    """Write ``text`` as UTF-8, byte for byte (no newline translation), all or nothing."""
    data = text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _new_file_mode(path))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise RiskAdvisorError(t("cli.write_failed", lang, path=str(path), reason=exc.strerror or exc)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_reports(planned: Sequence[Output], render: Callable[[str], str], lang: str) -> list[str]:
    """Render and write each planned output; the lines to tell the user what was written."""
    done = []
    for out in planned:
        write_atomic(out.path, render(out.format), lang)
        done.append(t("cli.written", lang, path=str(out.path), format=out.format))
    return done
