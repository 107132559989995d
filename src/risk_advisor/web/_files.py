"""What the page's download buttons return: the description, report, register or checklist."""

from __future__ import annotations

import re
import unicodedata

from ..catalogue.model import Catalogue
from ..diagnose import diagnose
from ..model.project import Project
from ..report import render
from ..report.checklist import render_checklist
from ..report.xlsx import render_xlsx
from ._project import project_to_yaml

__all__ = ["DOWNLOADS", "download_body", "filename"]


DOWNLOADS = {
    "description": (".yaml", "application/yaml; charset=utf-8"),
    "report": ("-report.html", "text/html; charset=utf-8"),
    "register-csv": ("-register.csv", "text/csv; charset=utf-8"),
    "register-xlsx": ("-register.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "checklist": ("-checklist.md", "text/markdown; charset=utf-8"),
}


def download_body(kind: str, project: Project, catalogue: Catalogue, engine: str, lang: str) -> bytes:
    """The bytes of download ``kind`` (a key of ``DOWNLOADS``) for ``project``."""
    if kind == "description":
        return project_to_yaml(project).encode("utf-8")
    d = diagnose(project, catalogue=catalogue, engine=engine, lang=lang)
    if kind == "report":
        return render(d, "html").encode("utf-8")
    if kind == "register-csv":
        return render(d, "csv").encode("utf-8")
    if kind == "checklist":
        checklist = render_checklist(d, "markdown")
        assert isinstance(checklist, str)  # markdown is text
        return checklist.encode("utf-8")
    return render_xlsx(d)


def filename(kind: str, project: Project) -> str:
    """The file name offered: the project's name in ASCII letters and digits, and the kind's suffix."""
    ascii_name = unicodedata.normalize("NFKD", project.name).encode("ascii", "ignore").decode().lower()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60]
    return f"{stem or 'project'}{DOWNLOADS[kind][0]}"
