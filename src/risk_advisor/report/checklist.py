"""The kickoff checklist: what to do, secure, settle and who to invite before a project starts.

Built from a :class:`Diagnosis`: the actions of its action plan (or, while there is none, the
remedies of its findings) as checkboxes grouped by phase, each with its owner and the risks it
answers; the success factors of its findings; its open questions; the stakeholders to invite.
Accepted risks call for no action. Rendered as Markdown, HTML, CSV (the register's dialect)
or JSON (the :class:`Checklist` model).
"""

from __future__ import annotations

import io

from pydantic import BaseModel, ConfigDict, Field

from ..diagnosis import Diagnosis, RemedyRef
from ..model.vocabulary import Phase, Role, label
from ._common import numbered
from ._csv import BOM, CsvWriter
from .i18n import t

__all__ = ["CHECKLIST_FORMATS", "Checklist", "build_checklist", "checklist_rows", "render_checklist"]

CHECKLIST_FORMATS = ("markdown", "html", "csv", "json", "xlsx")
CHECKLIST_SCHEMA_VERSION = "2.0"  # 2.0: risks named by risk ID, each once, with their rule IDs


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RiskRef(_Out):
    """A risk of the diagnosis, named once however many rules revealed it."""

    risk_id: str
    number: str = Field(description="The risk's number in the diagnosis report (R1, R2…)")
    title: str
    rule_ids: tuple[str, ...] = Field(description="The rules that revealed it, highest score first")


class ChecklistAction(_Out):
    remedy: RemedyRef
    answers: tuple[RiskRef, ...] = Field(description="The risks this action answers")


class ChecklistFactor(_Out):
    id: str
    text: str
    risks: tuple[RiskRef, ...]


class ChecklistQuestion(_Out):
    question: str
    rule_ids: tuple[str, ...] = Field(description="The rules this answer would decide")
    risk_titles: tuple[str, ...]


class Invitee(_Out):
    role: Role
    label: str
    listed: bool | None = Field(description="Already among the project's stakeholders (None: not known)")
    risks: tuple[str, ...] = Field(description="Titles of the risks this stakeholder helps to treat")


class Checklist(_Out):
    schema_version: str = CHECKLIST_SCHEMA_VERSION
    lang: str
    project: str
    reference: str | None
    actions: tuple[ChecklistAction, ...] = Field(description="In phase order, then plan order")
    success_factors: tuple[ChecklistFactor, ...]
    questions: tuple[ChecklistQuestion, ...]
    invite: tuple[Invitee, ...]

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"


def build_checklist(d: Diagnosis) -> Checklist:
    refs = {
        f.risk_id: RiskRef(risk_id=f.risk_id, number=n, title=f.title, rule_ids=f.rule_ids) for n, f in numbered(d)
    }
    titles_by_risk = {f.risk_id: f.title for f in d.findings}
    if d.action_plan:
        plan = [(a.remedy, list(a.answers)) for a in d.action_plan]
    else:
        by_id: dict[str, tuple[RemedyRef, list[str]]] = {}
        for f in d.findings:
            for r in f.remedies:
                by_id.setdefault(r.id, (r, []))[1].append(f.risk_id)
        plan = list(by_id.values())
    ordered = sorted(enumerate(plan), key=lambda item: (item[1][0].phase.rank, item[0]))
    actions = tuple(
        ChecklistAction(remedy=r, answers=tuple(refs[a] for a in answers if a in refs)) for _, (r, answers) in ordered
    )
    factors: dict[str, tuple[str, list[RiskRef]]] = {}
    for f in d.findings:
        for sf in f.success_factors:
            factors.setdefault(sf.id, (sf.text, []))[1].append(refs[f.risk_id])
    if d.stakeholder_matrix:
        invite = tuple(
            Invitee(role=row.role, label=row.label, listed=row.listed,
                    risks=tuple(titles_by_risk.get(r, r) for r in row.risks))
            for row in d.stakeholder_matrix
        )
    else:
        people: dict[Role, tuple[str, list[str]]] = {}
        for f in d.findings:
            for s in f.stakeholders:
                people.setdefault(s.role, (s.label, []))[1].append(f.title)
            for r in f.remedies:
                people.setdefault(r.owner, (r.owner_label, []))[1].append(f.title)
        invite = tuple(
            Invitee(role=role, label=text, listed=None, risks=tuple(dict.fromkeys(risks)))
            for role, (text, risks) in people.items()
        )
    return Checklist(
        lang=d.lang,
        project=d.project,
        reference=d.reference,
        actions=actions,
        success_factors=tuple(ChecklistFactor(id=k, text=v[0], risks=tuple(v[1])) for k, v in factors.items()),
        questions=_questions(d),
        invite=invite,
    )


def _questions(d: Diagnosis) -> tuple[ChecklistQuestion, ...]:
    """One entry per question: the diagnosis already asks each trait once, most telling first."""
    return tuple(
        ChecklistQuestion(question=q.question, rule_ids=q.rules, risk_titles=q.risk_titles)
        for q in d.open_questions
    )


def phases(c: Checklist) -> list[tuple[Phase, list[ChecklistAction]]]:
    groups: dict[Phase, list[ChecklistAction]] = {}
    for a in c.actions:
        groups.setdefault(a.remedy.phase, []).append(a)
    return list(groups.items())


def action_meta(a: ChecklistAction, lang: str) -> str:
    risks = ", ".join(f"{r.number} {r.title}" for r in a.answers)
    return t("checklist.action_meta", lang, owner=a.remedy.owner_label, risks=risks)


def invitee_note(i: Invitee, lang: str) -> str:
    """Why to invite them specially: they are not yet among the project's stakeholders."""
    return t("checklist.not_listed", lang) if i.listed is False else ""


def _markdown(c: Checklist) -> str:
    from .markdown import md

    lang = c.lang
    out = [f"# {md(t('checklist.title', lang))} · {md(c.project)}", ""]
    if c.reference:
        out += [md(t("report.reference", lang, reference=c.reference)), ""]
    out += [f"_{md(t('checklist.intro', lang))}_", "", f"## {md(t('checklist.actions', lang))}", ""]
    for phase, group in phases(c):
        out += [f"### {md(t('checklist.phase', lang, phase=label(phase, lang)))}", ""]
        out += [f"- [ ] **{md(a.remedy.text)}**  \n  {md(action_meta(a, lang))}" for a in group]
        out.append("")
    if not c.actions:
        out += [md(t("checklist.none", lang)), ""]
    sections = [
        ("checklist.success_factors", [f"- [ ] {md(f.text)}" for f in c.success_factors]),
        ("checklist.questions", [f"- [ ] {md(q.question)} _({md(', '.join(q.risk_titles))})_" for q in c.questions]),
        ("checklist.invite", [f"- [ ] {md(i.label)}{_note(invitee_note(i, lang))}" for i in c.invite]),
    ]
    for key, lines in sections:
        out += [f"## {md(t(key, lang))}", "", *(lines or [md(t("checklist.none", lang))]), ""]
    return "\n".join(out)


def _note(text: str) -> str:
    from .markdown import md

    return f" _({md(text)})_" if text else ""


def checklist_rows(c: Checklist) -> tuple[list[str], list[list[str]]]:
    """The checklist as a table: its header, then one row per item (action, factor, question, invitee)."""
    lang = c.lang
    head = ("checklist.kind", "col.phase", "checklist.item", "col.owner", "checklist.details", "checklist.done")
    rows: list[list[str]] = []

    def kind(k: str) -> str:
        return t(f"checklist.kind.{k}", lang)

    for a in c.actions:
        risks = ", ".join(f"{r.number} {r.title}" for r in a.answers)
        rows.append([kind("action"), label(a.remedy.phase, lang), a.remedy.text, a.remedy.owner_label, risks, ""])
    rows += [
        [kind("success_factor"), "", f.text, "", ", ".join(r.title for r in f.risks), ""] for f in c.success_factors
    ]
    rows += [[kind("question"), "", q.question, "", ", ".join(q.risk_titles), ""] for q in c.questions]
    rows += [[kind("stakeholder"), "", i.label, "", invitee_note(i, lang), ""] for i in c.invite]
    return [t(k, lang) for k in head], rows


def _csv(c: Checklist) -> str:
    buffer = io.StringIO(newline="")
    writer = CsvWriter(buffer)
    head, rows = checklist_rows(c)
    writer.writerow(head)
    for row in rows:
        writer.writerow(row)
    return BOM + buffer.getvalue()


def _html(c: Checklist) -> str:
    from .html import environment

    return environment().get_template("checklist.html.j2").render(
        c=c, lang=c.lang, t=lambda key, **kw: t(key, c.lang, **kw), phases=phases(c),
        action_meta=lambda a: action_meta(a, c.lang), invitee_note=lambda i: invitee_note(i, c.lang),
    )


def render_checklist(d: Diagnosis, fmt: str) -> str | bytes:
    """The kickoff checklist of ``d`` in ``fmt`` (one of ``CHECKLIST_FORMATS``; ``xlsx`` is bytes)."""
    checklist = build_checklist(d)
    if fmt == "markdown":
        return _markdown(checklist)
    if fmt == "html":
        return _html(checklist)
    if fmt == "csv":
        return _csv(checklist)
    if fmt == "json":
        return checklist.to_json()
    if fmt == "xlsx":
        from .xlsx import render_checklist_xlsx

        return render_checklist_xlsx(checklist, d.catalogue_version)
    raise ValueError(f"unknown checklist format {fmt!r}: choose one of {', '.join(CHECKLIST_FORMATS)}")
