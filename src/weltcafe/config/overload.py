"""Past capacity, say so: 503 with Retry-After instead of a queue that makes every answer late.

Each worker runs a request's Django work in a thread and holds a database connection while it does; beyond a few
dozen requests at once they only wait for each other (and for the pool), and the room sees ideas seconds late.
`InFlightLimit` counts the HTTP requests a worker is answering and refuses the next one with 503 and a
`Retry-After` the phone's outbox honours (static/weltcafe/live.js): the idea stays queued on the phone and comes
back a moment later, so nothing is lost. Websockets are not counted; uvicorn's `limit_concurrency`
(WELTCAFE_MAX_CONNECTIONS) bounds those. The count is a plain integer: one event loop per worker, no await between
the check and the increment, so no two requests can pass the same free place.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from weltcafe.config.request_limits import ASGIApp, Receive, Scope, Send, language_of

RETRY_AFTER_SECONDS = 2


def refusal(language: str, accept: bytes, *, title: str, text: str) -> tuple[bytes, bytes]:
    """The body of a 503 and its content type: JSON for the phone's outbox, a small page for a browser. Built
    without Django's templates: under overload, or with the database away, nothing may depend on them."""
    if b"text/html" in accept:
        page = (
            '<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="refresh" content="{RETRY_AFTER_SECONDS * 5}">'
            "<title>{title}</title>"
            "<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;"
            "line-height:1.5;color:#1b1b1b}}h1{{font-size:1.5rem}}</style></head>"
            "<body><h1>{title}</h1><p>{text}</p></body></html>"
        ).format(lang=language, title=escape(title), text=escape(text))
        return page.encode("utf-8"), b"text/html; charset=utf-8"
    return json.dumps({"error": text}, ensure_ascii=False).encode("utf-8"), b"application/json"


def _refusal(scope: Scope) -> tuple[bytes, bytes]:
    language = language_of(scope)
    with translation.override(language):
        text = gettext("Gerade sind sehr viele Anfragen auf einmal da. Bitte versuchen Sie es gleich noch einmal.")
        title = gettext("Kurz überlastet")
    return refusal(language, dict(scope.get("headers", ())).get(b"accept", b""), title=title, text=text)


class InFlightLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.in_flight = 0
        self.refused = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= settings.WELTCAFE_MAX_REQUESTS_IN_FLIGHT:
            self.refused += 1
            body, content_type = _refusal(scope)
            await send(
                {
                    "type": "http.response.start",
                    "status": 503,
                    "headers": [
                        (b"content-type", content_type),
                        (b"content-length", str(len(body)).encode("ascii")),
                        (b"retry-after", str(RETRY_AFTER_SECONDS).encode("ascii")),
                        (b"cache-control", b"no-store"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
