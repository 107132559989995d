"""Dates in platform exports: months, month counts, and the date a portfolio speaks for.

Exports date their steps by the month (Paris writes ``2019-10``). Every count of the project
model's ``schedule`` block is a whole number of calendar months between two such months
(``2019-09`` → ``2021-03`` is 18), taken *as of* a date that the caller gives — never the
clock — so that the same file always gives the same diagnoses.

An importer whose export carries dates implements :class:`DatedImporter`: ``export_date`` reads
the date the export itself speaks for (by default the latest date it records as past), and
``read_as_of`` maps the rows with the counts taken at a given date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple, Protocol, runtime_checkable

from .interface import Record

__all__ = ["DatedImporter", "Month", "months_between", "parse_month"]

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_FRENCH = re.compile(r"^(?:(\d{1,2})/)?(\d{1,2})/(\d{4})$")


class Month(NamedTuple):
    """A calendar month: ``Month(2019, 9)`` is September 2019."""

    year: int
    month: int

    @property
    def ordinal(self) -> int:
        """Months since year 0: differences of indexes count months."""
        return self.year * 12 + self.month - 1

    def first_day(self) -> dt.date:
        """The first day of the month, the date a month-precision export date stands for."""
        return dt.date(self.year, self.month, 1)

    @classmethod
    def of(cls, day: dt.date) -> Month:
        """The month holding ``day``."""
        return cls(day.year, day.month)


def parse_month(text: str) -> Month | None:
    """``2019-10``, ``2019-10-03`` or ``03/10/2019`` → ``Month(2019, 10)``; anything else → None."""
    text = text.strip()
    if found := _MONTH.match(text):
        year, month = int(found[1]), int(found[2])
    elif found := _FRENCH.match(text):
        year, month = int(found[3]), int(found[2])
    else:
        return None
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None
    return Month(year, month)


def months_between(start: Month, end: Month) -> int:
    """Whole calendar months from ``start`` to ``end`` (negative when ``end`` comes first)."""
    return end.ordinal - start.ordinal


@runtime_checkable
class DatedImporter(Protocol):
    """An importer whose rows are dated: the month counts depend on an as-of date."""

    def export_date(self, path: Path) -> dt.date | None:
        """The date ``path`` speaks for, read from the file alone (None when it has no date)."""
        ...

    def read_as_of(self, path: Path, as_of: dt.date | None) -> Iterator[Record]:
        """The records of ``path`` with every count taken at ``as_of`` (None: its export date)."""
        ...
