"""Every string the HTML pages show is escaped, whichever field it comes from.

Project files are typed by users and rule folders (``--rules``) by anyone; some fields, such as a
remedy owner's label, come from the vocabulary today but are strings all the same. Rather than
hope a fixture happens to put markup in each of them, these tests put markup in *every* string
of a real diagnosis (every finding, remedy, stakeholder, question, action, root cause…) and
check that none of it reaches the page as markup.
"""

from __future__ import annotations

import html
from typing import Any

import pytest
from pydantic import BaseModel

from risk_advisor import Diagnosis
from risk_advisor.report.checklist import render_checklist
from risk_advisor.report.html import render_html

from .report_cases import diagnosis

TAG = "x-leak"


def poison(text: str) -> str:
    """``text`` wrapped in markup that must never reach a page unescaped."""
    return f'<{TAG} onclick="alert(1)">{text}</{TAG}>'


def _poisoned(value: Any, counter: list[int]) -> Any:
    if type(value) is str:  # not the str-valued enums (levels, phases…): they are never free text
        counter[0] += 1
        return poison(value)
    if isinstance(value, BaseModel):
        return _poison_model(value, counter)
    if isinstance(value, tuple):
        return tuple(_poisoned(v, counter) for v in value)
    return value


def _poison_model(model: BaseModel, counter: list[int]) -> BaseModel:
    keep = {"lang", "schema_version"}  # chosen by the tool, and read to pick the page's language
    update = {name: _poisoned(getattr(model, name), counter)
              for name in type(model).model_fields if name not in keep}
    return model.model_copy(update=update)


def poisoned(d: Diagnosis) -> tuple[Diagnosis, int]:
    """``d`` with every free-text string (at any depth) wrapped in markup, and how many there were."""
    counter = [0]
    result = _poison_model(d, counter)
    assert isinstance(result, Diagnosis)
    return result, counter[0]


@pytest.fixture(scope="module", params=["fr", "en"])
def black(request: pytest.FixtureRequest) -> Diagnosis:
    d = diagnosis("black", request.param)
    # the case must reach every part of the page, or the test below proves little
    assert d.findings and d.acknowledged and d.action_plan and d.stakeholder_matrix
    assert any(f.remedies for f in d.findings)
    return d


def _raw_leaks(page: str) -> list[str]:
    leaks = []
    start = page.find(f"<{TAG}")
    while start != -1:
        leaks.append(page[max(0, start - 80): start + 60])
        start = page.find(f"<{TAG}", start + 1)
    return leaks


def test_no_string_of_the_diagnosis_reaches_the_report_as_markup(black: Diagnosis) -> None:
    d, count = poisoned(black)
    assert count > 50
    page = render_html(d)
    assert _raw_leaks(page) == []
    assert page.count(f"&lt;{TAG} onclick=") > 20  # the poisoned texts are shown, as text


def test_no_string_of_the_diagnosis_reaches_the_checklist_as_markup(black: Diagnosis) -> None:
    d, _ = poisoned(black)
    page = render_checklist(d, "html")
    assert _raw_leaks(page) == []
    assert f"&lt;{TAG} onclick=" in page


def _shown(text: str) -> str:
    return html.escape(poison(text), quote=True).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")


def test_remedy_texts_and_owners_show_escaped_in_the_findings(black: Diagnosis) -> None:
    d, _ = poisoned(black)
    page = render_html(d)
    owners = {r.owner_label for f in black.findings for r in f.remedies}
    texts = {r.text for f in black.findings for r in f.remedies}
    assert owners and texts
    for text in sorted(owners | texts):
        assert _shown(text) in page, text


def test_the_checklist_shows_remedy_texts_and_owners_escaped(black: Diagnosis) -> None:
    d, _ = poisoned(black)
    page = render_checklist(d, "html")
    for item in black.action_plan:
        assert _shown(item.remedy.owner_label) in page
        assert _shown(item.remedy.text) in page


def test_the_action_plan_shows_owners_escaped(black: Diagnosis) -> None:
    d, _ = poisoned(black)
    page = render_html(d)
    for item in black.action_plan:
        assert f"<td>{_shown(item.remedy.owner_label)}</td>" in page
        assert f"<td>{_shown(item.remedy.text)}</td>" in page


def test_acknowledgement_fields_show_escaped(black: Diagnosis) -> None:
    d, _ = poisoned(black)
    page = render_html(d)
    for f in black.acknowledged:
        assert f.acknowledgement is not None
        assert f"<td>{_shown(f.acknowledgement.owner)}</td>" in page
        assert f"<td>{_shown(f.acknowledgement.justification)}</td>" in page
