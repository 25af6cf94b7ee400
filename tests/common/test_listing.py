"""One damaged event (a slug no URL accepts, an unknown time zone, a report text of the wrong shape) is left out of
every page that lists many events instead of answering 500 for everyone, and it can be deleted in the admin."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import icalendar
import pytest
from django.db.models import RestrictedError
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory, ParticipantFactory, UserFactory
from weltcafe.documents.models import Report
from weltcafe.events.models import Event, Organisation, Participant

pytestmark = pytest.mark.integration


@pytest.fixture
def good_and_damaged(db):
    """Two upcoming published events with published reports; the second is damaged after it was written."""
    soon = timezone.now() + timedelta(days=7)
    good = EventFactory(title="Intaktes Treffen", starts_at=soon, ends_at=soon + timedelta(hours=3))
    damaged = EventFactory(title="Kaputtes Treffen", starts_at=soon, ends_at=soon + timedelta(hours=3))
    for event in (good, damaged):
        Report.objects.create(event=event, title=f"Bericht {event.title}", intro="Kurz.",
                              published_at=timezone.now())
    return good, damaged


def _damage(event: Event, **fields) -> None:
    Event.objects.filter(pk=event.pk).update(**fields)  # what the old import wrote unchecked


@pytest.mark.parametrize("damage", [{"slug": "x y"}, {"time_zone": "Mars/Olympus"}])
def test_public_lists_skip_a_damaged_event(client, good_and_damaged, damage):
    _good, damaged = good_and_damaged
    _damage(damaged, **damage)

    home = client.get("/")
    ics = client.get(reverse("public:calendar_feed"))
    rss = client.get(reverse("public:feed_rss"))
    atom = client.get(reverse("public:feed_atom"))
    english = client.get("/en/")

    assert [home.status_code, english.status_code, ics.status_code, rss.status_code, atom.status_code] == [200] * 5
    assert "Intaktes Treffen" in home.content.decode()
    summaries = [str(vevent["SUMMARY"]) for vevent in icalendar.Calendar.from_ical(ics.content).walk("VEVENT")]
    assert "Intaktes Treffen" in summaries
    titles = [entry.title for entry in feedparser.parse(atom.content).entries]
    assert sorted(title for title in titles if "Intaktes" in title) == [
        "Bericht Intaktes Treffen", "Save the Date: Intaktes Treffen"]
    if damage.get("slug"):
        assert "Kaputtes Treffen" not in home.content.decode()
        assert "Kaputtes Treffen" not in summaries


def test_feeds_skip_a_report_with_damaged_topic_texts(client, good_and_damaged):
    _good, damaged = good_and_damaged
    Report.objects.filter(event=damaged).update(intro="", topic_texts=["kein", "Objekt"])

    rss = client.get(reverse("public:feed_rss"))
    atom = client.get(reverse("public:feed_atom"))

    assert (rss.status_code, atom.status_code) == (200, 200)
    titles = [entry.title for entry in feedparser.parse(atom.content).entries]
    assert "Bericht Intaktes Treffen" in titles
    assert "Bericht Kaputtes Treffen" not in titles


def test_superuser_event_list_skips_a_damaged_event(client, good_and_damaged):
    _good, damaged = good_and_damaged
    _damage(damaged, slug="x y")
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))

    response = client.get(reverse("orga:event_list"))

    assert response.status_code == 200
    assert "Intaktes Treffen" in response.content.decode()


def test_admin_deletes_an_event_with_participants_in_organisations(client, good_and_damaged):
    _good, damaged = good_and_damaged
    _damage(damaged, slug="x y")
    ParticipantFactory.create_batch(2, event=damaged)
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    url = reverse("admin:events_event_delete", args=[damaged.pk])

    confirm = client.get(url)
    response = client.post(url, {"post": "yes"})

    assert confirm.status_code == 200
    assert response.status_code == 302
    assert not Event.objects.filter(pk=damaged.pk).exists()
    assert not Participant.objects.filter(event_id=damaged.pk).exists()
    assert not Organisation.objects.filter(event_id=damaged.pk).exists()


def test_an_organisation_with_participants_still_cannot_be_deleted_alone(good_and_damaged):
    good, _damaged = good_and_damaged
    person = ParticipantFactory(event=good)

    with pytest.raises(RestrictedError):
        person.organisation.delete()

    assert Participant.objects.filter(pk=person.pk).exists()
