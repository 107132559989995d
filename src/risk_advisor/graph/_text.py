"""Graph → DOT (Graphviz) and Mermaid (renders in GitLab and GitHub Markdown). No networkx."""

from __future__ import annotations

import re

from .model import Graph, NodeType

__all__ = ["dot", "mermaid"]

_SHAPES = {  # DOT shape, Mermaid opening and closing brackets
    NodeType.RISK: ("box", "[", "]"),
    NodeType.REMEDY: ("box", "([", "])"),
    NodeType.STAKEHOLDER: ("ellipse", "((", "))"),
    NodeType.SUCCESS_FACTOR: ("hexagon", "{{", "}}"),
    NodeType.PHASE: ("cds", ">", "]"),
    NodeType.RULE: ("note", "[/", "/]"),
    NodeType.SOURCE: ("plaintext", "[(", ")]"),
}
_COLOURS = {
    NodeType.RISK: "#f4cccc",
    NodeType.REMEDY: "#d9ead3",
    NodeType.STAKEHOLDER: "#cfe2f3",
    NodeType.SUCCESS_FACTOR: "#fce5cd",
    NodeType.PHASE: "#eeeeee",
    NodeType.RULE: "#fff2cc",
    NodeType.SOURCE: "#ffffff",
}


def _flags(attrs: dict[str, object]) -> tuple[bool, bool]:
    """(a role the project description does not list, a remedy of the action plan)."""
    return attrs.get("listed") == 0, attrs.get("in_plan") == 1


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def dot(graph: Graph) -> str:
    lines = [
        f"digraph {_dot_quote(graph.name)} {{",
        "  rankdir=LR;",
        '  node [style=filled, fontname="Helvetica"];',
    ]
    for key, value in graph.attrs:
        lines.append(f"  // {key}: {str(value).replace(chr(10), ' ')}")
    for node in graph.nodes:
        shape = _SHAPES[node.type][0]
        missing, planned = _flags(dict(node.attrs))
        extra = ', color="red", penwidth=2' if missing else ", penwidth=3" if planned else ""
        lines.append(
            f"  {_dot_quote(node.id)} [label={_dot_quote(node.label)}, shape={shape}, "
            f"fillcolor={_dot_quote(_COLOURS[node.type])}, "
            f"type={_dot_quote(node.type.value)}{extra}];"
        )
    for edge in graph.edges:
        lines.append(
            f"  {_dot_quote(edge.source)} -> {_dot_quote(edge.target)} "
            f"[label={_dot_quote(edge.type.value)}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


MERMAID_MAX_EDGES = 500  # Mermaid's default `maxEdges`, a "secure" setting a diagram cannot change
_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_ENTITIES = {ch: f"#{ord(ch)};" for ch in '#"<>&`|'}  # Mermaid's entity codes


def _mermaid_ids(graph: Graph) -> dict[str, str]:
    """Mermaid node IDs: letters, digits and ``_`` only, unique, never a keyword."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for node in graph.nodes:
        base = "n_" + _UNSAFE.sub("_", node.id)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}_{n}"
        taken.add(candidate)
        ids[node.id] = candidate
    return ids


def _mermaid_label(text: str) -> str:
    escaped = "".join(_ENTITIES.get(ch, ch) for ch in " ".join(text.split()))
    return f'"{escaped}"'


def mermaid(graph: Graph) -> str:
    ids = _mermaid_ids(graph)
    lines = []
    if len(graph.edges) > MERMAID_MAX_EDGES:
        lines.append(
            f"%% {len(graph.edges)} edges, above Mermaid's limit of {MERMAID_MAX_EDGES} that GitHub"
            " and GitLab cannot raise: export one project's subgraph (--project) to render there"
        )
    lines.append("flowchart LR")
    for node in graph.nodes:
        _, opening, closing = _SHAPES[node.type]
        lines.append(
            f"  {ids[node.id]}{opening}{_mermaid_label(node.label)}{closing}:::{node.type.value}"
        )
    for edge in graph.edges:
        lines.append(f"  {ids[edge.source]} -->|{edge.type.value}| {ids[edge.target]}")
    for node_type in NodeType:
        lines.append(f"  classDef {node_type.value} fill:{_COLOURS[node_type]},stroke:#666")
    missing = [ids[n.id] for n in graph.nodes if _flags(dict(n.attrs))[0]]
    planned = [ids[n.id] for n in graph.nodes if _flags(dict(n.attrs))[1]]
    if missing:
        lines.append("  classDef missing stroke:#c00,stroke-width:3px")
        lines.append(f"  class {','.join(missing)} missing")
    if planned:
        lines.append("  classDef planned stroke:#000,stroke-width:3px")
        lines.append(f"  class {','.join(planned)} planned")
    return "\n".join(lines) + "\n"
