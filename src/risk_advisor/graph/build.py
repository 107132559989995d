"""Catalogue → :class:`Graph`, and one diagnosis → the project's subgraph. Pure Python.

The catalogue graph is built once per catalogue and language and then reused. The project's
subgraph keeps only what the diagnosis found: the rules that fired (findings and acknowledged
risks), their risks, remedies, stakeholders, phases, the success factors that prevent those
risks, and every item's sources; project attributes mark the remedies of the action plan
(``in_plan``), whether the description lists each role of the stakeholder matrix (``listed``)
and each risk's ``status`` (``finding`` or ``acknowledged``).
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from ..catalogue.model import Catalogue, Rule, Source, SuccessFactor
from ..diagnosis import Diagnosis
from ..model.vocabulary import Phase, Role, label
from .model import Attr, Edge, EdgeType, Graph, Node, NodeType

__all__ = ["catalogue_graph", "project_graph"]

_CACHE: dict[tuple[int, str], tuple[weakref.ref[Catalogue], Graph]] = {}


def risk_node(risk_id: str) -> str:
    return f"risk:{risk_id}"


def _source_node(source: Source) -> str:
    return f"source:{source.kind}:{source.ref}"


class _Builder:
    def __init__(self, cat: Catalogue, lang: str) -> None:
        self.cat, self.lang = cat, lang
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str], Edge] = {}

    def node(self, node_id: str, node_type: NodeType, text: str, **attrs: Attr) -> str:
        if node_id not in self.nodes:
            self.nodes[node_id] = Node(node_id, node_type, text, tuple(sorted(attrs.items())))
        return node_id

    def edge(self, source: str, target: str, edge_type: EdgeType, rule: str | None = None) -> None:
        key = (source, target)
        known = self.edges.get(key)
        rules = set(str(dict(known.attrs).get("rules", "")).split()) if known else set()
        if rule:
            rules.add(rule)
        attrs: tuple[tuple[str, Attr], ...] = (("rules", " ".join(sorted(rules))),) if rules else ()
        self.edges[key] = Edge(source, target, edge_type, attrs)

    def sources(self, item: str, sources: Iterable[Source]) -> None:
        for source in sources:
            seed = self.cat.seeds.get(source.ref) if source.kind == "seed" else None
            text = f"{source}: {seed.text.get(self.lang)}" if seed else str(source)
            node = self.node(
                _source_node(source), NodeType.SOURCE, text, kind=source.kind, ref=source.ref
            )
            self.edge(item, node, EdgeType.FROM_SOURCE)

    def phase(self, item: str, phase: Phase) -> None:
        node = self.node(
            f"phase:{phase.value}", NodeType.PHASE, label(phase, self.lang), rank=phase.rank
        )
        self.edge(item, node, EdgeType.IN_PHASE)

    def role(self, role: Role, **attrs: Attr) -> str:
        return self.node(
            f"role:{role.value}",
            NodeType.STAKEHOLDER,
            label(role, self.lang),
            role=role.value,
            **attrs,
        )

    def risk(self, risk_id: str, **attrs: Attr) -> str:
        risk = self.cat.risks[risk_id]
        node = self.node(
            risk_node(risk_id),
            NodeType.RISK,
            risk.title.get(self.lang),
            category=risk.category,
            file=self.cat.origin("risk", risk_id),
            **attrs,
        )
        self.sources(node, risk.sources)
        return node

    def rule(
        self,
        rule: Rule,
        remedy_attrs: dict[str, dict[str, Attr]],
        role_attrs: dict[Role, dict[str, Attr]],
    ) -> None:
        node = self.node(
            f"rule:{rule.id}",
            NodeType.RULE,
            rule.id,
            name=rule.name,
            score=rule.score,
            level=rule.level.value,
            file=self.cat.origin("rule", rule.id),
        )
        self.sources(node, rule.sources)
        for phase in rule.phases:
            self.phase(node, phase)
        risk = risk_node(rule.risk)
        self.edge(node, risk, EdgeType.REVEALS)
        for remedy_id in rule.remedies:
            remedy = self.cat.remedies[remedy_id]
            target = self.node(
                f"remedy:{remedy.id}",
                NodeType.REMEDY,
                remedy.text.get(self.lang),
                effort=remedy.effort.value,
                weight=remedy.effort.weight,
                file=self.cat.origin("remedy", remedy.id),
                **remedy_attrs.get(remedy.id, {}),
            )
            self.sources(target, remedy.sources)
            self.phase(target, remedy.phase)
            self.edge(risk, target, EdgeType.MITIGATED_BY, rule.id)
            self.edge(
                target,
                self.role(remedy.owner, **role_attrs.get(remedy.owner, {})),
                EdgeType.OWNED_BY,
            )
        for role in rule.stakeholders:
            self.edge(risk, self.role(role, **role_attrs.get(role, {})), EdgeType.CONCERNS, rule.id)

    def factor(self, factor: SuccessFactor, prevents: Iterable[str]) -> None:
        """A success factor, its sources, and the risks (of this graph) it prevents."""
        node = self.node(
            f"factor:{factor.id}",
            NodeType.SUCCESS_FACTOR,
            factor.text.get(self.lang),
            file=self.cat.origin("success factor", factor.id),
        )
        self.sources(node, factor.sources)
        for risk_id in prevents:
            self.edge(node, risk_node(risk_id), EdgeType.PREVENTS)

    def graph(self, name: str, **attrs: Attr) -> Graph:
        base: dict[str, Attr] = {"catalogue_version": self.cat.version, "lang": self.lang}
        return Graph(
            name=name,
            attrs=tuple(sorted({**base, **attrs}.items())),
            nodes=tuple(self.nodes[k] for k in sorted(self.nodes)),
            edges=tuple(self.edges[k] for k in sorted(self.edges)),
        )


def catalogue_graph(cat: Catalogue, lang: str = "fr") -> Graph:
    """The whole catalogue as a typed graph (cached: built once per catalogue and language)."""
    key = (id(cat), lang)
    cached = _CACHE.get(key)
    if cached is not None and cached[0]() is cat:
        return cached[1]
    b = _Builder(cat, lang)
    for risk_id in sorted(cat.risks):
        b.risk(risk_id)
    for rule_id in sorted(cat.rules):
        b.rule(cat.rules[rule_id], {}, {})
    for risk in cat.risks.values():
        for target in risk.leads_to:
            b.edge(risk_node(risk.id), risk_node(target), EdgeType.LEADS_TO)
    for factor in cat.success_factors.values():
        b.factor(factor, factor.prevents)
    for remedy_id in sorted(cat.remedies):  # remedies no rule uses (the load checks forbid them)
        remedy = cat.remedies[remedy_id]
        b.node(
            f"remedy:{remedy_id}",
            NodeType.REMEDY,
            remedy.text.get(lang),
            effort=remedy.effort.value,
            weight=remedy.effort.weight,
            file=cat.origin("remedy", remedy_id),
        )
    graph = b.graph("catalogue", title=cat.title.get(lang))
    _CACHE[key] = (weakref.ref(cat, lambda _: _CACHE.pop(key, None)), graph)
    return graph


def project_graph(cat: Catalogue, diagnosis: Diagnosis) -> Graph:
    """The subgraph of what ``diagnosis`` found, with the plan and the missing roles marked."""
    lang = diagnosis.lang
    in_plan = {item.remedy.id for item in diagnosis.action_plan}
    listed = {row.role: row.listed for row in diagnosis.stakeholder_matrix}
    b = _Builder(cat, lang)
    status: dict[str, str] = {}
    for finding in diagnosis.acknowledged:
        status.update(dict.fromkeys(finding.rule_ids, "acknowledged"))
    for finding in diagnosis.findings:
        status.update(dict.fromkeys(finding.rule_ids, "finding"))
    risk_status: dict[str, str] = {}
    for rule_id, state in sorted(status.items()):
        risk_id = cat.rules[rule_id].risk
        if risk_status.get(risk_id) != "finding":
            risk_status[risk_id] = state
    for risk_id in sorted(risk_status):
        b.risk(risk_id, status=risk_status[risk_id])
    remedy_attrs: dict[str, dict[str, Attr]] = {
        rid: {"in_plan": int(rid in in_plan)} for rid in cat.remedies
    }
    # ``listed`` only on the roles of the stakeholder matrix: the diagnosis says nothing of others
    role_attrs: dict[Role, dict[str, Attr]] = {
        role: {"listed": int(v)} for role, v in listed.items()
    }
    for rule_id in sorted(status):
        b.rule(cat.rules[rule_id], remedy_attrs, role_attrs)
    for risk_id in sorted(risk_status):
        for target in cat.risks[risk_id].leads_to:
            if target in risk_status:
                b.edge(risk_node(risk_id), risk_node(target), EdgeType.LEADS_TO)
    for factor_id in sorted(cat.success_factors):
        factor = cat.success_factors[factor_id]
        prevented = sorted(r for r in factor.prevents if r in risk_status)
        if prevented:
            b.factor(factor, prevented)
    return b.graph(f"project:{diagnosis.project}", project=diagnosis.project)
