"""Static files from servestatic, as a middleware the one-hop request chain can run (config/asgi_handler.py).

servestatic's own middleware is async-only: in a sync chain Django would wrap every request — static or not — in
an extra round trip from the request's thread to the event loop and back. This middleware asks servestatic's file
table synchronously and takes that round trip only for a static file, which servestatic then streams from its
async response as before (same headers, same caching, same finders).
"""

from __future__ import annotations

from collections.abc import Callable

from asgiref.sync import async_to_sync
from django.http import HttpRequest, HttpResponseBase
from servestatic.middleware import ServeStaticMiddleware  # type: ignore[import-untyped]  # no py.typed


async def _never_called(request: HttpRequest) -> HttpResponseBase:
    raise AssertionError("servestatic's own chain is not used; requests go on through StaticFilesMiddleware")


class StaticFilesMiddleware:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        # Built for its file table and its async file responses; its settings are the SERVESTATIC_* ones.
        self.servestatic = ServeStaticMiddleware(_never_called)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.servestatic.autorefresh:
            static_file = self.servestatic.find_file(request.path_info)
        else:
            static_file = self.servestatic.files.get(request.path_info)
        if static_file is None:
            return self.get_response(request)
        return async_to_sync(self.servestatic.aserve)(static_file, request)
