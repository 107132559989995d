"""risk-advisor: the black-scenario risks of projects co-built by citizens and technical services.

The public surface (pinned by ``tests/test_public_api.py``)::

    import risk_advisor
    diagnosis = risk_advisor.diagnose("project.yaml", lang="en")
    for finding in diagnosis.findings:
        print(finding.level.value, finding.title, [b.trait for b in finding.because])
"""

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
    RootCause,
    StakeholderRow,
)
from .errors import CatalogueError, EngineError, Problem, ProjectError, RiskAdvisorError
from .inference import EngineFallbackWarning
from .loading import load_project
from .model import Level, Phase, Project, ProjectKind, Role
from .portfolio.runner import diagnose_many

__all__ = [
    "ActionItem",
    "Because",
    "Catalogue",
    "CatalogueError",
    "Diagnosis",
    "EngineError",
    "EngineFallbackWarning",
    "Finding",
    "Level",
    "OpenQuestion",
    "Phase",
    "Problem",
    "Project",
    "ProjectError",
    "ProjectKind",
    "RiskAdvisorError",
    "Role",
    "RootCause",
    "StakeholderRow",
    "__version__",
    "diagnose",
    "diagnose_many",
    "load_catalogue",
    "load_project",
]
