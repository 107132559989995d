"""Where reports go, for every command that writes: the format of each ``--output`` (the one
extension table, :data:`EXTENSIONS`), checked with everything else before any input is read,
and a write that never destroys a file.

* **An output is never an input**: not the same path, not a symbolic or hard link to an input,
  not a project file (``.yaml``, ``.json``…) inside an input folder (:func:`check_not_an_input`).
* **Atomic**: a regular file is written to a temporary file in the same folder, then renamed
  over the target (through a symbolic link, the link's target is replaced and the link kept).
  An error, a full disk, Ctrl-C or SIGTERM leaves the previous file exactly as it was.
* **Special files are written in place, never replaced**: ``/dev/null``, ``/dev/full``, a
  FIFO. ``-`` is the standard output.
* **Every write error** — read-only folder, permission denied, full disk — is a
  :class:`~risk_advisor.errors.RiskAdvisorError` naming the path and the reason (exit 2).
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import RiskAdvisorError
from .i18n import t

__all__ = [
    "BINARY_FORMATS",
    "EXTENSIONS",
    "STDOUT",
    "Output",
    "check_not_an_input",
    "choose_format",
    "open_output",
    "plan_outputs",
    "write_atomic",
    "write_reports",
]

STDOUT = "-"

# File extension → format name, for every command that writes (diagnose, checklist, batch,
# graph). Each command accepts the formats it knows; adding a format is one line here.
EXTENSIONS = {
    ".txt": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".graphml": "graphml",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".xlsx": "xlsx",
}
# Formats written as bytes, not UTF-8 text: never sent to a terminal.
BINARY_FORMATS = frozenset({"xlsx"})

# errno values that mean "this output cannot be written" rather than a bug
_WRITE_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENXIO}
)


@dataclass(frozen=True)
class Output:
    """One planned output: ``path`` (``None``: the standard output) and its format."""

    path: Path | None
    format: str


def _extensions_for(formats: Sequence[str]) -> str:
    return ", ".join(ext for ext, f in EXTENSIONS.items() if f in formats)


def choose_format(raw: str, fmt: str | None, formats: Sequence[str], default: str, lang: str) -> str:
    """The format of output ``raw``: ``fmt`` (``--format``) when given, else its extension;
    ``default`` for the standard output. Raises :class:`RiskAdvisorError` when it is not one
    of ``formats``."""
    if fmt is None and raw == STDOUT:
        fmt = default
    chosen = fmt or EXTENSIONS.get(Path(raw).suffix.lower())
    if chosen is None:
        raise RiskAdvisorError(t("cli.unknown_extension", lang, path=raw, extensions=_extensions_for(formats)))
    if chosen not in formats:
        raise RiskAdvisorError(
            t("cli.extension_not_allowed", lang, path=raw, format=chosen, extensions=_extensions_for(formats))
            if fmt is None
            else t("cli.format_not_allowed", lang, format=chosen, formats=", ".join(formats))
        )
    return chosen


def _real(path: Path | str) -> Path:
    return Path(os.path.realpath(path))


def check_not_an_input(raw: str, inputs: Sequence[str], lang: str) -> None:
    """Raise :class:`RiskAdvisorError` when writing ``raw`` could change one of ``inputs``: the
    same path, a symbolic or hard link to it, or a file inside an input folder."""
    out = _real(raw)
    try:
        out_stat: os.stat_result | None = os.stat(out)
    except OSError:
        out_stat = None
    for source in inputs:
        real = _real(source)
        same = out == real
        if not same and out_stat is not None:
            with suppress(OSError):
                same = os.path.samefile(out, real)
        if same:
            raise RiskAdvisorError(t("cli.overwrite_input", lang, path=raw, input=source))
        if real.is_dir():
            if out.is_relative_to(real) and _read_from_folders(out):
                raise RiskAdvisorError(t("cli.output_in_input_folder", lang, path=raw, input=source))
            if out_stat is not None and out_stat.st_nlink > 1 and _linked_from(real, out_stat):
                raise RiskAdvisorError(t("cli.overwrite_input", lang, path=raw, input=source))


def _read_from_folders(path: Path) -> bool:
    """Whether a folder input would read ``path`` as a project (a report.html beside them is not)."""
    from ..loading import FORMATS

    return path.suffix.lower() in FORMATS


def _linked_from(folder: Path, target: os.stat_result) -> bool:
    """Whether a file under ``folder`` is a hard link to ``target`` (only asked of multi-link files)."""
    for directory, _, files in os.walk(folder):
        for name in files:
            with suppress(OSError):
                st = os.stat(os.path.join(directory, name))
                if (st.st_ino, st.st_dev) == (target.st_ino, target.st_dev):
                    return True
    return False


def plan_outputs(
    outputs: Sequence[str],
    fmt: str | None,
    inputs: str | Sequence[str],
    formats: Sequence[str],
    lang: str,
    default: str | None = None,
) -> list[Output]:
    """Each output with its format, or a :class:`RiskAdvisorError` before anything is read or written.

    ``fmt`` (``--format``) may name the format of a single output; otherwise each file's
    extension does (``-``, the standard output, takes ``fmt`` or ``default``, else the first
    of ``formats``). No output may be one of ``inputs`` (see :func:`check_not_an_input`).
    """
    if fmt is not None and len(outputs) > 1:
        raise RiskAdvisorError(t("cli.format_with_outputs", lang))
    sources = [inputs] if isinstance(inputs, str) else list(inputs)
    planned: list[Output] = []
    for raw in outputs:
        if raw != STDOUT:
            check_not_an_input(raw, sources, lang)
        chosen = choose_format(raw, fmt, formats, default or formats[0], lang)
        if raw == STDOUT:
            if any(p.path is None for p in planned):
                raise RiskAdvisorError(t("cli.duplicate_output", lang, path=raw))
            planned.append(Output(None, chosen))
            continue
        path = Path(raw)
        if path.is_dir():
            raise RiskAdvisorError(t("cli.output_is_directory", lang, path=raw))
        if not _real(path).parent.is_dir():
            raise RiskAdvisorError(t("cli.no_directory", lang, path=str(path.parent)))
        if any(p.path is not None and _real(p.path) == _real(path) for p in planned):
            raise RiskAdvisorError(t("cli.duplicate_output", lang, path=raw))
        planned.append(Output(path, chosen))
    return planned


def _failed(name: str, exc: OSError, lang: str) -> RiskAdvisorError:
    return RiskAdvisorError(t("cli.write_failed", lang, path=name, reason=exc.strerror or exc))


class _Guarded(io.TextIOWrapper):
    """UTF-8 text, no newline translation; a failing write is a located :class:`RiskAdvisorError`."""

    def __init__(self, raw: IO[bytes], name: str, lang: str) -> None:
        super().__init__(raw, encoding="utf-8", newline="")
        self._name, self._lang = name, lang

    def write(self, s: str) -> int:
        try:
            return super().write(s)
        except OSError as exc:
            raise _failed(self._name, exc, self._lang) from exc

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:
            raise _failed(self._name, exc, self._lang) from exc

    def write_bytes(self, data: bytes) -> None:
        """Write ``data`` as it is (a workbook), after any text already written."""
        self.flush()
        try:
            self.buffer.write(data)
            self.buffer.flush()
        except OSError as exc:
            raise _failed(self._name, exc, self._lang) from exc


def _new_file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777  # replacing a report keeps its permissions
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _is_special(path: Path) -> bool:
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False  # absent: a new regular file


@contextmanager
def _stdout(lang: str) -> Iterator[IO[str]]:
    try:
        yield sys.stdout
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        if exc.errno not in _WRITE_ERRNOS:
            raise
        raise _failed("<stdout>", exc, lang) from exc


@contextmanager
def _in_place(path: Path, name: str, lang: str) -> Iterator[IO[str]]:
    """A device or a FIFO: written where it is, never replaced by a regular file."""
    try:
        raw = open(path, "wb")  # noqa: SIM115 - closed below, after the guarded flush
    except OSError as exc:
        raise _failed(name, exc, lang) from exc
    stream = _Guarded(raw, name, lang)
    try:
        yield stream
        stream.flush()
    finally:
        with suppress(OSError, RiskAdvisorError):
            stream.close()


@contextmanager
def _atomic(target: Path, name: str, lang: str) -> Iterator[IO[str]]:
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _failed(name, exc, lang) from exc
    try:
        stream = _Guarded(os.fdopen(fd, "wb"), name, lang)
        try:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        finally:
            with suppress(OSError, RiskAdvisorError):
                stream.close()
        os.chmod(tmp, _new_file_mode(target))
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _failed(name, exc, lang) from exc
    except BaseException:  # an error, Ctrl-C, SIGTERM: the previous file stays as it was
        Path(tmp).unlink(missing_ok=True)
        raise


def open_output(path: str | Path | None, lang: str = "fr") -> AbstractContextManager[IO[str]]:
    """A text stream to ``path`` (``None`` or ``-``: the standard output, streamed).

    A regular file is only replaced when the ``with`` block ends without an exception; a
    device or FIFO is written in place. Write errors raise :class:`RiskAdvisorError`.
    """
    if path is None or str(path) == STDOUT:
        return _stdout(lang)
    target = _real(path)
    if _is_special(target):
        return _in_place(target, str(path), lang)
    return _atomic(target, str(path), lang)


def write_atomic(path: str | Path | None, content: str | bytes, lang: str = "fr") -> None:
    """Write ``content`` — text as UTF-8, byte for byte (no newline translation), or bytes as
    they are — all or nothing."""
    with open_output(path, lang) as stream:
        if stream is sys.stdout:
            _to_stdout(content, lang)
        elif isinstance(content, bytes):
            assert isinstance(stream, _Guarded)  # open_output gives a guarded stream for a path
            stream.write_bytes(content)
        else:
            stream.write(content)


def _to_stdout(content: str | bytes, lang: str = "fr") -> None:
    """Byte for byte: a CSV keeps its CRLF and BOM, whatever the platform. A workbook is never
    poured onto a terminal."""
    binary = getattr(sys.stdout, "buffer", None)
    if isinstance(content, bytes):
        if binary is None or sys.stdout.isatty():
            raise RiskAdvisorError(t("cli.binary_to_terminal", lang))
        sys.stdout.flush()
        binary.write(content)
        binary.flush()
        return
    if binary is None:  # a text-only stream (an embedding application)
        sys.stdout.write(content)
        return
    sys.stdout.flush()
    binary.write(content.encode("utf-8"))
    binary.flush()


def write_reports(planned: Sequence[Output], render: Callable[[str], str | bytes], lang: str) -> list[str]:
    """Render and write each planned output; the lines to tell the user what was written."""
    done = []
    for out in planned:
        write_atomic(out.path, render(out.format), lang)
        if out.path is not None:
            done.append(t("cli.written", lang, path=str(out.path), format=out.format))
    return done
