"""The page: start or open a project, answer the ranked questions, edit any trait, download.

Every form posts the project (YAML, hidden field), the language, the traits the user does not
know and the CSRF token; the answer is applied, and the page comes back with the diagnosis
brought up to date. It works without JavaScript; ``static/live.js`` only swaps the page's
main part in place.
"""

from __future__ import annotations

import hmac
import re
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from starlette.concurrency import run_in_threadpool

from ..diagnose import diagnose
from ..diagnosis import Diagnosis
from ..errors import Problem, ProjectError, RiskAdvisorError
from ..interview import next_questions
from ..model.project import Project
from ..report import render
from ..report._common import colon
from ..report.checklist import render_checklist
from ..report.html import environment as report_environment
from ._files import DOWNLOADS, download_body, filename
from ._forms import Form, read_form
from ._i18n import page_lang, words
from ._project import (
    EMPTY_LIST,
    apply_answers,
    blocks,
    current,
    project_from_yaml,
    project_to_yaml,
    read_upload,
)
from .app import Settings

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

_HERE = Path(__file__).parent
_STATIC = {  # the only files a request can get: fixed names, never a path from the request
    "live.js": ("live.js", "text/javascript; charset=utf-8"),
    "page.css": ("page.css", "text/css; charset=utf-8"),
}
_SHOWN_QUESTIONS = 3
_CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@cache
def _environment() -> Environment:
    """The report templates' environment, with the page's templates looked up first."""
    report = report_environment()
    loader = ChoiceLoader([FileSystemLoader(_HERE / "templates"), report.loader])  # type: ignore[list-item]
    return report.overlay(loader=loader)


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _field_id(prefix: str, path: str) -> str:
    return f"{prefix}-{path.replace('.', '-')}"


def _page(
    request: Request,
    lang: str,
    project: Project | None,
    skip: tuple[str, ...] = (),
    problems: list[Problem] | None = None,
    status: int = 200,
) -> Response:
    settings = _settings(request)
    diagnosis: Diagnosis | None = None
    questions: list[Any] = []
    if project is not None:
        diagnosis = diagnose(project, catalogue=settings.catalogue, engine=settings.engine, lang=lang)
        questions = next_questions(project, catalogue=settings.catalogue, lang=lang, skip=frozenset(skip))
    html = _environment().get_template("page.html.j2").render(
        lang=lang,
        other_lang="en" if lang == "fr" else "fr",
        w=words(lang),
        colon=colon(lang),
        csrf=settings.csrf_token,
        project=project,
        project_yaml=project_to_yaml(project) if project is not None else "",
        skip=",".join(skip),
        problems=problems or [],
        d=diagnosis,
        questions=questions[:_SHOWN_QUESTIONS],
        more_questions=max(0, len(questions) - _SHOWN_QUESTIONS),
        blocks=blocks(lang),
        values=current(project),
        field_id=_field_id,
        empty_list=EMPTY_LIST,
        report_html=render(diagnosis, "html") if diagnosis is not None else "",
        checklist_html=render_checklist(diagnosis, "html") if diagnosis is not None else "",
    )
    return HTMLResponse(html, status_code=status, headers=_HEADERS)


def _text(form: Form, name: str) -> str:
    return form.get(name)


def _lang(form: Form) -> str:
    return "en" if _text(form, "lang") == "en" else "fr"


def _skip(form: Form) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for s in _text(form, "skip").split(",") if re.fullmatch(r"[a-z_.]+", s)))


def _csrf_ok(request: Request, form: Form) -> bool:
    return hmac.compare_digest(_text(form, "csrf").encode(), _settings(request).csrf_token.encode())


def _refused(request: Request, form: Form) -> Response | None:
    if _csrf_ok(request, form):
        return None
    return HTMLResponse(
        "<!DOCTYPE html><html lang=fr><title>403</title><p>Formulaire refusé (jeton manquant ou périmé)\u00a0: "
        "rechargez la page. / Form refused (missing or stale token): reload the page.</p></html>",
        status_code=403,
        headers=_HEADERS,
    )


async def _render(request: Request, lang: str, project: Project | None, skip: tuple[str, ...] = (),
                  problems: list[Problem] | None = None) -> Response:
    status = 200 if not problems else 422
    try:
        return await run_in_threadpool(_page, request, lang, project, skip, problems, status)
    except RiskAdvisorError as exc:
        return await run_in_threadpool(_page, request, lang, None, (), exc.problems or [Problem(exc.summary)], 422)


def _carried(form: Form) -> Project:
    return project_from_yaml(_text(form, "project"), _lang(form))


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, lang: str | None = None) -> Response:
    """The page, empty; the language from ``?lang=`` or ``Accept-Language``."""
    return await _render(request, page_lang(lang, request.headers.get("accept-language")), None)


@router.get("/static/{name}")
def static(name: str) -> Response:
    """One of the page's two static files (a fixed list)."""
    if name not in _STATIC:
        return Response("not found", status_code=404, media_type="text/plain")
    file, media_type = _STATIC[name]
    return Response((_HERE / "static" / file).read_bytes(), media_type=media_type,
                    headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"})


@router.post("/new")
async def new(request: Request) -> Response:
    """A new project with only a name."""
    form = await read_form(request)
    if (refused := _refused(request, form)) is not None:
        return refused
    lang = _lang(form)
    try:
        project = Project.model_validate({"name": _text(form, "name")})
    except ValueError:
        message = "Donnez un nom au projet." if lang == "fr" else "Give the project a name."
        return await _render(request, lang, None, problems=[Problem(message, path="name")])
    return await _render(request, lang, project)


@router.post("/upload")
async def upload(request: Request) -> Response:
    """A project opened from an uploaded YAML, JSON or TOML file (read in memory, never saved)."""
    form = await read_form(request)
    if (refused := _refused(request, form)) is not None:
        return refused
    lang = _lang(form)
    if form.upload is None:
        return await _render(request, lang, None, problems=[Problem("no file was sent", hint="choose a file")])
    try:
        project = read_upload(*form.upload, lang)
    except ProjectError as exc:
        return await _render(request, lang, None, problems=exc.problems or [Problem(exc.summary)])
    return await _render(request, lang, project)


@router.post("/view")
async def view(request: Request) -> Response:
    """The same project again (the language switch posts here)."""
    form = await read_form(request)
    if (refused := _refused(request, form)) is not None:
        return refused
    try:
        project = _carried(form)
    except ProjectError as exc:
        return await _render(request, _lang(form), None, problems=exc.problems)
    return await _render(request, _lang(form), project, _skip(form))


@router.post("/answer")
async def answer(request: Request) -> Response:
    """One ranked question answered, or set aside with "don't know"."""
    form = await read_form(request)
    if (refused := _refused(request, form)) is not None:
        return refused
    lang, skip, trait = _lang(form), _skip(form), _text(form, "trait")
    try:
        project = _carried(form)
    except ProjectError as exc:
        return await _render(request, lang, None, problems=exc.problems)
    if _text(form, "action") == "skip":
        return await _render(request, lang, project, (*skip, trait) if re.fullmatch(r"[a-z_.]+", trait) else skip)
    values = form.getlist("value")
    if not values:
        message = "Choisissez une réponse, ou «\u00a0Je ne sais pas\u00a0»." if lang == "fr" else \
            "Choose an answer, or “I don't know”."
        return await _render(request, lang, project, skip, [Problem(message, path=trait)])
    try:
        project = apply_answers(project, {trait: values})
    except ProjectError as exc:
        return await _render(request, lang, project, skip, exc.problems)
    return await _render(request, lang, project, skip)


@router.post("/edit")
async def edit(request: Request) -> Response:
    """Every trait of the edit form at once (what is left "unknown" becomes unknown)."""
    form = await read_form(request)
    if (refused := _refused(request, form)) is not None:
        return refused
    lang, skip = _lang(form), _skip(form)
    try:
        project = _carried(form)
    except ProjectError as exc:
        return await _render(request, lang, None, problems=exc.problems)
    answers = {
        f.name: form.getlist(f.name)
        for block in blocks(lang) for f in block.fields
    }
    try:
        name = _text(form, "project_name").strip()
        if name and name != project.name:
            project = project.model_copy(update={"name": Project.model_validate({"name": name}).name})
        project = apply_answers(project, answers)
    except (ProjectError, ValueError) as exc:
        problems = exc.problems if isinstance(exc, ProjectError) else [Problem(str(exc))]
        return await _render(request, lang, project, skip, problems)
    return await _render(request, lang, project, skip)


@router.post("/download/{kind}")
async def download(request: Request, kind: str) -> Response:
    """The description, the report, the register or the checklist, as a file to save."""
    form = await read_form(request)
    if (refused := _refused(request, form)) is not None:
        return refused
    if kind not in DOWNLOADS:
        return Response("not found", status_code=404, media_type="text/plain")
    lang = _lang(form)
    try:
        project = _carried(form)
    except ProjectError as exc:
        return await _render(request, lang, None, problems=exc.problems)
    settings = _settings(request)
    body = await run_in_threadpool(download_body, kind, project, settings.catalogue, settings.engine, lang)
    return Response(body, media_type=DOWNLOADS[kind][1], headers={
        "Content-Disposition": f'attachment; filename="{filename(kind, project)}"',
        "X-Content-Type-Options": "nosniff"})
