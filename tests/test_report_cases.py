"""Done when: every format of every shipped case renders, in both languages.

Runs each project file of ``cases/`` (not the ``*.expected.json`` diagnoses) through the full
catalogue.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from risk_advisor import diagnose
from risk_advisor.report import FORMATS, render, render_file
from risk_advisor.report.checklist import CHECKLIST_FORMATS, render_checklist
from risk_advisor.report.csv_register import read_register

CASES = Path(__file__).resolve().parents[1] / "cases"
FILES = sorted(
    p for p in CASES.glob("**/*")
    if p.suffix in (".yaml", ".yml", ".json", ".toml") and not p.name.endswith(".expected.json")
)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(CASES)) for p in FILES])
def test_every_format_of_every_shipped_case_renders(path: Path, lang: str) -> None:
    d = diagnose(path, engine="python", lang=lang)
    for fmt in FORMATS:
        assert render_file(d, fmt)
    for fmt in CHECKLIST_FORMATS:
        assert render_checklist(d, fmt)
    rows = read_register(render(d, "csv").encode("utf-8"))
    assert len(rows) == 1 + len(d.findings) + len(d.acknowledged)
