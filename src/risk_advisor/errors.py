"""Every error risk-advisor raises on purpose.

::

    RiskAdvisorError                 the root: catch this one in a planning tool
    ├── ProjectError                 a project description is unreadable or invalid
    ├── CatalogueError               a rule file is unreadable, invalid or inconsistent
    └── EngineError                  an inference engine failed or is unavailable

Each carries a list of :class:`Problem` — what is wrong, where (file, line, column when known)
and how to fix it — so that a command line can print all of them, not only the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "CatalogueError",
    "EngineError",
    "Problem",
    "ProjectError",
    "RiskAdvisorError",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as possible."""

    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    path: str | None = None  # dotted location inside the document, e.g. "governance.lookout"
    hint: str | None = None  # how to fix it
    lang: str = "en"  # the language of message and hint ("fr" or "en")

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.location()
        french = self.lang == "fr"
        at = f" ({'à' if french else 'at'} `{self.path}`)" if self.path else ""
        text = f"{where}: {self.message}{at}"
        if self.hint:
            text += "\n    " + ("conseil\u00a0:" if french else "hint:") + f" {self.hint}"
        return text


@dataclass
class RiskAdvisorError(Exception):
    """Root of risk-advisor's errors; ``problems`` lists every problem found."""

    summary: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary)

    def __str__(self) -> str:
        if not self.problems:
            return self.summary
        return "\n".join([self.summary, *(str(p) for p in self.problems)])


class ProjectError(RiskAdvisorError):
    """A project description could not be read or does not match the project model."""


class CatalogueError(RiskAdvisorError):
    """A rule catalogue could not be loaded: syntax, unknown trait, duplicate ID, cycle…"""


class EngineError(RiskAdvisorError):
    """An inference engine is unavailable or failed while diagnosing."""
