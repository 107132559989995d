"""The request guard: one ASGI layer in front of the application.

* **Host**: a request whose ``Host`` is not one the server answers to is refused (403) — a
  page on another site that rebinds its DNS name to 127.0.0.1 cannot reach the server.
* **Cross-site posts**: a POST that a browser marks as cross-site (``Sec-Fetch-Site``) or
  whose ``Origin`` (or, without one, ``Referer``) is another site is refused (403). Clients
  that are not browsers send neither and may call the API; forms also carry a CSRF token.
* **Size**: a body above ``max_body`` bytes is refused (413), whether ``Content-Length``
  announces it or the streamed body grows past it; the body is read into memory once, bounded.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Guard"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class _TooLarge(Exception):
    pass


def _host_port(value: str) -> tuple[str, int | None]:
    try:
        parts = urlsplit("//" + value)
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        return "", None


class Guard:
    """Wraps ``app``: refuses foreign hosts, cross-site posts and oversized bodies."""

    def __init__(
        self, app: ASGIApp, *, hosts: Iterable[str], port: int | None, max_body: int, form_overhead: int = 0
    ) -> None:
        self.app = app
        self.hosts = frozenset(h.lower().strip("[]") for h in hosts)
        self.port = port
        self.max_body = max_body
        self.form_overhead = form_overhead  # page forms carry the project plus a few fields

    def _host_ok(self, value: str | None) -> bool:
        if not value:
            return False
        host, port = _host_port(value)
        return host.strip("[]") in self.hosts and (self.port is None or port in (None, self.port))

    def _same_site(self, headers: dict[str, str]) -> bool:
        fetch_site = headers.get("sec-fetch-site")
        if fetch_site is not None and fetch_site not in ("same-origin", "none"):
            return False
        origin = headers.get("origin")
        if origin is not None:
            return origin != "null" and self._host_ok(urlsplit(origin).netloc)
        referer = headers.get("referer")
        if referer is not None:
            return self._host_ok(urlsplit(referer).netloc)
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if not self._host_ok(headers.get("host")):
            await _refuse(send, 403, "host not served: open the page at the address the server printed")
            return
        if scope["method"] not in _SAFE_METHODS and not self._same_site(headers):
            await _refuse(send, 403, "cross-site request refused")
            return
        limit = self.max_body + (0 if scope["path"].startswith("/api/") else self.form_overhead)
        too_large = f"request body too large: at most {self.max_body // 2**20} MiB"
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _refuse(send, 413, too_large)
            return
        try:
            body = await self._read(receive, limit)
        except _TooLarge:
            await _refuse(send, 413, too_large)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # http.disconnect, when the client goes away

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive, limit: int) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
