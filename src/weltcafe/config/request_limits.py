"""ASGI middleware in front of Django: refuse oversized headers and bodies, and bodies that trickle in.

Django's ASGI handler spools the whole body to a temporary file before any view runs, so without this a stranger
could park 200 MB on the disk with one unauthenticated POST. A declared Content-Length over the limit is refused
before a byte of the body is read; a chunked body is counted as it streams and cut off at the limit. Limits are
read from the settings per request (WELTCAFE_MAX_REQUEST_BYTES, WELTCAFE_REQUEST_BODY_SECONDS).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

# As the ASGI spec and Django's handler have them: the scope a dict, messages only read (never changed) here.
Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Browsers send a few kilobytes of headers; h11 itself stops a head that arrives in pieces at 16 KiB.
MAX_HEADER_BYTES = 32 * 1024
MAX_HEADERS = 100
DISCONNECT: Message = {"type": "http.disconnect"}


def language_of(scope: Scope) -> str:
    """The language of an answer given before Django runs: English under /en/, else the default (German)."""
    return "en" if scope.get("path", "").startswith("/en/") else settings.LANGUAGE_CODE


def _refusal_text(status: int) -> str:
    if status == 413:
        megabytes = settings.WELTCAFE_MAX_REQUEST_BYTES / (1024 * 1024)
        return gettext("Die Anfrage ist zu groß (höchstens %(megabytes).0f MB).") % {"megabytes": megabytes}
    if status == 408:
        return gettext("Die Anfrage kam zu langsam an. Bitte versuchen Sie es erneut.")
    return gettext("Die Kopfzeilen der Anfrage sind zu groß.")


async def _refuse(scope: Scope, send: Send, status: int) -> None:
    with translation.override(language_of(scope)):
        body = (_refusal_text(status) + "\n").encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode("ascii")),
                # The rest of the body is never read, so this connection cannot carry another request.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _declared_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    for name, value in headers:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server's parser refuses a malformed length before we are called
    return None


class _BodyGuard:
    """Wraps one request's receive and send: counts body bytes, keeps the deadline, silences the app after a 413."""

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scope = scope
        self._receive = receive
        self._send = send
        self.max_bytes: int = settings.WELTCAFE_MAX_REQUEST_BYTES
        self.deadline = asyncio.get_running_loop().time() + settings.WELTCAFE_REQUEST_BODY_SECONDS
        self.received = 0
        self.complete = False
        self.refused = False
        self.response_started = False

    async def receive(self) -> Message:
        if self.refused:
            return DISCONNECT
        if self.complete:  # Django now only listens for the disconnect, for as long as the response takes
            return await self._receive()
        remaining = self.deadline - asyncio.get_running_loop().time()
        try:
            message = await asyncio.wait_for(self._receive(), timeout=max(remaining, 0))
        except TimeoutError:
            await self._refuse(408)
            return DISCONNECT
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.max_bytes:
                await self._refuse(413)
                return DISCONNECT
            self.complete = not message.get("more_body", False)
        return message

    async def send(self, message: Message) -> None:
        if self.refused:
            return  # we answered already; Django gave up on the body and has nothing valid to add
        if message["type"] == "http.response.start":
            self.response_started = True
        await self._send(message)

    async def _refuse(self, status: int) -> None:
        self.refused = True
        if not self.response_started:
            await _refuse(self.scope, self._send, status)


class RequestLimits:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers", [])
        if len(headers) > MAX_HEADERS or sum(len(name) + len(value) for name, value in headers) > MAX_HEADER_BYTES:
            await _refuse(scope, send, 431)
            return
        declared = _declared_length(headers)
        if declared is not None and declared > settings.WELTCAFE_MAX_REQUEST_BYTES:
            await _refuse(scope, send, 413)
            return
        guard = _BodyGuard(scope, receive, send)
        await self.app(scope, guard.receive, guard.send)


def uvicorn_limits() -> dict[str, Any]:
    """What `weltcafe serve` hands uvicorn: the limits a server can keep; slow headers are the proxy's job."""
    return {
        # h11, not httptools: httptools takes megabytes of headers and thousands of header lines; h11 stops a
        # head that arrives in pieces at 16 KiB and this middleware refuses larger heads with 431.
        "http": "h11",
        "h11_max_incomplete_event_size": 16 * 1024,
        "timeout_keep_alive": 5,
        # Past this, new connections get 503 instead of memory; each phone holds one socket.
        "limit_concurrency": settings.WELTCAFE_MAX_CONNECTIONS,
        # Phones only send pings over the live socket; uvicorn's default would accept 16 MiB messages.
        "ws_max_size": 64 * 1024,
        "ws_ping_interval": 20,
        "ws_ping_timeout": 20,
    }
