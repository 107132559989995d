"""The knowledge graph as the project's own values: typed nodes, typed edges, no networkx.

Node IDs are stable and readable (``risk:ID``, ``remedy:ID``, ``role:ROLE``, ``phase:PHASE``,
``rule:ID``, ``factor:ID``, ``source:kind:ref``); nodes and edges are kept sorted so that the
same catalogue always gives the same bytes in every export format. Attribute values are
strings or integers only, the types every export format (GraphML first) can carry.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["Attr", "Edge", "EdgeType", "Graph", "Node", "NodeType"]

Attr = str | int


class NodeType(str, Enum):
    RISK = "risk"
    REMEDY = "remedy"
    STAKEHOLDER = "stakeholder"
    SUCCESS_FACTOR = "success_factor"
    PHASE = "phase"
    RULE = "rule"
    SOURCE = "source"


class EdgeType(str, Enum):
    REVEALS = "reveals"  # rule → risk
    MITIGATED_BY = "mitigated_by"  # risk → remedy (through the rules that reveal the risk)
    OWNED_BY = "owned_by"  # remedy → stakeholder
    CONCERNS = "concerns"  # risk → stakeholder (the rules' stakeholders)
    PREVENTS = "prevents"  # success factor → risk
    LEADS_TO = "leads_to"  # risk → risk
    FROM_SOURCE = "from_source"  # rule, risk, remedy or success factor → source
    IN_PHASE = "in_phase"  # rule or remedy → phase


@dataclass(frozen=True)
class Node:
    id: str
    type: NodeType
    label: str
    attrs: tuple[tuple[str, Attr], ...] = ()  # sorted by name


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    type: EdgeType
    attrs: tuple[tuple[str, Attr], ...] = ()  # sorted by name


@dataclass(frozen=True)
class Graph:
    """A directed graph with at most one edge per (source, target) pair."""

    name: str
    attrs: tuple[tuple[str, Attr], ...]
    nodes: tuple[Node, ...]  # sorted by ID
    edges: tuple[Edge, ...]  # sorted by (source, target)

    def nodes_of(self, node_type: NodeType) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.type == node_type)

    def edges_of(self, edge_type: EdgeType) -> tuple[Edge, ...]:
        return tuple(e for e in self.edges if e.type == edge_type)
