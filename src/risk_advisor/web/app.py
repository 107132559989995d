"""The local web application: the page for project leads and the HTTP API for platforms.

::

    from risk_advisor.web.app import create_app
    app = create_app()            # an ASGI application; `risk-advisor serve` runs it with uvicorn

Nothing is kept on the server: the page carries its project in a hidden field, the API is
stateless, and no request can name a file the server reads or writes (the only files read
are the package's own templates and two fixed static files). Every request gets its own
diagnosis; the catalogue is shared, read-only. See :mod:`._guard` for the host, cross-site and
size checks, and docs/web.md for the routes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from .._version import __version__
from ..catalogue.loader import load_catalogue
from ..catalogue.model import Catalogue
from ..loading import MAX_PROJECT_FILE_BYTES
from ._guard import Guard

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "MAX_BODY_BYTES", "Settings", "create_app"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
MAX_BODY_BYTES = MAX_PROJECT_FILE_BYTES  # an API body: a project description, as a file
_FORM_OVERHEAD = 64 * 1024  # a form carries the project plus its other fields


@dataclass(frozen=True)
class Settings:
    """What every route shares: the catalogue, the default engine and the forms' CSRF token."""

    catalogue: Catalogue
    engine: str
    csrf_token: str


def create_app(
    catalogue: Catalogue | None = None,
    *,
    hosts: Iterable[str] = (DEFAULT_HOST, "localhost"),
    port: int | None = None,
    engine: str = "durable",
    secret: bytes | None = None,
) -> FastAPI:
    """The application answering to ``hosts`` (and ``port`` when given) with ``catalogue``.

    ``secret`` signs the forms' CSRF token (random per process by default). The OpenAPI
    description is at ``/openapi.json``; the interactive docs, which load their script from a
    CDN, are turned off.
    """
    app = FastAPI(
        title="risk-advisor",
        version=__version__,
        description="Black-scenario risks of projects co-built with citizens: diagnosis, questions, checklist.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    key = secret if secret is not None else secrets.token_bytes(32)
    app.state.settings = Settings(
        catalogue=catalogue if catalogue is not None else load_catalogue(),
        engine=engine,
        csrf_token=hmac.new(key, b"risk-advisor form", hashlib.sha256).hexdigest(),
    )
    app.add_middleware(Guard, hosts=tuple(hosts), port=port, max_body=MAX_BODY_BYTES, form_overhead=_FORM_OVERHEAD)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"pointer": "/" + "/".join(str(p) for p in e["loc"]), "message": str(e["msg"])} for e in exc.errors()
        ]
        return JSONResponse({"error": "invalid request", "problems": problems}, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        # The traceback goes to the server's console (uvicorn logs it), never to the client.
        return JSONResponse({"error": "internal error in risk-advisor (a bug, not your input)"}, status_code=500)

    from . import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    return app
