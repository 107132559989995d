"""The portfolio report as a document: Markdown, or a self-contained HTML page.

Summary tables first — levels, risks, what the export does not say, questions, top projects —
then the evidence from the portfolio itself (delays, abandonments, overdue projects, with
pictures in HTML), the data defects, and one row per project, spooled until the end. All in
the report's language; every text escaped; no script, nothing fetched.
"""

from __future__ import annotations

import html
import json
import re
from typing import IO

from .._version import __version__
from ..diagnosis import Diagnosis
from ._rows import LEVELS, Spool, kept_questions, row_cells, scheme_traits
from .evidence import render_evidence
from .importers import Imported
from .summary import PortfolioSummary, level_label, note_label, text

__all__ = ["DocumentWriter"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(value: object) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


class DocumentWriter:
    """Markdown or HTML: summary and evidence first, then the spooled per-project table."""

    def __init__(self, out: IO[str], lang: str, *, html_page: bool) -> None:
        self.out, self.lang, self.html = out, lang, html_page
        self.rows = Spool()

    def _t(self, key: str) -> str:
        return text(key, self.lang)

    # --- the Page protocol of the evidence renderer
    def heading(self, level: int, title: str) -> str:
        return f"<h{level}>{html.escape(title)}</h{level}>\n" if self.html else f"{'#' * level} {_md(title)}\n\n"

    def paragraph(self, body: str) -> str:
        return f"<p>{html.escape(body)}</p>\n" if self.html else _md(body) + "\n\n"

    def table(self, header: list[str], rows: list[list[object]]) -> str:
        body = "".join(self._table_row(r) for r in rows)
        return self._table_open(header) + body + ("</tbody>\n</table>\n" if self.html else "\n")

    def picture(self, svg: str, alt: str) -> str:
        return f"<figure>\n{svg}<figcaption>{html.escape(alt)}</figcaption>\n</figure>\n" if self.html else ""

    # ---
    def _table_row(self, cells: list[object]) -> str:
        if self.html:
            return "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>\n"
        return "| " + " | ".join(_md(c) for c in cells) + " |\n"

    def _table_open(self, header: list[str]) -> str:
        if self.html:
            head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
            return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        return "| " + " | ".join(_md(h) for h in header) + " |\n|" + "---|" * len(header) + "\n"

    def _project_header(self) -> list[str]:
        t = self._t
        levels = [level_label(lv, self.lang) for lv in LEVELS]
        return [t("reference"), t("project"), *levels, t("level"), t("open_questions"), t("top_risks")]

    def row(self, diagnosis: Diagnosis, imported: Imported | None) -> None:
        counts, highest, risks, questions = row_cells(diagnosis)
        self.rows.write([[diagnosis.reference or "", diagnosis.project, *counts, highest], questions, "; ".join(risks)])

    def finish(self, summary: PortfolioSummary) -> None:
        t, out, lang = self._t, self.out, self.lang
        colon = ":" if lang == "en" else "\u00a0:"
        if self.html:
            out.write(_HTML_HEAD.format(lang=html.escape(lang), title=html.escape(t("title"))))
        out.write(self.heading(1, t("title")))
        out.write(
            self.paragraph(
                f"{summary.projects} {t('projects')}, {summary.rejected} {t('rejected')} — risk-advisor {__version__}"
            )
        )
        if summary.as_of is not None:
            out.write(self.paragraph(t("as_of").format(date=summary.as_of.isoformat())))
        by_level: list[list[object]] = [[level_label(k, lang), n] for k, n in summary.by_highest_level.items()]
        top: list[list[object]] = [
            [
                p.reference,
                p.name,
                level_label(p.highest_level.value, lang) if p.highest_level else "",
                f"{p.max_score} / {p.total_score}",
            ]
            for p in summary.top_projects
        ]
        scheme_risks: list[list[object]] = [
            [r.title, r.rule_id, t("found") if r.found else f"{t('to_check')}{colon} {' '.join(r.questions)}"]
            for r in summary.scheme_risks
        ]
        scheme: list[list[object]] = [[s.question, ", ".join(s.rules), s.projects] for s in summary.scheme_questions]
        sections: list[tuple[str, list[str], list[list[object]], str]] = [
            ("by_level", [t("level"), t("count")], by_level, ""),
            (
                "findings",
                [t("level"), t("count")],
                [[level_label(k, lang), n] for k, n in summary.findings_by_level.items()],
                "",
            ),
            ("risks", [t("risk"), "ID", t("count")], [[title, rid, n] for rid, title, n in summary.top_risks], ""),
            ("scheme_risks", [t("risk"), "ID", t("verdict")], scheme_risks, t("scheme_risks_intro")),
            ("scheme", [t("question"), t("rules"), t("count")], scheme, t("scheme_intro")),
            ("questions", [t("question"), t("count")], [[q, n] for q, n in summary.top_questions], ""),
            ("top", [t("reference"), t("project"), t("level"), t("score")], top, t("score_note")),
        ]
        for key, header, rows, note in sections:
            if rows:
                first = key in ("scheme", "scheme_risks")
                intro = self.paragraph(note) if note and first else ""
                after = self.paragraph(note) if note and not first else ""
                out.write(self.heading(2, t(key)) + intro + self.table(header, rows) + after)
        if summary.evidence is not None:
            out.write(render_evidence(summary.evidence, summary.as_of, self, lang))
        if summary.notes:
            notes: list[list[object]] = [[note_label(note, lang), n] for note, n in summary.notes]
            out.write(self.heading(2, t("notes")) + self.table([t("note"), t("count")], notes))
        if summary.skipped:
            skipped: list[list[object]] = [[reason, n] for reason, n in summary.skipped]
            out.write(self.heading(2, t("skipped")) + self.table([t("reason"), t("count")], skipped))
        if summary.column_problems:
            problems: list[list[object]] = [[problem] for problem in summary.column_problems]
            out.write(self.heading(2, t("column_problems")) + self.table([t("note")], problems))
        out.write(self.heading(2, t("projects_heading")) + self._table_open(self._project_header()))
        scheme_set = scheme_traits(summary)
        for line in self.rows.lines():
            cells, questions, risks = json.loads(line)
            out.write(
                self._table_row(
                    [
                        *cells[:-1],
                        level_label(cells[-1], lang) if cells[-1] else "",
                        kept_questions(questions, scheme_set),
                        risks,
                    ]
                )
            )
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
figure {{ margin: 1rem 0; break-inside: avoid; }}
svg.picture {{ max-width: 100%; height: auto; }}
@media print {{ body {{ margin: 0; }} table, figure {{ break-inside: avoid; }} }}
</style>
</head>
<body>
"""
_HTML_FOOT = "</tbody>\n</table>\n</body>\n</html>\n"
