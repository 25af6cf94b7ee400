"""The seating plan in the product: computed from the café's rows, swapped by hand, locked, exported."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import ParticipantFactory
from weltcafe.cafe.models import Seat
from weltcafe.cafe.services import rounds as cafe_rounds
from weltcafe.cafe.services import seating
from weltcafe.cafe.services import setup as services
from weltcafe.events.models import Organisation

pytestmark = pytest.mark.integration


@pytest.fixture
def cafe(event):
    """12 people in 4 organisations of 3, 3 topics with a host each, 3 rounds, mixed anew each round."""
    organisations = [
        Organisation.objects.create(event=event, name=f"Org {i}", region=region, kind="company", sort_name=f"org{i}")
        for i, region in enumerate(["SN", "BY", "NW", "HH"])
    ]
    people = [ParticipantFactory(event=event, organisation=organisations[i % 4]) for i in range(12)]
    cafe = services.configure_cafe(event=event, mode="mix", round_count=3, tables_per_topic=1, table_capacity=5)
    for number, title in enumerate(["Energie", "Fachkräfte", "Lieferketten"]):
        services.add_topic(cafe=cafe, title=title, hosts=[people[number]])
    return cafe


def _tables_of(cafe, participant):
    return list(
        Seat.objects.filter(participant=participant, round__cafe=cafe)
        .order_by("round__index")
        .values_list("table__number", flat=True)
    )


def test_plan_seats_everyone_once_per_round_hosts_stay_and_colleagues_sit_apart(cafe):
    plan = seating.plan_seating(cafe=cafe, seed=1, time_limit=2)

    seats = list(Seat.objects.filter(round__cafe=cafe).select_related("participant", "table"))
    assert len(seats) == 12 * 3
    assert {(s.participant_id, s.round_id) for s in seats}.__len__() == 36
    for topic in cafe.topics.all():
        assert set(_tables_of(cafe, topic.hosts[0])) == {topic.tables.get().number}
    hosts = set(cafe.tables.exclude(host=None).values_list("host_id", flat=True))
    by_cell: dict = {}
    for seat in seats:
        if seat.participant_id not in hosts:
            by_cell.setdefault((seat.round_id, seat.table_id), []).append(seat.participant.organisation_id)
    assert all(len(orgs) == len(set(orgs)) for orgs in by_cell.values())
    cafe.refresh_from_db()
    assert (plan.score.violations, cafe.plan_summary["violations"]) == (0, 0)


def test_plan_is_deterministic_for_a_seed(cafe):
    seating.plan_seating(cafe=cafe, seed=7, time_limit=2)
    first = sorted(Seat.objects.filter(round__cafe=cafe).values_list("participant_id", "round__index", "table__number"))
    seating.plan_seating(cafe=cafe, seed=7, time_limit=2)
    second = sorted(
        Seat.objects.filter(round__cafe=cafe).values_list("participant_id", "round__index", "table__number")
    )

    assert first == second


def test_too_few_seats_is_refused_in_german_and_writes_nothing(cafe, event):
    ParticipantFactory.create_batch(5, event=event)

    with pytest.raises(ValidationError, match="17 Personen, aber nur 15 Plätze"):
        seating.plan_seating(cafe=cafe)
    assert not Seat.objects.exists()


def test_swap_exchanges_tables_and_rescores(cafe):
    seating.plan_seating(cafe=cafe, seed=1, time_limit=2)
    hosts = set(cafe.tables.exclude(host=None).values_list("host_id", flat=True))
    seats = [s for s in Seat.objects.filter(round__cafe=cafe, round__index=2) if s.participant_id not in hosts]
    first = seats[0]
    second = next(s for s in seats if s.table_id != first.table_id)

    summary = seating.swap_seats(
        cafe=cafe, round_index=2, first_id=first.participant_id, second_id=second.participant_id
    )

    assert Seat.objects.get(pk=first.pk).table_id == second.table_id
    assert Seat.objects.get(pk=second.pk).table_id == first.table_id
    assert summary == cafe.__class__.objects.get(pk=cafe.pk).plan_summary


def test_swap_refuses_hosts_same_table_and_locked_plans(cafe):
    seating.plan_seating(cafe=cafe, seed=1, time_limit=2)
    host = cafe.topics.first().hosts[0]
    other = Seat.objects.filter(round__cafe=cafe, round__index=1).exclude(table__host=host).first()

    with pytest.raises(ValidationError, match="Gastgebende"):
        seating.swap_seats(cafe=cafe, round_index=1, first_id=host.pk, second_id=other.participant_id)
    seating.lock_plan(cafe=cafe)
    with pytest.raises(ValidationError, match="festgeschrieben"):
        seating.swap_seats(cafe=cafe, round_index=1, first_id=other.participant_id, second_id=host.pk)
    with pytest.raises(ValidationError, match="festgeschrieben"):
        seating.plan_seating(cafe=cafe)


def test_locked_plan_blocks_layout_changes_until_discarded(cafe, event):
    seating.plan_seating(cafe=cafe, seed=1, time_limit=2)

    with pytest.raises(ValidationError):
        services.configure_cafe(event=event, mode="mix", round_count=4, tables_per_topic=1, table_capacity=5)
    seating.discard_plan(cafe=cafe)
    services.configure_cafe(event=event, mode="mix", round_count=4, tables_per_topic=1, table_capacity=5)

    assert cafe.rounds.count() == 4


def test_plan_page_runs_swaps_locks_and_exports(organiser_client, cafe, event):
    base = {"slug": event.slug}
    organiser_client.post(reverse("orga:plan_run", kwargs=base), {"seed": 3, "time_limit": 1})
    page = organiser_client.get(reverse("orga:plan", kwargs=base))
    organiser_client.post(reverse("orga:plan_lock", kwargs=base), {"action": "lock"})
    export = organiser_client.get(reverse("orga:plan_export", kwargs=base))

    assert page.status_code == 200
    assert "Wer sitzt wo" in page.content.decode()
    cafe.refresh_from_db()
    assert cafe.plan_locked
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Runde;Tisch;Thema;Name;Organisation;Bundesland;Gastgebend"
    assert len(lines) == 1 + 36


def test_plan_page_queries_do_not_grow_with_people(organiser_client, cafe, event):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("orga:plan", kwargs={"slug": event.slug})
    seating.plan_seating(cafe=cafe, seed=1, time_limit=1)
    with CaptureQueriesContext(connection) as few:
        organiser_client.get(url)
    seating.discard_plan(cafe=cafe)
    ParticipantFactory.create_batch(3, event=event)
    seating.plan_seating(cafe=cafe, seed=1, time_limit=1)
    with CaptureQueriesContext(connection) as more:
        organiser_client.get(url)

    assert len(more) == len(few)


def test_other_organiser_cannot_touch_the_plan(client, other_organiser, cafe, event):
    client.force_login(other_organiser)

    for name in ("orga:plan", "orga:plan_export"):
        assert client.get(reverse(name, kwargs={"slug": event.slug})).status_code == 404
    assert client.post(reverse("orga:plan_run", kwargs={"slug": event.slug})).status_code == 404
    assert not Seat.objects.exists()


def test_plan_cannot_change_once_the_cafe_runs(cafe):

    seating.plan_seating(cafe=cafe, seed=1, time_limit=1)
    cafe_rounds.start_round(cafe=cafe, index=1)
    before = sorted(Seat.objects.filter(round__cafe=cafe).values_list("participant_id", "round_id", "table_id"))

    for change in (
        lambda: seating.plan_seating(cafe=cafe, seed=2, time_limit=1),
        lambda: seating.discard_plan(cafe=cafe),
    ):
        with pytest.raises(ValidationError, match="Das Café läuft schon"):
            change()
    assert sorted(Seat.objects.filter(round__cafe=cafe).values_list("participant_id", "round_id", "table_id")) == before
