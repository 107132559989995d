"""Diagnosis → a report for people (text, Markdown, HTML), a risk register (CSV), or JSON.

One module per format; ``render`` picks one. Every format is deterministic: the same
diagnosis always gives the same characters (no clock is read here). ``checklist`` turns a
diagnosis into the kickoff checklist; ``output`` writes files atomically.
"""

from __future__ import annotations

from ..diagnosis import Diagnosis
from .output import EXTENSIONS  # the one extension → format table, shared by every command

__all__ = ["EXTENSIONS", "FORMATS", "render"]

FORMATS = ("text", "json", "markdown", "html", "csv")


def render(diagnosis: Diagnosis, fmt: str, *, color: bool = False) -> str:
    """``diagnosis`` in format ``fmt`` (one of ``FORMATS``); ``color`` only affects text."""
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
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
