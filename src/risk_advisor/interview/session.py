"""The interview: one question at a time over a project file, each answer saved as it comes.

Input and output are two functions (``read`` gives the next line or ``None`` at the end of
input; ``write`` shows a line), so the command line, a test or a script drive it alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogue.loader import load_catalogue
from ..catalogue.model import Catalogue
from ..diagnose import diagnose
from ..diagnosis import Diagnosis
from ..model.project import Project
from ._index import Verdict, risk_status, verdicts_of
from ._messages import say
from .answers import parse_answer, prompt_lines
from .files import ProjectFile
from .questions import Question, rank, worded

__all__ = ["Interview", "report_command", "start"]

Read = Callable[[], "str | None"]
Write = Callable[[str], None]


def report_command(path: Path, lang: str) -> str:
    """The command that writes the full report of ``path``."""
    return f"risk-advisor diagnose {path} --lang {lang} -o {'rapport' if lang == 'fr' else 'report'}.html"


def start(path: Path, read: Read, write: Write, lang: str) -> ProjectFile | None:
    """Open ``path``, or create it after asking the project's name (``None``: input ended first)."""
    if path.exists():
        from ..loading import load_project

        load_project(path, lang=lang)  # a broken file is reported (file:line:column) before anything is asked
        write(say("start.continue", lang, path=path))
        return ProjectFile.open(path)
    ProjectFile.format_of(path, lang)  # an unknown extension is refused before the first question
    write(say("ask.name", lang))
    while True:
        line = read()
        if line is None:
            return None
        name = line.strip()
        if name.lower() in ("q", "quit", "quitter"):
            return None
        if name:
            break
        write(say("ask.name", lang))
    doc = ProjectFile.new(path, name)
    doc.save()
    write(say("start.new", lang, path=path))
    return doc


@dataclass
class Interview:
    """An interview over ``doc``; :meth:`run` asks until nothing left can change the diagnosis."""

    doc: ProjectFile
    lang: str = "fr"
    catalogue: Catalogue | None = None
    skip: set[str] = field(default_factory=set)
    asked: int = 0
    answered: int = 0
    current: Question | None = None  # the question waiting for an answer

    def project(self) -> Project:
        return Project.model_validate(self.doc.plain())

    def run(self, read: Read, write: Write) -> Diagnosis:
        """Ask, save, say what changed; stop on ``q``, end of input or when nothing is left."""
        cat = self.catalogue if self.catalogue is not None else load_catalogue()
        while True:
            project = self.project()
            baseline = verdicts_of(cat, project)
            ranked = rank(cat, project, self.skip, baseline)
            if not ranked:
                write(say("done.all", self.lang))
                break
            question = self.current = worded(ranked[0], self.lang)
            self.asked += 1
            write("")
            write(say("progress", self.lang, n=self.asked, left=len(ranked) - 1))
            write(question.text)
            for hint in prompt_lines(question, self.lang):
                write(hint)
            answer = None
            while answer is None or answer.error:
                if answer is not None and answer.error:
                    write(answer.error)
                typed = read()
                if typed is None:
                    return self._end(cat, write)
                answer = parse_answer(question, typed, self.lang)
            if answer.quit:
                break
            if answer.dont_know:
                self.skip.add(question.trait)
                continue
            self.doc.set(question.trait, answer.value)
            self.doc.save()
            self.answered += 1
            write(self._changes(cat, baseline[1], verdicts_of(cat, self.project())[1]))
        return self._end(cat, write)

    def _changes(self, cat: Catalogue, before: dict[str, Verdict], after: dict[str, Verdict]) -> str:
        """One line: the risks this answer revealed, and those it ruled out."""
        old, new = risk_status(cat, before), risk_status(cat, after)
        found = [r for r in new if new[r] is True and old[r] is not True]
        ruled_out = [r for r in new if new[r] is False and old[r] is not False]
        parts: list[str] = []
        if found:
            titles = "; ".join(cat.risks[r].title.get(self.lang) for r in found)
            parts.append(say("changed.found", self.lang, titles=titles))
        if len(ruled_out) == 1:
            parts.append(say("changed.ruled_out", self.lang, title=cat.risks[ruled_out[0]].title.get(self.lang)))
        elif ruled_out:
            parts.append(say("changed.ruled_out_many", self.lang, count=len(ruled_out)))
        return "→ " + (" · ".join(parts) if parts else say("changed.none", self.lang))

    def _end(self, cat: Catalogue, write: Write) -> Diagnosis:
        from ..report.text import summary_line

        diagnosis = diagnose(self.project(), catalogue=cat, lang=self.lang, engine="python")
        write("")
        write(say("saved", self.lang, path=self.doc.path))
        write(summary_line(diagnosis))
        write(say("done.report", self.lang, command=report_command(self.doc.path, self.lang)))
        return diagnosis

