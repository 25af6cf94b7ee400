"""Ids in URLs: every route with an id answers a 30-digit id with 404, never 500 (OverflowError on SQLite)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from tests.factories import ParticipantFactory
from weltcafe.common.url_ids import IdConverter

pytestmark = pytest.mark.integration

HUGE = "9" * 30
LONGEST = "9" * 18  # still an id: the view must find nothing, not crash


def _routes(patterns=None, prefix: str = "", converters: dict | None = None):
    """(route, converters) of every endpoint, prefixes joined, without the language prefix."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = str(pattern.pattern)
        joined = {**(converters or {}), **pattern.pattern.converters}
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + route, joined)
        elif isinstance(pattern, URLPattern):
            yield prefix + route, joined


def _fill(route: str, values: dict[str, str], id_value: str) -> str:
    def value(match: re.Match) -> str:
        kind, name = match.group(1), match.group(2)
        return id_value if kind == "id" else values.get(name, "x")

    path = re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    return "/" + path.lstrip("^").rstrip("$")


def _id_routes() -> list[str]:
    return sorted(route for route, found in _routes() if any(isinstance(c, IdConverter) for c in found.values()))


def test_no_route_takes_an_unbounded_int():
    unbounded = sorted(route for route, found in _routes() if any(type(c) is IntConverter for c in found.values()))

    assert unbounded == []


def test_the_urlconf_has_id_routes_to_check():
    assert len(_id_routes()) >= 15


@pytest.mark.parametrize("id_value", [HUGE, LONGEST])
@pytest.mark.parametrize("logged_in", [False, True])
def test_routes_with_an_id_answer_huge_ids_with_404(client, organiser, event, id_value, logged_in):
    person = ParticipantFactory(event=event)
    values = {"slug": event.slug, "token": person.access_token, "kind": "p"}
    if logged_in:
        client.force_login(organiser)

    answers = {}
    for route in _id_routes():
        url = _fill(route, values, id_value)
        answers[url] = (client.get(url).status_code, client.post(url).status_code)

    allowed = {404} if id_value == HUGE else {302, 400, 403, 404, 405}
    assert {url: codes for url, codes in answers.items() if not set(codes) <= allowed} == {}
