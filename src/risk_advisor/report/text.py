"""The terminal report: findings grouped by level, their reasons and remedies, then questions."""

from __future__ import annotations

import json

import click

from ..diagnosis import Diagnosis
from ..model.vocabulary import Level, label

_COLORS = {Level.CRITICAL: "magenta", Level.HIGH: "red", Level.MEDIUM: "yellow", Level.LOW: "green"}
_T = {
    "fr": {"because": "parce que", "do": "à faire", "who": "acteurs", "questions": "Questions ouvertes",
           "summary": "{f} risque(s), {q} question(s) ouverte(s), {a} risque(s) accepté(s)", "none": "aucun",
           "accepted": "Risques acceptés", "findings": "Risques"},
    "en": {"because": "because", "do": "to do", "who": "involve", "questions": "Open questions",
           "summary": "{f} risk(s), {q} open question(s), {a} accepted risk(s)", "none": "none",
           "accepted": "Accepted risks", "findings": "Risks"},
}


def render_text(d: Diagnosis, *, color: bool = False) -> str:
    t = _T[d.lang]
    style = (lambda s, **kw: click.style(s, **kw)) if color else (lambda s, **kw: s)
    lines = [style(d.project, bold=True), ""]
    for level in sorted(Level, key=lambda lv: -lv.rank):
        group = [f for f in d.findings if f.level == level]
        if not group:
            continue
        lines.append(style(f"{label(level, d.lang).upper()} ({len(group)})", fg=_COLORS[level], bold=True))
        for f in group:
            lines.append(f"  [{f.rule_id}] {f.title} (score {f.score})")
            reasons = ", ".join(f"{b.trait} = {json.dumps(b.value, ensure_ascii=False)}" for b in f.because)
            lines.append(f"    {t['because']}: {reasons}")
            for r in f.remedies:
                lines.append(f"    {t['do']}: {r.text} ({r.owner_label}, {label(r.phase, d.lang)})")
            lines.append(f"    {t['who']}: {', '.join(s.label for s in f.stakeholders)}")
        lines.append("")
    if d.acknowledged:
        lines.append(style(t["accepted"], bold=True))
        for f in d.acknowledged:
            assert f.acknowledgement
            lines.append(f"  [{f.rule_id}] {f.title} — {f.acknowledgement.justification} ({f.acknowledgement.owner})")
        lines.append("")
    if d.open_questions:
        lines.append(style(t["questions"], bold=True))
        for q in d.open_questions:
            lines.append(f"  [{q.rule_id}] {q.question}")
        lines.append("")
    s = d.summary
    lines.append(t["summary"].format(f=s.findings, q=s.open_questions, a=s.acknowledged))
    return "\n".join(lines) + "\n"
