"""The terminal report: findings (one per risk) grouped by level, each with the rules that
revealed it and their reasons, its remedies, its stakeholders and the ID that acknowledges it;
then accepted risks, open questions and a one-line summary.

Colour (ANSI) only when ``color=True``, which the command line sets only on a terminal; the
user's own texts never carry control characters to the terminal (:mod:`risk_advisor._printable`).
"""

from __future__ import annotations

from collections.abc import Callable

import click

from .._printable import printable_model
from ..diagnosis import Diagnosis, Finding
from ..model.vocabulary import Level, label
from ._common import (
    LEVELS_DOWN,
    all_risks,
    almost_empty,
    because_text,
    colon,
    date_text,
    expired,
    question_risks,
    shown_questions,
)
from .i18n import t

__all__ = ["render_text", "summary_line"]

_COLORS = {Level.CRITICAL: "magenta", Level.HIGH: "red", Level.MEDIUM: "yellow", Level.LOW: "green"}
Style = Callable[..., str]


def summary_line(d: Diagnosis) -> str:
    s = d.summary
    line = t("summary.line", d.lang, findings=s.findings, questions=s.open_questions, accepted=s.acknowledged)
    if s.highest_level is not None:
        line += " " + t("summary.highest", d.lang, level=label(s.highest_level, d.lang))
    return line


def _finding(f: Finding, d: Diagnosis, style: Style, titles: dict[str, str]) -> list[str]:
    lang = d.lang
    lines = [style(f"  [{f.risk_id}] {f.title}", bold=True) + f" ({t('finding.score', lang, score=f.score)})"]
    lines.append(f"    {f.scenario}")
    if f.acknowledgement is not None and f.acknowledgement.expired:
        ack = f.acknowledgement
        lines.append("    " + style("! " + t(
            "finding.expired", lang, date=date_text(ack.review_date, lang), owner=ack.owner,
            justification=ack.justification,
        ), fg="red"))
    if len(f.patterns) > 1:
        lines.append("    " + t("finding.patterns", lang, count=len(f.patterns)))
    for p in f.patterns:
        lines.append(f"    {t('finding.pattern', lang, rule=p.rule_id, score=p.score)}{colon(lang).rstrip()}")
        lines.extend(f"      - {because_text(b, lang, titles)}" for b in p.because)
    if f.remedies:
        lines.append(f"    {t('finding.remedies', lang)}{colon(lang).rstrip()}")
        for r in f.remedies:
            detail = t("finding.remedy_detail", lang, owner=r.owner_label, phase=label(r.phase, lang),
                       effort=label(r.effort, lang))
            lines.append(f"      - {r.text} ({detail})")
    if f.stakeholders:
        who = ", ".join(s.label for s in f.stakeholders)
        lines.append(f"    {t('finding.stakeholders', lang)}{colon(lang)}{who}")
    lines.append("    " + t("finding.ack_id", lang, risk=f.risk_id))
    return lines


def render_text(d: Diagnosis, *, color: bool = False) -> str:
    """The terminal report; control characters in any text (an ANSI escape or a U+202E in a
    project name) are shown as escapes, never sent to the terminal."""
    d = printable_model(d)
    lang = d.lang
    style: Style = click.style if color else (lambda s, **_: s)
    titles = all_risks(d)
    lines = [style(t("hint.interview", lang), bold=True)] if almost_empty(d) else []
    lines.append(style(d.project, bold=True))
    if d.reference:
        lines.append(t("report.reference", lang, reference=d.reference))
    lines.append("")
    for level in LEVELS_DOWN:
        group = [f for f in d.findings if f.level == level]
        if not group:
            continue
        lines.append(style(f"{label(level, lang).upper()} ({len(group)})", fg=_COLORS[level], bold=True))
        for f in group:
            lines.extend(_finding(f, d, style, titles))
            lines.append("")
    if d.acknowledged:
        lines.append(style(t("section.acknowledged", lang), bold=True))
        for f in d.acknowledged:
            assert f.acknowledgement is not None
            ack = f.acknowledgement
            lines.append(f"  [{f.risk_id}] {f.title} ({t('finding.score', lang, score=f.score)})")
            lines.append("    " + t("ack.line", lang, owner=ack.owner, date=date_text(ack.review_date, lang),
                                     justification=ack.justification))
        lines.append("")
    if d.unused_acknowledgements:
        lines.append(style(t("section.unused_acks", lang), bold=True))
        for u in d.unused_acknowledgements:
            lines.append(f"  [{u.risk}] {u.title}{colon(lang)}"
                         + t("unused.line", lang, owner=u.owner, date=date_text(u.review_date, lang)))
        lines.append("")
    if d.open_questions:
        lines.append(style(t("section.questions", lang), bold=True))
        shown, more = shown_questions(d)
        for q in shown:
            lines.append(f"  - {q.question} [{q.trait}]")
            lines.append(f"    {question_risks(q)}")
        if more:
            lines.append("  " + t("questions.more", lang, count=more))
        lines.append("")
    if lapsed := expired(d.findings):
        lines.append(style(t("summary.expired", lang, count=len(lapsed)), fg="red"))
    lines.append(summary_line(d) if d.findings or d.open_questions or d.acknowledged else t("summary.none", lang))
    return "\n".join(lines) + "\n"
