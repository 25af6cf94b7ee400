"""Calendar files, the upcoming-events calendar, feeds and "save the date" with its post drafts."""

from __future__ import annotations

from datetime import UTC, timedelta

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EventFactory
from weltcafe.demo.loading import load_demo
from weltcafe.documents.announce import posts
from weltcafe.events.models import Event

pytestmark = pytest.mark.integration


@pytest.fixture
def demo_event(db, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    result = load_demo()
    return Event.objects.get(slug=result.event_slug), result


def _lines(content: bytes) -> list[bytes]:
    assert content.endswith(b"\r\n")
    return content.split(b"\r\n")[:-1]


def test_event_ics_parses_validates_and_carries_the_agenda(client, demo_event):
    event, _ = demo_event
    response = client.get(reverse("public:event_ics", kwargs={"slug": event.slug}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert all(len(line) <= 75 for line in _lines(response.content))  # RFC 5545 line folding, in octets
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    (vevent,) = calendar.walk("VEVENT")
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        assert required in vevent
    assert vevent.decoded("DTSTART") == event.starts_at
    assert str(vevent["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    description = str(vevent["DESCRIPTION"])
    first = event.agenda_items.order_by("starts_at").first()
    assert f"{first.starts_at.astimezone(event.tzinfo):%H:%M} {first.title}" in description
    assert str(vevent["URL"]) == f"http://testserver/e/{event.slug}/"
    assert calendar.get_missing_tzids() == set()


def test_drafts_have_no_calendar_file_and_the_feed_lists_only_upcoming_published(client, demo_event):
    event, _ = demo_event
    past = EventFactory(status=Event.Status.PUBLISHED, starts_at=timezone.now() - timedelta(days=30),
                        ends_at=timezone.now() - timedelta(days=30, hours=-3))
    draft = EventFactory(status=Event.Status.DRAFT)
    soon = EventFactory(status=Event.Status.PUBLISHED, starts_at=timezone.now() + timedelta(days=60),
                        ends_at=timezone.now() + timedelta(days=60, hours=3))

    assert client.get(reverse("public:event_ics", kwargs={"slug": draft.slug})).status_code == 404
    feed = icalendar.Calendar.from_ical(client.get(reverse("public:calendar_feed")).content)
    uids = sorted(str(vevent["UID"]) for vevent in feed.walk("VEVENT"))

    expected = [soon, *([event] if event.ends_at > timezone.now() else [])]
    assert uids == sorted(f"event-{e.slug}@testserver" for e in expected)
    assert past.slug not in str(uids)
    assert str(feed["X-WR-CALNAME"])


def test_atom_and_rss_feeds_parse_and_announce_upcoming_events(client, demo_event):
    starts = timezone.now() + timedelta(days=60)
    soon = EventFactory(status=Event.Status.PUBLISHED, title="Herbsttreffen <Wasserstoff>",
                        starts_at=starts, ends_at=starts + timedelta(hours=3))
    for name in ("public:feed_atom", "public:feed_rss"):
        parsed = feedparser.parse(client.get(reverse(name)).content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        titles = [entry.title for entry in parsed.entries]
        assert "Save the Date: Herbsttreffen <Wasserstoff>" in titles
        link = next(entry.link for entry in parsed.entries if "Herbsttreffen" in entry.title)
        assert link.endswith(f"/e/{soon.slug}/vormerken/")


def test_save_the_date_page_links_google_outlook_and_ics(client, demo_event):
    event, _ = demo_event
    page = client.get(reverse("public:save_the_date", kwargs={"slug": event.slug})).content.decode()

    assert "calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert "outlook.office.com/calendar/0/deeplink/compose" in page
    assert reverse("public:event_ics", kwargs={"slug": event.slug}) in page
    assert event.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ") in page  # Google wants UTC


def test_post_drafts_fit_their_limits_even_for_long_titles(demo_event):
    event, _ = demo_event
    url = "https://weltcafe.example.org/e/netzwerktreffen-2022-resiliente-regionen/vormerken/"
    event.title = "Netzwerktreffen " + "Transformation der Automobilzulieferindustrie in Südwestsachsen " * 5
    event.venue = "Messe Chemnitz, Halle 2, Konferenzraum 3, Messeplatz 1, 09116 Chemnitz"

    short, long = posts.post_drafts(event, url)

    assert short.length <= 280
    assert url in short.text
    assert "#ResilienteRegionen" in short.text
    assert long.length <= 3000
    assert url in long.text
    assert "Aus dem Programm:" in long.text


def test_organiser_announce_page_offers_copyable_drafts(client, demo_event):
    event, result = demo_event
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=result.username))
    page = client.get(reverse("orga:announce", kwargs={"slug": event.slug})).content.decode()

    assert page.count("data-copy=") == 2
    assert "copy.js" in page
    assert f"/e/{event.slug}/vormerken/" in page


def test_feeds_carry_published_reports_only(client, demo_event, settings):
    from weltcafe.documents.report.services import generate_report, publish_report

    event, _ = demo_event
    report, _warnings = generate_report(event=event)
    before = feedparser.parse(client.get(reverse("public:feed_atom")).content)
    assert all(report.title not in entry.title for entry in before.entries)

    publish_report(report=report)
    parsed = feedparser.parse(client.get(reverse("public:feed_atom")).content)

    entry = next(e for e in parsed.entries if e.title == report.title)
    assert entry.link.endswith(report.get_absolute_url())
    assert entry.summary == report.summary_text()
