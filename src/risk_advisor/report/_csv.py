"""Every CSV risk-advisor writes goes through here: the register, the checklist, the batch
table, and any future one. One dialect and one neutralising function, so that no CSV can
carry a formula.

**Formula injection.** A spreadsheet runs a cell starting with ``=``, ``+``, ``-`` or ``@`` as
a formula (``=HYPERLINK(…)``, ``@SUM(1)``); a leading tab or carriage return is stripped by
some of them, and what follows runs. Project names come from citizens and platform exports
(the real Paris list has ``+ de végétal dans les quartiers populaires``), so each cell is
first put on one line — whitespace runs, a leading tab or CR included, become single spaces
and the ends are trimmed — and *then*, if it starts like a formula, prefixed with ``'`` so
that the spreadsheet shows it as text. Trimming before checking is the point: checking first
and trimming after would let ``\\t=1+1`` out as a bare ``=1+1``. Numbers (``int``, ``float``)
are written as they are.

**Dialect** (for French-locale Excel and LibreOffice): ``;``-separated, ``"``-quoted only when
needed, CRLF line ends, UTF-8 with a byte-order mark written first (:data:`BOM`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

__all__ = ["BOM", "CsvWriter", "RegisterDialect", "neutralise"]

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class RegisterDialect(csv.Dialect):
    """``;``-separated, ``"``-quoted when needed, CRLF: what French-locale spreadsheets expect."""

    delimiter = ";"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


def neutralise(cell: object) -> str:
    """``cell`` as one line of text, prefixed with ``'`` when a spreadsheet would take it for a formula."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return str(cell)
    text = " ".join(str(cell).split())
    return "'" + text if text.startswith(_FORMULA_START) else text


class CsvWriter:
    """``csv.writer`` in :class:`RegisterDialect` whose every cell goes through :func:`neutralise`."""

    def __init__(self, out: IO[str]) -> None:
        self._writer = csv.writer(out, dialect=RegisterDialect)

    def writerow(self, cells: Iterable[object]) -> None:
        """Write one row, each cell neutralised."""
        self._writer.writerow([neutralise(c) for c in cells])
