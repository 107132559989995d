"""Text, Markdown, HTML and the SVG pictures: content and escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from risk_advisor.report import render
from risk_advisor.report.markdown import md
from risk_advisor.report.svg import project_map, risk_matrix

from .report_cases import CASES, diagnosis

EVIL = "<script>alert(1)</script>"


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Collect:
    parser = _Collect()
    parser.feed(html)
    return parser


# Determinism (the same bytes whatever the hash seed): tests/test_determinism_reports.py.


class TestText:
    def test_groups_by_level_most_severe_first_then_questions_then_summary(self) -> None:
        out = render(diagnosis("black", "en"), "text")
        assert out.index("CRITICAL (2)") < out.index("MEDIUM (1)") < out.index("Accepted risks")
        assert out.rstrip("\n").splitlines()[-1].startswith("3 risk(s) found, 0 open question(s), 1 accepted")

    def test_each_finding_says_why_what_to_do_and_who(self) -> None:
        out = render(diagnosis("black", "en"), "text")
        block = out[out.index("[no-lookout]"): out.index("MEDIUM")]
        assert "Rule T-LOOKOUT (score 16), because:" in block
        assert "To accept it, name it under acknowledged_risks: no-lookout" in block
        assert "Does the project team include a technical and regulatory lookout? → no" in block
        assert "The project lead appoints a lookout. (project lead, feasibility phase, low effort)" in block
        assert "Stakeholders to involve: technical services" in block

    def test_open_questions_come_before_the_summary(self) -> None:
        out = render(diagnosis("grey", "fr"), "text")
        assert out.index("Questions ouvertes") < out.index("question(s) ouverte(s)")

    def test_colour_only_when_asked(self) -> None:
        d = diagnosis("black")
        assert "\x1b[" not in render(d, "text")
        assert "\x1b[" in render(d, "text", color=True)

    def test_accepted_risk_shows_justification_owner_and_review_date(self) -> None:
        out = render(diagnosis("black", "fr"), "text")
        assert "accepté par =1+1 DGS, à réexaminer le 30/06/2026\u00a0: @SUM(A1) Équipe mixte" in out

    def test_lapsed_acknowledgement_is_a_finding_again_and_said_so(self) -> None:
        out = render(diagnosis("black", "en"), "text")
        assert "Acceptance lapsed on 2024-12-31 (owner: +Mme Dupont): this risk must be treated again" in out
        assert "1 risk acceptance(s) past their review date" in out


class TestMarkdown:
    def test_user_text_cannot_inject_html_or_markdown(self) -> None:
        out = render(diagnosis("black"), "markdown")
        assert EVIL not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
        assert "<b>" not in out

    def test_has_the_sections_and_a_mermaid_graph(self) -> None:
        out = render(diagnosis("black", "en"), "markdown")
        for heading in ("## Summary", "## Risk matrix", "## Project map", "## Risks found", "## Accepted risks",
                        "## Action plan", "## Stakeholder matrix", "## Open questions"):
            assert heading in out
        graph = out[out.index("```mermaid"):]
        assert graph.startswith("```mermaid\nflowchart LR\n")
        assert re.search(r'^  R1\["R1 · Missing the target"\]$', graph, re.M)
        assert "  R1 --> A1" in graph and "-.->" in graph

    @pytest.mark.parametrize(
        ("raw", "shown"),
        [("# title", "\\# title"), ("- item", "\\- item"), ("1. one", "1\\. one"), ("a|b", "a\\|b"),
         ("*x*", "\\*x\\*"), ("a <b> & c", "a &lt;b&gt; &amp; c"), ("two\nlines", "two lines")],
    )
    def test_md_escapes_literal_text(self, raw: str, shown: str) -> None:
        assert md(raw) == shown


class TestHtml:
    def test_the_project_name_is_text_not_markup(self) -> None:
        out = render(diagnosis("black"), "html")
        parsed = _parse(out)
        assert "script" not in parsed.tags
        assert any(EVIL in chunk for chunk in parsed.text)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
        assert "&lt;b&gt;déjà&lt;/b&gt;" in out

    def test_is_self_contained_and_forbids_scripts(self) -> None:
        out = render(diagnosis("black"), "html")
        assert "default-src 'none'" in out
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", out)
        assert "<link" not in out and "@import" not in out

    def test_has_every_section_in_order(self) -> None:
        out = render(diagnosis("black", "en"), "html")
        ids = ["summary", "matrix", "graph", "findings", "acknowledged", "plan", "stakeholders", "questions"]
        positions = [out.index(f'<section id="{i}">') for i in ids]
        assert positions == sorted(positions)

    def test_carries_both_pictures_inline(self) -> None:
        out = render(diagnosis("black"), "html")
        assert out.count('<svg xmlns="http://www.w3.org/2000/svg" id="risk-matrix"') == 1
        assert out.count('<svg xmlns="http://www.w3.org/2000/svg" id="project-graph"') == 1

    def test_has_print_styles(self) -> None:
        assert "@media print" in render(diagnosis("black"), "html")

    def test_lapsed_and_accepted_risks(self) -> None:
        out = render(diagnosis("black", "en"), "html")
        assert "1 risk acceptance(s) past their review date" in out
        accepted = out[out.index('<section id="acknowledged">'):out.index('<section id="plan">')]
        assert "Technocratic approach" in accepted and "=1+1 DGS" in accepted and "2026-06-30" in accepted

    def test_a_project_without_findings_still_renders(self) -> None:
        d = diagnosis({"name": "Rien", "origin": "services", "governance": {"project_lead_technical": False},
                       "consultation": {"needs_defined_with_all_actors": True}})
        assert d.summary.findings == 0
        out = render(d, "html")
        assert "Aucun risque identifié." in out and "Aucun risque à cartographier." in out


class TestPictures:
    def test_matrix_has_25_cells_and_one_marker_per_risk(self) -> None:
        d = diagnosis("black")
        svg = risk_matrix(d)
        assert svg.count("<rect ") == 25 + 4  # the cells, then the legend
        assert svg.count('<g class="marker">') == len(d.findings) + len(d.acknowledged)
        assert 'stroke-dasharray="3 2"' in svg  # the accepted risk is hollow

    def test_markers_sit_in_their_likelihood_impact_cell(self) -> None:
        svg = risk_matrix(diagnosis("black"))
        # R1 (T-TARGET) has likelihood 4 and impact 5: the cell's top-left corner is (64 + 3*84, 12).
        assert re.search(r'<title>R1 · [^<]*</title><circle cx="(\d+)" cy="(\d+)"', svg)
        m = re.search(r'<title>R1 · [^<]*</title><circle cx="(\d+)" cy="(\d+)"', svg)
        assert m is not None
        cx, cy = int(m[1]), int(m[2])
        assert 64 + 3 * 84 < cx < 64 + 4 * 84 and 12 < cy < 12 + 84

    def test_graph_has_risks_remedies_and_stakeholders_linked(self) -> None:
        d = diagnosis("black")
        svg = project_map(d)
        remedies = {r.id for f in d.findings for r in f.remedies}
        people = {s.role for f in d.findings for s in f.stakeholders} | {
            r.owner for f in d.findings for r in f.remedies
        }
        assert svg.count('<g class="node">') == len(d.findings) + len(remedies) + len(people)
        edges = sum(len(f.remedies) + len(f.stakeholders) for f in d.findings) + len(remedies)
        assert svg.count("<line ") == edges

    def test_pictures_escape_their_texts(self) -> None:
        project = dict(CASES["black"])
        d = diagnosis(project).model_copy()
        finding = d.findings[0].model_copy(update={"title": EVIL})
        evil = d.model_copy(update={"findings": (finding, *d.findings[1:])})
        for svg in (risk_matrix(evil), project_map(evil)):
            assert EVIL not in svg and "&lt;script&gt;" in svg
