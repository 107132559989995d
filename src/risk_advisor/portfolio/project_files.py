"""Records → one project description file per row: what ``risk-advisor import`` writes.

Each imported project becomes a YAML file an officer can complete (``risk-advisor interview``)
and diagnose again as a folder. The file opens with comments naming the source file and row,
the row's notes, and the source values no trait holds (dates, a period in words, a value the
importer could not read), so nothing read is lost.

Safety: a file this command did not write is never replaced. The folder keeps a manifest,
:data:`MANIFEST`, listing the files written by earlier imports; those may be rewritten, any
other existing file is a conflict, and the whole import is refused (nothing written) unless
``force``. Files are staged in a hidden folder beside them and renamed into place once every
row has been read, so an interrupted import leaves the folder as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem, ProjectError
from .importers import ColumnProblem, Imported, Record, Rejected, Skipped

__all__ = ["MANIFEST", "ImportSummary", "file_text", "write_project_files"]

MANIFEST = ".risk-advisor-import.json"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass
class ImportSummary:
    """What an import did: files written, rows rejected or skipped, column problems."""

    written: list[str] = field(default_factory=list)  # file names, in row order
    rejected: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    column_problems: list[str] = field(default_factory=list)


class _Dumper(yaml.SafeDumper):
    """Safe YAML with multi-line texts as literal blocks, readable and editable by hand."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not _CONTROL.search(value.replace("\n", "")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _comment(text: str) -> str:
    """One safe comment line: no line break or control character can end the comment."""
    return _CONTROL.sub(" ", text)


def file_text(imported: Imported) -> str:
    """The YAML description of one imported row, its provenance and notes as comments."""
    where = f"row {imported.row}" if imported.row is not None else "whole file"
    lines = [f"# Imported by risk-advisor import from {imported.source}, {where}."]
    if imported.notes:
        lines.append("# Notes: " + "; ".join(imported.notes))
    if imported.details:
        lines.append("# Source values no trait holds (kept as read):")
        lines += [f"#   {column}: {value}" for column, value in imported.details]
    lines.append("# Complete it (risk-advisor interview), then diagnose the folder again.")
    data: dict[str, Any] = imported.project.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(_comment(line) for line in lines) + "\n" + body


def _name(imported: Imported, taken: set[str]) -> str:
    base = imported.project.reference or f"row-{imported.row}"
    folded = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    folded = re.sub(r"\.(ya?ml|json|toml)$", "", folded, flags=re.IGNORECASE)  # a folder's file reference
    stem = _UNSAFE.sub("-", folded).strip("-.")[:80] or f"row-{imported.row}"
    name, n = f"{stem}.yaml", 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}.yaml"
    taken.add(name.lower())
    return name


def _manifest(folder: Path) -> set[str]:
    path = folder / MANIFEST
    if not path.exists():
        return set()
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
        return {str(f) for f in files if isinstance(f, str)}
    except (OSError, ValueError, KeyError, TypeError):
        raise ProjectError(
            f"{path}: unreadable import manifest",
            [Problem("the manifest of earlier imports is damaged", file=str(path), hint="remove it and use --force")],
        ) from None


def _prepare(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise ProjectError(
            f"{folder}: not a folder",
            [Problem("the output of import is a folder", file=str(folder), hint="give a folder, e.g. -o projects/")],
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        problem = Problem(exc.strerror or str(exc), file=str(folder))
        raise ProjectError(f"{folder}: cannot create the folder", [problem]) from None


def write_project_files(
    records: Iterable[Record],
    folder: Path,
    *,
    force: bool = False,
    on_reject: Callable[[Rejected], None] | None = None,
    on_column_problem: Callable[[ColumnProblem], None] | None = None,
) -> ImportSummary:
    """Write one ``.yaml`` project description per imported record into ``folder``.

    Raises :class:`ProjectError` — before anything is written — when ``folder`` is not a
    folder, or when a file to write exists and was not written by an earlier import (listed in
    :data:`MANIFEST`) unless ``force``.
    """
    _prepare(folder)
    ours = _manifest(folder)
    summary = ImportSummary()
    taken: set[str] = set()
    staging = Path(tempfile.mkdtemp(prefix=".risk-advisor-import-", dir=folder))
    try:
        for record in records:
            if isinstance(record, Imported):
                name = _name(record, taken)
                (staging / name).write_text(file_text(record), encoding="utf-8")
                summary.written.append(name)
            elif isinstance(record, Rejected):
                summary.rejected += 1
                if on_reject is not None:
                    on_reject(record)
            elif isinstance(record, Skipped):
                summary.skipped[record.reason] += 1
            else:
                summary.column_problems.append(str(record))
                if on_column_problem is not None:
                    on_column_problem(record)
        conflicts = [n for n in summary.written if (folder / n).exists() or (folder / n).is_symlink()]
        conflicts = [n for n in conflicts if n not in ours or not (folder / n).is_file()]
        if conflicts and not force:
            shown = ", ".join(conflicts[:5]) + ("…" if len(conflicts) > 5 else "")
            raise ProjectError(
                f"{folder}: {len(conflicts)} file(s) exist that import did not write: {shown}",
                [Problem("nothing was written", file=str(folder),
                         hint="choose an empty folder, or --force to replace them")],
            )
        for name in summary.written:
            os.replace(staging / name, folder / name)
        manifest = {"written_by": "risk-advisor import", "files": sorted(ours | set(summary.written))}
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(staging / MANIFEST, folder / MANIFEST)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return summary
