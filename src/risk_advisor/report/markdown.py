"""The Markdown report: the HTML report's content, with a table for the risk matrix and a
Mermaid flowchart for the project map (GitHub, GitLab and most editors draw it).

Texts from the project or the catalogue are escaped for Markdown *and* for HTML (``<`` and
``&`` as entities, Markdown's punctuation backslashed), since most Markdown renderers let raw
HTML through. Mermaid labels are quoted with their quotes and angle brackets as entities.
"""

from __future__ import annotations

import re

from ..diagnosis import Diagnosis, Finding
from ..model.vocabulary import Level, Role, label
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

__all__ = ["md", "render_markdown"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_LEADING = re.compile(r"^([#+=-]|\d+[.)])")


def md(text: str) -> str:
    """``text`` shown literally, on one line: HTML-escaped, Markdown's inline punctuation
    backslashed, and a leading ``#``, ``-``, ``+``, ``=`` or ``1.`` kept from starting a block."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = " ".join(_MD_SPECIAL.sub(r"\\\1", text).split())
    return _MD_LEADING.sub(lambda m: "\\" + m[1] if not m[1][0].isdigit() else m[1][:-1] + "\\" + m[1][-1], text)


def _mermaid(text: str) -> str:
    escaped = text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
    return '"' + " ".join(escaped.split()) + '"'


def _matrix(d: Diagnosis) -> list[str]:
    lang = d.lang
    cells: dict[tuple[int, int], list[str]] = {}
    for number, f in numbered(d):
        accepted = f.acknowledgement is not None and not f.acknowledgement.expired
        cells.setdefault((f.likelihood, f.impact), []).append(f"({number})" if accepted else f"**{number}**")
    head = f"| {md(t('matrix.impact', lang))} ↓ / {md(t('matrix.likelihood', lang))} → | 1 | 2 | 3 | 4 | 5 |"
    lines = [head, "|---|---|---|---|---|---|"]
    for impact in range(5, 0, -1):
        row = [f"**{impact}**"]
        for likelihood in range(1, 6):
            level = Level.from_score(impact * likelihood)
            row.append(" ".join(cells.get((likelihood, impact), [])) or f"<sub>{md(label(level, lang))}</sub>")
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", f"_{md(t('matrix.caption', lang))}_"]
    return lines


def _graph(d: Diagnosis) -> list[str]:
    lang = d.lang
    findings = numbered(d)[: len(d.findings)]
    if not findings:
        return [md(t("graph.empty", lang))]
    lines = ["```mermaid", "flowchart LR"]
    remedies: dict[str, str] = {}
    people: dict[Role, str] = {}
    edges: list[str] = []

    def person(role: Role, text: str) -> str:
        if role not in people:
            people[role] = f"S{len(people) + 1}"
            lines.append(f"  {people[role]}([{_mermaid(text)}])")
        return people[role]

    for number, f in findings:
        lines.append(f"  {number}[{_mermaid(f'{number} · {f.title}')}]")
    for number, f in findings:
        for r in f.remedies:
            if r.id not in remedies:
                remedies[r.id] = f"A{len(remedies) + 1}"
                lines.append(f"  {remedies[r.id]}[/{_mermaid(r.text)}/]")
                edges.append(f"  {remedies[r.id]} --> {person(r.owner, r.owner_label)}")
            edges.append(f"  {number} --> {remedies[r.id]}")
        edges.extend(f"  {number} -.-> {person(s.role, s.label)}" for s in f.stakeholders)
    lines.extend(sorted(set(edges), key=edges.index))
    for number, f in findings:
        colour = {"low": "#cfe8c8", "medium": "#fde9a6", "high": "#f9c08a", "critical": "#ee8f8f"}[f.level.value]
        lines.append(f"  style {number} fill:{colour}")
    lines += ["```", "", f"_{md(t('graph.caption', lang))}_"]
    return lines


def _finding(number: str, f: Finding, d: Diagnosis, titles: dict[str, str]) -> list[str]:
    lang, c = d.lang, colon(d.lang)
    meta = (
        f"`{f.risk_id}` · {md(t('finding.level', lang))} {md(label(f.level, lang))} · "
        f"{md(t('finding.score', lang, score=f.score))} = {md(t('finding.likelihood', lang))} {f.likelihood} × "
        f"{md(t('finding.impact', lang))} {f.impact} · {md(t('finding.phases', lang))}{c}"
        f"{md(', '.join(label(p, lang) for p in f.phases))}"
    )
    lines = [f"#### {number} · {md(f.title)}", "", meta, ""]
    if f.acknowledgement is not None and f.acknowledgement.expired:
        ack = f.acknowledgement
        lines += [
            "> **⚠** " + md(t("finding.expired", lang, date=date_text(ack.review_date, lang), owner=ack.owner,
                                 justification=ack.justification)),
            "",
        ]
    lines += [f"_{md(f.scenario)}_", ""]
    if len(f.patterns) > 1:
        lines += [md(t("finding.patterns", lang, count=len(f.patterns))), ""]
    for p in f.patterns:
        lines += [f"**{md(t('finding.pattern', lang, rule=p.rule_id, score=p.score))}**", ""]
        lines += [f"- {md(because_text(b, lang, titles))}" for b in p.because]
        lines.append("")
    if f.remedies:
        lines += [f"**{md(t('finding.remedies', lang))}**", ""]
        for r in f.remedies:
            detail = t("finding.remedy_detail", lang, owner=r.owner_label, phase=label(r.phase, lang),
                       effort=label(r.effort, lang))
            lines.append(f"- {md(r.text)} ({md(detail)})")
        lines.append("")
    if f.stakeholders:
        who = ", ".join(s.label for s in f.stakeholders)
        lines += [f"**{md(t('finding.stakeholders', lang))}**{c}{md(who)}", ""]
    lines.append(f"_{md(t('finding.ack_id', lang, risk=f.risk_id))}_")
    return [*lines, ""]


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
    ]


def render_markdown(d: Diagnosis) -> str:
    lang = d.lang
    titles = all_risks(d)
    numbers = dict((f.risk_id, n) for n, f in numbered(d))
    names = risk_names(d)
    out = [f"# {md(t('report.title', lang))} · {md(d.project)}", ""]
    if almost_empty(d):
        out += [f"> **{t('hint.interview', lang)}**", ""]  # the command reads as code: not escaped
    if d.reference:
        out += [md(t("report.reference", lang, reference=d.reference)), ""]
    out += [f"## {md(t('section.summary', lang))}", "", md(summary_line(d)), ""]
    out += [", ".join(f"{md(label(lv, lang))}{colon(lang)}{d.summary.by_level.get(lv, 0)}" for lv in LEVELS_DOWN), ""]
    if lapsed := expired(d.findings):
        out += [f"> **⚠** {md(t('summary.expired', lang, count=len(lapsed)))}", ""]
    out += [f"## {md(t('section.matrix', lang))}", "", *_matrix(d), ""]
    out += [f"## {md(t('section.graph', lang))}", "", *_graph(d), ""]
    out += [f"## {md(t('section.findings', lang))}", ""]
    found = numbered(d)[: len(d.findings)]
    if not found:
        out += [md(t("summary.none", lang)), ""]
    for level in LEVELS_DOWN:
        group = [(n, f) for n, f in found if f.level == level]
        if group:
            out += [f"### {md(label(level, lang).capitalize())} ({len(group)})", ""]
            for number, f in group:
                out += _finding(number, f, d, titles)
    if d.acknowledged:
        out += [f"## {md(t('section.acknowledged', lang))}", ""]
        rows = []
        for number, f in numbered(d)[len(d.findings):]:
            assert f.acknowledgement is not None
            ack = f.acknowledgement
            rows.append([f"{number} · {md(f.title)} (`{f.risk_id}`)", md(ack.justification), md(ack.owner),
                         date_text(ack.review_date, lang)])
        out += _table([md(t(k, lang)) for k in ("col.risk", "ack.justification", "ack.owner", "ack.review")], rows)
    if d.unused_acknowledgements:
        out += [f"## {md(t('section.unused_acks', lang))}", ""]
        out += [f"- `{md(u.risk)}` {md(u.title)}{colon(lang)}"
                + md(t("unused.line", lang, owner=u.owner, date=date_text(u.review_date, lang)))
                for u in d.unused_acknowledgements] + [""]
    out += [f"## {md(t('section.plan', lang))}", ""]
    if d.action_plan:
        head = [md(t(k, lang)) for k in ("col.action", "col.owner", "col.phase", "col.effort", "col.answers")]
        out += _table(head, [
            [md(a.remedy.text), md(a.remedy.owner_label), md(label(a.remedy.phase, lang)),
             md(label(a.remedy.effort, lang)), ", ".join(numbers.get(r, md(r)) for r in a.answers)]
            for a in d.action_plan
        ])
    else:
        out += [f"_{md(t('empty.plan', lang))}_", ""]
    out += [f"## {md(t('section.stakeholders', lang))}", ""]
    if d.stakeholder_matrix:
        head = [md(t(k, lang)) for k in ("col.role", "col.phases", "col.risks", "col.listed")]
        out += _table(head, [
            [
                md(row.label),
                md(", ".join(label(p, lang) for p in row.phases)),
                md(", ".join(names.get(r, r) for r in row.risks)),
                md(t("value.true" if row.listed else "value.false", lang)),
            ]
            for row in d.stakeholder_matrix
        ])
    else:
        out += [f"_{md(t('empty.stakeholders', lang))}_", ""]
    if d.root_causes:
        out += [f"## {md(t('section.root_causes', lang))}", ""]
        out += _table([md(t("col.risk", lang)), md(t("col.removes", lang))],
                      [[md(rc.title), md(", ".join(names.get(r, r) for r in rc.removes))] for rc in d.root_causes])
    out += [f"## {md(t('section.questions', lang))}", ""]
    if d.open_questions:
        shown, more = shown_questions(d)
        out += _table([md(t("col.question", lang)), md(t("col.trait", lang)), md(t("col.risks", lang))],
                      [[md(q.question), f"`{q.trait}`", md(question_risks(q))] for q in shown])
        if more:
            out += [md(t("questions.more", lang, count=more)), ""]
    else:
        out += [f"_{md(t('empty.questions', lang))}_", ""]
    out += ["---", "", md(t("report.generated_by", lang, tool=d.tool_version, catalogue=d.catalogue_version,
                                 schema=d.schema_version))]
    return "\n".join(out) + "\n"
