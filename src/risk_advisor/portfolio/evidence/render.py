"""The evidence as report sections (Markdown or HTML, through a :class:`Page`) and as JSON data."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any, Protocol

from ...report.i18n import french_typography
from .charts import quartile_chart, survival_chart
from .collect import BUDGET_CLASSES, Comparison, DelayRow, Evidence

__all__ = ["Page", "evidence_data", "render_evidence"]

GROUPS_SHOWN = 15  # rows of a per-group chart: the largest groups

_TEXTS: dict[str, tuple[str, str]] = {
    "section": ("Ce que montre le portefeuille", "What the portfolio shows"),
    "delays": ("Délai du vote à l'ouverture au public", "Time from vote to opening to the public"),
    "method": (
        "Estimateur de Kaplan–Meier : un projet ouvert compte les mois du vote (septembre de "
        "l'édition, supposé) à son ouverture ; un projet pas encore ouvert compte les mois du vote "
        "au {date} et pèse comme « au moins ce délai » (censuré), au lieu d'être oublié ; sans date "
        "d'ouverture, un projet compte comme pas encore ouvert, quel que soit son état. Les projets "
        "abandonnés n'ouvriront jamais : ils sont exclus des délais et comptés dans les abandons. "
        "« non atteint » : trop de projets attendent encore pour situer ce quantile. La dernière "
        "colonne est la médiane des seuls projets ouverts, calculée comme le catalogue.",
        "Kaplan–Meier estimator: an open project counts the months from the vote (September of the "
        "edition, assumed) to its opening; a project not yet open counts the months from the vote to "
        "{date} and weighs as “at least that long” (censored) instead of being dropped; without an "
        "opening date, a project counts as not yet open, whatever its state. Abandoned "
        "projects will never open: they are left out of the delays and counted as abandonments. "
        "“not reached”: too many projects are still waiting to place that quantile. The last column "
        "is the median of the open projects only, computed as the catalogue does.",
    ),
    "overall": (
        "Ensemble : {projects} projets datés, {opened} ouverts, {waiting} pas encore ; médiane {median}, "
        "quartiles {q1} et {q3}.",
        "All: {projects} dated projects, {opened} open, {waiting} not yet; median {median}, quartiles {q1} and {q3}.",
    ),
    "curve_title": ("Part des projets pas encore ouverts, par budget", "Share of projects not yet open, by budget"),
    "x_months": ("mois depuis le vote", "months since the vote"),
    "y_share": ("pas encore ouverts", "not yet open"),
    "bars_title": ("Délai du vote à l'ouverture : quartiles et médiane", "Vote to opening: quartiles and median"),
    "budget": ("Par budget", "By budget"),
    "theme": ("Par thématique", "By theme"),
    "lead_service": ("Par direction pilote", "By lead service"),
    "edition": ("Par édition", "By edition"),
    "working_class": ("Quartier populaire", "Working-class district"),
    "group": ("Groupe", "Group"),
    "projects": ("Projets", "Projects"),
    "opened": ("Ouverts", "Open"),
    "waiting": ("En attente", "Waiting"),
    "q1": ("1er quartile", "1st quartile"),
    "median": ("Médiane", "Median"),
    "q3": ("3e quartile", "3rd quartile"),
    "opened_only": ("Médiane (ouverts seuls)", "Median (open only)"),
    "not_reached": ("non atteint", "not reached"),
    "months": ("{n} mois", "{n} months"),
    "compare": ("Les chiffres du catalogue face à cet export", "The catalogue's figures against this export"),
    "compare_intro": (
        "Les règles citées s'appuient sur les médianes parisiennes (projets ouverts seulement, vote "
        "supposé en septembre). « Concorde » : la médiane de cet export, calculée de la même façon, "
        "est à {tol} mois près. La médiane de Kaplan–Meier, qui compte les projets pas encore "
        "ouverts, dit de combien ces chiffres sous-estiment le délai réel.",
        "The rules cited rest on the Paris medians (open projects only, vote assumed in September). "
        "“Agrees”: this export's median, computed the same way, is within {tol} months. The "
        "Kaplan–Meier median, which counts projects not yet open, says by how much those figures "
        "understate the real delay.",
    ),
    "figure": ("Chiffre", "Figure"),
    "catalogue": ("Catalogue", "Catalogue"),
    "rules": ("Règles", "Rules"),
    "export_opened": ("Export (ouverts seuls)", "Export (open only)"),
    "export_km": ("Export (Kaplan–Meier)", "Export (Kaplan–Meier)"),
    "agrees": ("Concorde", "Agrees"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "all": ("tous les projets", "all projects"),
    "verdict_agrees": (
        "Cet export reproduit les chiffres du catalogue ({agree} sur {total}) ; compté avec les projets "
        "pas encore ouverts, le délai médian est de {km} au lieu de {cat} : les chiffres du catalogue "
        "sont des minima.",
        "This export reproduces the catalogue's figures ({agree} of {total}); counting the projects not "
        "yet open, the median delay is {km} instead of {cat}: the catalogue's figures are lower bounds.",
    ),
    "verdict_differs": (
        "Cet export ne reproduit que {agree} des {total} chiffres du catalogue : à relire avant de "
        "s'appuyer sur les règles qui les citent.",
        "This export reproduces only {agree} of the catalogue's {total} figures: check them before "
        "relying on the rules that cite them.",
    ),
    "verdict_too_few": (
        "Trop peu de projets ouverts dans cet export pour juger les chiffres du catalogue "
        "(« — » : moins de 20 projets ouverts dans le groupe).",
        "Too few open projects in this export to judge the catalogue's figures "
        "(“—”: fewer than 20 open projects in the group).",
    ),
    "abandonment": ("Abandons", "Abandonments"),
    "abandon_intro": (
        "{abandoned} projets abandonnés sur {projects} ({rate}).",
        "{abandoned} projects abandoned out of {projects} ({rate}).",
    ),
    "abandoned": ("Abandonnés", "Abandoned"),
    "rate": ("Taux", "Rate"),
    "overdue": ("Projets en retard sur leur propre prévision", "Projects late on their own forecast"),
    "overdue_intro": (
        "Au {date}, {n} projets ont passé leur mois de livraison prévu sans être livrés ni abandonnés "
        "(règle PORTFOLIO-DELIVERY-OVERDUE). Les plus en retard :",
        "As of {date}, {n} projects are past their forecast delivery month, neither delivered nor "
        "abandoned (rule PORTFOLIO-DELIVERY-OVERDUE). The latest:",
    ),
    "reference": ("Référence", "Reference"),
    "project": ("Projet", "Project"),
    "late": ("Mois de retard", "Months late"),
}


def _t(key: str, lang: str, **fields: Any) -> str:
    fr, en = _TEXTS[key]
    return (en if lang == "en" else french_typography(fr)).format(**fields)


class Page(Protocol):
    """What a document format gives the evidence renderer (already escaped output)."""

    def heading(self, level: int, title: str) -> str: ...

    def paragraph(self, text: str) -> str: ...

    def table(self, header: list[str], rows: list[list[object]]) -> str: ...

    def picture(self, svg: str, alt: str) -> str: ...


def _months(value: float | None, lang: str) -> str:
    if value is None:
        return _t("not_reached", lang)
    shown = f"{value:g}" if lang == "en" else f"{value:g}".replace(".", ",")
    return _t("months", lang, n=shown)


def _percent(share: float, lang: str) -> str:
    text = f"{share * 100:.1f}"
    return f"{text} %" if lang == "en" else text.replace(".", ",") + "\u00a0%"


def _delay_rows(rows: tuple[DelayRow, ...], lang: str) -> list[list[object]]:
    return [
        [
            r.group,
            r.projects,
            r.opened,
            r.waiting,
            _months(r.q1, lang),
            _months(r.median, lang),
            _months(r.q3, lang),
            _months(r.median_opened_only, lang),
        ]
        for r in rows
    ]


def _largest(rows: tuple[DelayRow, ...]) -> list[DelayRow]:
    return sorted(
        sorted(rows, key=lambda r: -r.projects)[:GROUPS_SHOWN], key=lambda r: (r.median is None, r.median or 0, r.group)
    )


def render_evidence(evidence: Evidence, as_of: dt.date | None, page: Page, lang: str) -> str:
    """The evidence sections of the portfolio report, in ``lang``; empty without dated projects."""
    if not (evidence.dated_projects or evidence.abandoned or evidence.overdue):
        return ""  # an export without dates or states has nothing to show here

    def t(key: str, **fields: Any) -> str:
        return _t(key, lang, **fields)

    date = as_of.isoformat() if as_of else "?"
    out = [page.heading(2, t("section"))]
    if evidence.dated_projects:
        o = evidence.overall
        horizon = max([12, *(s.time for c in evidence.curves.values() for s in c.steps)])
        header = [t("group"), t("projects"), t("opened"), t("waiting"), t("q1"), t("median"), t("q3"), t("opened_only")]
        out += [
            page.heading(3, t("delays")),
            page.paragraph(t("method", date=date)),
            page.paragraph(
                t(
                    "overall",
                    projects=o.projects,
                    opened=o.opened,
                    waiting=o.waiting,
                    median=_months(o.median, lang),
                    q1=_months(o.q1, lang),
                    q3=_months(o.q3, lang),
                )
            ),
            page.picture(
                survival_chart(
                    {k: evidence.curves[k] for k in BUDGET_CLASSES if k in evidence.curves},
                    title=t("curve_title"),
                    x_label=t("x_months"),
                    y_label=t("y_share"),
                    horizon=horizon,
                ),
                t("curve_title"),
            ),
        ]
        for dimension in ("budget", "theme", "lead_service", "edition", "working_class"):
            rows = evidence.delays.get(dimension, ())
            if not rows:
                continue
            out.append(page.heading(4, t(dimension)))
            if dimension in ("theme", "lead_service"):
                title = f"{t('bars_title')} — {t(dimension)}"
                chart = quartile_chart(_largest(rows), title=title, x_label=t("x_months"), horizon=horizon)
                out.append(page.picture(chart, title))
            out.append(page.table(header, _delay_rows(rows, lang)))
        out += _comparison(evidence.comparisons, page, lang)
    out += _abandonment(evidence, page, lang)
    if evidence.overdue:
        out += [
            page.heading(3, t("overdue")),
            page.paragraph(t("overdue_intro", date=date, n=evidence.overdue)),
            page.table(
                [t("reference"), t("project"), t("late")],
                [[o.reference, o.name, o.months] for o in evidence.most_overdue],
            ),
        ]
    return "".join(out)


def _comparison(comparisons: tuple[Comparison, ...], page: Page, lang: str) -> list[str]:
    if not comparisons:
        return []

    def t(key: str, **fields: Any) -> str:
        return _t(key, lang, **fields)

    rows: list[list[object]] = []
    for c in comparisons:
        colon = ":" if lang == "en" else "\u00a0:"
        group = t("all") if c.dimension == "all" else f"{t(c.dimension)}{colon} {c.group}"
        verdict = "—" if c.agrees is None else t("yes") if c.agrees else t("no")
        rows.append(
            [
                group,
                _months(c.catalogue, lang),
                ", ".join(c.rules),
                "—" if c.opened_only is None else _months(c.opened_only, lang),
                _months(c.kaplan_meier, lang),
                verdict,
            ]
        )
    judged = [c for c in comparisons if c.agrees is not None]
    agree = sum(1 for c in judged if c.agrees)
    overall = comparisons[0]
    if not judged:
        verdict = t("verdict_too_few")
    elif agree == len(judged):
        verdict = t(
            "verdict_agrees",
            agree=agree,
            total=len(judged),
            km=_months(overall.kaplan_meier, lang),
            cat=_months(overall.catalogue, lang),
        )
    else:
        verdict = t("verdict_differs", agree=agree, total=len(judged))
    header = [t("figure"), t("catalogue"), t("rules"), t("export_opened"), t("export_km"), t("agrees")]
    return [
        page.heading(3, t("compare")),
        page.paragraph(t("compare_intro", tol=2)),
        page.table(header, rows),
        page.paragraph(verdict),
    ]


def _abandonment(evidence: Evidence, page: Page, lang: str) -> list[str]:
    if not evidence.abandoned:
        return []

    def t(key: str, **fields: Any) -> str:
        return _t(key, lang, **fields)

    out = [
        page.heading(3, t("abandonment")),
        page.paragraph(
            t(
                "abandon_intro",
                abandoned=evidence.abandoned,
                projects=evidence.projects,
                rate=_percent(evidence.abandoned / evidence.projects, lang),
            )
        ),
    ]
    for dimension in ("theme", "lead_service"):
        rows = [[r.group, r.projects, r.abandoned, _percent(r.rate, lang)] for r in evidence.abandonment[dimension]]
        out += [page.heading(4, t(dimension)), page.table([t("group"), t("projects"), t("abandoned"), t("rate")], rows)]
    return out


def evidence_data(evidence: Evidence) -> dict[str, Any]:
    """The evidence as plain JSON-ready data (curves as their steps)."""
    data = asdict(evidence)
    data["comparisons"] = [{**asdict(c), "agrees": c.agrees} for c in evidence.comparisons]
    data["abandonment"] = {
        d: [{**asdict(r), "rate": round(r.rate, 4)} for r in rows] for d, rows in evidence.abandonment.items()
    }
    data["curves"] = {
        k: [
            {"time": s.time, "at_risk": s.at_risk, "events": s.events, "survival": round(s.survival, 4)}
            for s in c.steps
        ]
        for k, c in evidence.curves.items()
    }
    data["estimator"] = "kaplan-meier"
    return data
