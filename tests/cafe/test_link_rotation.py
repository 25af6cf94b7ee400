"""New links for the wall and the table signs: organisers only, POST only, the old token is dead at once; anonymisation
renews them too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import CafeFactory, EventFactory, RoundFactory, TableFactory, TopicFactory, UserFactory
from weltcafe.cafe.models import Cafe, Table
from weltcafe.privacy import retention

pytestmark = pytest.mark.integration


@pytest.fixture
def cafe(event) -> Cafe:
    cafe = CafeFactory(event=event)
    TableFactory(topic=TopicFactory(cafe=cafe), number=1)
    RoundFactory(cafe=cafe, index=1)
    return cafe


def _page(kind: str, token: str) -> str:
    return reverse("live:page", kwargs={"kind": kind, "token": token})


def _state(kind: str, token: str) -> str:
    return reverse("live:state", kwargs={"kind": kind, "token": token})


def _renew_table(slug: str, table: Table) -> str:
    return reverse("orga:live_table_renew", kwargs={"slug": slug, "table_id": table.pk})


def _renew_wall(slug: str) -> str:
    return reverse("orga:live_wall_renew", kwargs={"slug": slug})


def test_renew_table_link_kills_the_old_token_and_asks_for_a_new_sign(organiser_client, cafe):
    table = cafe.tables.get()
    old = table.access_token

    response = organiser_client.post(_renew_table(cafe.event.slug, table), follow=True)

    table.refresh_from_db()
    assert table.access_token != old
    assert organiser_client.get(_page("t", old)).status_code == 404
    assert organiser_client.get(_state("t", old)).status_code == 404
    assert organiser_client.get(_page("t", table.access_token)).status_code == 200
    assert "bitte drucken Sie das Tischschild neu" in response.content.decode()


def test_renew_wall_link_kills_the_old_token(organiser_client, cafe):
    old = cafe.wall_token

    organiser_client.post(_renew_wall(cafe.event.slug))

    cafe.refresh_from_db()
    assert cafe.wall_token != old
    assert organiser_client.get(_page("w", old)).status_code == 404
    assert organiser_client.get(_page("w", cafe.wall_token)).status_code == 200


def test_control_room_offers_new_links_for_the_wall_and_each_table(organiser_client, cafe):
    table = cafe.tables.get()

    html = organiser_client.get(reverse("orga:live", kwargs={"slug": cafe.event.slug})).content.decode()

    assert f'action="{_renew_wall(cafe.event.slug)}"' in html
    assert f'action="{_renew_table(cafe.event.slug, table)}"' in html


@pytest.mark.parametrize("target", ["table", "wall"])
def test_renew_link_anonymous_is_sent_to_login(client, cafe, target):
    url = _renew_table(cafe.event.slug, cafe.tables.get()) if target == "table" else _renew_wall(cafe.event.slug)
    tokens = (cafe.wall_token, cafe.tables.get().access_token)

    response = client.post(url)

    cafe.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert (cafe.wall_token, cafe.tables.get().access_token) == tokens


@pytest.mark.parametrize("target", ["table", "wall"])
def test_renew_link_by_a_non_organiser_is_403(client, cafe, target):
    client.force_login(UserFactory(username="guest"))
    url = _renew_table(cafe.event.slug, cafe.tables.get()) if target == "table" else _renew_wall(cafe.event.slug)

    assert client.post(url).status_code == 403


@pytest.mark.parametrize("target", ["table", "wall"])
def test_renew_link_of_another_organisers_event_is_404(client, other_organiser, cafe, target):
    client.force_login(other_organiser)
    tokens = (cafe.wall_token, cafe.tables.get().access_token)
    url = _renew_table(cafe.event.slug, cafe.tables.get()) if target == "table" else _renew_wall(cafe.event.slug)

    response = client.post(url)

    cafe.refresh_from_db()
    assert response.status_code == 404
    assert (cafe.wall_token, cafe.tables.get().access_token) == tokens


def test_renew_table_link_of_a_table_in_another_cafe_is_404(organiser_client, cafe):
    foreign = TableFactory(topic=TopicFactory(cafe=CafeFactory(event=EventFactory())), number=1)
    token = foreign.access_token

    response = organiser_client.post(_renew_table(cafe.event.slug, foreign))

    foreign.refresh_from_db()
    assert (response.status_code, foreign.access_token) == (404, token)


def test_renew_link_by_get_is_405(organiser_client, cafe):
    assert organiser_client.get(_renew_wall(cafe.event.slug)).status_code == 405


def test_anonymise_event_renews_the_wall_and_table_links(client, cafe):
    table = cafe.tables.get()
    old_wall, old_table = cafe.wall_token, table.access_token

    retention.anonymise_event(cafe.event)

    assert client.get(_page("w", old_wall)).status_code == 404
    assert client.get(_page("t", old_table)).status_code == 404
    cafe.refresh_from_db()
    table.refresh_from_db()
    assert (cafe.wall_token != old_wall, table.access_token != old_table) == (True, True)
