"""What changed between two diagnoses, for a steering committee: text, Markdown, HTML or JSON.

Every format shows the same sections, in the order a committee reads them: new risks, risks
that got worse, better, resolved; acknowledgements that lapsed; questions answered and
questions that appeared; unchanged risks last. :func:`sections` builds them once, in the
comparison's language, and each format only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..follow_up.compare import Comparison, ExpiredAcknowledgement, FindingChange, FindingRef, QuestionRef
from ..model.vocabulary import label
from ._common import date_text
from .i18n import t

__all__ = ["COMPARISON_FORMATS", "Section", "render_comparison", "sections"]

COMPARISON_FORMATS = ("text", "markdown", "html", "json")


@dataclass(frozen=True)
class Section:
    key: str  # resolved, new, worse, …: also the JSON list it comes from
    title: str
    items: tuple[str, ...]
    tone: str  # bad, good or neutral: how the HTML colours it


def _finding(f: FindingRef, lang: str) -> str:
    level = t("diff.level_score", lang, level=label(f.level, lang), score=f.score)
    return f"[{f.risk_id}] {f.title} — {level}"


def _change(c: FindingChange, lang: str) -> str:
    before = t("diff.level_score", lang, level=label(c.level_before, lang), score=c.score_before)
    after = t("diff.level_score", lang, level=label(c.level_after, lang), score=c.score_after)
    return f"[{c.risk_id}] {c.title} — {before} → {after}"


def _question(q: QuestionRef, lang: str) -> str:
    return f"{q.question} [{q.trait}]"


def _expired(a: ExpiredAcknowledgement, lang: str) -> str:
    return t("diff.expired_item", lang, title=a.title, risk=a.risk_id, owner=a.owner,
             date=date_text(a.review_date, lang), justification=a.justification)  # fmt: skip


def sections(c: Comparison) -> list[Section]:
    """The comparison's sections, empty ones included (a committee wants to see "none")."""
    lang = c.lang
    return [
        Section("new", t("diff.new", lang), tuple(_finding(f, lang) for f in c.new), "bad"),
        Section("worse", t("diff.worse", lang), tuple(_change(x, lang) for x in c.worse), "bad"),
        Section("better", t("diff.better", lang), tuple(_change(x, lang) for x in c.better), "good"),
        Section("resolved", t("diff.resolved", lang), tuple(_finding(f, lang) for f in c.resolved), "good"),
        Section("acknowledgements_expired", t("diff.acknowledgements_expired", lang),
                tuple(_expired(a, lang) for a in c.acknowledgements_expired), "bad"),
        Section("questions_answered", t("diff.questions_answered", lang),
                tuple(_question(q, lang) for q in c.questions_answered), "good"),
        Section("questions_appeared", t("diff.questions_appeared", lang),
                tuple(_question(q, lang) for q in c.questions_appeared), "neutral"),
        Section("unchanged", t("diff.unchanged", lang), tuple(_finding(f, lang) for f in c.unchanged), "neutral"),
    ]


def summary(c: Comparison) -> str:
    """One line: how many risks are new, worse, better, resolved, unchanged."""
    return t("diff.summary", c.lang, new=len(c.new), worse=len(c.worse), better=len(c.better),
             resolved=len(c.resolved), unchanged=len(c.unchanged), answered=len(c.questions_answered),
             appeared=len(c.questions_appeared))  # fmt: skip


def warnings(c: Comparison) -> list[str]:
    """The comparison's warnings, as sentences in its language."""
    return [
        t(f"diff.warning.{w}", c.lang, old=c.before.project, new=c.after.project,
          old_catalogue=c.before.catalogue_version, new_catalogue=c.after.catalogue_version)
        for w in c.warnings
    ]


def _heading(c: Comparison) -> tuple[str, str]:
    lang = c.lang
    project = c.after.project if c.before.project == c.after.project else f"{c.before.project} → {c.after.project}"
    return t("diff.title", lang), project


def _text(c: Comparison) -> str:
    title, project = _heading(c)
    lines = [f"{title} · {project}", summary(c)]
    lines += [f"! {w}" for w in warnings(c)]
    for s in sections(c):
        lines += ["", f"{s.title} ({len(s.items)})"]
        lines += [f"  - {item}" for item in s.items] or [f"  {t('diff.none', c.lang)}"]
    return "\n".join(lines) + "\n"


def _markdown(c: Comparison) -> str:
    from .markdown import md

    title, project = _heading(c)
    lines = [f"# {md(title)} · {md(project)}", "", md(summary(c)), ""]
    lines += [f"> **{md(w)}**" for w in warnings(c)]
    if c.warnings:
        lines.append("")
    for s in sections(c):
        lines += [f"## {md(s.title)} ({len(s.items)})", ""]
        lines += [f"- {md(item)}" for item in s.items] or [f"_{md(t('diff.none', c.lang))}_"]
        lines.append("")
    return "\n".join(lines)


def _html(c: Comparison) -> str:
    from .html import environment

    title, project = _heading(c)
    return environment().get_template("comparison.html.j2").render(
        c=c, lang=c.lang, t=lambda key, **kw: t(key, c.lang, **kw), title=title, project=project,
        summary=summary(c), warnings=warnings(c), sections=sections(c),
    )


def render_comparison(c: Comparison, fmt: str) -> str:
    """``c`` in ``fmt`` (one of :data:`COMPARISON_FORMATS`)."""
    if fmt == "text":
        return _text(c)
    if fmt == "markdown":
        return _markdown(c)
    if fmt == "html":
        return _html(c)
    if fmt == "json":
        return c.to_json()
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(COMPARISON_FORMATS)}")
