"""The retention period, `weltcafe anonymise` and the anonymous organisation pools, on small factory-built events."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.factories import (
    CafeFactory,
    EventFactory,
    OrganisationFactory,
    ParticipantFactory,
    SpeedSessionFactory,
    TableFactory,
)
from weltcafe.cafe.models import Cafe, Table
from weltcafe.events import organisation_pools
from weltcafe.events.models import Event, Organisation, Participant
from weltcafe.networking.speed.models import SpeedSession
from weltcafe.privacy import retention

pytestmark = pytest.mark.integration


def _end_of_retention(event: Event) -> object:
    return event.ends_at + timedelta(days=event.retention_days)


# --- when -------------------------------------------------------------------------------------------------------
def test_an_event_is_due_exactly_when_its_retention_period_ends(db):
    event = EventFactory(retention_days=7)

    assert retention.due(_end_of_retention(event) - timedelta(seconds=1)) == []
    assert retention.due(_end_of_retention(event)) == [event]


def test_due_skips_anonymised_events_and_orders_by_end(db):
    later = EventFactory(retention_days=1)
    earlier = EventFactory(retention_days=1, starts_at=later.starts_at - timedelta(days=3),
                           ends_at=later.ends_at - timedelta(days=3))
    done = EventFactory(retention_days=1)
    retention.anonymise_event(done)

    assert retention.due(_end_of_retention(later) + timedelta(days=1)) == [earlier, later]


def test_each_event_keeps_its_own_retention_period(db):
    short = EventFactory(retention_days=1)
    long = EventFactory(retention_days=365)

    assert retention.due(_end_of_retention(short)) == [short]
    assert long not in retention.due(_end_of_retention(short) + timedelta(days=30))


def test_dry_run_counts_the_people_and_changes_nothing(db):
    event = EventFactory(retention_days=1)
    ParticipantFactory.create_batch(3, event=event)
    names = sorted(Participant.objects.values_list("name", flat=True))

    outcomes = retention.anonymise_due(_end_of_retention(event), dry_run=True)

    assert outcomes == [retention.Outcome(event=event.slug, participants=3)]
    assert sorted(Participant.objects.values_list("name", flat=True)) == names
    assert Event.objects.get(pk=event.pk).anonymised_at is None


# --- what -------------------------------------------------------------------------------------------------------
def test_anonymising_an_event_numbers_people_renews_links_and_drops_unused_organisations(db):
    event = EventFactory()
    people = ParticipantFactory.create_batch(3, event=event)
    unused = OrganisationFactory(event=event, name="Niemand GmbH")
    table = TableFactory(topic__cafe=CafeFactory(event=event))
    wall, sign = table.cafe.wall_token, table.access_token
    other = ParticipantFactory(name="Anderes Treffen")

    outcome = retention.anonymise_event(event)

    assert outcome == retention.Outcome(event=event.slug, participants=3)
    assert list(Participant.objects.filter(event=event).order_by("pk").values_list("name", flat=True)) == [
        "Teilnehmende 1", "Teilnehmende 2", "Teilnehmende 3"
    ]
    assert not Organisation.objects.filter(pk=unused.pk).exists()
    assert Cafe.objects.get(pk=table.cafe.pk).wall_token != wall
    assert Table.objects.get(pk=table.pk).access_token != sign
    assert Event.objects.get(pk=event.pk).anonymised_at is not None
    assert Participant.objects.get(pk=other.pk).name == "Anderes Treffen"
    assert {person.pk for person in people} == set(Participant.objects.filter(event=event).values_list("pk", flat=True))


def test_anonymising_forgets_the_organisation_names_in_the_speed_plan(db):
    event = EventFactory()
    session = SpeedSessionFactory(event=event, plan_summary={"people": 12, "unsplittable": ["Optronik Jena GmbH"]})

    retention.anonymise_event(event)

    assert SpeedSession.objects.get(pk=session.pk).plan_summary == {"people": 12, "unsplittable": []}


# --- pools ------------------------------------------------------------------------------------------------------
def test_pool_names_are_german_whatever_language_is_active():
    with translation.override("en"):
        names = [organisation_pools.pool_name("company", "SN"), organisation_pools.pool_name("", "")]

    assert names == ["Anonym (Unternehmen, Sachsen)", "Anonym (ohne Angabe, ohne Angabe)"]


def test_an_organisation_goes_into_the_pool_when_its_last_person_does(db):
    event = EventFactory()
    first, second = (OrganisationFactory(event=event, kind="company", region="SN") for _ in range(2))
    ana, ben = ParticipantFactory(event=event, organisation=first), ParticipantFactory(event=event, organisation=first)
    cleo = ParticipantFactory(event=event, organisation=second)

    organisation_pools.move_to_pools([ana.pk])
    pool = Organisation.objects.get(event=event, pooled_organisations__isnull=False)
    kept = (Organisation.objects.filter(pk=first.pk).exists(), pool.pooled_organisations)
    organisation_pools.move_to_pools([ben.pk, cleo.pk])

    assert kept == (True, 0)  # Ben is still in it: it stays, and is not counted twice
    assert not Organisation.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert Organisation.objects.get(pk=pool.pk).pooled_organisations == 2
    assert set(Participant.objects.values_list("organisation", flat=True)) == {pool.pk}


def test_pools_are_per_kind_and_bundesland_and_per_event(db):
    event, other_event = EventFactory(), EventFactory()
    people = [
        ParticipantFactory(event=event, organisation=OrganisationFactory(event=event, kind="company", region="SN")),
        ParticipantFactory(event=event, organisation=OrganisationFactory(event=event, kind="company", region="TH")),
        ParticipantFactory(event=event, organisation=OrganisationFactory(event=event, kind="union", region="SN")),
        ParticipantFactory(event=other_event,
                           organisation=OrganisationFactory(event=other_event, kind="company", region="SN")),
    ]

    organisation_pools.move_to_pools([person.pk for person in people])

    pools = Organisation.objects.filter(pooled_organisations__isnull=False)
    assert sorted((pool.event_id == event.pk, pool.kind, pool.region, pool.pooled_organisations) for pool in pools) == [
        (False, "company", "SN", 1), (True, "company", "SN", 1), (True, "company", "TH", 1), (True, "union", "SN", 1)
    ]


def test_people_already_in_a_pool_or_without_organisation_stay_where_they_are(db):
    event = EventFactory()
    ParticipantFactory(event=event, organisation=OrganisationFactory(event=event, kind="company", region="SN"))
    organisation_pools.move_to_pools(Participant.objects.values_list("pk", flat=True))
    pooled = Participant.objects.get()
    loner = ParticipantFactory(event=event, organisation=None)
    before = list(Organisation.objects.values_list("pk", "name", "pooled_organisations"))

    organisation_pools.move_to_pools([pooled.pk, loner.pk])

    assert list(Organisation.objects.values_list("pk", "name", "pooled_organisations")) == before
    assert Participant.objects.get(pk=loner.pk).organisation is None


def test_drop_empty_organisations_keeps_pools_and_organisations_with_people(db):
    event = EventFactory()
    OrganisationFactory.create_batch(2, event=event)
    with_people = ParticipantFactory(event=event).organisation
    pool = Organisation.objects.create(event=event, name="Anonym (x)", pooled_organisations=3)

    deleted = organisation_pools.drop_empty_organisations(event)

    assert deleted == 2
    assert set(Organisation.objects.filter(event=event).values_list("pk", flat=True)) == {with_people.pk, pool.pk}


# --- the command ------------------------------------------------------------------------------------------------
def test_command_anonymises_one_event_now_whatever_its_retention_period(db):
    event = EventFactory(retention_days=3650)
    ParticipantFactory.create_batch(2, event=event)
    out = StringIO()

    call_command("anonymise", "--event", event.slug, "--dry-run", stdout=out)
    unchanged = Event.objects.get(pk=event.pk).anonymised_at
    call_command("anonymise", "--event", event.slug, stdout=out)

    assert out.getvalue().splitlines() == [
        f"{event.slug}: 2 Teilnehmende würde anonymisiert",
        f"{event.slug}: 2 Teilnehmende anonymisiert",
    ]
    assert unchanged is None
    assert Event.objects.get(pk=event.pk).anonymised_at is not None


@pytest.mark.parametrize(("arguments", "message"), [
    (["--event", "gibt-es-nicht"], "gibt-es-nicht"),
    (["--now", "gestern"], "not an ISO 8601 time"),
])
def test_command_refuses_an_unknown_event_and_an_unreadable_time(db, arguments, message):
    ParticipantFactory()

    with pytest.raises(CommandError, match=message):
        call_command("anonymise", *arguments, stdout=StringIO())

    assert Event.objects.filter(anonymised_at__isnull=False).count() == 0
