"""What an importer yields, and the CSV reading every platform importer shares.

An importer turns one source (a file or a folder) into a stream of :class:`Record`: an
:class:`Imported` project, with *notes* on the data defects met while mapping it (``no
title``, ``unknown status``…, counted in the batch summary); a :class:`Rejected` row, with its
row number and what is wrong; a :class:`Skipped` row, which is not a project of its own (an
amendment); or, once per file, a :class:`ColumnProblem`. It never holds the whole source in
memory and never stops at a bad row: every data row of a file is imported, rejected or skipped.

Row numbers are the 1-based *line* where the record starts in the file (the header is line
1), so that ``file:line`` opens the right place in an editor even when a quoted field spans
several lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from ...errors import Problem, ProjectError
from ...loading import load_project
from ...model.project import Project
from ._csv import CsvSource

__all__ = [
    "ColumnProblem",
    "Imported",
    "Importer",
    "Record",
    "Rejected",
    "RowError",
    "Skipped",
    "build_project",
    "csv_header",
    "csv_rows",
    "months",
    "parse_euros",
    "placeholder_name",
]


@dataclass(frozen=True)
class Imported:
    """A project read from ``source`` at ``row`` (None for one file per project)."""

    source: str
    row: int | None
    project: Project
    notes: tuple[str, ...] = ()  # data defects met while mapping: "no title", "unknown status"…
    # Source values no trait holds (dates, a period in words, a value it could not read), as
    # (column, value), kept verbatim: `import` writes them beside the project, never drops them.
    details: tuple[tuple[str, str], ...] = ()
    # What the export says that no trait holds, for grouping the portfolio's evidence:
    # ("theme", "Cadre de vie"), ("lead_service", "Direction de la Voirie…"); "" when empty.
    facets: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rejected:
    """A row that could not become a project; the run goes on without it."""

    source: str
    row: int | None
    problems: tuple[Problem, ...]

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass(frozen=True)
class Skipped:
    """A row that is not a project of its own — an amendment to another proposal, a second
    row of the same investment — counted in the summary under ``reason``."""

    source: str
    row: int | None
    reason: str


@dataclass(frozen=True)
class ColumnProblem:
    """A problem with a whole column of a file (a mapped field empty on every row), said once."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


Record = Imported | Rejected | Skipped | ColumnProblem


class Importer(Protocol):
    """One source format. ``sniff`` sees a CSV header (stripped names); folders and JSONL don't."""

    name: str

    def sniff(self, header: list[str]) -> bool: ...

    def read(self, path: Path) -> Iterator[Record]: ...


class RowError(Exception):
    """Raised by a row mapper: the row is rejected with this message (and ``hint``)."""

    def __init__(self, message: str, column: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.column, self.hint = message, column, hint


def placeholder_name(platform_id: str | None, row: int | None) -> str:
    """The name given to a project whose title is empty (noted ``no title``)."""
    return f"Projet {platform_id} (sans titre)" if platform_id else f"Projet ligne {row} (sans titre)"


_AMOUNT = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def parse_euros(text: str, column: str) -> int | None:
    """A whole amount in euros: ``250000``, ``250 000``, ``250000.00``; empty → None."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", text)
    if not cleaned:
        return None
    if not _AMOUNT.match(cleaned):
        raise RowError(f"`{text[:40]}` is not an amount in euros", column, "write a whole number, e.g. 250000")
    value = round(float(cleaned.replace(",", ".")))
    if value < 0:
        raise RowError(f"negative amount `{text[:40]}`", column)
    return value


_DURATION = re.compile(r"(\d{1,3})\s*(mois|months?|ans?|years?)\b", re.IGNORECASE)


def months(text: str) -> int | None:
    """A duration written in words (``6 mois``, ``2 ans``, ``18 months``) in months, else None."""
    found = _DURATION.search(text)
    if not found:
        return None
    number, unit = int(found[1]), found[2].lower()
    return number * 12 if unit.startswith(("an", "year")) else number


def build_project(
    data: Mapping[str, Any],
    source: str,
    row: int | None,
    notes: list[str],
    facets: tuple[tuple[str, str], ...] = (),
    *,
    details: list[tuple[str, str]] | None = None,
) -> Record:
    """Validate ``data`` into an :class:`Imported` project, or reject the row with every problem."""
    try:
        project = Project.model_validate(data)
    except ValidationError:
        try:  # the loader words each problem for people, with a hint
            load_project(data)
        except ProjectError as exc:
            problems = tuple(_located(p, source, row) for p in exc.problems)
            return Rejected(source, row, problems)
        raise  # pragma: no cover - the loader accepts what the model refuses: a bug
    return Imported(source, row, project, tuple(dict.fromkeys(notes)), tuple(details or ()), facets)


def _located(problem: Problem, source: str, row: int | None) -> Problem:
    return Problem(problem.message, file=source, line=row, path=problem.path, hint=problem.hint)


# ---- CSV ----------------------------------------------------------------------------------


def csv_header(path: Path) -> list[str]:
    """The stripped column names of a CSV file (`;`, `,` or tab separated, BOM tolerated);
    ``[]`` when the file is empty or its header is not UTF-8 text."""
    try:
        return CsvSource(path).header
    except ProjectError:
        return []


Mapper = Callable[[dict[str, str], int], Record]


def csv_rows(
    path: Path,
    mapper: Mapper,
    required: tuple[str, ...] = (),
    *,
    multiline: bool = False,
    whole_file: Mapping[str, str] | None = None,
    fatal: frozenset[str] = frozenset(),
) -> Iterator[Record]:
    """Stream ``path``'s rows through ``mapper(row, line)``, rejecting malformed rows by line.

    Rows are read as :class:`~._csv.CsvSource` reads them (``multiline``: whether the export
    may quote line breaks). A row with more or fewer fields than the header, undecodable bytes,
    a NUL byte, or a :class:`RowError` raised by the mapper is rejected; the next row is read
    as if nothing happened.

    ``whole_file`` maps a row note (``"no price"``) to the field it stands for (``"price"``).
    When *every* imported row of a file of two or more carries that note, the field is a
    column problem, not a row defect: the rows are read twice, a :class:`ColumnProblem` naming
    the columns found comes first, and the note is left off each row. A note in ``fatal``
    (``"no title"``) raises :class:`ProjectError` instead: a portfolio of nameless projects is
    a wrong export or a wrong ``--from``, not something to diagnose.
    """
    source = CsvSource(path, multiline=multiline)
    missing = [c for c in required if c not in source.header]
    if missing:
        raise ProjectError(
            f"{path}: not the expected export",
            [Problem(f"missing column(s): {', '.join(missing)}", file=str(path), line=1, hint="check --from")],
        )
    dropped: frozenset[str] = frozenset()
    if whole_file:
        everywhere = _notes_on_every_row(source, mapper, tuple(whole_file))
        columns = ", ".join(source.header[:20]) + ("…" if len(source.header) > 20 else "")
        for note in everywhere:
            message = f"no row has a {whole_file[note]}: the columns found are {columns}"
            if note in fatal:
                raise ProjectError(
                    f"{path}: {message}",
                    [Problem(message, file=str(path), line=1, hint="is it the right export, in a known language? "
                             "check --from")],
                )
            yield ColumnProblem(str(path), message)
        dropped = frozenset(everywhere)
    rows = 0
    for record in _mapped(source, mapper):
        rows += 1
        if dropped and isinstance(record, Imported):
            record = replace(record, notes=tuple(n for n in record.notes if n not in dropped))
        yield record
    if rows == 0:
        yield ColumnProblem(str(path), "the file has a header but no data row")


def _notes_on_every_row(source: CsvSource, mapper: Mapper, notes: tuple[str, ...]) -> list[str]:
    """The notes among ``notes`` that every imported row carries (none for fewer than 2 rows)."""
    left, imported = set(notes), 0
    for record in _mapped(source, mapper):
        if isinstance(record, Imported):
            imported += 1
            left &= set(record.notes)
            if not left:
                return []
    return [n for n in notes if n in left] if imported >= 2 else []


def _mapped(source: CsvSource, mapper: Mapper) -> Iterator[Record]:
    for raw in source.rows():
        if raw.fields is None:
            assert raw.problem is not None
            yield Rejected(source.source, raw.line, (raw.problem,))
            continue
        if not any(f.strip() for f in raw.fields):
            continue  # a line of separators only: blank
        try:
            yield mapper(dict(zip(source.header, (f.strip() for f in raw.fields), strict=True)), raw.line)
        except RowError as exc:
            problem = Problem(exc.message, file=source.source, line=raw.line, path=exc.column, hint=exc.hint)
            yield Rejected(source.source, raw.line, (problem,))
