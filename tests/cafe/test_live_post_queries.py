"""What one idea costs the database: posting from a phone stays a small, fixed number of queries (the live café
takes 50 ideas a second; docs/live.md and bench/results/live_profile.md)."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.integration

# The link's participant (once, by the gate), the café, the seat with its table and round, and the insert in its
# savepoint; nothing else. The resend check only runs when a post is refused or its UUID is taken.
POST_IDEA_QUERIES = 6


def _post(client, place, kind: str, token: str):
    body = {"client_uuid": str(uuid.uuid4()), "table": place["table"].pk, "round": place["round"].pk, "text": "Idee"}
    url = reverse("live:post_idea", kwargs={"kind": kind, "token": token})
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    return captured


def test_an_idea_from_a_personal_link_costs_a_fixed_number_of_queries(client, place):
    captured = _post(client, place, "p", place["ana"].access_token)

    assert len(captured) <= POST_IDEA_QUERIES, "\n".join(query["sql"] for query in captured.captured_queries)
    participant_lookups = [q for q in captured.captured_queries if '"events_participant"."access_token" =' in q["sql"]]
    assert len(participant_lookups) == 1


def test_a_resend_costs_no_more_than_a_first_post_and_returns_the_stored_idea(client, place):
    body = {"client_uuid": str(uuid.uuid4()), "table": place["table"].pk, "round": place["round"].pk, "text": "Idee"}
    url = reverse("live:post_idea", kwargs={"kind": "p", "token": place["ana"].access_token})
    first = client.post(url, data=json.dumps(body), content_type="application/json")
    with CaptureQueriesContext(connection) as captured:
        again = client.post(url, data=json.dumps(body), content_type="application/json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["idea"]["id"] == first.json()["idea"]["id"]
    # the failed insert is rolled back (to its savepoint here), then the stored idea is read once
    assert len(captured) <= POST_IDEA_QUERIES + 2, "\n".join(query["sql"] for query in captured.captured_queries)
