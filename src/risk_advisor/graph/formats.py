"""One entry for every export format of a :class:`Graph`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Graph

__all__ = ["FORMATS", "export"]

FORMATS = ("graphml", "dot", "mermaid", "json")


def export(graph: Graph, fmt: str) -> str:
    """``graph`` as GraphML (Gephi, yEd), DOT (Graphviz), Mermaid or node-link JSON."""
    if fmt == "dot":
        from ._text import dot

        return dot(graph)
    if fmt == "mermaid":
        from ._text import mermaid

        return mermaid(graph)
    if fmt == "graphml":
        from ._nx import graphml

        return graphml(graph)
    if fmt == "json":
        from ._nx import node_link_json

        return node_link_json(graph)
    raise ValueError(f"unknown graph format {fmt!r}: choose one of {', '.join(FORMATS)}")
