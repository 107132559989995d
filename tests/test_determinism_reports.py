"""Every report, checklist and graph format gives the same bytes under different hash seeds.

Rendering twice in one process cannot see a set's iteration order leaking into the output: the
order is the same within a process. Each child process below renders everything once under its
own ``PYTHONHASHSEED``; the outputs must be identical. (``test_determinism.py`` does the same
through the CLI for the diagnosis formats.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ("1", "2", "3")

_CHILD = textwrap.dedent(
    """
    import base64
    import json
    from risk_advisor import diagnose, load_catalogue, load_project
    from risk_advisor.graph import FORMATS as GRAPH_FORMATS, catalogue_graph, export, project_graph
    from risk_advisor.report import FORMATS, render_file
    from risk_advisor.report.checklist import CHECKLIST_FORMATS, render_checklist
    from tests.report_cases import CASES, LANGS, diagnosis, small_catalogue

    out = {}

    def render(d, fmt):  # a workbook is bytes: compared as base64 text
        content = render_file(d, fmt)
        return content if isinstance(content, str) else base64.b64encode(content).decode()

    def render_checklist_text(d, fmt):
        content = render_checklist(d, fmt)
        return content if isinstance(content, str) else base64.b64encode(content).decode()

    for case in sorted(CASES):
        for lang in LANGS:
            d = diagnosis(case, lang)
            for fmt in FORMATS:
                out[f"report {case} {lang} {fmt}"] = render(d, fmt)
            for fmt in CHECKLIST_FORMATS:
                out[f"checklist {case} {lang} {fmt}"] = render_checklist_text(d, fmt)
            for fmt in GRAPH_FORMATS:
                out[f"graph {case} {lang} {fmt}"] = export(project_graph(small_catalogue(), d), fmt)
    builtin = load_catalogue()
    shipped = diagnose(load_project("cases/portail-familles-noir.yaml"), catalogue=builtin, lang="en")
    for fmt in FORMATS:
        out[f"report shipped {fmt}"] = render(shipped, fmt)
    for fmt in GRAPH_FORMATS:
        out[f"graph catalogue {fmt}"] = export(catalogue_graph(builtin, "en"), fmt)
        out[f"graph shipped {fmt}"] = export(project_graph(builtin, shipped), fmt)
    print(json.dumps(out, ensure_ascii=False))
    """
)


@cache
def rendered(seed: str) -> dict[str, str]:
    """Every output, rendered by a fresh process under ``PYTHONHASHSEED=seed``."""
    env = {**os.environ, "PYTHONHASHSEED": seed,
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", _CHILD], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, str] = json.loads(done.stdout)
    return result


def _families() -> list[str]:
    return ["report", "checklist", "graph"]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("family", _families())
def test_same_bytes_under_every_hash_seed(family: str) -> None:
    outputs = [{k: v for k, v in rendered(seed).items() if k.startswith(family + " ")} for seed in SEEDS]
    assert len(outputs[0]) >= 8 and all(outputs[0].values())
    for seed, other in zip(SEEDS[1:], outputs[1:], strict=True):
        assert other.keys() == outputs[0].keys()
        differing = [k for k in outputs[0] if other[k] != outputs[0][k]]
        assert not differing, f"PYTHONHASHSEED={seed} changes {differing}"


def test_text_and_markdown_are_among_the_formats_compared() -> None:
    keys = rendered(SEEDS[0]).keys()
    for fmt in ("text", "markdown"):
        assert f"report black fr {fmt}" in keys and f"report shipped {fmt}" in keys
    assert "checklist grey en markdown" in keys
