"""A project file the interview writes back to, answer by answer, in its own format.

YAML goes through ruamel.yaml's round-trip mode, so that keys, their order and the author's
comments survive; JSON keeps its key order (2-space indent, UTF-8 kept as is); TOML goes through
tomlkit, which also keeps comments and layout. Every save is atomic (a temporary file renamed
over the old one): an interrupted interview never leaves a half-written file.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from ..errors import RiskAdvisorError
from ._messages import say

__all__ = ["FORMATS", "ProjectFile"]

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


class ProjectFile:
    """The document of one project file, editable by trait path and saved atomically."""

    def __init__(self, path: Path, data: MutableMapping[str, Any], fmt: str, newline: str = "\n") -> None:
        self.path = path
        self.data = data
        self.format = fmt
        self.newline = newline  # a file written with CRLF line ends keeps them

    @classmethod
    def format_of(cls, path: Path, lang: str = "en") -> str:
        """The file's format, from its extension."""
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise RiskAdvisorError(say("error.extension", lang, path=path, extensions=", ".join(sorted(FORMATS))))
        return fmt

    @classmethod
    def new(cls, path: Path, name: str) -> ProjectFile:
        """A new document holding only the project's name (not written until :meth:`save`)."""
        fmt = cls.format_of(path)
        data: MutableMapping[str, Any]
        if fmt == "yaml":
            from ruamel.yaml.comments import CommentedMap

            data = CommentedMap()
        elif fmt == "toml":
            import tomlkit

            data = tomlkit.document()
        else:
            data = {}
        data["name"] = name
        return cls(path, data, fmt)

    @classmethod
    def open(cls, path: Path) -> ProjectFile:
        """The document of an existing file (validate it first: this only parses)."""
        fmt = cls.format_of(path)
        text = path.read_bytes().decode("utf-8-sig")  # bytes: read_text would hide CRLF line ends
        if fmt == "yaml":
            data = _yaml().load(text)
        elif fmt == "toml":
            import tomlkit

            data = tomlkit.parse(text)
        else:
            data = json.loads(text)
        if not isinstance(data, MutableMapping):
            raise RiskAdvisorError(f"{path}: a project file is a mapping of traits")
        return cls(path, data, fmt, "\r\n" if "\r\n" in text else "\n")

    def plain(self) -> dict[str, Any]:
        """The document as plain Python data, for validation."""
        if self.format == "toml":
            return dict(self.data.unwrap())  # type: ignore[attr-defined]
        return json.loads(json.dumps(self.data, default=str))  # type: ignore[no-any-return]

    def set(self, trait: str, value: Any) -> None:
        """Set ``trait`` (a dotted path; ``stakeholders`` takes a list of roles) to ``value``."""
        node = self.data
        *blocks, leaf = trait.split(".")
        for block in blocks:
            if block not in node or node[block] is None:
                node[block] = self._mapping()
            node = node[block]
        if trait == "stakeholders":
            value = [self._mapping({"role": role}) for role in value]
        elif isinstance(value, list):
            value = self._sequence(value)
        node[leaf] = value

    def _mapping(self, items: dict[str, Any] | None = None) -> Any:
        if self.format == "yaml":
            from ruamel.yaml.comments import CommentedMap

            out = CommentedMap(items or {})
            if items:
                out.fa.set_flow_style()
            return out
        if self.format == "toml":
            import tomlkit

            table = tomlkit.inline_table() if items else tomlkit.table()
            table.update(items or {})
            return table
        return dict(items or {})

    def _sequence(self, items: list[Any]) -> Any:
        if self.format == "yaml":
            from ruamel.yaml.comments import CommentedSeq

            out = CommentedSeq(items)
            out.fa.set_flow_style()
            return out
        return items

    def text(self) -> str:
        if self.format == "yaml":
            buffer = io.StringIO()
            _yaml().dump(self.data, buffer)
            return buffer.getvalue()
        if self.format == "toml":
            import tomlkit

            return tomlkit.dumps(self.data)
        return json.dumps(self.data, ensure_ascii=False, indent=2) + "\n"

    def save(self) -> None:
        """Write the document atomically (the old file stays whole if anything fails)."""
        data = self.text().replace("\r\n", "\n").replace("\n", self.newline).encode("utf-8")
        target = self.path.resolve()
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.chmod(tmp, target.stat().st_mode & 0o777)
            except FileNotFoundError:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
