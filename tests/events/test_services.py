import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import EventFactory, OrganisationFactory, ParticipantFactory
from weltcafe.events import services
from weltcafe.events.models import Event, Organisation, Participant

pytestmark = pytest.mark.integration
BERLIN = dt.timezone(dt.timedelta(hours=1))


def test_create_event_adds_the_organiser_and_a_unique_slug(organiser):
    first = services.create_event(
        organiser=organiser,
        title="#ResilienteRegionen Treffen",
        starts_at=dt.datetime(2026, 3, 12, 10, tzinfo=BERLIN),
        ends_at=dt.datetime(2026, 3, 12, 12, tzinfo=BERLIN),
    )
    second = services.create_event(
        organiser=organiser,
        title="#ResilienteRegionen Treffen",
        starts_at=dt.datetime(2026, 3, 12, 10, tzinfo=BERLIN),
        ends_at=dt.datetime(2026, 3, 12, 12, tzinfo=BERLIN),
    )

    assert (first.slug, second.slug) == ("resilienteregionen-treffen", "resilienteregionen-treffen-2")
    assert list(first.organisers.all()) == [organiser]
    assert first.status == Event.Status.DRAFT


def test_create_event_ending_before_start_is_refused_and_writes_nothing(organiser):
    with pytest.raises(ValidationError):
        services.create_event(
            organiser=organiser,
            title="Falsch herum",
            starts_at=dt.datetime(2026, 3, 12, 12, tzinfo=BERLIN),
            ends_at=dt.datetime(2026, 3, 12, 10, tzinfo=BERLIN),
        )

    assert Event.objects.count() == 0


def test_update_event_refuses_unknown_fields(event):
    with pytest.raises(TypeError):
        services.update_event(event=event, slug="hijack")


def test_archive_and_restore_event(event):
    services.archive_event(event=event)
    archived = Event.objects.get(pk=event.pk).status
    services.restore_event(event=event)

    assert (archived, Event.objects.get(pk=event.pk).status) == (Event.Status.ARCHIVED, Event.Status.DRAFT)


def test_add_participant_reuses_organisation_case_insensitively_and_fills_gaps(event):
    OrganisationFactory(event=event, name="IHK Chemnitz", region="", kind="chamber")

    person = services.add_participant(
        event=event, data=services.ParticipantData(name="Anna", organisation="ihk chemnitz", region="SN")
    )

    organisation = Organisation.objects.get(event=event)
    assert (person.organisation, organisation.region, organisation.kind) == (organisation, "SN", "chamber")


def test_add_participant_with_taken_email_is_refused(event):
    ParticipantFactory(event=event, email="anna@example.org")

    with pytest.raises(ValidationError) as raised:
        services.add_participant(event=event, data=services.ParticipantData(name="Anna", email="ANNA@example.org"))

    assert "email" in raised.value.message_dict
    assert Participant.objects.filter(event=event).count() == 1


def test_same_email_at_another_event_is_fine(event):
    ParticipantFactory(event=EventFactory(), email="anna@example.org")

    person = services.add_participant(event=event, data=services.ParticipantData(name="Anna", email="anna@example.org"))

    assert person.event == event


def test_participant_access_tokens_are_long_and_distinct(event):
    people = ParticipantFactory.create_batch(20, event=event)

    tokens = {person.access_token for person in people}
    assert len(tokens) == 20
    assert min(len(token) for token in tokens) >= 43


def test_update_participant_keeps_email_unique(event):
    ParticipantFactory(event=event, email="a@example.org")
    other = ParticipantFactory(event=event, email="b@example.org")

    with pytest.raises(ValidationError):
        services.update_participant(participant=other, data=services.ParticipantData(name="B", email="a@example.org"))

    assert Participant.objects.get(pk=other.pk).email == "b@example.org"
