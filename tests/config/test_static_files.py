"""Static files are served through the one-hop request chain (config/static_files.py, config/asgi_handler.py)
with the headers every other answer gets; other paths go on to Django's views."""

from __future__ import annotations

import asyncio

import pytest

pytestmark = pytest.mark.integration


def _get(path: str) -> tuple[int, dict[str, str], bytes]:
    from weltcafe.config.asgi import application

    sent: list[dict] = []
    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict:
        if requests:
            return requests.pop()
        await asyncio.Event().wait()  # the client stays; Django cancels this once the answer is sent
        return {}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(application(scope, receive, send))
    start = sent[0]
    headers = {name.decode().lower(): value.decode() for name, value in start["headers"]}
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return start["status"], headers, body


def test_a_static_file_is_served_with_its_type_and_the_security_headers(db, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    status, headers, body = _get("/static/weltcafe/round_clock.js")

    assert status == 200
    assert headers["content-type"].startswith("text/javascript")
    assert headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in headers
    assert b"WeltcafeClock" in body


def test_an_unknown_static_path_is_a_styled_404_from_django(db, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    status, headers, _ = _get("/static/weltcafe/nicht-da.js")

    assert status == 404
    assert headers["content-type"].startswith("text/html")


def test_the_chain_is_built_for_sync_code_and_runs_in_one_hop():
    from weltcafe.config.asgi import django_asgi_app

    # An async-only middleware in the list would make Django wrap every request in extra hops again.
    assert django_asgi_app._middleware_chain is not None
    assert not asyncio.iscoroutinefunction(django_asgi_app._middleware_chain)
