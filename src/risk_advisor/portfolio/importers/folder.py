"""A folder of project description files (``.yaml``, ``.yml``, ``.json``, ``.toml``).

Files are read in sorted path order, sub-folders included, one at a time; hidden files and
folders are skipped. A file that does not load is rejected with the loader's problems (file,
line, column, hint); :func:`is_not_a_project` tells apart the files that are no project
description at all (an ``*.expected.json`` beside the cases), which the command line reports
in one line. A sub-folder named like a project file (``x.yaml/``) is reported, and read as a
folder. A project without ``reference`` gets its path relative to the folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ...errors import Problem, ProjectError
from ...loading import FORMATS, load_project
from ...model.project import Project
from .interface import Imported, Record, Rejected

__all__ = ["FolderImporter", "is_not_a_project", "project_files"]


def project_files(root: Path) -> Iterator[Path]:
    """The project files under ``root``, in a stable order, without listing them all at once;
    a sub-folder named like a project file is listed too (and then walked)."""
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        named = [d for d in subdirs if Path(d).suffix.lower() in FORMATS]
        for name in sorted([*files, *named]):
            if not name.startswith(".") and Path(name).suffix.lower() in FORMATS:
                yield Path(directory, name)


def _foreign(problem: Problem) -> bool:
    """A problem saying only that a top-level key is not a project's, or that `name` is missing."""
    path = problem.path
    if path is None or "." in path or "[" in path:
        return False
    return path not in Project.model_fields or (path == "name" and problem.message.startswith("required key"))


def is_not_a_project(rejected: Rejected) -> bool:
    """Whether ``rejected`` is a file of keys and values of which not one is a project's: some
    other document (expected results, a rule file), not a project description with mistakes."""
    return rejected.row is None and bool(rejected.problems) and all(_foreign(p) for p in rejected.problems)


class FolderImporter:
    name = "folder"

    def sniff(self, header: list[str]) -> bool:
        return False  # chosen when the input is a folder

    def read(self, path: Path) -> Iterator[Record]:
        for file in project_files(path):
            if file.is_dir():
                problem = Problem(
                    "a folder named like a project file: its files are read as a sub-folder",
                    file=str(file),
                    hint="rename it if it was meant to be a project file",
                )
                yield Rejected(str(file), None, (problem,))
                continue
            try:
                project = load_project(file)
            except ProjectError as exc:
                yield Rejected(str(file), None, tuple(exc.problems))
                continue
            if project.reference is None:
                project = project.model_copy(update={"reference": file.relative_to(path).as_posix()})
            yield Imported(str(file), None, project)
