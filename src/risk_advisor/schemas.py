"""The JSON Schemas of risk-advisor's formats: a project description and a diagnosis.

One place for both, so that ``risk-advisor schema`` and the web API's ``/api/schema`` publish the
same document.
"""

from __future__ import annotations

from typing import Any

from .diagnosis import SCHEMA_VERSION, Diagnosis
from .model.project import Project

__all__ = ["DRAFT", "diagnosis_schema", "project_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def project_schema() -> dict[str, Any]:
    """The JSON Schema of a project description (YAML, JSON or TOML)."""
    return {
        "$schema": DRAFT,
        "$id": "urn:risk-advisor:schema:project",
        **Project.model_json_schema(),
        "title": "risk-advisor project description",
    }


def diagnosis_schema() -> dict[str, Any]:
    """The JSON Schema of a diagnosis, as ``diagnose --format json`` writes it."""
    return {
        "$schema": DRAFT,
        "$id": f"urn:risk-advisor:schema:diagnosis:{SCHEMA_VERSION}",
        **Diagnosis.model_json_schema(),
        "title": f"risk-advisor diagnosis (schema version {SCHEMA_VERSION})",
    }
