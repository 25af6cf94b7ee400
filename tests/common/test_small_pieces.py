"""The small shared pieces of `common`: rate-limit bookkeeping, the id converter, the printed address, device
cookies, damaged rows in lists, JSON numbers, masking of log records built in other ways, the health check."""

from __future__ import annotations

import logging
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from weltcafe.common.json_body import JsonBodyError, parse_json_object, read_json_object
from weltcafe.common.listing import rendered_rows
from weltcafe.common.log_masking import MaskTokens
from weltcafe.common.private_cookies import set_private_cookie
from weltcafe.common.site_address import base_url_for, is_loopback
from weltcafe.common.throttle import Lockout, RateLimit, _cache_key
from weltcafe.common.url_ids import IdConverter

TOKEN = "Xq7Rk2mN9pL4vB8cD1fG6hJ3kS5tW0yZaEuIoPqRsTu"


# --- throttle ---------------------------------------------------------------------------------------------------
@pytest.mark.unit
def test_rate_limit_counts_refunds_and_resets_one_key_only():
    limit = RateLimit(name="test-small", limit=3, window_seconds=60)
    for _ in range(3):
        limit.hit("ana@example.org")
    limit.hit("ben@example.org")

    limit.refund("ana@example.org")
    after_refund = limit.hits("ana@example.org")
    limit.reset("ana@example.org")

    assert (after_refund, limit.hits("ana@example.org"), limit.hits("ben@example.org")) == (2, 0, 1)


@pytest.mark.unit
def test_rate_limit_refund_after_the_window_ended_is_harmless():
    limit = RateLimit(name="test-small", limit=3, window_seconds=60)

    limit.refund("nobody")

    assert limit.hits("nobody") == 0


@pytest.mark.unit
def test_rate_limits_of_different_names_do_not_share_counts():
    first, second = RateLimit("first", 1, 60), RateLimit("second", 1, 60)

    first.hit("key")

    assert (first.hits("key"), second.hits("key")) == (1, 0)


@pytest.mark.unit
def test_cache_keys_never_hold_the_key_in_plain_text():
    RateLimit(name="login", limit=5, window_seconds=60).hit("ana@example.org")

    key = _cache_key("rate", "login", "ana@example.org")

    assert "ana" not in key
    assert key.startswith("weltcafe:rate:login:")
    assert cache.get(key) == 1


@pytest.mark.unit
def test_lockout_tells_a_locked_key_how_long_is_left_and_reset_opens_it():
    lockout = Lockout(name="test-small", limit=1, window_seconds=60, first_lock_seconds=120)
    lockout.attempt("key")
    first_refusal = lockout.attempt("key")

    again = lockout.attempt("key")
    lockout.reset("key")

    assert first_refusal.retry_after_seconds == 120
    assert again.allowed is False
    assert 1 <= again.retry_after_seconds <= 121
    assert lockout.attempt("key").allowed is True


@pytest.mark.unit
def test_lockout_reset_forgets_the_strikes_too():
    lockout = Lockout(name="test-small", limit=1, window_seconds=60, first_lock_seconds=60)
    lockout.attempt("key")
    lockout.attempt("key")  # first strike: 60 s
    lockout.reset("key")
    lockout.attempt("key")

    refused = lockout.attempt("key")

    assert refused.retry_after_seconds == 60  # not doubled: the earlier strike is forgotten


# --- url ids ----------------------------------------------------------------------------------------------------
@pytest.mark.unit
@pytest.mark.parametrize(("value", "route"), [("1", True), ("9" * 18, True), ("9" * 19, False), ("-1", False)])
def test_id_converter_takes_one_to_eighteen_digits(value, route):
    matched = re.fullmatch(IdConverter.regex, value) is not None

    assert matched is route
    if route:
        assert IdConverter().to_python(value) == int(value)


@pytest.mark.unit
def test_id_converter_writes_ids_without_leading_zeros():
    assert (IdConverter().to_url(7), IdConverter().to_url("007")) == ("7", "7")


@pytest.mark.integration
def test_reverse_refuses_an_id_longer_than_eighteen_digits():
    with pytest.raises(NoReverseMatch):
        reverse("orga:agenda_item_edit", kwargs={"slug": "treffen", "item_id": 10**19})


# --- site address -----------------------------------------------------------------------------------------------
@pytest.mark.unit
@pytest.mark.parametrize(("url", "loopback"), [
    ("http://127.0.0.1:8000", True),
    ("http://localhost", True),
    ("http://[::1]:8000/", True),
    ("http://0.0.0.0:8000", True),
    ("https://cafe.example.org", False),
    ("http://192.168.1.20:8000", False),
    ("", False),
])
def test_is_loopback(url, loopback):
    assert is_loopback(url) is loopback


@pytest.mark.unit
@pytest.mark.parametrize(("configured", "host", "expected"), [
    # Still the default, but the organiser's laptop was reached in the venue network: phones can reach that.
    ("http://127.0.0.1:8000", "192.168.1.20:8000", "http://192.168.1.20:8000"),
    ("http://127.0.0.1:8000/", "localhost:8000", "http://127.0.0.1:8000"),
    # A configured public address always wins, whatever name the organiser used.
    ("https://cafe.example.org/", "192.168.1.20:8000", "https://cafe.example.org"),
])
def test_base_url_for_prefers_an_address_phones_can_reach(settings, configured, host, expected):
    settings.WELTCAFE_BASE_URL = configured
    settings.ALLOWED_HOSTS = ["*"]

    assert base_url_for(RequestFactory().get("/", HTTP_HOST=host)) == expected


# --- private cookies ---------------------------------------------------------------------------------------------
@pytest.mark.unit
@pytest.mark.parametrize("secure", [False, True])
def test_private_cookie_is_signed_with_its_own_name_httponly_and_lax(settings, secure):
    settings.SESSION_COOKIE_SECURE = secure
    response = HttpResponse()

    set_private_cookie(response, "weltcafe_device", TOKEN, max_age=3600)

    cookie = response.cookies["weltcafe_device"]
    assert (cookie["httponly"], cookie["samesite"], bool(cookie["secure"]), cookie["max-age"]) == (
        True, "Lax", secure, 3600
    )
    assert cookie.value != TOKEN  # signed, not the bare token
    request = RequestFactory().get("/")
    request.COOKIES["weltcafe_device"] = cookie.value
    assert request.get_signed_cookie("weltcafe_device", salt="weltcafe_device") == TOKEN
    assert request.get_signed_cookie("weltcafe_device", default="", salt="weltcafe_table") == ""


# --- listing ----------------------------------------------------------------------------------------------------
class _Row:
    def __init__(self, pk: int, title: object) -> None:
        self.pk, self.title = pk, title


@pytest.mark.unit
def test_rendered_rows_leaves_out_damaged_rows_and_logs_each(caplog):
    rows = [_Row(1, "Treffen"), _Row(2, None), _Row(3, "Werkstatt")]

    with caplog.at_level(logging.WARNING, logger="weltcafe.common.listing"):
        items = rendered_rows(rows, lambda row: row.title.upper(), page="home")

    assert items == ["TREFFEN", "WERKSTATT"]
    assert [record.getMessage() for record in caplog.records] == [
        "home: skipped damaged _Row 2 (AttributeError: 'NoneType' object has no attribute 'upper')"
    ]


@pytest.mark.unit
def test_rendered_rows_lets_other_errors_through():
    # Only the errors of a damaged row are caught; a bug elsewhere must still surface.
    def build(row):
        raise RuntimeError("not a damaged row")

    with pytest.raises(RuntimeError):
        rendered_rows([_Row(1, "x")], build, page="home")


# --- json numbers -----------------------------------------------------------------------------------------------
@pytest.mark.unit
@pytest.mark.parametrize("raw", [b'{"count": NaN}', b'{"count": Infinity}', b'{"count": -Infinity}',
                                 b'{"count": 1e400}'])
def test_json_body_refuses_numbers_no_phone_sends(raw):
    with pytest.raises(JsonBodyError, match="kein gültiges JSON"):
        parse_json_object(raw)


@pytest.mark.unit
def test_json_body_refuses_a_list_nested_past_the_limit_and_reads_a_request():
    request = RequestFactory().post("/", b'{"count": 2.5, "ok": [1, [2]]}', content_type="application/json")

    assert read_json_object(request) == {"count": 2.5, "ok": [1, [2]]}
    with pytest.raises(JsonBodyError, match="zu tief"):
        parse_json_object(b'{"a": ' + b"[" * 8 + b"]" * 8 + b"}")


# --- log masking ------------------------------------------------------------------------------------------------
@pytest.mark.unit
def test_mask_filter_masks_dict_arguments_and_a_traceback_already_formatted():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %(path)s",
                               ({"path": f"/live/p/{TOKEN}/", "status": 404},), None)
    record.exc_text = f"Traceback …\n  GET /live/t/{TOKEN}/state/"

    MaskTokens().filter(record)

    assert record.getMessage() == "Not Found: /live/p/Xq7R…/"
    assert record.args["status"] == 404
    assert TOKEN not in record.exc_text
    assert "/live/t/Xq7R…" in record.exc_text


# --- health -----------------------------------------------------------------------------------------------------
@pytest.mark.integration
def test_health_answers_with_the_database_it_reached(client, db):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}


@pytest.mark.parametrize(("page_language", "expected"), [("de", ""), ("en", ' lang="de"')])
def test_contents_are_marked_with_the_events_language_on_pages_in_the_other(page_language, expected):
    from types import SimpleNamespace

    from django.utils import translation

    from weltcafe.common.templatetags.content_language import content_lang

    with translation.override(page_language):
        assert str(content_lang(SimpleNamespace(language="de"))) == expected
