"""The HTTP API (issue 15 §3, §4): the CLI's JSON over HTTP, located errors, and safe defaults."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from risk_advisor import diagnose, load_catalogue, next_questions
from risk_advisor.report import render
from risk_advisor.report.checklist import render_checklist
from risk_advisor.web import create_app

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "jardin-partage.yaml"
CITIZEN = {"name": "Jardin", "origin": "citizens", "governance": {"technical_lookout": False}}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(hosts=["testserver"]))


class TestSameJsonAsTheCommandLine:
    def test_diagnose_returns_the_bytes_of_diagnose_format_json(self, client: TestClient) -> None:
        from risk_advisor.loading import load_project

        project = load_project(CASE)
        body = project.model_dump(mode="json", exclude_none=True)
        response = client.post("/api/diagnose?lang=en&engine=python", json=body)
        assert response.status_code == 200
        expected = render(diagnose(CASE, lang="en", engine="python"), "json")
        assert response.text == expected

    def test_questions_are_next_questions_in_order(self, client: TestClient) -> None:
        response = client.post("/api/questions?lang=en", json={"name": "x"})
        assert response.status_code == 200
        traits = [q["trait"] for q in response.json()]
        assert traits == [q.trait for q in next_questions({"name": "x"}, lang="en")]
        assert traits[:3] == ["kinds", "phase", "origin"]

    def test_questions_skip_the_traits_the_user_does_not_know(self, client: TestClient) -> None:
        response = client.post("/api/questions?skip=kinds&skip=phase", json={"name": "x"})
        assert response.json()[0]["trait"] == "origin"

    def test_checklist_is_the_checklist_json(self, client: TestClient) -> None:
        response = client.post("/api/checklist?engine=python", json=CITIZEN)
        assert response.status_code == 200
        assert response.text == render_checklist(diagnose(CITIZEN, engine="python"), "json")

    def test_schema_and_rules(self, client: TestClient) -> None:
        schema = client.get("/api/schema").json()
        assert schema["$id"] == "urn:risk-advisor:schema:project" and "governance" in schema["properties"]
        rules = client.get("/api/rules?lang=en").json()
        assert [r["id"] for r in rules] == sorted(load_catalogue().rules)
        lookout = next(r for r in rules if r["id"] == "GOV-CITIZEN-NO-LOOKOUT")
        assert lookout["risk"] == "no-technical-lookout" and lookout["sources"]

    def test_openapi_is_served_and_no_docs_page_loads_a_cdn(self, client: TestClient) -> None:
        spec = client.get("/openapi.json").json()
        assert {"/api/diagnose", "/api/questions", "/api/checklist", "/api/schema", "/api/rules"} <= set(spec["paths"])
        assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


class TestErrors:
    def test_malformed_json_is_400_with_its_position(self, client: TestClient) -> None:
        response = client.post("/api/diagnose", content=b'{"name": ', headers={"content-type": "application/json"})
        assert response.status_code == 400
        assert "line 1, column 10" in response.json()["error"]

    def test_invalid_project_is_422_each_problem_at_its_json_pointer(self, client: TestClient) -> None:
        body = {"name": "x", "governance": {"technical_lookout": "maybe"}, "stakeholders": [{"role": "nobody"}]}
        response = client.post("/api/diagnose", json=body)
        assert response.status_code == 422
        problems = response.json()["problems"]
        assert [p["pointer"] for p in problems] == ["/governance/technical_lookout", "/stakeholders/0/role"]
        assert all(p["message"] and p["line"] == 1 for p in problems)

    def test_a_project_without_a_name_is_422_at_the_root(self, client: TestClient) -> None:
        response = client.post("/api/questions", json={"kinds": ["other"]})
        assert response.status_code == 422
        assert response.json()["problems"][0]["pointer"] == "/name"

    def test_unknown_language_is_422(self, client: TestClient) -> None:
        response = client.post("/api/diagnose?lang=de", json={"name": "x"})
        assert response.status_code == 422 and response.json()["problems"][0]["pointer"] == "/query/lang"

    def test_not_json_is_415(self, client: TestClient) -> None:
        response = client.post("/api/diagnose", content=b"name: x", headers={"content-type": "text/plain"})
        assert response.status_code == 415

    def test_a_body_announced_above_2_mib_is_413(self, client: TestClient) -> None:
        body = b'{"name": "x", "description": "' + b"a" * (2 * 2**20) + b'"}'
        response = client.post("/api/diagnose", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 413

    def test_a_streamed_body_growing_above_2_mib_is_413(self, client: TestClient) -> None:
        def chunks():  # no Content-Length: sent chunked
            yield b'{"name": "x", "description": "'
            for _ in range(33):
                yield b"a" * 65536
            yield b'"}'

        response = client.post("/api/diagnose", content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 413

    def test_a_body_just_under_the_limit_is_read(self, client: TestClient) -> None:
        body = {"name": "x", "description": "a" * 20_000}
        assert client.post("/api/diagnose?engine=python", json=body).status_code == 200

    def test_a_bug_answers_500_without_a_traceback(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from risk_advisor.web import api

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("secret internals /home/user")

        monkeypatch.setattr(api, "diagnose", broken)
        response = TestClient(create_app(hosts=["testserver"]), raise_server_exceptions=False).post(
            "/api/diagnose", json={"name": "x"})
        assert response.status_code == 500
        assert "Traceback" not in response.text and "secret" not in response.text


class TestSafeByDefault:
    def test_a_foreign_host_is_refused(self, client: TestClient) -> None:
        assert client.get("/", headers={"host": "evil.example"}).status_code == 403
        rebound = client.post("/api/diagnose", json={"name": "x"}, headers={"host": "evil.example:8765"})
        assert rebound.status_code == 403

    def test_the_served_port_is_checked(self) -> None:
        app = TestClient(create_app(hosts=["127.0.0.1", "localhost"], port=8765), base_url="http://127.0.0.1:8765")
        assert app.get("/").status_code == 200
        assert app.get("/", headers={"host": "localhost:8765"}).status_code == 200
        assert app.get("/", headers={"host": "127.0.0.1:9999"}).status_code == 403

    @pytest.mark.parametrize("headers", [
        {"origin": "http://evil.example"},
        {"sec-fetch-site": "cross-site"},
        {"referer": "http://evil.example/page"},
        {"origin": "null"},
    ])
    def test_cross_site_posts_are_refused(self, client: TestClient, headers: dict[str, str]) -> None:
        assert client.post("/api/diagnose", json={"name": "x"}, headers=headers).status_code == 403

    def test_same_origin_and_non_browser_posts_are_served(self, client: TestClient) -> None:
        same = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}
        assert client.post("/api/diagnose?engine=python", json={"name": "x"}, headers=same).status_code == 200
        assert client.post("/api/diagnose?engine=python", json={"name": "x"}).status_code == 200

    def test_concurrent_requests_get_their_own_diagnoses(self, client: TestClient) -> None:
        projects = [{**CITIZEN, "name": f"Projet {i}", "origin": origin}
                    for i, origin in enumerate(["citizens", "services", "mixed", "elected_officials"] * 3)]
        expected = {p["name"]: diagnose(p).to_json() for p in projects}
        results: dict[str, str] = {}
        barrier = threading.Barrier(len(projects))

        def call(project: dict[str, object]) -> None:
            barrier.wait()
            results[str(project["name"])] = client.post("/api/diagnose", json=project).text

        threads = [threading.Thread(target=call, args=(p,)) for p in projects]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert results == expected
        assert len({json.loads(r)["summary"]["findings"] for r in results.values()}) > 1  # they differ


class TestTheCommand:
    def test_importing_the_library_or_running_a_command_does_not_import_fastapi(self) -> None:
        code = (
            "import sys, risk_advisor\n"
            "from click.testing import CliRunner\n"
            "from risk_advisor.cli.main import cli\n"
            f"r = CliRunner().invoke(cli, ['diagnose', {str(CASE)!r}, '--fail-on', 'never'])\n"
            "assert r.exit_code == 0, r.output\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fastapi', 'uvicorn', 'starlette')))\n"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "[]"

    def test_serve_without_the_extra_says_how_to_install_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import importlib.util

        from risk_advisor.cli.main import cli

        real = importlib.util.find_spec
        monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == "fastapi" else real(n, *a))
        result = CliRunner().invoke(cli, ["serve", "--no-browser"])
        assert result.exit_code == 2
        assert "pip install 'risk-advisor[web]'" in result.output

    def test_serve_binds_loopback_by_default_and_warns_about_another_host(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import uvicorn

        from risk_advisor.cli.main import cli

        calls: list[dict[str, object]] = []
        monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
        quiet = CliRunner().invoke(cli, ["serve", "--no-browser", "--engine", "python"])
        loud = CliRunner().invoke(cli, ["serve", "--no-browser", "--host", "0.0.0.0", "--engine", "python"])
        assert quiet.exit_code == 0 and loud.exit_code == 0
        assert [c["host"] for c in calls] == ["127.0.0.1", "0.0.0.0"]
        assert "warning" not in quiet.output and "warning: listening on 0.0.0.0" in loud.output
