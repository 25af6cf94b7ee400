"""Past capacity a worker answers 503 with Retry-After at once (config/overload.py) and takes requests again as
soon as places are free; the phone keeps its idea and resends (tests/e2e/test_live_faults_flow.py)."""

from __future__ import annotations

import asyncio
import json

import pytest

from weltcafe.config.overload import RETRY_AFTER_SECONDS, InFlightLimit


class SlowApp:
    """Stands for Django: answers 200 once `release` is set."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.started = 0

    async def __call__(self, scope, receive, send) -> None:
        self.started += 1
        if scope["path"] == "/boom/":
            raise RuntimeError("boom")
        await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def _request(app, path="/live/p/x/ideas/", accept=b"*/*", kind="http"):
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app({"type": kind, "path": path, "headers": [(b"accept", accept)]}, receive, send)
    return sent


def _status_and_headers(sent):
    start = sent[0]
    return start["status"], dict(start["headers"])


@pytest.fixture
def limit(settings):
    settings.WELTCAFE_MAX_REQUESTS_IN_FLIGHT = 3


def test_the_request_past_the_limit_gets_503_with_retry_after_and_a_json_reason(limit):
    async def scenario():
        inner = SlowApp()
        app = InFlightLimit(inner)
        running = [asyncio.create_task(_request(app)) for _ in range(3)]
        await asyncio.sleep(0)
        refused = await _request(app)
        inner.release.set()
        answered = await asyncio.gather(*running)
        return inner, app, refused, answered

    inner, app, refused, answered = asyncio.run(scenario())

    status, headers = _status_and_headers(refused)
    assert status == 503
    assert headers[b"retry-after"] == str(RETRY_AFTER_SECONDS).encode()
    assert headers[b"content-type"] == b"application/json"
    assert "gleich noch einmal" in json.loads(refused[1]["body"])["error"]
    assert [_status_and_headers(sent)[0] for sent in answered] == [200, 200, 200]
    assert inner.started == 3  # the refused one never reached Django
    assert (app.in_flight, app.refused) == (0, 1)


def test_places_free_up_again_also_after_an_error(limit):
    async def scenario():
        inner = SlowApp()
        app = InFlightLimit(inner)
        for _ in range(5):
            with pytest.raises(RuntimeError):
                await _request(app, path="/boom/")
        inner.release.set()
        return app, await _request(app)

    app, sent = asyncio.run(scenario())

    assert _status_and_headers(sent)[0] == 200
    assert app.in_flight == 0


def test_a_page_gets_a_small_styled_page_in_the_language_of_its_path(limit, settings):
    settings.WELTCAFE_MAX_REQUESTS_IN_FLIGHT = 0

    async def scenario():
        app = InFlightLimit(SlowApp())
        return await _request(app, path="/en/live/p/x/", accept=b"text/html,application/xhtml+xml")

    sent = asyncio.run(scenario())

    status, headers = _status_and_headers(sent)
    body = sent[1]["body"].decode()
    assert status == 503
    assert headers[b"content-type"].startswith(b"text/html")
    assert '<html lang="en">' in body
    assert 'name="viewport"' in body
    assert "Please try again" in body or "try again" in body.lower()


def test_sockets_are_not_counted(limit, settings):
    settings.WELTCAFE_MAX_REQUESTS_IN_FLIGHT = 0
    seen = []

    async def inner(scope, receive, send):
        seen.append(scope["type"])

    asyncio.run(_request(InFlightLimit(inner), kind="websocket"))

    assert seen == ["websocket"]
