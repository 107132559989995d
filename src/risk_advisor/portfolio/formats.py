"""Batch output: ``jsonl``, ``csv``, ``markdown``, ``html``. Same input, same bytes.

- **jsonl**: one compact :class:`Diagnosis` JSON per line, in input order.
- **csv**: one row per project, in the register's dialect and through its neutralising
  function (:mod:`risk_advisor.report._csv`: ``;``, UTF-8 with a byte-order mark, no cell
  a spreadsheet would run as a formula): reference, name, source row, risks found per level,
  highest level, open questions, top risks (up to 3), data notes.
- **markdown** / **html**: the portfolio summary and its evidence, then one table row per
  project. The HTML page is self-contained (inline style, inline SVG, no script, nothing
  fetched) and every text is escaped.
- **json**: the portfolio report's data — summary, scheme questions, evidence — as one document.
- **xlsx**: an Excel workbook, a *Summary* sheet and a *Projects* sheet (one row per project,
  the CSV's columns, the level coloured, every text a text: :mod:`risk_advisor.report.xlsx`).

Every writer spools its rows to a temporary file (memory up to 8 MiB, then disk) and writes
them in :meth:`Writer.finish`, once the summary is known: a row leaves out the open questions
the summary asks once for the whole scheme (:mod:`.scheme`), and the summary can come first,
without holding the portfolio in memory.

Nothing here depends on the time, the machine or the number of processes.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import IO, Protocol

from .._version import __version__
from ..diagnosis import Diagnosis
from ..report._csv import BOM
from ..report._csv import CsvWriter as SafeCsvWriter
from ._rows import LEVELS, Spool, kept_questions, row_cells, scheme_traits
from .document import DocumentWriter
from .evidence import evidence_data
from .importers import Imported
from .scheme import question_traits
from .summary import PortfolioSummary, level_label, note_label, text

__all__ = ["FORMATS", "Writer", "make_writer"]

FORMATS = ("jsonl", "csv", "markdown", "html", "json", "xlsx")


class Writer(Protocol):
    def row(self, diagnosis: Diagnosis, imported: Imported | None) -> None: ...

    def finish(self, summary: PortfolioSummary) -> None: ...


def make_writer(fmt: str, out: IO[str], lang: str) -> Writer:
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "csv":
        return CsvWriter(out, lang)
    if fmt in ("markdown", "html"):
        return DocumentWriter(out, lang, html_page=fmt == "html")
    if fmt == "json":
        return JsonWriter(out)
    if fmt == "xlsx":
        return XlsxWriter(out, lang)
    raise ValueError(f"unknown format {fmt!r}")


class JsonlWriter:
    """One :class:`Diagnosis` per line, without the questions the summary asks for the scheme."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.rows = Spool()

    def row(self, diagnosis: Diagnosis, imported: Imported | None) -> None:
        self.rows.write_raw(diagnosis.model_dump_json())

    def finish(self, summary: PortfolioSummary) -> None:
        scheme = scheme_traits(summary)
        for line in self.rows.lines():
            if scheme:
                data = json.loads(line)
                kept = [q for q in data["open_questions"] if not all(t in scheme for t in question_traits(q))]
                if len(kept) != len(data["open_questions"]):
                    data["open_questions"] = kept
                    data["summary"]["open_questions"] = len(kept)
                    line = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            self.out.write(line + "\n")
        self.out.flush()


class CsvWriter:
    """One row per project, for French Excel; open questions counted without the scheme's."""

    def __init__(self, out: IO[str], lang: str) -> None:
        self.out = out
        self.rows = Spool()

    def row(self, diagnosis: Diagnosis, imported: Imported | None) -> None:
        counts, highest, risks, questions = row_cells(diagnosis)
        line = "" if imported is None or imported.row is None else str(imported.row)
        notes = " | ".join(imported.notes) if imported else ""
        self.rows.write(
            [[diagnosis.reference or "", diagnosis.project, line, *counts, highest], questions,
             [" | ".join(risks), notes]]
        )  # fmt: skip

    def finish(self, summary: PortfolioSummary) -> None:
        scheme = scheme_traits(summary)
        self.out.write(BOM)
        writer = SafeCsvWriter(self.out)
        writer.writerow(
            ["reference", "name", "source_row", *LEVELS, "highest_level", "open_questions", "top_risks", "notes"]
        )
        for line in self.rows.lines():
            head, questions, tail = json.loads(line)
            writer.writerow([*head, kept_questions(questions, scheme), *tail])
        self.out.flush()


class JsonWriter:
    """The portfolio report's data: summary, scheme questions and evidence, one JSON document."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def row(self, diagnosis: Diagnosis, imported: Imported | None) -> None:
        """Rows are not part of the report's data (``jsonl`` has them)."""

    def finish(self, summary: PortfolioSummary) -> None:
        data = asdict(summary)
        data["tool_version"] = __version__
        data["as_of"] = summary.as_of.isoformat() if summary.as_of else None
        data["evidence"] = evidence_data(summary.evidence) if summary.evidence else None
        json.dump(data, self.out, ensure_ascii=False, indent=1, sort_keys=True, default=str)
        self.out.write("\n")
        self.out.flush()


class XlsxWriter:
    """The portfolio as an Excel workbook, written as bytes once the summary is known."""

    def __init__(self, out: IO[str], lang: str) -> None:
        self.out = out
        self.lang = lang
        self.rows = Spool()

    def row(self, diagnosis: Diagnosis, imported: Imported | None) -> None:
        counts, highest, risks, questions = row_cells(diagnosis)
        line = "" if imported is None or imported.row is None else str(imported.row)
        notes = "\n".join(note_label(n, self.lang) for n in imported.notes) if imported else ""
        level = level_label(highest, self.lang) if highest else ""
        self.rows.write(
            [[diagnosis.reference or "", diagnosis.project, line, *counts, level], questions, ["\n".join(risks), notes]]
        )

    def finish(self, summary: PortfolioSummary) -> None:
        from ..report.i18n import t
        from ..report.xlsx import render_portfolio_xlsx

        lang = self.lang
        scheme = scheme_traits(summary)
        head = [t("xlsx.reference", lang), t("xlsx.name", lang), t("xlsx.source_row", lang),
                *(level_label(lv, lang) for lv in LEVELS), t("xlsx.highest", lang), t("xlsx.open_questions", lang),
                t("xlsx.top_risks", lang), t("xlsx.notes", lang)]  # fmt: skip
        rows = (
            [*first, kept_questions(questions, scheme), *last]
            for first, questions, last in (json.loads(line) for line in self.rows.lines())
        )
        data = render_portfolio_xlsx(
            text("title", lang), summary_sections(summary, lang), head, rows, lang, level_column=3 + len(LEVELS)
        )
        write_bytes(self.out, data)


def summary_sections(summary: PortfolioSummary, lang: str) -> list[tuple[str, list[tuple[str, str | int]]]]:
    """The summary as (section title, [(item, value)…]) for a spreadsheet, in ``lang``."""
    overview: list[tuple[str, str | int]] = [(text("projects", lang), summary.projects),
                                             (text("rejected", lang), summary.rejected)]  # fmt: skip
    if summary.as_of is not None:
        overview.append((text("as_of", lang).format(date=summary.as_of.isoformat()), ""))
    return [
        (text("title", lang), overview),
        (text("by_level", lang), [(level_label(k, lang), n) for k, n in summary.by_highest_level.items()]),
        (text("findings", lang), [(level_label(k, lang), n) for k, n in summary.findings_by_level.items()]),
        (text("risks", lang), [(f"{title} ({rid})", n) for rid, title, n in summary.top_risks]),
        (text("scheme", lang), [(s.question, s.projects) for s in summary.scheme_questions]),
        (text("questions", lang), [(q, n) for q, n in summary.top_questions]),
        (text("top", lang), [(f"{p.reference} — {p.name}", f"{p.max_score} / {p.total_score}")
                             for p in summary.top_projects]),
        (text("notes", lang), [(note_label(note, lang), n) for note, n in summary.notes]),
    ]


def write_bytes(out: IO[str], data: bytes) -> None:
    """Bytes to a text stream's binary buffer (a guarded output file, or the standard output)."""
    guarded = getattr(out, "write_bytes", None)
    if guarded is not None:
        guarded(data)
        return
    binary = getattr(out, "buffer", None)
    if binary is None:
        raise TypeError("an Excel workbook needs a binary output: give a file (-o portfolio.xlsx)")
    out.flush()
    binary.write(data)
    binary.flush()
