"""The portfolio at a glance, tallied as diagnoses stream past, in constant memory.

Counters are keyed by catalogue items (risks, questions) and importer notes, whose numbers do
not grow with the portfolio; the highest-scoring projects are a bounded heap; rejected rows
keep only a count and the first few messages. Findings are risks (one per risk, however many
rules revealed it), so every count here counts risks. A project's *score* is its highest finding
score, ties broken by the sum of its finding scores, then by input order (earliest first).
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field

from ..diagnosis import Diagnosis
from ..model.vocabulary import Level
from .importers import ColumnProblem, Imported, Rejected, Skipped

__all__ = ["PortfolioSummary", "RankedProject", "Tally", "render_text", "text"]

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
    top_questions: tuple[tuple[str, int], ...]  # question, projects
    top_projects: tuple[RankedProject, ...]
    notes: tuple[tuple[str, int], ...]  # importer note, projects
    rejected_examples: tuple[str, ...]
    skipped: tuple[tuple[str, int], ...] = ()  # reason (amendment…) → rows not diagnosed on their own
    column_problems: tuple[str, ...] = ()  # one line per file and field empty on every row


@dataclass
class Tally:
    """Feed it each (imported project, diagnosis) and each rejected row; read :meth:`result`."""

    top: int = TOP
    projects: int = 0
    rejected: int = 0
    _highest: Counter[str] = field(default_factory=Counter)
    _findings: Counter[str] = field(default_factory=Counter)
    _risks: Counter[str] = field(default_factory=Counter)
    _risk_titles: dict[str, str] = field(default_factory=dict)
    _questions: Counter[str] = field(default_factory=Counter)
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
        for question in dict.fromkeys(q.question for q in diagnosis.open_questions):
            self._questions[question] += 1
        if imported is not None:
            self._notes.update(imported.notes)
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
        return PortfolioSummary(
            projects=self.projects,
            rejected=self.rejected,
            by_highest_level={k: self._highest[k] for k in (*levels, "none")},
            findings_by_level={k: self._findings[k] for k in levels},
            top_risks=tuple((r, self._risk_titles[r], n) for r, n in most(self._risks)[: self.top]),
            top_questions=tuple(most(self._questions)[: self.top]),
            top_projects=tuple(i[3] for i in sorted(self._heap, key=lambda i: (-i[0], -i[1], -i[2]))),
            notes=tuple(most(self._notes)),
            rejected_examples=tuple(self._rejected),
            skipped=tuple(most(self._skipped)),
            column_problems=tuple(self._column_problems),
        )


_TEXTS = {
    "title": ("Portefeuille de projets", "Project portfolio"),
    "projects": ("projets diagnostiqués", "projects diagnosed"),
    "rejected": ("lignes rejetées", "rows rejected"),
    "by_level": ("Projets par niveau le plus élevé", "Projects by highest level"),
    "findings": ("Risques identifiés par niveau", "Risks found by level"),
    "risks": ("Risques les plus fréquents", "Most frequent risks"),
    "questions": ("Questions ouvertes les plus fréquentes", "Most frequent open questions"),
    "top": ("Projets au score le plus élevé", "Highest-scoring projects"),
    "notes": ("Défauts des données importées (projets)", "Defects of the imported data (projects)"),
    "none": ("aucun risque", "no risk"),
    "project": ("Projet", "Project"),
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


def text(key: str, lang: str) -> str:
    fr, en = _TEXTS[key]
    return en if lang == "en" else fr


def render_text(summary: PortfolioSummary, lang: str = "fr") -> str:
    """The summary as plain lines, for the end of a terminal run."""

    def t(key: str) -> str:
        return text(key, lang)

    lines = [f"{summary.projects} {t('projects')}, {summary.rejected} {t('rejected')}"]
    levels = ", ".join(f"{k if k != 'none' else t('none')} {n}" for k, n in summary.by_highest_level.items())
    lines.append(f"{t('by_level')}: {levels}")
    lines.append(f"{t('findings')}: " + ", ".join(f"{k} {n}" for k, n in summary.findings_by_level.items()))
    sections: list[tuple[str, list[str]]] = [
        ("risks", [f"{n:>6}  {title} ({rid})" for rid, title, n in summary.top_risks]),
        ("questions", [f"{n:>6}  {q}" for q, n in summary.top_questions]),
        (
            "top",
            [
                f"{p.max_score:>3}/{p.total_score:<4} {p.highest_level.value if p.highest_level else '-':<8} "
                f"{p.reference}  {p.name}"
                for p in summary.top_projects
            ],
        ),
        ("notes", [f"{n:>6}  {note}" for note, n in summary.notes]),
        ("skipped", [f"{n:>6}  {reason}" for reason, n in summary.skipped]),
        ("column_problems", [f"  {p}" for p in summary.column_problems]),
    ]
    for key, body in sections:
        if body:
            lines += [f"{t(key)}:", *body]
    return "\n".join(lines) + "\n"
