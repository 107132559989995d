"""The risk register, the kickoff checklist and a portfolio as Excel workbooks (``.xlsx``).

A CSV opens as one column in a spreadsheet unless its reader knows the import dialog; a
workbook opens right in Excel and LibreOffice, and keeps the register alive there:

* **Register** sheet — the columns of the CSV register (:mod:`.csv_register`), a frozen header,
  an auto-filter, wrapped text and column widths that fit the content, the level shown by
  colour, and drop-down lists (data validation) for *status* and *owner*, so that a team can
  update the register in the spreadsheet. Owners may be typed freely (an acknowledgement's
  owner is a person); the list only proposes the catalogue's roles.
* **Action plan** and **Open questions** sheets; a hidden **Lists** sheet feeds the drop-downs.
* Landscape A4, the header row repeated on every printed page, one page wide.
* Document properties: title, the tool and catalogue versions.

**Never a formula.** Every text cell is written as text (``write_string``), whatever it starts
with (``=``, ``+``, ``-``, ``@``): a project name such as ``=HYPERLINK(…)`` stays a string and
no neutralising prefix is needed. Numbers (likelihood, impact, score, counts) are numbers.

**Same input, same bytes.** XlsxWriter stores zip entries with a fixed timestamp; the
document's creation date is fixed too (:data:`CREATED`), since a register depends on the
diagnosis, not on when it was written.

Written with XlsxWriter (write-only, pure Python): unlike openpyxl it never turns a string
starting with ``=`` into a formula, and in ``constant_memory`` mode it writes a portfolio of any
size row by row.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import IO, Any

import xlsxwriter  # type: ignore[import-untyped]  # ships no type information
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from .._version import __version__
from ..diagnosis import Diagnosis
from ..model.vocabulary import Level, Role, label
from .checklist import Checklist, checklist_rows
from .csv_register import COLUMNS, register_rows
from .i18n import t

__all__ = ["CREATED", "render_checklist_xlsx", "render_portfolio_xlsx", "render_xlsx"]

CREATED = dt.datetime(2000, 1, 1)
_LEVEL_FILL = {Level.LOW: "#CFE8C8", Level.MEDIUM: "#FDE9A6", Level.HIGH: "#F9C08A", Level.CRITICAL: "#EE8F8F"}
_NUMERIC = frozenset({"likelihood", "impact", "score"})
_WIDTHS = {  # characters; long texts wrap
    "id": 26, "risk": 34, "description": 60, "category": 18, "likelihood": 11, "impact": 9, "score": 9,
    "level": 10, "owner": 26, "response": 12, "trigger": 50, "remedies": 70, "status": 16,
    "acknowledgement": 40, "rules": 30,
}  # fmt: skip
_STATUSES = ("status.open", "status.in_progress", "status.accepted", "status.reopened", "status.closed")
_MAX_ROWS = 1_048_576  # Excel's sheet limit


class _Book:
    """A workbook with the formats every sheet of ours uses."""

    def __init__(self, target: IO[bytes], title: str, lang: str, catalogue: str, *, streaming: bool = False) -> None:
        options: dict[str, Any] = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        if streaming:
            options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        self.book = xlsxwriter.Workbook(target, options)
        self.lang = lang
        self.book.set_properties({
            "title": title,
            "subject": t("xlsx.subject", lang),
            "author": "risk-advisor",
            "comments": t("xlsx.comments", lang, tool=__version__, catalogue=catalogue),
            "keywords": "risk-advisor",
            "created": CREATED,
        })  # fmt: skip
        self.header = self.book.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDE4EE", "border": 1}
        )
        self.text = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.number = self.book.add_format({"valign": "top", "align": "center"})
        self.levels = {
            level: self.book.add_format({"bg_color": colour, "valign": "top", "bold": True, "border": 1})
            for level, colour in _LEVEL_FILL.items()
        }

    def sheet(self, key: str, headers: Sequence[str], widths: Sequence[int]) -> Worksheet:
        """A sheet with a frozen header, widths, landscape A4 printing repeating the header row."""
        sheet = self.book.add_worksheet(_sheet_name(t(key, self.lang)))
        for col, (head, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, head, self.header)
        sheet.freeze_panes(1, 0)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.repeat_rows(0)
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        return sheet

    def row(self, sheet: Worksheet, row: int, cells: Iterable[str | int], fmt: Any = None) -> None:
        for col, value in enumerate(cells):
            if isinstance(value, int):
                sheet.write_number(row, col, value, self.number)
            else:
                sheet.write_string(row, col, value, fmt or self.text)

    def close(self) -> None:
        self.book.close()


def _sheet_name(name: str) -> str:
    """Excel refuses ``[]:*?/\\`` and more than 31 characters in a sheet name."""
    return "".join("-" if c in "[]:*?/\\" else c for c in name)[:31]


def _list_values(lang: str) -> tuple[list[str], list[str]]:
    statuses = [t(key, lang) for key in _STATUSES]
    owners = sorted({label(role, lang) for role in Role}, key=str.casefold)
    return statuses, owners


def _list_ranges(lang: str) -> tuple[str, str]:
    """Where the drop-down values are: the status range, the owner range."""
    statuses, owners = _list_values(lang)
    name = _sheet_name(t("xlsx.sheet.lists", lang)).replace("'", "''")
    return f"='{name}'!$A$2:$A${len(statuses) + 1}", f"='{name}'!$B$2:$B${len(owners) + 1}"


def _write_lists(book: _Book) -> None:
    """The hidden last sheet that holds the drop-down values."""
    lang = book.lang
    sheet = book.book.add_worksheet(_sheet_name(t("xlsx.sheet.lists", lang)))
    sheet.write_string(0, 0, t("csv.status", lang), book.header)
    sheet.write_string(0, 1, t("csv.owner", lang), book.header)
    for col, values in enumerate(_list_values(lang)):
        for i, value in enumerate(values, start=1):
            sheet.write_string(i, col, value)
    sheet.hide()


def render_xlsx(d: Diagnosis) -> bytes:
    """The register of ``d``, with its action plan and open questions, as ``.xlsx`` bytes."""
    lang = d.lang
    target = io.BytesIO()
    book = _Book(target, f"{t('report.title', lang)} · {d.project}", lang, d.catalogue_version)
    rows = register_rows(d, separator="\n")
    sheet = book.sheet("xlsx.sheet.register", [t(f"csv.{c}", lang) for c in COLUMNS], [_WIDTHS[c] for c in COLUMNS])
    level_col = COLUMNS.index("level")
    for r, (level, cells) in enumerate(rows, start=1):
        values = [int(v) if c in _NUMERIC else v for c, v in zip(COLUMNS, cells, strict=True)]
        book.row(sheet, r, values)
        sheet.write_string(r, level_col, cells[level_col], book.levels[level])
    last = max(len(rows), 1)
    sheet.autofilter(0, 0, last, len(COLUMNS) - 1)
    status_range, owner_range = _list_ranges(lang)
    status_col, owner_col = COLUMNS.index("status"), COLUMNS.index("owner")
    # Room below the risks found, so that the team can add its own rows to the register.
    rows_open = min(last + 200, _MAX_ROWS - 1)
    sheet.data_validation(1, status_col, rows_open, status_col, {
        "validate": "list", "source": status_range,
        "error_title": t("csv.status", lang), "error_message": t("xlsx.status_error", lang),
    })  # fmt: skip
    sheet.data_validation(1, owner_col, rows_open, owner_col, {
        "validate": "list", "source": owner_range, "error_type": "information",
        "error_title": t("csv.owner", lang), "error_message": t("xlsx.owner_hint", lang),
    })  # fmt: skip

    plan_head = ["col.phase", "xlsx.action", "col.owner", "xlsx.effort", "xlsx.answers"]
    plan = book.sheet("xlsx.sheet.plan", [t(k, lang) for k in plan_head], [14, 70, 26, 10, 50])
    titles = _titles(d)
    for r, item in enumerate(d.action_plan, start=1):
        answers = "\n".join(dict.fromkeys(titles.get(a, a) for a in item.answers))
        book.row(plan, r, [label(item.remedy.phase, lang), item.remedy.text, item.remedy.owner_label,
                           label(item.remedy.effort, lang), answers])  # fmt: skip

    question_head = ["xlsx.question", "xlsx.trait", "xlsx.risks"]
    questions = book.sheet("xlsx.sheet.questions", [t(k, lang) for k in question_head], [70, 40, 50])
    for r, q in enumerate(d.open_questions, start=1):
        book.row(questions, r, [q.question, q.trait, "\n".join(q.risk_titles)])
    _write_lists(book)
    book.close()
    return target.getvalue()


def _titles(d: Diagnosis) -> dict[str, str]:
    """Rule ID or risk ID → the risk's title."""
    titles: dict[str, str] = {}
    for f in (*d.findings, *d.acknowledged):
        titles[f.risk_id] = f.title
        titles[f.rule_id] = f.title
    return titles


def render_checklist_xlsx(c: Checklist, catalogue: str) -> bytes:
    """The kickoff checklist as ``.xlsx`` bytes: one row per item, a *done* drop-down."""
    lang = c.lang
    target = io.BytesIO()
    book = _Book(target, f"{t('checklist.title', lang)} · {c.project}", lang, catalogue)
    head, rows = checklist_rows(c)
    sheet = book.sheet("checklist.title", head, [18, 14, 70, 26, 50, 10])
    for r, cells in enumerate(rows, start=1):
        book.row(sheet, r, cells)
    last = max(len(rows), 1)
    sheet.autofilter(0, 0, last, len(head) - 1)
    sheet.data_validation(1, len(head) - 1, last, len(head) - 1, {
        "validate": "list", "source": [t("xlsx.yes", lang), t("xlsx.no", lang)],
    })  # fmt: skip
    book.close()
    return target.getvalue()


Cell = str | int
Section = tuple[str, Sequence[tuple[str, Cell]]]


def render_portfolio_xlsx(
    title: str, sections: Sequence[Section], head: Sequence[str], rows: Iterable[Sequence[Cell]], lang: str,
    level_column: int | None = None,
) -> bytes:
    """A portfolio workbook: a *Summary* sheet (each section's title, then its items and values)
    and a *Projects* sheet (``head``, then ``rows``, written one by one in ``constant_memory``
    mode so that memory stays flat). ``level_column`` holds level labels, coloured by level.
    Rows past Excel's 1,048,575 are not written; the summary says how many projects there are.
    """
    target = io.BytesIO()
    book = _Book(target, title, lang, "", streaming=True)
    summary = book.sheet("xlsx.sheet.summary", [t("xlsx.section", lang), t("xlsx.measure", lang),
                                                t("xlsx.value", lang)], [36, 70, 14])  # fmt: skip
    r = 0
    for section, items in sections:
        for item, value in items:
            r += 1
            book.row(summary, r, [section, item, value])
    sheet = book.sheet("xlsx.sheet.projects", list(head), [_width(h) for h in head])
    by_label = {label(level, lang): fmt for level, fmt in book.levels.items()}
    written = 0
    for written, cells in enumerate(rows, start=1):
        if written >= _MAX_ROWS:
            break
        book.row(sheet, written, cells)
        if level_column is not None and (fmt := by_label.get(str(cells[level_column]))) is not None:
            sheet.write_string(written, level_column, str(cells[level_column]), fmt)
    sheet.autofilter(0, 0, max(written, 1), len(head) - 1)
    book.close()
    return target.getvalue()


def _width(header: str) -> int:
    return max(10, min(60, len(header) + 4))
