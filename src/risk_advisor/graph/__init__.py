"""The knowledge graph: the catalogue as typed nodes and edges, and what it tells a project.

* :func:`plan` adds to a diagnosis its action plan (weighted set cover of the findings by
  remedies), stakeholder matrix and root causes — pure Python, no networkx on that path;
* :func:`catalogue_graph` / :func:`project_graph` give the graph as the project's own types,
  :func:`export` writes it as GraphML, DOT, Mermaid or node-link JSON (networkx, behind
  ``_nx``, is imported for GraphML and JSON only);
* :func:`graph_problems` are the checks the catalogue loader runs.

The graph building and exports load on first use: a diagnosis never pays for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .checks import graph_problems
from .planning import plan, plan_parts

if TYPE_CHECKING:
    from .build import catalogue_graph, project_graph
    from .formats import FORMATS, export
    from .model import Edge, EdgeType, Graph, Node, NodeType

__all__ = [
    "FORMATS",
    "Edge",
    "EdgeType",
    "Graph",
    "Node",
    "NodeType",
    "catalogue_graph",
    "export",
    "graph_problems",
    "plan",
    "plan_parts",
    "project_graph",
]

_LAZY = {
    "catalogue_graph": "build",
    "project_graph": "build",
    "FORMATS": "formats",
    "export": "formats",
    "Edge": "model",
    "EdgeType": "model",
    "Graph": "model",
    "Node": "model",
    "NodeType": "model",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
