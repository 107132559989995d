"""JSON Lines: one project description (the YAML/JSON model, as a JSON object) per line.

Blank lines are skipped; a line that is not JSON, not an object, or not a valid project is
rejected with its line number. A project without ``reference`` gets ``<file name>:<line>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ...errors import Problem, ProjectError
from .interface import Record, Rejected, build_project

__all__ = ["JsonlImporter"]

MAX_LINE_BYTES = 2 * 1024 * 1024  # the limit of one project file (loading.MAX_PROJECT_FILE_BYTES)


class JsonlImporter:
    name = "jsonl"

    def sniff(self, header: list[str]) -> bool:
        return False  # chosen by extension (.jsonl, .ndjson) or --from

    def read(self, path: Path) -> Iterator[Record]:
        source = str(path)
        try:
            stream = path.open("rb")
        except OSError as exc:
            raise ProjectError(
                f"{path}: cannot read the file", [Problem(exc.strerror or str(exc), file=source)]
            ) from None
        with stream:
            number = 0
            while raw := stream.readline(MAX_LINE_BYTES + 1):
                number += 1
                if len(raw) > MAX_LINE_BYTES:
                    while raw and not raw.endswith(b"\n"):  # skip the rest of the line, bounded reads
                        raw = stream.readline(MAX_LINE_BYTES)
                    yield _reject(source, number, f"line longer than {MAX_LINE_BYTES // 2**20} MiB")
                    continue
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError:
                    yield _reject(source, number, "not UTF-8 text", "save the file as UTF-8")
                    continue
                if line.strip():
                    yield _record(line, source, number, path.name)


def _reject(source: str, line: int, message: str, hint: str | None = None) -> Rejected:
    return Rejected(source, line, (Problem(message, file=source, line=line, hint=hint),))


def _record(line: str, source: str, number: int, name: str) -> Record:
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nesting too deep"
        return _reject(source, number, f"invalid JSON: {msg}", "one JSON object per line")
    if not isinstance(data, dict):
        return _reject(source, number, 'expected a JSON object (`{"name": …}`)')
    if "reference" not in data:
        data["reference"] = f"{name}:{number}"
    return build_project(data, source, number, [])
