"""The page (issue 15 §2): works without JavaScript, every field labelled, state in the page."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from risk_advisor import diagnose, load_project
from risk_advisor.loading import load_project_text
from risk_advisor.report import render
from risk_advisor.web import create_app
from risk_advisor.web._project import apply_answers, blocks, project_to_yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(hosts=["testserver"]))


def _token(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page)[1]  # type: ignore[index]


def _carried(page: str) -> str:
    return html.unescape(re.search(r'name="project" value="([^"]*)"', page)[1])  # type: ignore[index]


def _new(client: TestClient, name: str = "Jardin", lang: str = "fr") -> str:
    token = _token(client.get("/").text)
    response = client.post("/new", data={"csrf": token, "lang": lang, "name": name})
    assert response.status_code == 200
    return response.text


def _answer(client: TestClient, page: str, trait: str, *values: str, action: str = "answer") -> str:
    data = {"csrf": _token(page), "lang": "fr", "project": _carried(page), "skip": "", "trait": trait,
            "action": action, "value": list(values)}
    response = client.post("/answer", data=data)
    assert response.status_code == 200, response.text[:500]
    return response.text


class _Fields(HTMLParser):
    """Collects form controls, labels, fieldsets' legends and the html element's lang."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.lang: str | None = None
        self.iframes: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "label" and a.get("for"):
            self.label_for.add(str(a["for"]))
        elif tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append(a)
        elif tag == "iframe":
            self.iframes.append(a)


def _parse(page: str) -> _Fields:
    parser = _Fields()
    parser.feed(page)
    return parser


class TestLanguage:
    def test_french_by_default(self, client: TestClient) -> None:
        assert _parse(client.get("/").text).lang == "fr"

    def test_from_accept_language(self, client: TestClient) -> None:
        assert _parse(client.get("/", headers={"accept-language": "en-GB,en;q=0.9,fr;q=0.5"}).text).lang == "en"
        assert _parse(client.get("/", headers={"accept-language": "de, fr;q=0.4, en;q=0.3"}).text).lang == "fr"

    def test_english_on_request_and_a_switch_back(self, client: TestClient) -> None:
        page = client.get("/?lang=en").text
        assert _parse(page).lang == "en" and 'href="/?lang=fr"' in page

    def test_the_switch_keeps_the_project(self, client: TestClient) -> None:
        page = _new(client, "Square")
        switched = client.post("/view", data={"csrf": _token(page), "lang": "en", "project": _carried(page)})
        assert _parse(switched.text).lang == "en" and "<h2 id=\"start-title\">Square</h2>" in switched.text


class TestAccessibility:
    def test_every_field_has_a_label_and_every_frame_a_title(self, client: TestClient) -> None:
        page = _answer(client, _new(client), "origin", "citizens")
        fields = _parse(page)
        assert len(fields.controls) > 100  # the questions and every trait of the edit form
        unlabelled = [c for c in fields.controls if c.get("id") not in fields.label_for]
        assert unlabelled == []
        ids = [c["id"] for c in fields.controls]
        assert len(ids) == len(set(ids))
        assert fields.iframes and all(f.get("title") for f in fields.iframes)

    def test_a_skip_link_and_no_script_needed(self, client: TestClient) -> None:
        page = _new(client)
        assert '<a class="skip-link" href="#main">' in page
        assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/live.js" defer>']
        assert "http://" not in page.split("<iframe")[0] and "https://" not in page.split("<iframe")[0]


class TestAnswering:
    def test_a_citizen_project_without_lookout_shows_that_risk_and_its_remedy(self, client: TestClient) -> None:
        page = _answer(client, _new(client), "origin", "citizens")
        page = _answer(client, page, "governance.technical_lookout", "false")
        report = html.unescape(re.search(r'<iframe class="report"[^>]*srcdoc="([^"]*)"', page)[1])  # type: ignore[index]
        assert "no-technical-lookout" in report
        assert "vigie technique et réglementaire" in report  # the remedy appoint-technical-lookout
        assert load_project_text(_carried(page)).governance.technical_lookout is False  # type: ignore[union-attr]

    def test_the_questions_come_in_the_interviews_order(self, client: TestClient) -> None:
        page = _new(client)
        traits = re.findall(r'name="trait" value="([^"]+)"', page)
        assert traits == ["kinds", "phase", "origin"]

    def test_dont_know_sets_the_question_aside(self, client: TestClient) -> None:
        page = _answer(client, _new(client), "kinds", action="skip")
        assert re.findall(r'name="trait" value="([^"]+)"', page)[0] == "phase"
        assert 'name="skip" value="kinds"' in page
        assert "kinds" not in _carried(page)  # unknown, not "none"

    def test_a_refused_answer_is_reported_and_the_project_kept(self, client: TestClient) -> None:
        page = _answer(client, _new(client), "origin", "citizens")
        data = {"csrf": _token(page), "lang": "fr", "project": _carried(page), "trait": "budget.investment",
                "action": "answer", "value": "-5"}
        response = client.post("/answer", data=data)
        assert response.status_code == 422 and 'id="problems"' in response.text
        assert "origin: citizens" in _carried(response.text)

    def test_the_edit_form_sets_and_clears_traits(self, client: TestClient) -> None:
        page = _answer(client, _new(client), "origin", "citizens")
        data = {"csrf": _token(page), "lang": "fr", "project": _carried(page), "project_name": "Jardin 2",
                "governance.technical_lookout": "true", "origin": "", "kinds": ["__none__"]}
        response = client.post("/edit", data=data)
        project = load_project_text(_carried(response.text))
        assert project.name == "Jardin 2" and project.origin is None and project.kinds == ()
        assert project.governance is not None and project.governance.technical_lookout is True

    def test_every_trait_is_in_the_edit_form_once(self) -> None:
        names = [f.name for b in blocks("fr") for f in b.fields]
        assert len(names) == len(set(names)) and {"kinds", "governance.technical_lookout", "stakeholders"} <= set(names)

    def test_stakeholders_answered_as_roles_keep_their_phases(self) -> None:
        project = load_project({"name": "x", "stakeholders": [{"role": "users", "phases": ["design"]}]})
        changed = apply_answers(project, {"stakeholders": ["users", "elected_officials"]})
        assert [(s.role.value, s.phases) for s in changed.stakeholders or ()] == [
            ("users", project.stakeholders[0].phases), ("elected_officials", None)]  # type: ignore[index]


class TestUploadAndDownloads:
    @pytest.mark.parametrize("name,content", [
        ("p.yaml", b"name: Jardin\norigin: citizens\n"),
        ("p.json", b'{"name": "Jardin", "origin": "citizens"}'),
        ("p.toml", b'name = "Jardin"\norigin = "citizens"\n'),
    ])
    def test_upload_each_format(self, client: TestClient, name: str, content: bytes) -> None:
        token = _token(client.get("/").text)
        response = client.post("/upload", data={"csrf": token, "lang": "fr"}, files={"file": (name, content)})
        assert response.status_code == 200
        assert load_project_text(_carried(response.text)).origin is not None

    def test_a_bad_upload_is_located_and_a_path_in_its_name_is_never_read(self, client: TestClient) -> None:
        token = _token(client.get("/").text)
        files = {"file": ("../../../etc/passwd.yaml", b"name: x\norigin: aliens\n")}
        response = client.post("/upload", data={"csrf": token, "lang": "en"}, files=files)
        assert response.status_code == 422
        assert "aliens" in response.text and "(at 2:9)" in response.text
        assert "root:" not in response.text

    def test_downloads_are_the_commands_outputs(self, client: TestClient) -> None:
        page = _answer(client, _new(client, "Jardin partagé"), "origin", "citizens")
        data = {"csrf": _token(page), "lang": "fr", "project": _carried(page)}
        project = load_project_text(_carried(page))
        description = client.post("/download/description", data=data)
        assert load_project_text(description.text) == project
        report = client.post("/download/report", data=data)
        assert report.headers["content-disposition"] == 'attachment; filename="jardin-partage-report.html"'
        assert report.text == render(diagnose(project), "html")
        assert client.post("/download/register-csv", data=data).content.startswith(b"\xef\xbb\xbf")
        assert client.post("/download/checklist", data=data).text.startswith("#")
        assert client.post("/download/other", data=data).status_code == 404

    def test_the_xlsx_register_downloads_as_a_workbook_of_the_projects_risks(self, client: TestClient) -> None:
        import io

        import openpyxl

        page = _new(client)
        assert "download-register-xlsx" in page
        data = {"csrf": _token(page), "lang": "fr", "project": _carried(page)}
        response = client.post("/download/register-xlsx", data=data)
        assert response.headers["content-disposition"] == 'attachment; filename="jardin-register.xlsx"'
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        d = diagnose(load_project_text(_carried(page)))
        assert [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)] == [
            f.risk_id for f in (*d.findings, *d.acknowledged)
        ]

    def test_the_description_round_trips(self) -> None:
        project = load_project(ROOT / "cases" / "portail-familles-noir.yaml")
        assert load_project_text(project_to_yaml(project)) == project


class TestForgedForms:
    def test_a_form_without_the_token_is_refused(self, client: TestClient) -> None:
        assert client.post("/new", data={"lang": "fr", "name": "x"}).status_code == 403
        assert client.post("/new", data={"csrf": "0" * 64, "name": "x"}).status_code == 403

    def test_a_cross_site_form_is_refused_even_with_the_token(self, client: TestClient) -> None:
        token = _token(client.get("/").text)
        response = client.post("/new", data={"csrf": token, "name": "x"}, headers={"origin": "http://evil.example"})
        assert response.status_code == 403

    def test_a_tampered_project_is_read_as_any_file(self, client: TestClient) -> None:
        token = _token(client.get("/").text)
        response = client.post("/view", data={"csrf": token, "lang": "en", "project": "name: [unclosed"})
        assert response.status_code == 422 and 'id="problems"' in response.text
