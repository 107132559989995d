"""Safe YAML reading that remembers where every key and value stood.

PyYAML's safe loader, composed node by node so that we can (1) record the line and column of
each key and value, for error messages, (2) refuse duplicate keys, which YAML would silently
let the last one win, and (3) bound the work an input can cause: an alias bomb ("billion
laughs") or an absurd nesting depth is refused instead of eating memory, and (4) refuse
every explicit tag (``!!python/object/apply:os.system``, ``!!binary``, ``!!str``, ``!custom``):
the safe loader would not run a ``!!python`` tag, but this builder composes lists and
mappings itself, so without the check a tagged list would silently become a plain one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

import yaml

from ._located import MAX_DEPTH, Located, Path

__all__ = ["MAX_NODES", "YamlProblem", "load_yaml"]

MAX_NODES = 200_000  # values built, aliases expanded; a billion-laughs file hits it at once

# CSafeLoader does not derive from SafeLoader, though it offers the same methods used here.
# Quoted: yaml.CSafeLoader is missing from a PyYAML built without libyaml.
_AnyLoader: TypeAlias = "yaml.SafeLoader | yaml.CSafeLoader"

try:  # the C composer is ~10× faster; it carries marks all the same
    _Loader: type[_AnyLoader] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass
class YamlProblem(Exception):
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


class _Builder:
    def __init__(self, loader: _AnyLoader, out: Located) -> None:
        self.loader = loader
        self.out = out
        self.visited = 0
        self.seen: set[int] = set()  # the nodes built once; building one again expands an alias
        self.repeated = 0

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.visited += 1
        if id(node) in self.seen:
            self.repeated += 1
        else:
            self.seen.add(id(node))
        if self.visited > MAX_NODES:
            line, col = _mark(node)
            if self.repeated * 2 > self.visited:  # most of it comes from aliases
                raise YamlProblem(
                    f"the document expands to more than {MAX_NODES:,} values through its aliases (an alias bomb?)",
                    line,
                    col,
                    "write the values out instead of repeating anchors (&) and aliases (*)",
                )
            raise YamlProblem(f"the document holds more than {MAX_NODES:,} values", line, col, "split it")
        if depth > MAX_DEPTH:
            line, col = _mark(node)
            raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", line, col)
        self.out.values.setdefault(path, _mark(node))
        self._check_tag(node)
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)  # resolves merge keys (<<)
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, path, depth + 1)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    line, col = _mark(key_node)
                    raise YamlProblem("a key must be a plain word", line, col)
                if key in result:
                    line, col = _mark(key_node)
                    raise YamlProblem(f"key {key!r} appears twice", line, col, "keep only one of them")
                sub = (*path, str(key))
                self.out.keys[sub] = _mark(key_node)
                result[key] = self.build(value_node, sub, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:  # a date that does not exist, a 5,000-digit number
            line, col = _mark(node)
            reason = "the number is far too long" if "integer string conversion" in str(exc) else str(exc)
            text = str(node.value)
            shown = text[:40] + ("…" if len(text) > 40 else "")
            raise YamlProblem(f"`{shown}` cannot be read: {reason}", line, col, "put the value in quotes") from None


    def _check_tag(self, node: yaml.Node) -> None:
        """Refuse a tag written in the file: the tag of each node must be the one YAML infers."""
        if isinstance(node, yaml.MappingNode):
            implied = _MAP
        elif isinstance(node, yaml.SequenceNode):
            implied = _SEQ
        else:
            plain = not getattr(node, "style", None)  # None (Python parser) or "" (libyaml) when plain
            implied = self.loader.resolve(yaml.ScalarNode, node.value, (plain, not plain))  # type: ignore[no-untyped-call]
        if node.tag != implied:
            line, col = _mark(node)
            raise YamlProblem(
                f"YAML tags such as `{_shown_tag(node.tag)}` are not allowed",
                line,
                col,
                "remove the tag and write the plain value (quote it to make it text)",
            )


def load_yaml(text: str) -> Located:
    """Parse one YAML document; raise :class:`YamlProblem` with a position on any failure."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        out = Located(None)
        if node is not None:
            out.data = _Builder(loader, out).build(node, (), 0)
        return out
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise YamlProblem(problem) from None
        raise YamlProblem(f"invalid YAML: {problem}", mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
