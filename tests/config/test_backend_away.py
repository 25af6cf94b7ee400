"""The database or Redis away for a moment gives 503 with Retry-After, in the reader's language — the phone's outbox
waits and resends — while any other error still gives the 500 page (config/backend_away.py)."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from weltcafe.config.overload import RETRY_AFTER_SECONDS

pytestmark = pytest.mark.integration

TOKEN = "C3hLAv5nqHvsRPyff3uKF24Zcwx1cbCKWrW6Pv8rv7w"


@pytest.fixture
def client(db) -> Client:
    return Client(raise_request_exception=False)


def _lookup_fails_with(monkeypatch, error: Exception) -> None:
    def away(token: str):
        raise error

    monkeypatch.setattr("weltcafe.events.access.participant_by_access_token", away)


@pytest.mark.parametrize(
    "error",
    [OperationalError("couldn't get a connection after 10.00 sec"), RedisConnectionError("Connection refused")],
    ids=["database", "redis"],
)
def test_a_post_while_a_backend_is_away_answers_503_with_retry_after(client, monkeypatch, error):
    _lookup_fails_with(monkeypatch, error)

    answer = client.post(
        f"/live/p/{TOKEN}/ideas/", data="{}", content_type="application/json", HTTP_ACCEPT="application/json"
    )

    assert (answer.status_code, answer["Retry-After"], answer["Cache-Control"]) == (
        503,
        str(RETRY_AFTER_SECONDS),
        "no-store",
    )
    assert "gespeichert" in answer.json()["error"]


def test_a_page_while_the_database_is_away_is_a_small_page_in_english_under_en(client, monkeypatch):
    _lookup_fails_with(monkeypatch, OperationalError("server closed the connection unexpectedly"))

    answer = client.get(f"/en/live/p/{TOKEN}/", HTTP_ACCEPT="text/html")

    page = answer.content.decode()
    assert (answer.status_code, answer["Content-Type"]) == (503, "text/html; charset=utf-8")
    assert '<html lang="en">' in page
    assert 'name="viewport"' in page
    assert "kept on your phone" in page


def test_any_other_error_is_still_the_500_page(client, monkeypatch):
    _lookup_fails_with(monkeypatch, RuntimeError("a bug"))

    answer = client.get(f"/live/p/{TOKEN}/", HTTP_ACCEPT="text/html")

    assert answer.status_code == 500
    assert "Da ist etwas schiefgegangen" in answer.content.decode()
