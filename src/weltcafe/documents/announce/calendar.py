"""Calendar files (RFC 5545): one event with its agenda, and the subscribable feed of upcoming events.

Times are written with the event's own time zone (and its VTIMEZONE), so a calendar in another zone shows the
right local time; the description lists the agenda in the event's local time, which is what the printed programme
says.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe.common.listing import rendered_rows
from weltcafe.events.models import Event

PRODID = "-//Weltcafé//Weltcafé//DE"


def absolute(path: str, base_url: str | None = None) -> str:
    return (base_url or settings.WELTCAFE_BASE_URL).rstrip("/") + path


def _description(event: Event, base_url: str | None) -> str:
    lines = [event.description.strip()] if event.description.strip() else []
    items = list(event.agenda_items.order_by("starts_at", "id"))
    if items:
        lines.append(_("Programm:"))
        for item in items:
            start = item.starts_at.astimezone(event.tzinfo).strftime("%H:%M")
            lines.append(f"{start} {item.title}" + (f" – {item.speakers}" if item.speakers else ""))
    lines.append(absolute(event.get_absolute_url(), base_url))
    return "\n".join(lines)


def _vevent(event: Event, base_url: str | None) -> icalendar.Event:
    vevent = icalendar.Event()
    host = (base_url or settings.WELTCAFE_BASE_URL).split("://", 1)[-1].split("/", 1)[0]
    vevent.add("uid", f"event-{event.slug}@{host}")  # stable: an update replaces the entry in the calendar
    vevent.add("dtstamp", timezone.now())
    vevent.add("last-modified", event.updated_at)
    vevent.add("dtstart", event.starts_at.astimezone(event.tzinfo))
    vevent.add("dtend", event.ends_at.astimezone(event.tzinfo))
    vevent.add("summary", event.title)
    if event.venue:
        vevent.add("location", event.venue)
    vevent.add("description", _description(event, base_url))
    vevent.add("url", absolute(event.get_absolute_url(), base_url))
    vevent.add("status", "CONFIRMED")
    if event.hashtag:
        vevent.add("categories", [event.hashtag.lstrip("#")])
    return vevent


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def event_ics(event: Event, *, base_url: str | None = None) -> bytes:
    calendar = _calendar(event.title)
    calendar.add_component(_vevent(event, base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def upcoming_ics(events: list[Event], *, base_url: str | None = None) -> bytes:
    """The feed calendar apps subscribe to: every published event that has not ended, refreshed twice a day."""
    calendar = _calendar(_("Weltcafé – kommende Veranstaltungen"))
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    # Every subscriber's calendar reads this feed: one damaged event is left out, not the whole feed.
    for vevent in rendered_rows(events, lambda event: _vevent(event, base_url), page="calendar feed"):
        calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_link(event: Event, *, base_url: str | None = None) -> str:
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc(event.starts_at)}/{_utc(event.ends_at)}",
        "details": absolute(event.get_absolute_url(), base_url),
        "location": event.venue,
        "ctz": event.time_zone,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_link(event: Event, *, base_url: str | None = None) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": event.starts_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": event.ends_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": absolute(event.get_absolute_url(), base_url),
        "location": event.venue,
    }
    return "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode(query)
