"""A photographed table sign cannot use up its table's idea limit: ideas from a table's link count per device (a
signed cookie the table page sets, else the client address), under a ceiling for the whole table."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories import CafeFactory, RoundFactory, TableFactory, TopicFactory
from weltcafe.cafe.access import TABLE_DEVICE_COOKIE
from weltcafe.cafe.models import Idea, Round, Table
from weltcafe.cafe.services import ideas as services
from weltcafe.cafe.services import rounds as cafe_rounds

pytestmark = pytest.mark.integration

TOO_MANY = {"error": "Sehr viele Ideen in kurzer Zeit – bitte warten Sie einen Moment."}


@pytest.fixture
def place(db) -> tuple[Table, Round]:
    cache.clear()
    cafe = CafeFactory()
    table = TableFactory(topic=TopicFactory(cafe=cafe), number=1)
    RoundFactory(cafe=cafe, index=1)
    yield table, cafe_rounds.start_round(cafe=cafe, index=1)
    cache.clear()


def _device(table: Table, address: str = "127.0.0.1", *, open_page: bool = True) -> Client:
    """A phone at the table: it opens the table's page (and so gets its device cookie) unless told otherwise."""
    client = Client(REMOTE_ADDR=address)
    if open_page:
        assert client.get(reverse("live:page", kwargs={"kind": "t", "token": table.access_token})).status_code == 200
    return client


def _post(client: Client, table: Table, round_: Round, text: str) -> tuple[int, dict]:
    body = {"client_uuid": str(uuid.uuid4()), "table": table.pk, "round": round_.pk, "text": text}
    response = client.post(
        reverse("live:post_idea", kwargs={"kind": "t", "token": table.access_token}),
        data=json.dumps(body),
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_table_link_one_device_hits_its_limit_while_another_at_the_table_still_posts(place):
    table, round_ = place
    photo, table_tablet = _device(table), _device(table)  # same address: the cookie tells them apart

    first_twelve = [_post(photo, table, round_, f"Foto {n}")[0] for n in range(12)]
    thirteenth = _post(photo, table, round_, "Foto 13")
    other_device = _post(table_tablet, table, round_, "Vom Tisch")[0]

    assert first_twelve == [201] * 12
    assert thirteenth == (429, TOO_MANY)
    assert other_device == 201
    assert Idea.objects.filter(table=table).count() == 13


def test_table_link_refused_posts_do_not_count_against_the_tables_ceiling(place):
    table, round_ = place
    photo = _device(table)

    statuses = [_post(photo, table, round_, f"Foto {n}")[0] for n in range(20)]

    assert statuses == [201] * 12 + [429] * 8
    assert services.TABLE_IDEAS_PER_MINUTE.hits(f"table:{table.pk}") == 12


def test_table_link_without_the_cookie_counts_per_address(place):
    table, round_ = place
    script, neighbour = _device(table, "203.0.113.7", open_page=False), _device(table, "198.51.100.2", open_page=False)

    statuses = [_post(script, table, round_, f"Skript {n}")[0] for n in range(13)]
    neighbour_status = _post(neighbour, table, round_, "Nachbar")[0]

    assert statuses == [201] * 12 + [429]
    assert neighbour_status == 201


def test_table_link_ceiling_holds_for_the_whole_table(place):
    table, round_ = place
    ceiling = services.TABLE_IDEAS_PER_MINUTE.limit

    def capture(device: str) -> None:
        services.capture_idea(
            poster=services.Poster(cafe=table.cafe, table=table, device=device),
            client_uuid=uuid.uuid4(),
            text="Idee",
            table_id=table.pk,
            round_id=round_.pk,
        )

    for n in range(ceiling):
        capture(f"device:{n}")  # one idea from each of many devices
    with pytest.raises(services.RateLimitedError):
        capture("device:one-more")

    assert Idea.objects.filter(table=table).count() == ceiling


def test_table_page_sets_an_httponly_lax_device_cookie_once(place):
    table, _ = place
    client = Client()
    url = reverse("live:page", kwargs={"kind": "t", "token": table.access_token})

    first, reload = client.get(url), client.get(url)

    cookie = first.cookies[TABLE_DEVICE_COOKIE]
    assert (cookie["httponly"], cookie["samesite"]) == (True, "Lax")
    assert TABLE_DEVICE_COOKIE not in reload.cookies  # the device keeps its id, and with it its count
