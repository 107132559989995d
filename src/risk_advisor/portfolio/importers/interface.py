"""What an importer yields, and the CSV reading every platform importer shares.

An importer turns one source (a file or a folder) into a stream of :class:`Record`: an
:class:`Imported` project, with *notes* on the data defects met while mapping it (``no
title``, ``unknown status``…, counted in the batch summary), or a :class:`Rejected` row,
with its row number and what is wrong. It never holds the whole source in memory and never
stops at a bad row.

Row numbers are the 1-based *line* where the record starts in the file (the header is line
1), so that ``file:line`` opens the right place in an editor even when a quoted field spans
several lines.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from ...errors import Problem, ProjectError
from ...loading import load_project
from ...model.project import Project

__all__ = [
    "Imported",
    "Importer",
    "Record",
    "Rejected",
    "RowError",
    "build_project",
    "csv_header",
    "csv_rows",
    "months",
    "parse_euros",
    "placeholder_name",
]

MAX_FIELD_CHARS = 1_000_000  # a real export's longest field is a proposal body, far below this


@dataclass(frozen=True)
class Imported:
    """A project read from ``source`` at ``row`` (None for one file per project)."""

    source: str
    row: int | None
    project: Project
    notes: tuple[str, ...] = ()  # data defects met while mapping: "no title", "unknown status"…
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


Record = Imported | Rejected


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
    return Imported(source, row, project, tuple(dict.fromkeys(notes)), facets)


def _located(problem: Problem, source: str, row: int | None) -> Problem:
    return Problem(problem.message, file=source, line=row, path=problem.path, hint=problem.hint)


# ---- CSV ----------------------------------------------------------------------------------


def _open(path: Path) -> Any:
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise ProjectError(
            f"{path}: cannot read the file", [Problem(exc.strerror or str(exc), file=str(path))]
        ) from None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d])


def csv_header(path: Path) -> list[str]:
    """The stripped column names of a CSV file (`;`, `,` or tab separated, BOM tolerated)."""
    with _open(path) as stream:
        try:
            first = stream.readline(64 * 1024)
        except UnicodeDecodeError:
            return []
    return [c.strip() for c in next(csv.reader([first], delimiter=_delimiter(first)), [])]


def csv_rows(
    path: Path, mapper: Callable[[dict[str, str], int], Record], required: tuple[str, ...] = ()
) -> Iterator[Record]:
    """Stream ``path``'s rows through ``mapper(row, line)``, rejecting malformed rows by line.

    A row with more or fewer fields than the header, undecodable bytes, or a :class:`RowError`
    raised by the mapper is rejected; the next row is read as if nothing happened.
    """
    source = str(path)
    csv.field_size_limit(MAX_FIELD_CHARS)
    with _open(path) as stream:
        try:
            first = stream.readline()
        except UnicodeDecodeError:
            raise ProjectError(
                f"{source}: not UTF-8 text", [Problem("save the export as UTF-8 CSV", file=source)]
            ) from None
        header = [c.strip() for c in next(csv.reader([first], delimiter=_delimiter(first)), [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise ProjectError(
                f"{source}: not the expected export",
                [Problem(f"missing column(s): {', '.join(missing)}", file=source, line=1, hint="check --from")],
            )
        reader = csv.reader(stream, delimiter=_delimiter(first))
        line = 1
        while True:
            start = line + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                line = reader.line_num + 1
                yield Rejected(source, start, (Problem(f"unreadable row: {exc}", file=source, line=start),))
                continue
            line = reader.line_num + 1
            if not any(f.strip() for f in fields):
                continue  # blank line
            if len(fields) != len(header):
                message = f"the row has {len(fields)} fields, the header {len(header)}"
                hint = "a separator inside an unquoted value? quote it"
                yield Rejected(source, start, (Problem(message, file=source, line=start, hint=hint),))
                continue
            try:
                yield mapper(dict(zip(header, (f.strip() for f in fields), strict=True)), start)
            except RowError as exc:
                path_ = exc.column
                yield Rejected(
                    source, start, (Problem(exc.message, file=source, line=start, path=path_, hint=exc.hint),)
                )
