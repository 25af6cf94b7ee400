"""Django's ASGI handler with the middleware chain run in one thread hop per request.

Django builds an async middleware chain under ASGI. Its own middleware (security, sessions, locale, CSRF, auth,
messages, …) is sync code behind `MiddlewareMixin.__acall__`, which hands every `process_request`,
`process_view` and `process_response` to a thread on its own: about twenty hand-overs between the event loop and a
thread for one request, each a wake-up on both sides (bench/results/live_profile.md). No view of ours is async, so
the chain is built the way WSGI runs it — sync from end to end — and the whole of it runs in one hop. Everything
else stays Django's: reading the body, the request signals, the disconnect watch, sending the response.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.core.handlers import base
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase


class OneHopASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        base.BaseHandler.__init__(self)
        self.load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        # thread_sensitive: the same per-request thread as the request signals (ThreadSensitiveContext), so the
        # database connection that `close_old_connections` tidies is the one the view used.
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def get_one_hop_asgi_application() -> OneHopASGIHandler:
    """`django.core.asgi.get_asgi_application`, with the one-hop handler."""
    import django

    django.setup(set_prefix=False)
    return OneHopASGIHandler()
