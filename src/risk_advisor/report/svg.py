"""The report's two pictures as inline SVG: the risk matrix and the project map.

Both are laid out here, deterministically (same diagnosis → same bytes), with no graph
library, no script and nothing fetched: they print and they work offline. Every text placed
in a picture is escaped here, since the HTML template receives the SVG as markup.

* ``risk_matrix``: a 5 × 5 heat map, likelihood across and impact up, each cell coloured by
  the level of its score, each finding placed as a numbered disc (accepted risks hollow).
* ``project_map``: three columns — risks → remedies → stakeholders — with a line from each
  risk to its remedies, from each remedy to its owner, and a dotted line from each risk to the
  stakeholders to involve. Columns are ordered by the barycentre of their neighbours to keep
  crossings few.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import TypeVar

from ..diagnosis import Diagnosis, RemedyRef
from ..model.vocabulary import Level, Role, label
from ._common import numbered
from .i18n import t

__all__ = ["LEVEL_COLOURS", "project_map", "risk_matrix"]

_Key = TypeVar("_Key")  # a remedy ID or a Role

LEVEL_COLOURS = {
    Level.LOW: "#cfe8c8",
    Level.MEDIUM: "#fde9a6",
    Level.HIGH: "#f9c08a",
    Level.CRITICAL: "#ee8f8f",
}
LEVEL_INK = {Level.LOW: "#2e6b27", Level.MEDIUM: "#8a6d00", Level.HIGH: "#a34a00", Level.CRITICAL: "#9b1c1c"}
_FONT = 'font-family="DejaVu Sans, Verdana, Arial, sans-serif"'


def _e(text: str) -> str:
    return escape(text, quote=True)


# --------------------------------------------------------------------------- risk matrix

_CELL = 84
_LEFT = 64
_TOP = 12


def risk_matrix(d: Diagnosis) -> str:
    lang = d.lang
    size = 5 * _CELL
    width, height = _LEFT + size + 12, _TOP + size + 92
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="risk-matrix" class="picture" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {_FONT} font-size="12">',
        f"<title>{_e(t('section.matrix', lang))}</title>",
    ]
    for impact in range(5, 0, -1):
        for likelihood in range(1, 6):
            level = Level.from_score(impact * likelihood)
            x, y = _LEFT + (likelihood - 1) * _CELL, _TOP + (5 - impact) * _CELL
            out.append(
                f'<rect x="{x}" y="{y}" width="{_CELL}" height="{_CELL}" fill="{LEVEL_COLOURS[level]}" '
                f'stroke="#ffffff" stroke-width="2"/>'
                f'<text x="{x + _CELL - 5}" y="{y + 13}" text-anchor="end" fill="{LEVEL_INK[level]}" '
                f'font-size="10">{impact * likelihood}</text>'
            )
    for i in range(1, 6):
        out.append(
            f'<text x="{_LEFT + (i - 0.5) * _CELL:g}" y="{_TOP + size + 16}" text-anchor="middle">{i}</text>'
            f'<text x="{_LEFT - 8}" y="{_TOP + (5.5 - i) * _CELL + 4:g}" text-anchor="end">{i}</text>'
        )
    out.append(
        f'<text x="{_LEFT + size / 2:g}" y="{_TOP + size + 34}" text-anchor="middle" font-weight="bold">'
        f"{_e(t('matrix.likelihood', lang))} →</text>"
        f'<text transform="translate(18 {_TOP + size / 2:g}) rotate(-90)" text-anchor="middle" '
        f'font-weight="bold">{_e(t("matrix.impact", lang))} →</text>'
    )
    out.extend(_markers(d))
    out.extend(_level_legend(lang, _TOP + size + 52, width))
    out.append("</svg>")
    return "\n".join(out)


def _markers(d: Diagnosis) -> list[str]:
    cells: dict[tuple[int, int], list[tuple[str, str, bool]]] = {}
    for number, f in numbered(d):
        accepted = f.acknowledgement is not None and not f.acknowledgement.expired
        cells.setdefault((f.likelihood, f.impact), []).append((number, f.title, accepted))
    out = []
    for (likelihood, impact), items in sorted(cells.items()):
        x0, y0 = _LEFT + (likelihood - 1) * _CELL, _TOP + (5 - impact) * _CELL
        shown = items if len(items) <= 6 else items[:5]
        for k, (number, title, accepted) in enumerate(shown):
            cx, cy = x0 + 16 + (k % 3) * 26, y0 + 30 + (k // 3) * 28
            style = (
                'fill="#ffffff" stroke="#333333" stroke-dasharray="3 2" stroke-width="1.5"'
                if accepted
                else 'fill="#2b2b2b" stroke="#2b2b2b"'
            )
            ink = "#2b2b2b" if accepted else "#ffffff"
            out.append(
                f'<g class="marker"><title>{_e(number)} · {_e(title)}</title>'
                f'<circle cx="{cx}" cy="{cy}" r="12" {style}/>'
                f'<text x="{cx}" y="{cy + 4}" text-anchor="middle" font-size="10" font-weight="bold" '
                f'fill="{ink}">{_e(number)}</text></g>'
            )
        if len(items) > len(shown):
            rest = ", ".join(n for n, _, _ in items[len(shown):])
            out.append(
                f'<text x="{x0 + _CELL / 2:g}" y="{y0 + _CELL - 8}" text-anchor="middle" font-size="10">'
                f"<title>{_e(rest)}</title>+{len(items) - len(shown)}</text>"
            )
    return out


def _level_legend(lang: str, y: int, width: int) -> list[str]:
    out, x = [], _LEFT
    for level in Level:
        out.append(
            f'<rect x="{x}" y="{y}" width="14" height="14" fill="{LEVEL_COLOURS[level]}" stroke="#999999"/>'
            f'<text x="{x + 19}" y="{y + 11}">{_e(label(level, lang))}</text>'
        )
        x += (width - _LEFT) // 4
    return out


# --------------------------------------------------------------------------- project map

_COL_X = (0, 320, 640)
_COL_W = (250, 250, 200)
_LINE_H = 15
_GAP = 12
_HEAD = 34


@dataclass
class _Node:
    key: str
    lines: list[str]
    full: str
    colour: str = "#ffffff"
    stripe: str = "#7a7a7a"
    links: list[float] = field(default_factory=list)
    y: float = 0.0

    @property
    def height(self) -> int:
        return len(self.lines) * _LINE_H + 12


def _wrap(text: str, width_px: int, max_lines: int = 4) -> list[str]:
    chars = max(10, (width_px - 16) // 7)
    lines = textwrap.wrap(text, chars) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: chars - 1].rstrip() + "…"
    return lines


def _order(nodes: Mapping[_Key, _Node]) -> list[_Node]:
    """By the barycentre of the neighbours' positions, first appearance breaking ties."""
    first = {node.key: i for i, node in enumerate(nodes.values())}
    return sorted(nodes.values(), key=lambda n: (sum(n.links) / len(n.links) if n.links else 1.0, first[n.key]))


def _stack(column: list[_Node]) -> int:
    y = _HEAD
    for node in column:
        node.y = y
        y += node.height + _GAP
    return y


def project_map(d: Diagnosis) -> str:
    lang = d.lang
    findings = numbered(d)[: len(d.findings)]  # accepted risks need no action: not mapped
    risks: dict[str, _Node] = {}
    remedies: dict[str, _Node] = {}
    people: dict[Role, _Node] = {}
    refs: dict[str, RemedyRef] = {}
    risk_edges: list[tuple[str, str]] = []
    owner_edges: list[tuple[str, Role]] = []
    involve_edges: list[tuple[str, Role]] = []
    for i, (number, f) in enumerate(findings):
        text = f"{number} · {f.title}"
        risks[f.risk_id] = _Node(f.risk_id, _wrap(text, _COL_W[0]), text, LEVEL_COLOURS[f.level], LEVEL_INK[f.level])
        position = (i + 0.5) / len(findings)
        for r in f.remedies:
            refs.setdefault(r.id, r)
            node = remedies.setdefault(r.id, _Node(r.id, _wrap(r.text, _COL_W[1]), r.text, "#eef3fb", "#3d6fb6"))
            node.links.append(position)
            risk_edges.append((f.risk_id, r.id))
        for s in f.stakeholders:
            people.setdefault(s.role, _Node(s.role.value, _wrap(s.label, _COL_W[2]), s.label, "#f3eefa", "#6b4ba1"))
            people[s.role].links.append(position)
            involve_edges.append((f.risk_id, s.role))
    remedy_column = _order(remedies)
    for i, node in enumerate(remedy_column):
        r = refs[node.key]
        owner = people.setdefault(
            r.owner, _Node(r.owner.value, _wrap(r.owner_label, _COL_W[2]), r.owner_label, "#f3eefa", "#6b4ba1")
        )
        owner.links.append((i + 0.5) / len(remedy_column))
        owner_edges.append((node.key, r.owner))
    columns = [list(risks.values()), remedy_column, _order(people)]
    heights = [_stack(column) for column in columns]
    width, height = _COL_X[2] + _COL_W[2] + 2, max(heights) + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="project-graph" class="picture" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {_FONT} font-size="12">',
        f"<title>{_e(t('section.graph', lang))}</title>",
    ]
    for x, w, key in zip(_COL_X, _COL_W, ("graph.risks", "graph.remedies", "graph.stakeholders"), strict=True):
        out.append(f'<text x="{x + w / 2:g}" y="18" text-anchor="middle" font-weight="bold" '
                   f'font-size="13">{_e(t(key, lang))}</text>')
    if not findings:
        out.append(f'<text x="{width / 2:g}" y="{_HEAD + 20}" text-anchor="middle">{_e(t("graph.empty", lang))}</text>')
    by_key = {**risks, **remedies, **{r.value: n for r, n in people.items()}}

    def edge(a: str, col_a: int, b: str, col_b: int, style: str) -> str:
        na, nb = by_key[a], by_key[b]
        x1, y1 = _COL_X[col_a] + _COL_W[col_a], na.y + na.height / 2
        x2, y2 = _COL_X[col_b], nb.y + nb.height / 2
        return f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}" {style}/>'

    involve = 'stroke="#9b86c4" stroke-width="1" stroke-dasharray="2 3"'
    out.extend(edge(a, 0, b.value, 2, involve) for a, b in involve_edges)
    out.extend(edge(a, 0, b, 1, 'stroke="#5a5a5a" stroke-width="1.3"') for a, b in risk_edges)
    out.extend(edge(a, 1, b.value, 2, 'stroke="#3d6fb6" stroke-width="1.3"') for a, b in owner_edges)
    for x, w, column in zip(_COL_X, _COL_W, columns, strict=True):
        for node in column:
            out.append(_box(node, x, w))
    out.append("</svg>")
    return "\n".join(out)


def _box(node: _Node, x: int, w: int) -> str:
    text = "".join(
        f'<tspan x="{x + 10}" dy="{_LINE_H if i else 0}">{_e(line)}</tspan>' for i, line in enumerate(node.lines)
    )
    return (
        f'<g class="node"><title>{_e(node.full)}</title>'
        f'<rect x="{x}" y="{node.y:g}" width="{w}" height="{node.height}" rx="5" fill="{node.colour}" '
        f'stroke="{node.stripe}"/>'
        f'<rect x="{x}" y="{node.y:g}" width="4" height="{node.height}" fill="{node.stripe}"/>'
        f'<text y="{node.y + 18:g}">{text}</text></g>'
    )
