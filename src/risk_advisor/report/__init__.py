"""Diagnosis → a report for people (text, Markdown, HTML), a risk register (CSV, Excel), or JSON.

One module per format; ``render`` picks one. Every format is deterministic: the same
diagnosis always gives the same characters (no clock is read here). ``checklist`` turns a
diagnosis into the kickoff checklist; ``output`` writes files atomically.
"""

from __future__ import annotations

from ..diagnosis import Diagnosis
from .output import EXTENSIONS  # the one extension → format table, shared by every command

__all__ = ["EXTENSIONS", "FORMATS", "TEXT_FORMATS", "render", "render_file"]

TEXT_FORMATS = ("text", "json", "markdown", "html", "csv")
FORMATS = (*TEXT_FORMATS, "xlsx")


def render_file(diagnosis: Diagnosis, fmt: str, *, color: bool = False) -> str | bytes:
    """``diagnosis`` in any of ``FORMATS``: text for the text formats, bytes for ``xlsx``."""
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(diagnosis)
    return render(diagnosis, fmt, color=color)


def render(diagnosis: Diagnosis, fmt: str, *, color: bool = False) -> str:
    """``diagnosis`` in text format ``fmt`` (one of ``TEXT_FORMATS``); ``color`` only affects text."""
    if fmt == "text":
        from .text import render_text

        return render_text(diagnosis, color=color)
    if fmt == "json":
        return diagnosis.to_json()
    if fmt == "markdown":
        from .markdown import render_markdown

        return render_markdown(diagnosis)
    if fmt == "html":
        from .html import render_html

        return render_html(diagnosis)
    if fmt == "csv":
        from .csv_register import render_csv

        return render_csv(diagnosis)
    raise ValueError(f"unknown text format {fmt!r}: choose one of {', '.join(TEXT_FORMATS)}")
