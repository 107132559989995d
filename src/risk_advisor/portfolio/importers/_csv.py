"""Row-by-row CSV reading: damage to one row stays in that row.

A platform export is read as *bytes*, one physical line at a time, and each line is decoded
on its own, so that undecodable bytes, a NUL byte or a stray quote reject the row they are in
and nothing else. Each record is reported with the line it starts on (the header is line 1).

Quoted fields spanning lines: some exports never write them (Paris open data), others do (a
CONSUL description, a Decidim body with paragraphs). ``multiline=False`` makes a quote left
open at the end of a line a row error: a stray ``"`` cannot swallow the rows after it.
``multiline=True`` accepts a record over several lines only if it closes within
:data:`MAX_ROW_LINES` lines *and* has as many fields as the header; otherwise the first line is
rejected alone and reading resumes at the next line, as if the quote had not been there.

Counts add up: every non-blank physical line after the header belongs to exactly one record,
which is either yielded as fields or rejected; blank lines are not rows.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ...errors import Problem, ProjectError

__all__ = ["MAX_FIELD_CHARS", "MAX_LINE_BYTES", "MAX_ROW_LINES", "CsvSource", "RawRow", "delimiter"]

MAX_FIELD_CHARS = 1_000_000  # a real export's longest field is a proposal body, far below this
MAX_ROW_LINES = 1_000  # lines one record may span when quoted fields may hold line breaks
MAX_HEADER_BYTES = 64 * 1024
MAX_LINE_BYTES = 4 * MAX_FIELD_CHARS  # UTF-8 takes at most 4 bytes a character
_HINT_UTF8 = "save the export as UTF-8 (CSV UTF-8 in a spreadsheet), or fix the bytes on that line"


@dataclass(frozen=True)
class RawRow:
    """One record: its first line, and either its fields or the problem that rejects it."""

    line: int
    fields: list[str] | None
    problem: Problem | None = None


def delimiter(first_line: str) -> str:
    """The separator of a header line: the most frequent of ``;``, ``,`` and tab."""
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d])


def _ends_in_quotes(text: str, sep: str, in_quotes: bool) -> bool:
    """Whether ``text`` ends inside a quoted field, read as Python's csv module reads it
    (doubled quotes escape; a quote only opens a field at its start)."""
    state = 2 if in_quotes else 0  # 0 field start, 1 unquoted field, 2 quoted, 3 quote in quoted
    for char in text:
        if state == 0:
            state = 2 if char == '"' else 0 if char == sep else 1
        elif state == 1:
            if char == sep:
                state = 0
        elif state == 2:
            if char == '"':
                state = 3
        elif char == '"':
            state = 2
        else:
            state = 0 if char == sep else 1
    return state == 2


def _decode(raw: bytes) -> tuple[str, int | None]:
    """The line as text, and the 1-based byte column of its first undecodable byte (or None)."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", errors="replace"), exc.start + 1


@dataclass
class _Line:
    number: int
    raw: bytes
    text: str
    bad_byte: int | None
    too_long: bool = False


def _bounded_lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """The file's lines, each read in bounded memory; ``None`` for a line over the limit
    (its bytes are skipped in bounded chunks)."""
    while line := stream.readline(MAX_LINE_BYTES + 1):
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (chunk := stream.readline(MAX_LINE_BYTES)) and not chunk.endswith(b"\n"):
                pass
            yield None
            continue
        yield line


class CsvSource:
    """A CSV export opened for row-by-row reading (see the module docstring).

    Raises :class:`ProjectError` when the file cannot be read, is empty, or its header is not
    UTF-8 text; everything wrong after the header is a :class:`RawRow` with a problem.
    """

    def __init__(self, path: Path, *, multiline: bool = False) -> None:
        self.path, self.source, self.multiline = path, str(path), multiline
        first = self._first_line()
        self.delimiter = delimiter(first)
        self.header = [c.strip() for c in next(csv.reader([first], delimiter=self.delimiter), [])]

    def _fail(self, message: str, hint: str | None = None, line: int | None = None) -> ProjectError:
        return ProjectError(f"{self.source}: {message}", [Problem(message, file=self.source, line=line, hint=hint)])

    def _first_line(self) -> str:
        try:
            with self.path.open("rb") as stream:
                raw = stream.readline(MAX_HEADER_BYTES)
        except OSError as exc:
            raise self._fail(f"cannot read the file: {exc.strerror or exc}") from None
        if not raw.removeprefix(b"\xef\xbb\xbf").strip():
            raise self._fail("the file is empty (no header line)", "export the data again, with its header")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise self._fail(
                f"the header is not UTF-8 text (byte {exc.start + 1})", _HINT_UTF8, line=1
            ) from None
        if "\x00" in text:
            raise self._fail("the header holds NUL bytes: not a CSV text file", line=1)
        return text

    def rows(self) -> Iterator[RawRow]:
        """Every record after the header, in order, as fields or as a located problem."""
        csv.field_size_limit(MAX_FIELD_CHARS)
        try:
            stream = self.path.open("rb")
        except OSError as exc:
            raise self._fail(f"cannot read the file: {exc.strerror or exc}") from None
        with stream:
            numbered = enumerate(_bounded_lines(stream), start=1)
            next(numbered, None)  # the header, read in __init__
            pushback: deque[_Line] = deque()

            def next_line() -> _Line | None:
                if pushback:
                    return pushback.popleft()
                item = next(numbered, None)
                if item is None:
                    return None
                if item[1] is None:  # longer than MAX_LINE_BYTES: never held in memory
                    return _Line(item[0], b"", "", None, too_long=True)
                text, bad = _decode(item[1])
                return _Line(item[0], item[1], text, bad)

            while (first := next_line()) is not None:
                if first.too_long:
                    yield self._reject(first.number, f"a line longer than {MAX_LINE_BYTES // 2**20} MiB",
                                       "is it an export? a row this long is damage or an attack")
                    continue
                if not first.text.strip():
                    continue  # a blank line is not a row
                record = [first]
                open_quote = _ends_in_quotes(first.text, self.delimiter, False)
                failure: str | None = None
                while open_quote:
                    if not self.multiline:
                        failure = "a quoted field is not closed on this line (a stray `\"`?)"
                        break
                    if len(record) >= MAX_ROW_LINES or sum(len(r.raw) for r in record) > MAX_LINE_BYTES:
                        failure = f"a quoted field runs over {MAX_ROW_LINES} lines or {MAX_LINE_BYTES // 2**20} MiB "
                        failure += '(a stray `"`?)'
                        break
                    more = next_line()
                    if more is None:
                        failure = "a quoted field is still open at the end of the file (a stray `\"`?)"
                        break
                    if more.too_long:
                        failure = f"a quoted field runs into a line longer than {MAX_LINE_BYTES // 2**20} MiB"
                        pushback.appendleft(more)
                        break
                    record.append(more)
                    open_quote = _ends_in_quotes(more.text, self.delimiter, True)
                if failure is None:
                    row, structural = self._parse(record)
                    if not structural or len(record) == 1:
                        yield row
                        continue
                    failure = row.problem.message if row.problem else "unreadable row"
                pushback.extendleft(reversed(record[1:]))  # only the first line is lost
                hint = (
                    "quote the whole value, doubling any quote inside it"
                    if self.multiline
                    else "this export never splits a row over lines: remove the stray quote or quote the whole value"
                )
                yield self._reject(first.number, failure, hint)

    def _reject(self, line: int, message: str, hint: str | None = None, column: int | None = None) -> RawRow:
        return RawRow(line, None, Problem(message, file=self.source, line=line, column=column, hint=hint))

    def _parse(self, record: list[_Line]) -> tuple[RawRow, bool]:
        """The record's fields, or its problem and whether that problem is in its *structure*
        (field count: the lines may not belong together) rather than in its content."""
        start = record[0].number
        texts = [line.text.replace("\x00", "\ufffd") for line in record]  # csv refuses NUL
        try:
            fields = next(csv.reader(texts, delimiter=self.delimiter), [])
        except csv.Error as exc:
            return self._reject(start, f"unreadable row: {exc}"), True
        if len(fields) != len(self.header) and any(f.strip() for f in fields):
            message = f"the row has {len(fields)} fields, the header {len(self.header)}"
            return self._reject(start, message, "a separator inside an unquoted value? quote it"), True
        for line in record:
            if line.bad_byte is not None:
                message = f"bytes that are not UTF-8 on line {line.number} (byte {line.bad_byte})"
                return self._reject(start, message, _HINT_UTF8), False
            if "\x00" in line.text:
                column = line.text.index("\x00") + 1
                message = f"a NUL byte on line {line.number} (column {column})"
                return self._reject(start, message, "remove the NUL bytes: the file was damaged or is not text"), False
        return RawRow(start, fields), False
