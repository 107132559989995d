"""The one module that imports networkx: :class:`Graph` → ``networkx.DiGraph``, GraphML, JSON.

Importing networkx costs 0.15–0.2 s, so nothing on the diagnosis path imports this module;
only the exports (and the ``risk-advisor graph`` command) do.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from .model import Graph

__all__ = ["graphml", "node_link_json", "to_networkx"]


def to_networkx(graph: Graph) -> Any:
    """A ``networkx.DiGraph`` with ``type`` and ``label`` on every node, ``type`` on every edge."""
    g: nx.DiGraph[str] = nx.DiGraph(name=graph.name, **dict(graph.attrs))
    for node in graph.nodes:  # inserted in ID order: networkx keeps insertion order
        g.add_node(node.id, type=node.type.value, label=node.label, **dict(node.attrs))
    for edge in graph.edges:
        g.add_edge(edge.source, edge.target, type=edge.type.value, **dict(edge.attrs))
    return g


def graphml(graph: Graph) -> str:
    """GraphML for Gephi and yEd; ``networkx.read_graphml`` reads it back, types intact."""
    return (
        "\n".join(nx.generate_graphml(to_networkx(graph), encoding="utf-8", prettyprint=True))
        + "\n"
    )


def node_link_json(graph: Graph) -> str:
    data = nx.node_link_data(to_networkx(graph), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
