"""Organiser pages ask the database the same number of times for one topic as for three: no query per row, and
none fired from a template (pretalx's 1-and-3 guard against N+1 queries)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CafeFactory, EventFactory, TableFactory, TopicFactory

pytestmark = pytest.mark.integration


def _event_with_topics(organiser, count: int):
    event = EventFactory(organisers=[organiser])
    cafe = CafeFactory(event=event)
    for number in range(count):
        topic = TopicFactory(cafe=cafe, position=number)
        TableFactory(cafe=cafe, topic=topic, number=2 * number + 1)
        TableFactory(cafe=cafe, topic=topic, number=2 * number + 2)
    return event


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("route", ["orga:cafe", "orga:plan", "orga:event_detail", "orga:live"])
def test_organiser_page_queries_do_not_grow_with_topics(organiser_client, organiser, route):
    one = _event_with_topics(organiser, 1)
    three = _event_with_topics(organiser, 3)

    counts = [_queries(organiser_client, reverse(route, kwargs={"slug": event.slug})) for event in (one, three)]

    assert counts[0] == counts[1]
