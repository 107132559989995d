"""The portfolio at a glance, tallied as diagnoses stream past, in constant memory.

Counters are keyed by catalogue items (risks, traits asked) and importer notes, whose numbers
do not grow with the portfolio; the highest-scoring projects are a bounded heap; rejected rows
keep only a count and the first few messages. Findings are risks (one per risk, however many
rules revealed it), so every count here counts risks. A project's *score* is its highest finding
score, ties broken by the sum of its finding scores, then by input order (earliest first); it is
shown as « highest / sum » (a finding scores impact × likelihood, out of 25).

Questions are counted per trait, so that a trait asked by several rules counts once per
project; traits the export never carries and (nearly) every row asks are the *scheme
questions* (:mod:`.scheme`), reported once instead of in every row. Every text, importer notes
included, is in the summary's language.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from dataclasses import dataclass, field

from ..diagnosis import Diagnosis
from ..model.vocabulary import Level, label
from ..report.i18n import french_typography
from .evidence import Evidence, EvidenceTally
from .importers import ColumnProblem, Imported, Rejected, Skipped
from .scheme import QuestionTally, SchemeQuestion, SchemeRisk

__all__ = ["PortfolioSummary", "RankedProject", "Tally", "level_label", "note_label", "render_text", "text"]

TOP = 10
REJECTED_KEPT = 20


@dataclass(frozen=True, order=True)
class RankedProject:
    max_score: int
    total_score: int
    index: int  # input position, 0-based
    reference: str
    name: str
    highest_level: Level | None
    findings: int  # risks found


@dataclass(frozen=True)
class PortfolioSummary:
    projects: int
    rejected: int
    by_highest_level: dict[str, int]  # level value or "none" → projects
    findings_by_level: dict[str, int]  # level value → risks found (one finding per risk)
    top_risks: tuple[tuple[str, str, int], ...]  # risk ID, title, projects
    top_questions: tuple[tuple[str, int], ...]  # question (one per trait), projects
    top_projects: tuple[RankedProject, ...]
    notes: tuple[tuple[str, int], ...]  # importer note (as the importer words it), projects
    rejected_examples: tuple[str, ...]
    skipped: tuple[tuple[str, int], ...] = ()  # reason (amendment…) → rows not diagnosed on their own
    column_problems: tuple[str, ...] = ()  # one line per file and field empty on every row
    scheme_questions: tuple[SchemeQuestion, ...] = ()  # asked once, for the whole export
    lang: str = "fr"
    as_of: dt.date | None = None  # the date the portfolio's delays are counted at
    evidence: Evidence | None = None  # what the export itself shows (None: no project)
    scheme_risks: tuple[SchemeRisk, ...] = ()  # rules about the scheme, decided once
    kinds: tuple[str, ...] = ()  # the project kinds present in the portfolio


@dataclass
class Tally:
    """Feed it each (imported project, diagnosis) and each rejected row; read :meth:`result`."""

    top: int = TOP
    lang: str = "fr"
    as_of: dt.date | None = None
    projects: int = 0
    rejected: int = 0
    _highest: Counter[str] = field(default_factory=Counter)
    _findings: Counter[str] = field(default_factory=Counter)
    _risks: Counter[str] = field(default_factory=Counter)
    _risk_titles: dict[str, str] = field(default_factory=dict)
    _questions: QuestionTally = field(default_factory=QuestionTally)
    _evidence: EvidenceTally = field(default_factory=EvidenceTally)
    _kinds: set[str] = field(default_factory=set)
    _notes: Counter[str] = field(default_factory=Counter)
    _heap: list[tuple[int, int, int, RankedProject]] = field(default_factory=list)
    _rejected: list[str] = field(default_factory=list)
    _skipped: Counter[str] = field(default_factory=Counter)
    _column_problems: list[str] = field(default_factory=list)

    def add(self, diagnosis: Diagnosis, imported: Imported | None = None) -> None:
        index = self.projects
        self.projects += 1
        level = diagnosis.summary.highest_level
        self._highest[level.value if level else "none"] += 1
        for finding in diagnosis.findings:
            self._findings[finding.level.value] += 1
        for finding in diagnosis.findings:  # one per risk
            self._risks[finding.risk_id] += 1
            self._risk_titles.setdefault(finding.risk_id, finding.title)
        self._questions.add(diagnosis, imported.project if imported is not None else None)
        if imported is not None:
            self._notes.update(imported.notes)
            self._evidence.add(imported.project, imported.facets)
            self._kinds.update(k.value for k in imported.project.kinds or ())
        scores = [f.score for f in diagnosis.findings]
        if scores:
            ranked = RankedProject(
                max(scores), sum(scores), index, diagnosis.reference or "", diagnosis.project, level, len(scores)
            )
            # min-heap on (max, total, -index): the weakest — lowest, then latest — leaves first
            item = (ranked.max_score, ranked.total_score, -index, ranked)
            if len(self._heap) < self.top:
                heapq.heappush(self._heap, item)
            elif item[:3] > self._heap[0][:3]:
                heapq.heapreplace(self._heap, item)

    def reject(self, rejected: Rejected) -> None:
        self.rejected += 1
        if len(self._rejected) < REJECTED_KEPT:
            self._rejected.append(str(rejected))

    def skip(self, skipped: Skipped) -> None:
        self._skipped[skipped.reason] += 1

    def column_problem(self, problem: ColumnProblem) -> None:
        self._column_problems.append(str(problem))

    def result(self) -> PortfolioSummary:
        def most(counter: Counter[str]) -> list[tuple[str, int]]:
            return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))

        levels = [lv.value for lv in reversed(Level)]
        scheme = self._questions.scheme(self.projects, self.lang)
        return PortfolioSummary(
            projects=self.projects,
            rejected=self.rejected,
            by_highest_level={k: self._highest[k] for k in (*levels, "none")},
            findings_by_level={k: self._findings[k] for k in levels},
            top_risks=tuple((r, self._risk_titles[r], n) for r, n in most(self._risks)[: self.top]),
            top_questions=self._questions.top(scheme, self.lang, self.top),
            top_projects=tuple(i[3] for i in sorted(self._heap, key=lambda i: (-i[0], -i[1], -i[2]))),
            notes=tuple(most(self._notes)),
            rejected_examples=tuple(self._rejected),
            skipped=tuple(most(self._skipped)),
            column_problems=tuple(self._column_problems),
            scheme_questions=scheme,
            lang=self.lang,
            as_of=self.as_of,
            evidence=self._evidence.result() if self._evidence.projects else None,
            kinds=tuple(sorted(self._kinds)),
        )


_TEXTS = {
    "title": ("Portefeuille de projets", "Project portfolio"),
    "projects": ("projets diagnostiqués", "projects diagnosed"),
    "rejected": ("lignes rejetées", "rows rejected"),
    "as_of": ("Délais comptés au {date}", "Delays counted as of {date}"),
    "by_level": ("Projets par niveau le plus élevé", "Projects by highest level"),
    "findings": ("Risques identifiés par niveau", "Risks found by level"),
    "risks": ("Risques les plus fréquents", "Most frequent risks"),
    "questions": ("Questions ouvertes les plus fréquentes", "Most frequent open questions"),
    "scheme": ("Ce que cet export ne dit pas", "What this export does not say"),
    "scheme_intro": (
        "Ces questions portent sur le dispositif : l'export ne renseigne jamais ces informations, et "
        "presque tous les projets les posent. Elles sont posées ici une fois, et retirées des lignes.",
        "These questions are about the scheme: the export never gives this information, and nearly "
        "every project asks it. They are asked here once, and left out of the rows.",
    ),
    "rules": ("Règles qu'elle trancherait", "Rules it would decide"),
    "scheme_risks": ("Risques du dispositif", "Risks of the scheme"),
    "scheme_risks_intro": (
        "Ces règles portent sur le dispositif entier, pas sur un projet : elles sont tranchées une fois, "
        "sur la description du dispositif (--scheme) quand elle est donnée.",
        "These rules are about the whole scheme, not one project: they are decided once, on the "
        "scheme's description (--scheme) when it is given.",
    ),
    "found": ("constaté", "found"),
    "to_check": ("à vérifier", "to check"),
    "verdict": ("Verdict", "Verdict"),
    "top": ("Projets au score le plus élevé", "Highest-scoring projects"),
    "score_note": (
        "Score « max / somme » : le score du constat le plus grave du projet, puis la somme des scores "
        "de ses constats ; un constat vaut impact × probabilité, sur 25.",
        "Score « highest / sum »: the score of the project's most serious finding, then the sum of its "
        "findings' scores; a finding scores impact × likelihood, out of 25.",
    ),
    "notes": ("Défauts des données importées (projets)", "Defects of the imported data (projects)"),
    "none": ("aucun risque", "no risk"),
    "project": ("Projet", "Project"),
    "projects_heading": ("Projets", "Projects"),
    "reference": ("Référence", "Reference"),
    "level": ("Niveau", "Level"),
    "score": ("Score", "Score"),
    "count": ("Nombre", "Count"),
    "risk": ("Risque", "Risk"),
    "question": ("Question", "Question"),
    "open_questions": ("Questions ouvertes", "Open questions"),
    "top_risks": ("Principaux risques", "Top risks"),
    "note": ("Défaut", "Defect"),
    "skipped": ("Lignes non diagnostiquées à part", "Rows not diagnosed on their own"),
    "column_problems": ("Problèmes de colonnes", "Column problems"),
    "reason": ("Motif", "Reason"),
}
# Importer notes are short English keys (stable: tests and scripts read them); shown translated.
_NOTES = {
    "abandoned": ("projet abandonné", "abandoned"),
    "feasibility undecided": ("faisabilité non tranchée", "feasibility undecided"),
    "no budget": ("sans budget", "no budget"),
    "no edition": ("sans édition", "no edition"),
    "no id": ("sans identifiant", "no id"),
    "no lead service": ("sans direction pilote", "no lead service"),
    "no price": ("sans prix", "no price"),
    "no status": ("sans état d'avancement", "no status"),
    "no theme": ("sans thématique", "no theme"),
    "no title": ("sans titre", "no title"),
    "no working-class district flag": ("quartier populaire non renseigné", "no working-class district flag"),
    "unknown state": ("état inconnu", "unknown state"),
    "unknown status": ("état d'avancement inconnu", "unknown status"),
    "unreadable date": ("date illisible", "unreadable date"),
    "withdrawn": ("projet retiré", "withdrawn"),
}


def text(key: str, lang: str) -> str:
    """A summary text in ``lang``, French typography applied."""
    fr, en = _TEXTS[key]
    return en if lang == "en" else french_typography(fr)


def note_label(note: str, lang: str) -> str:
    """An importer note in ``lang`` (a note no table knows is shown as written)."""
    fr, en = _NOTES.get(note, (note, note))
    return en if lang == "en" else fr


def level_label(level: str, lang: str) -> str:
    """A level value (or ``none``) as the report's language says it."""
    return text("none", lang) if level == "none" else label(Level(level), lang)


def render_text(summary: PortfolioSummary, lang: str = "fr") -> str:
    """The summary as plain lines, for the end of a terminal run, all in ``lang``."""

    def t(key: str) -> str:
        return text(key, lang)

    colon = ":" if lang == "en" else "\u00a0:"
    lines = [f"{summary.projects} {t('projects')}, {summary.rejected} {t('rejected')}"]
    if summary.as_of is not None:
        lines.append(t("as_of").format(date=summary.as_of.isoformat()))
    levels = ", ".join(f"{level_label(k, lang)} {n}" for k, n in summary.by_highest_level.items())
    lines.append(f"{t('by_level')}{colon} {levels}")
    findings = ", ".join(f"{level_label(k, lang)} {n}" for k, n in summary.findings_by_level.items())
    lines.append(f"{t('findings')}{colon} {findings}")
    scheme = [
        f"{s.projects:>6}  {s.question} ({t('rules')}{colon} {', '.join(s.rules)})" for s in summary.scheme_questions
    ]
    sections: list[tuple[str, list[str]]] = [
        ("risks", [f"{n:>6}  {title} ({rid})" for rid, title, n in summary.top_risks]),
        (
            "scheme_risks",
            [
                f"{t('found') if r.found else t('to_check'):>10}  {r.title} ({r.rule_id})"
                + ("" if r.found else f"{colon} {' '.join(r.questions)}")
                for r in summary.scheme_risks
            ],
        ),
        ("scheme", scheme),
        ("questions", [f"{n:>6}  {q}" for q, n in summary.top_questions]),
        (
            "top",
            [
                f"{p.max_score:>3}/{p.total_score:<4} "
                f"{level_label(p.highest_level.value, lang) if p.highest_level else '-':<8} {p.reference}  {p.name}"
                for p in summary.top_projects
            ]
            + ([t("score_note")] if summary.top_projects else []),
        ),
        ("notes", [f"{n:>6}  {note_label(note, lang)}" for note, n in summary.notes]),
        ("skipped", [f"{n:>6}  {reason}" for reason, n in summary.skipped]),
        ("column_problems", [f"  {p}" for p in summary.column_problems]),
    ]
    for key, body in sections:
        if body:
            lines += [f"{t(key)}{colon}", *body]
    return "\n".join(lines) + "\n"
