"""The catalogue graph, a project's subgraph, their exports, and the graph load checks."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import risk_advisor
from risk_advisor import Catalogue, CatalogueError, Phase, diagnose, load_catalogue
from risk_advisor.cli.main import _register, cli
from risk_advisor.graph import (
    EdgeType,
    Graph,
    Node,
    NodeType,
    catalogue_graph,
    export,
    graph_problems,
    project_graph,
)
from risk_advisor.model.vocabulary import label

from .conftest import SMALL_RULES

ROOT = Path(__file__).parents[1]
BLACK_CASE = ROOT / "cases" / "portail-familles-noir.yaml"
PREFIX = {
    NodeType.RISK: "risk:",
    NodeType.REMEDY: "remedy:",
    NodeType.STAKEHOLDER: "role:",
    NodeType.SUCCESS_FACTOR: "factor:",
    NodeType.PHASE: "phase:",
    NodeType.RULE: "rule:",
    NodeType.SOURCE: "source:",
}


@pytest.fixture(scope="module")
def builtin() -> Catalogue:
    return load_catalogue()


def run(*args: str) -> str:
    _register()
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


class TestCatalogueGraph:
    def test_every_node_and_edge_type_appears_with_stable_ids(self, builtin: Catalogue) -> None:
        g = catalogue_graph(builtin)
        assert {n.type for n in g.nodes} == set(NodeType)
        assert {e.type for e in g.edges} == set(EdgeType)
        assert all(n.id.startswith(PREFIX[n.type]) for n in g.nodes)
        assert [n.id for n in g.nodes] == sorted(n.id for n in g.nodes)
        assert len(g.nodes_of(NodeType.RULE)) == len(builtin.rules)
        assert len(g.nodes_of(NodeType.RISK)) == len(builtin.risks)

    def test_edges_join_the_right_types(self, builtin: Catalogue) -> None:
        g = catalogue_graph(builtin)
        kind = {n.id: n.type for n in g.nodes}
        expected = {
            EdgeType.REVEALS: ({NodeType.RULE}, {NodeType.RISK}),
            EdgeType.MITIGATED_BY: ({NodeType.RISK}, {NodeType.REMEDY}),
            EdgeType.OWNED_BY: ({NodeType.REMEDY}, {NodeType.STAKEHOLDER}),
            EdgeType.CONCERNS: ({NodeType.RISK}, {NodeType.STAKEHOLDER}),
            EdgeType.PREVENTS: ({NodeType.SUCCESS_FACTOR}, {NodeType.RISK}),
            EdgeType.LEADS_TO: ({NodeType.RISK}, {NodeType.RISK}),
            EdgeType.IN_PHASE: ({NodeType.RULE, NodeType.REMEDY}, {NodeType.PHASE}),
            EdgeType.FROM_SOURCE: (
                {NodeType.RULE, NodeType.RISK, NodeType.REMEDY, NodeType.SUCCESS_FACTOR},
                {NodeType.SOURCE},
            ),
        }
        for e in g.edges:
            sources, targets = expected[e.type]
            assert kind[e.source] in sources and kind[e.target] in targets, e

    def test_attributes_are_strings_or_integers_only(self, builtin: Catalogue) -> None:
        g = catalogue_graph(builtin)
        for item in (*g.nodes, *g.edges, g):
            assert all(isinstance(v, str | int) for _, v in item.attrs)

    def test_built_once_per_catalogue_and_language(self, builtin: Catalogue) -> None:
        assert catalogue_graph(builtin) is catalogue_graph(builtin)
        assert catalogue_graph(builtin, "en") is not catalogue_graph(builtin)


class TestProjectSubgraph:
    def test_is_a_subgraph_of_the_catalogue_graph(self, builtin: Catalogue) -> None:
        d = diagnose(BLACK_CASE, catalogue=builtin, engine="python")
        sub, whole = project_graph(builtin, d), catalogue_graph(builtin)
        assert {n.id for n in sub.nodes} <= {n.id for n in whole.nodes}
        assert {(e.source, e.target, e.type) for e in sub.edges} <= {
            (e.source, e.target, e.type) for e in whole.edges
        }
        risks = {n.id for n in sub.nodes_of(NodeType.RISK)}
        assert risks == {f"risk:{f.risk_id}" for f in (*d.findings, *d.acknowledged)}

    def test_marks_the_plan_and_the_missing_roles(self, builtin: Catalogue) -> None:
        d = diagnose(BLACK_CASE, catalogue=builtin, engine="python")
        sub = project_graph(builtin, d)
        planned = {n.id for n in sub.nodes_of(NodeType.REMEDY) if dict(n.attrs)["in_plan"] == 1}
        assert planned == {f"remedy:{a.remedy.id}" for a in d.action_plan}
        missing = {
            n.id for n in sub.nodes_of(NodeType.STAKEHOLDER) if dict(n.attrs).get("listed") == 0
        }
        assert missing == {f"role:{r.role.value}" for r in d.stakeholder_matrix if not r.listed}


class TestExports:
    def test_graphml_reads_back_with_node_and_edge_types_intact(
        self, builtin: Catalogue, tmp_path: Path
    ) -> None:
        out = tmp_path / "catalogue.graphml"
        run("graph", "--format", "graphml", "--output", str(out))
        read = nx.read_graphml(out)
        g = catalogue_graph(builtin)
        assert {n: d["type"] for n, d in read.nodes(data=True)} == {
            n.id: n.type.value for n in g.nodes
        }
        assert {(s, t): d["type"] for s, t, d in read.edges(data=True)} == {
            (e.source, e.target): e.type.value for e in g.edges
        }
        assert read.nodes["remedy:appoint-technical-lookout"]["weight"] in (1, 2, 3)

    def test_project_graphml_reads_back(self, tmp_path: Path) -> None:
        out = tmp_path / "project.graphml"
        run(
            "graph",
            "--project",
            str(BLACK_CASE),
            "--engine",
            "python",
            "--format",
            "graphml",
            "--output",
            str(out),
        )
        read = nx.read_graphml(out)
        assert {d["type"] for _, d in read.nodes(data=True)} >= {
            "risk",
            "remedy",
            "stakeholder",
            "rule",
        }
        assert any(d.get("listed") == 0 for _, d in read.nodes(data=True))

    # The same bytes whatever the hash seed: tests/test_determinism_reports.py.

    def test_node_link_json_round_trips(self, builtin: Catalogue) -> None:
        data = json.loads(run("graph", "--format", "json", "--lang", "en"))
        g = nx.node_link_graph(data, edges="edges")
        assert g.number_of_nodes() == len(catalogue_graph(builtin).nodes)
        assert g.nodes["phase:design"] == {
            "type": "phase",
            "label": label(Phase.DESIGN, "en"),
            "rank": 2,
        }

    def test_dot_quotes_every_id_and_label(self, small_catalogue: Catalogue) -> None:
        text = export(catalogue_graph(small_catalogue, "en"), "dot")
        assert text.startswith('digraph "catalogue" {')
        assert '"rule:T-LOOKOUT" -> "risk:no-lookout" [label="reveals"];' in text

    def test_mermaid_ids_are_sanitised_and_labels_escaped(self) -> None:
        hostile = Graph(
            name="t",
            attrs=(),
            nodes=(
                Node("risk:a-b", NodeType.RISK, 'say "end" <b>#1 | `x` & y\nz'),
                Node("risk:a_b", NodeType.RISK, "clash"),
            ),
            edges=(),
        )
        text = export(hostile, "mermaid")
        ids = re.findall(r"^  (\w+)\[", text, flags=re.M)
        assert ids == ["n_risk_a_b", "n_risk_a_b_2"]
        assert (
            'n_risk_a_b["say #34;end#34; #60;b#62;#35;1 #124; #96;x#96; #38; y z"]:::risk' in text
        )

    def test_mermaid_of_the_small_catalogue(self, small_catalogue: Catalogue) -> None:
        text = export(catalogue_graph(small_catalogue, "en"), "mermaid")
        assert text.splitlines()[0] == "flowchart LR"
        assert "  n_rule_T_LOOKOUT -->|reveals| n_risk_no_lookout" in text.splitlines()

    @pytest.mark.parametrize("path", sorted((ROOT / "cases").glob("*.yaml")), ids=lambda p: p.stem)
    def test_every_case_subgraph_fits_mermaid_edge_limit(
        self, builtin: Catalogue, path: Path
    ) -> None:
        d = diagnose(path, catalogue=builtin, engine="python")
        text = export(project_graph(builtin, d), "mermaid")
        assert text.startswith("flowchart LR")  # no over-the-limit warning
        assert text.count(" -->|") <= 500

    def test_the_whole_catalogue_in_mermaid_warns_of_the_edge_limit(
        self, builtin: Catalogue
    ) -> None:
        assert export(catalogue_graph(builtin), "mermaid").startswith("%% ")

    def test_an_unknown_format_is_refused(self, small_catalogue: Catalogue) -> None:
        with pytest.raises(ValueError, match="unknown graph format"):
            export(catalogue_graph(small_catalogue), "png")


def folder_with(tmp_path: Path, extra: str) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(SMALL_RULES, target)
    (target / "extra.yaml").write_text(textwrap.dedent(extra), encoding="utf-8")
    return target


class TestGraphChecks:
    def test_shipped_and_small_catalogues_pass(
        self, builtin: Catalogue, small_catalogue: Catalogue
    ) -> None:
        assert graph_problems(builtin) == [] and graph_problems(small_catalogue) == []

    def test_a_risk_without_remedy_is_a_load_error_naming_its_file(self, tmp_path: Path) -> None:
        folder = folder_with(
            tmp_path,
            """\
            risks:
              - id: unanswered
                title: {fr: Sans réponse, en: Unanswered}
                scenario: {fr: Rien, en: Nothing}
                category: governance
                sources: ["seed:PORTAIL-N1"]
            """,
        )
        with pytest.raises(CatalogueError) as caught:
            load_catalogue(folder, builtin=False)
        [problem] = caught.value.problems
        assert problem.file == str(folder / "extra.yaml") and problem.line == 2
        assert "risk:unanswered has no remedy" in problem.message

    def test_an_orphan_remedy_is_a_load_error(self, tmp_path: Path) -> None:
        folder = folder_with(
            tmp_path,
            """\
            remedies:
              - id: unused
                text: {fr: Inutile, en: Unused}
                owner: project_lead
                phase: idea
                effort: low
                sources: ["seed:PORTAIL-N1"]
            """,
        )
        with pytest.raises(CatalogueError) as caught:
            load_catalogue(folder, builtin=False)
        assert [p.message for p in caught.value.problems] == [
            "remedy:unused is an orphan: no rule lists it among its remedies"
        ]
        assert caught.value.problems[0].file == str(folder / "extra.yaml")


def test_only_one_module_imports_networkx() -> None:
    package = Path(risk_advisor.__file__).parent
    importers = sorted(
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if re.search(r"^\s*(import|from) networkx", p.read_text(encoding="utf-8"), flags=re.M)
    )
    assert importers == ["graph/_nx.py"]
