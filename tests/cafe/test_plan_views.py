"""The seating plan page as the organiser uses it: a swap returns to its round, a stopped search says so and offers a
longer one, people without a seat are named."""

from __future__ import annotations

import pytest
from django.urls import reverse

from weltcafe.cafe.models import Cafe, Seat

pytestmark = pytest.mark.integration


@pytest.fixture
def plan_client(client, demo_cafe):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="orga"))
    return client


def test_a_swap_returns_to_the_round_it_changed(plan_client, demo_cafe):
    seats = list(
        Seat.objects.filter(round__cafe=demo_cafe, round__index=2)
        .exclude(participant__hosted_tables__isnull=False)
        .order_by("table__number")
    )
    first = seats[0]
    second = next(seat for seat in seats if seat.table_id != first.table_id)

    answer = plan_client.post(
        reverse("orga:plan_swap", kwargs={"slug": demo_cafe.event.slug}),
        {"round_index": 2, "first": first.participant_id, "second": second.participant_id, "colour": "kind"},
    )

    assert answer.status_code == 302
    assert answer["Location"].endswith("?colour=kind#plan-round-2")
    assert Seat.objects.get(pk=first.pk).table_id == second.table_id


def test_a_search_that_stopped_early_says_so_and_offers_to_search_longer(plan_client, demo_cafe):
    Cafe.objects.filter(pk=demo_cafe.pk).update(
        mode=Cafe.Mode.MIX,
        plan_summary={**demo_cafe.plan_summary, "repeats": 12, "zero_repeats_possible": True, "seconds": 2.0},
    )

    page = plan_client.get(reverse("orga:plan", kwargs={"slug": demo_cafe.event.slug})).content.decode()

    assert 'data-state="search-stopped"' in page
    assert "nach 2,0 s auf" in page
    assert "Länger suchen (30 s)" in page
    assert 'name="time_limit" value="30"' in page
