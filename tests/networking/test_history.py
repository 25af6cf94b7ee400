"""Across a series: a participant's meetings (matched by e-mail, only with consent in both) and an organisation's
history for organisers (matched by folded name, only the organiser's own events)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    BERLIN,
    EventFactory,
    OrganisationFactory,
    ParticipantFactory,
    RoundFactory,
    TableFactory,
    UserFactory,
)
from tests.networking.conftest import phone, set_profile, url
from weltcafe.cafe.models import Idea
from weltcafe.documents.models import Report
from weltcafe.events.models import Event
from weltcafe.networking.queries import history
from weltcafe.networking.services import contacts, profiles

pytestmark = pytest.mark.integration

SPRING = dt.datetime(2026, 3, 10, 10, 0, tzinfo=BERLIN)


def earlier_meeting(meeting, *, organiser=None, status=Event.Status.PUBLISHED, starts_at=SPRING):
    organisers = [organiser] if organiser else list(meeting.event.organisers.all())
    return EventFactory(
        organisers=organisers, status=status, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=3)
    )


def test_my_meetings_matched_by_email_with_consent_in_both(meeting):
    spring = earlier_meeting(meeting)
    before = ParticipantFactory(event=spring, email="ANA@Example.org")
    set_profile(before, contactable=False)

    assert [p.event for p in history.my_meetings(meeting.ana)] == [meeting.event, spring]


def test_my_meetings_without_consent_in_the_other_event_only_this_one(meeting):
    spring = earlier_meeting(meeting)
    ParticipantFactory(event=spring, email="ana@example.org")  # no profile: no consent there

    assert [p.event for p in history.my_meetings(meeting.ana)] == [meeting.event]


def test_my_meetings_without_consent_here_only_this_one(meeting):
    spring = earlier_meeting(meeting)
    set_profile(ParticipantFactory(event=spring, email="cem@example.org"))

    assert [p.event for p in history.my_meetings(meeting.cem)] == [meeting.event]


def test_my_meetings_other_organisers_and_drafts_not_matched(meeting):
    foreign = earlier_meeting(meeting, organiser=UserFactory())
    draft = earlier_meeting(meeting, status=Event.Status.DRAFT)
    for event in (foreign, draft):
        set_profile(ParticipantFactory(event=event, email="ana@example.org"))

    assert [p.event for p in history.my_meetings(meeting.ana)] == [meeting.event]


def test_meetings_page_shows_meetings_contacts_and_follow_ups(meeting):
    spring = earlier_meeting(meeting)
    before = ParticipantFactory(event=spring, email="ana@example.org")
    friend = ParticipantFactory(event=spring, name="Frieda Altkontakt")
    set_profile(before)
    set_profile(friend)
    request = contacts.request_contact(sender=friend, recipient=before).request
    contacts.answer_request(recipient=before, request_id=request.pk, accept=True)
    Report.objects.create(
        event=spring,
        title="Bericht",
        next_meeting="Wir sehen uns im September in Leipzig.",
        published_at=timezone.now(),
    )

    page = phone(meeting.ana).get(url("network_meetings", meeting.ana)).content.decode()

    assert spring.title in page
    assert meeting.event.title in page
    assert "Frieda Altkontakt" in page
    assert "Wir sehen uns im September in Leipzig." in page
    assert reverse("public:report", kwargs={"slug": spring.slug}) in page


def test_meetings_page_unpublished_report_not_shown(meeting):
    spring = earlier_meeting(meeting)
    set_profile(ParticipantFactory(event=spring, email="ana@example.org"))
    Report.objects.create(event=spring, title="Bericht", next_meeting="Geheimer Entwurf")

    page = phone(meeting.ana).get(url("network_meetings", meeting.ana)).content.decode()

    assert "Geheimer Entwurf" not in page


def test_history_contacts_hidden_after_withdrawal(meeting):
    spring = earlier_meeting(meeting)
    before = ParticipantFactory(event=spring, email="ana@example.org")
    friend = ParticipantFactory(event=spring)
    set_profile(before)
    set_profile(friend)
    request = contacts.request_contact(sender=friend, recipient=before).request
    contacts.answer_request(recipient=before, request_id=request.pk, accept=True)

    profiles.withdraw_visibility(participant=friend)

    assert history.history(meeting.ana).contacts == []


# ----------------------------------------------------------------------------------------------- organisers
def test_organisation_history_across_own_events(meeting, organiser_client, organiser):
    organisation = meeting.ana.organisation
    spring = earlier_meeting(meeting)
    foreign = earlier_meeting(meeting, organiser=UserFactory())
    twin = OrganisationFactory(event=spring, name=organisation.name.upper() + " ", sort_name=organisation.sort_name)
    OrganisationFactory(event=foreign, name=organisation.name)
    people = ParticipantFactory.create_batch(2, event=spring, organisation=twin)
    table = TableFactory(topic__cafe__event=spring)
    round_ = RoundFactory(cafe=table.cafe)
    for text in ("Idee eins", "Idee zwei", "Idee drei"):
        Idea.objects.create(table=table, round=round_, text=text, author=people[0])
    Idea.objects.create(table=table, round=round_, text="weg", author=people[1], status=Idea.Status.HIDDEN)

    response = organiser_client.get(
        reverse("orga:network_organisation", kwargs={"slug": meeting.event.slug, "organisation_id": organisation.pk})
    )

    rows = [(row.event, row.people, row.ideas) for row in response.context["meetings"]]
    assert rows == [(meeting.event, 1, None), (spring, 2, 3)]  # one person: no idea count; foreign event absent


def test_organisation_pages_permissions(meeting, client, other_organiser):
    organisation = meeting.ana.organisation
    paths = [
        reverse("orga:network_organisations", kwargs={"slug": meeting.event.slug}),
        reverse("orga:network_organisation", kwargs={"slug": meeting.event.slug, "organisation_id": organisation.pk}),
    ]

    anonymous = [client.get(path).status_code for path in paths]
    client.force_login(UserFactory())
    not_organiser = [client.get(path).status_code for path in paths]
    client.force_login(other_organiser)
    other = [client.get(path).status_code for path in paths]

    assert (anonymous, not_organiser, other) == ([302, 302], [403, 403], [404, 404])


def test_organisation_of_other_event_is_404(meeting, organiser_client):
    elsewhere = OrganisationFactory()

    response = organiser_client.get(
        reverse("orga:network_organisation", kwargs={"slug": meeting.event.slug, "organisation_id": elsewhere.pk})
    )

    assert response.status_code == 404


def test_organisations_list_queries_do_not_grow(meeting, organiser_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = reverse("orga:network_organisations", kwargs={"slug": meeting.event.slug})
    with CaptureQueriesContext(connection) as four:
        organiser_client.get(path)
    OrganisationFactory.create_batch(3, event=meeting.event)
    with CaptureQueriesContext(connection) as seven:
        response = organiser_client.get(path)

    assert len(response.context["organisations"]) == 7
    assert len(four) == len(seven)
