"""A local web page for project leads and an HTTP API for platforms (``risk-advisor serve``).

Needs the ``web`` extra (FastAPI, uvicorn, python-multipart): ``pip install 'risk-advisor[web]'``.
Nothing else in risk-advisor imports this package, so the command line and the library start
without FastAPI. :func:`create_app` builds the ASGI application; :mod:`.api` documents the API.
"""

from .app import DEFAULT_HOST, DEFAULT_PORT, create_app

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app"]
