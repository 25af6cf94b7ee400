"""Announcements: calendar files, the upcoming-events calendar, "save the date" and its social-media drafts."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from weltcafe.documents.announce import calendar, posts
from weltcafe.events import queries
from weltcafe.events.access import event_view
from weltcafe.events.models import Event


def _base(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cache_control(public=True, max_age=300)
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.public_event(slug)
    return _ics(calendar.event_ics(event, base_url=_base(request)), f"{event.slug}.ics")


@cache_control(public=True, max_age=300)
def upcoming_ics(request: HttpRequest) -> HttpResponse:
    events = list(queries.public_events().filter(ends_at__gte=timezone.now()))
    response = HttpResponse(calendar.upcoming_ics(events, base_url=_base(request)),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="weltcafe.ics"'  # subscribed, not downloaded
    return response


def _calendar_links(request: HttpRequest, event: Event) -> dict:
    base = _base(request)
    return {
        "google": calendar.google_link(event, base_url=base),
        "outlook": calendar.outlook_link(event, base_url=base),
    }


def save_the_date(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.public_event(slug)
    context = {
        "event": event,
        "links": _calendar_links(request, event),
        "page_url": request.build_absolute_uri(event.get_absolute_url()),
    }
    return render(request, "announce/save_the_date.html", context)


@event_view
def announce(request: HttpRequest, event: Event) -> HttpResponse:
    from django.urls import reverse

    url = request.build_absolute_uri(reverse("public:save_the_date", kwargs={"slug": event.slug}))
    context = {
        "event": event,
        "drafts": posts.post_drafts(event, url),
        "save_the_date_url": url,
        "links": _calendar_links(request, event),
    }
    return render(request, "announce/announce.html", context)
