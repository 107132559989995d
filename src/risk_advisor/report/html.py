"""The HTML report: one self-contained, printable file.

Jinja2 templates under ``templates/`` with autoescape on: every text from the project or the
catalogue is escaped (a project named ``<script>…</script>`` shows as text). The only markup
passed through unescaped is the SVG built — and escaped — by :mod:`.svg`. A Content Security
Policy forbids scripts and any fetch, so the page works offline and nothing can run in it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..diagnosis import Diagnosis
from ..model.vocabulary import Level, label
from . import svg
from ._common import (
    LEVELS_DOWN,
    all_risks,
    almost_empty,
    because_text,
    colon,
    date_text,
    expired,
    numbered,
    question_risks,
    risk_names,
    shown_questions,
)
from .i18n import t
from .text import summary_line

__all__ = ["environment", "render_html"]

_TEMPLATES = Path(__file__).with_name("templates")


@cache
def environment() -> Environment:
    """The report templates' environment: autoescape on for every template, strict names."""
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(label=label, date_text=date_text, level_colours=svg.LEVEL_COLOURS, level_ink=svg.LEVEL_INK)
    return env


def _finding_view(number: str, f: Any, lang: str, titles: dict[str, str]) -> dict[str, Any]:
    return {
        "number": number,
        "f": f,
        "patterns": [(p, [because_text(b, lang, titles) for b in p.because]) for p in f.patterns],
        "phases": ", ".join(label(p, lang) for p in f.phases),
        "expired": f.acknowledgement is not None and f.acknowledgement.expired,
    }


def render_html(d: Diagnosis) -> str:
    lang = d.lang
    titles = all_risks(d)
    views = [_finding_view(n, f, lang, titles) for n, f in numbered(d)]
    found, accepted = views[: len(d.findings)], views[len(d.findings):]
    numbers = {v["f"].risk_id: v["number"] for v in views}
    return environment().get_template("report.html.j2").render(
        d=d,
        lang=lang,
        t=lambda key, **kw: t(key, lang, **kw),
        colon=colon(lang),
        summary=summary_line(d),
        by_level=[(lv, d.summary.by_level.get(lv, 0)) for lv in LEVELS_DOWN],
        levels=[(lv, [v for v in found if v["f"].level == lv]) for lv in LEVELS_DOWN],
        accepted=accepted,
        expired=len(expired(d.findings)),
        numbers=numbers,
        risk_names=risk_names(d),
        # both pictures are built and escaped by svg.py
        matrix=Markup(svg.risk_matrix(d)),
        graph=Markup(svg.project_map(d)),
        Level=Level,
        hint=Markup(re.sub(r"`([^`]*)`", r"<code>\1</code>", str(escape(t("hint.interview", lang)))))
        if almost_empty(d) else None,
        questions=[(q, question_risks(q)) for q in shown_questions(d)[0]],
        more_questions=shown_questions(d)[1],
    )
