"""Batch output: ``jsonl``, ``csv``, ``markdown``, ``html``. Same input, same bytes.

- **jsonl**: one compact :class:`Diagnosis` JSON per line, in input order.
- **csv**: one row per project, in the register's dialect and through its neutralising
  function (:mod:`risk_advisor.report._csv`: ``;``, UTF-8 with a byte-order mark, no cell
  a spreadsheet would run as a formula): reference, name, source row, risks found per level,
  highest level, open questions, top risks (up to 3), data notes.
- **markdown** / **html**: the portfolio summary, then one table row per project. The rows are
  spooled to a temporary file (memory up to 8 MiB, then disk) so the summary can come first
  without holding the portfolio in memory. The HTML page is self-contained (inline style, no
  script, nothing fetched) and every text is escaped.

Nothing here depends on the time, the machine or the number of processes.
"""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from typing import IO, Protocol

from .._version import __version__
from ..diagnosis import Diagnosis
from ..model.vocabulary import Level
from ..report._csv import BOM
from ..report._csv import CsvWriter as SafeCsvWriter
from .importers import Imported
from .summary import PortfolioSummary, text

__all__ = ["FORMATS", "Writer", "make_writer"]

FORMATS = ("jsonl", "csv", "markdown", "html")
LEVELS = [lv.value for lv in reversed(Level)]  # critical first
TOP_RISKS_PER_ROW = 3
SPOOL_BYTES = 8 * 2**20


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
    raise ValueError(f"unknown format {fmt!r}")


def _cells(diagnosis: Diagnosis) -> tuple[list[int], str, list[str]]:
    counts = [diagnosis.summary.by_level.get(Level(lv), 0) for lv in LEVELS]
    highest = diagnosis.summary.highest_level
    risks = [f.title for f in diagnosis.findings[:TOP_RISKS_PER_ROW]]  # one finding per risk
    return counts, highest.value if highest else "", risks


class JsonlWriter:
    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def row(self, diagnosis: Diagnosis, imported: Imported | None) -> None:
        self.out.write(diagnosis.model_dump_json() + "\n")

    def finish(self, summary: PortfolioSummary) -> None:
        self.out.flush()


class CsvWriter:
    def __init__(self, out: IO[str], lang: str) -> None:
        self.out = out
        out.write(BOM)
        self.csv = SafeCsvWriter(out)
        self.csv.writerow(
            ["reference", "name", "source_row", *LEVELS, "highest_level", "open_questions", "top_risks", "notes"]
        )

    def row(self, diagnosis: Diagnosis, imported: Imported | None) -> None:
        counts, highest, risks = _cells(diagnosis)
        line = "" if imported is None or imported.row is None else str(imported.row)
        notes = " | ".join(imported.notes) if imported else ""
        self.csv.writerow(
            [diagnosis.reference or "", diagnosis.project, line, *counts, highest,
             diagnosis.summary.open_questions, " | ".join(risks), notes]
        )  # fmt: skip

    def finish(self, summary: PortfolioSummary) -> None:
        self.out.flush()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(value: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


class DocumentWriter:
    """Markdown or HTML: summary tables first, then the spooled per-project table."""

    def __init__(self, out: IO[str], lang: str, *, html_page: bool) -> None:
        self.out, self.lang, self.html = out, lang, html_page
        # held open across row() calls and closed in finish(): no single block can scope it
        self.rows = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="utf-8", newline="")  # noqa: SIM115

    def _t(self, key: str) -> str:
        return text(key, self.lang)

    def _table_row(self, cells: list[object]) -> str:
        if self.html:
            return "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>\n"
        return "| " + " | ".join(_md(c) for c in cells) + " |\n"

    def _table_open(self, header: list[str]) -> str:
        if self.html:
            head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
            return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        return "| " + " | ".join(_md(h) for h in header) + " |\n|" + "---|" * len(header) + "\n"

    def _table(self, header: list[str], rows: list[list[object]]) -> str:
        body = "".join(self._table_row(r) for r in rows)
        return self._table_open(header) + body + ("</tbody>\n</table>\n" if self.html else "\n")

    def _heading(self, level: int, title: str) -> str:
        return f"<h{level}>{html.escape(title)}</h{level}>\n" if self.html else f"{'#' * level} {_md(title)}\n\n"

    def _project_header(self) -> list[str]:
        t = self._t
        return [t("reference"), t("project"), *LEVELS, t("level"), t("open_questions"), t("top_risks")]

    def row(self, diagnosis: Diagnosis, imported: Imported | None) -> None:
        counts, highest, risks = _cells(diagnosis)
        cells: list[object] = [diagnosis.reference or "", diagnosis.project, *counts, highest]
        self.rows.write(self._table_row([*cells, diagnosis.summary.open_questions, "; ".join(risks)]))

    def finish(self, summary: PortfolioSummary) -> None:
        t, out = self._t, self.out
        if self.html:
            out.write(_HTML_HEAD.format(lang=html.escape(self.lang), title=html.escape(t("title"))))
        out.write(self._heading(1, t("title")))
        intro = f"{summary.projects} {t('projects')}, {summary.rejected} {t('rejected')} — risk-advisor {__version__}"
        out.write(f"<p>{html.escape(intro)}</p>\n" if self.html else _md(intro) + "\n\n")
        level_rows: list[list[object]] = [
            [k if k != "none" else t("none"), n] for k, n in summary.by_highest_level.items()
        ]
        sections: list[tuple[str, list[str], list[list[object]]]] = [
            ("by_level", [t("level"), t("count")], level_rows),
            ("findings", [t("level"), t("count")], [[k, n] for k, n in summary.findings_by_level.items()]),
            ("risks", [t("risk"), "ID", t("count")], [[title, rid, n] for rid, title, n in summary.top_risks]),
            ("questions", [t("question"), t("count")], [[q, n] for q, n in summary.top_questions]),
            (
                "top",
                [t("reference"), t("project"), t("level"), t("score")],
                [
                    [
                        p.reference,
                        p.name,
                        p.highest_level.value if p.highest_level else "",
                        f"{p.max_score} / {p.total_score}",
                    ]
                    for p in summary.top_projects
                ],
            ),
            ("notes", [t("note"), t("count")], [[note, n] for note, n in summary.notes]),
            ("skipped", [t("reason"), t("count")], [[reason, n] for reason, n in summary.skipped]),
            ("column_problems", [t("note")], [[p] for p in summary.column_problems]),
        ]
        for key, header, rows in sections:
            if rows:
                out.write(self._heading(2, t(key)) + self._table(header, rows))
        out.write(self._heading(2, t("project") + "s") + self._table_open(self._project_header()))
        self.rows.seek(0)
        shutil.copyfileobj(self.rows, out)
        self.rows.close()
        out.write(_HTML_FOOT if self.html else "")
        out.flush()


_HTML_HEAD = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; }}
table {{ border-collapse: collapse; margin-bottom: 1.5rem; }}
th, td {{ border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }}
th {{ background: #f2f2f2; }}
</style>
</head>
<body>
"""
_HTML_FOOT = "</tbody>\n</table>\n</body>\n</html>\n"
