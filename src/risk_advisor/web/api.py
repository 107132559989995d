"""The HTTP API: JSON in, the same JSON as the command line out.

========================  ===========================================================
``POST /api/diagnose``    a project (JSON) → ``diagnose --format json``
``POST /api/questions``   a project (JSON) → the ranked questions (``next_questions``)
``POST /api/checklist``   a project (JSON) → ``checklist --format json``
``GET /api/schema``       the JSON Schema of project descriptions (``risk-advisor schema``)
``GET /api/rules``        the catalogue (``rules list --format json``, without file paths)
========================  ===========================================================

``lang`` (fr, en) and ``engine`` (durable, python) are query parameters. Errors are JSON
``{"error": …, "problems": [{"pointer", "line", "column", "message", "hint"}]}``: 400 for
malformed JSON, 422 for an invalid project, 413 for a body above 2 MiB.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..diagnose import diagnose
from ..diagnosis import Diagnosis
from ..errors import ProjectError, RiskAdvisorError
from ..interview import next_questions
from ..loading import load_project_text
from ..model.project import Project
from ..report.checklist import render_checklist
from ..rule_docs import rule_summary
from ..schemas import project_schema
from ._project import problems_json
from .app import Settings

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["api"])

Lang = Literal["fr", "en"]
Engine = Literal["durable", "python"]
_PROJECT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object", "description": "A project (GET /api/schema)"}}},
    }
}
_JSON_TYPE = "application/json"


class _BadRequest(Exception):
    def __init__(self, response: JSONResponse) -> None:
        self.response = response


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _project(request: Request, lang: str) -> Project:
    """The project in the request's JSON body; raises ``_BadRequest`` carrying a 400/415/422."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != _JSON_TYPE:
        raise _BadRequest(JSONResponse({"error": "send the project as application/json"}, status_code=415))
    raw = await request.body()
    try:
        text = raw.decode("utf-8-sig")
        json.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise _BadRequest(JSONResponse({"error": f"malformed JSON{where}: {exc}"}, status_code=400)) from None
    try:
        return load_project_text(text, filename="<request>", fmt="json", lang=lang)
    except ProjectError as exc:
        raise _BadRequest(
            JSONResponse({"error": exc.summary, "problems": problems_json(exc)}, status_code=422)
        ) from None


async def _diagnosis(request: Request, lang: str, engine: str) -> Diagnosis:
    project = await _project(request, lang)
    settings = _settings(request)
    return await run_in_threadpool(diagnose, project, catalogue=settings.catalogue, engine=engine, lang=lang)


def _bad_input(exc: RiskAdvisorError) -> JSONResponse:
    return JSONResponse({"error": exc.summary, "problems": []}, status_code=422)


async def _answer(compute: Callable[[], Awaitable[Response]]) -> Response:
    """``compute()``'s response, or the 400/413/415/422 that its request deserves."""
    try:
        return await compute()
    except _BadRequest as exc:
        return exc.response
    except RiskAdvisorError as exc:
        return _bad_input(exc)


@router.post("/diagnose", openapi_extra=_PROJECT_BODY, summary="Diagnose a project")
async def api_diagnose(request: Request, lang: Lang = "fr", engine: Engine = "durable") -> Response:
    """The diagnosis of the project in the body: the JSON of ``risk-advisor diagnose --format json``."""

    async def compute() -> Response:
        diagnosis = await _diagnosis(request, lang, engine)
        return Response(diagnosis.to_json(), media_type=_JSON_TYPE)

    return await _answer(compute)


@router.post("/questions", openapi_extra=_PROJECT_BODY, summary="The ranked questions")
async def api_questions(
    request: Request, lang: Lang = "fr", skip: Annotated[list[str] | None, Query()] = None
) -> Response:
    """The questions whose answer can change the diagnosis, the most telling first."""

    async def compute() -> Response:
        project = await _project(request, lang)
        questions = await run_in_threadpool(
            next_questions, project, catalogue=_settings(request).catalogue, lang=lang, skip=frozenset(skip or ())
        )
        body = [q.model_dump(mode="json") for q in questions]
        return Response(json.dumps(body, ensure_ascii=False, indent=2) + "\n", media_type=_JSON_TYPE)

    return await _answer(compute)


@router.post("/checklist", openapi_extra=_PROJECT_BODY, summary="The kickoff checklist")
async def api_checklist(request: Request, lang: Lang = "fr", engine: Engine = "durable") -> Response:
    """The kickoff checklist: the JSON of ``risk-advisor checklist --format json``."""

    async def compute() -> Response:
        diagnosis = await _diagnosis(request, lang, engine)
        return Response(render_checklist(diagnosis, "json"), media_type=_JSON_TYPE)

    return await _answer(compute)


@router.get("/schema", summary="JSON Schema of project descriptions")
def api_schema() -> dict[str, Any]:
    """The JSON Schema of project descriptions, as ``risk-advisor schema`` prints it."""
    return project_schema()


@router.get("/rules", summary="The rule catalogue")
def api_rules(request: Request, lang: Lang = "fr") -> list[dict[str, Any]]:
    """One entry per rule: ID, name, risk and its title, level, score, phases, sources."""
    cat = _settings(request).catalogue
    return [rule_summary(cat, r, lang) for r in sorted(cat.rules.values(), key=lambda r: r.id)]
