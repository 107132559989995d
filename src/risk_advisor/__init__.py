"""risk-advisor: the black-scenario risks of projects co-built by citizens and technical services.

The public surface (pinned by ``tests/test_public_api.py``)::

    import risk_advisor
    diagnosis = risk_advisor.diagnose("project.yaml", lang="en")
    for finding in diagnosis.findings:
        print(finding.level.value, finding.risk_id, [p.rule_id for p in finding.patterns])
"""

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .catalogue.loader import load_catalogue
from .catalogue.model import Catalogue
from .diagnose import diagnose
from .diagnosis import (
    ActionItem,
    Because,
    Diagnosis,
    Finding,
    OpenQuestion,
    Pattern,
    RootCause,
    StakeholderRow,
)
from .errors import CatalogueError, EngineError, Problem, ProjectError, RiskAdvisorError
from .inference import EngineFallbackWarning
from .interview import Question, next_questions
from .loading import load_project
from .model import Level, Phase, Project, ProjectKind, Role

__all__ = [
    "ActionItem",
    "Because",
    "Catalogue",
    "CatalogueError",
    "Comparison",
    "Diagnosis",
    "EngineError",
    "EngineFallbackWarning",
    "Finding",
    "Level",
    "OpenQuestion",
    "Pattern",
    "Phase",
    "Problem",
    "Project",
    "ProjectError",
    "ProjectKind",
    "Question",
    "RiskAdvisorError",
    "Role",
    "RootCause",
    "StakeholderRow",
    "__version__",
    "compare",
    "diagnose",
    "diagnose_many",
    "load_catalogue",
    "load_project",
    "next_questions",
]

if TYPE_CHECKING:
    from .follow_up import Comparison, compare
    from .portfolio.runner import diagnose_many


def __getattr__(name: str) -> Any:
    # Portfolio mode (importers, process pools) loads on first use: a single diagnosis,
    # and the command line's start-up, never pay for it.
    if name == "diagnose_many":
        from .portfolio.runner import diagnose_many

        return diagnose_many
    # Following a project through time (diff) loads on first use too.
    if name in ("compare", "Comparison"):
        from . import follow_up

        return getattr(follow_up, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
