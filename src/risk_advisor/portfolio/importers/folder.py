"""A folder of project description files (``.yaml``, ``.yml``, ``.json``, ``.toml``).

Files are read in sorted path order, sub-folders included, one at a time; hidden files and
folders are skipped. A file that does not load is rejected with the loader's problems (file,
line, column, hint). A project without ``reference`` gets its path relative to the folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ...errors import ProjectError
from ...loading import FORMATS, load_project
from .interface import Imported, Record, Rejected

__all__ = ["FolderImporter", "project_files"]


def project_files(root: Path) -> Iterator[Path]:
    """The project files under ``root``, in a stable order, without listing them all at once."""
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in FORMATS:
                yield Path(directory, name)


class FolderImporter:
    name = "folder"

    def sniff(self, header: list[str]) -> bool:
        return False  # chosen when the input is a folder

    def read(self, path: Path) -> Iterator[Record]:
        for file in project_files(path):
            try:
                project = load_project(file)
            except ProjectError as exc:
                yield Rejected(str(file), None, tuple(exc.problems))
                continue
            if project.reference is None:
                project = project.model_copy(update={"reference": file.relative_to(path).as_posix()})
            yield Imported(str(file), None, project)
