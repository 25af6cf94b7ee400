"""Public pages: the list of published events and an event's page with its agenda and café topics."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from weltcafe.cafe.queries.setup import cafe_of, topics
from weltcafe.common.listing import rendered_rows
from weltcafe.events import queries
from weltcafe.events.models import Event


def _listed(event: Event) -> tuple[Event, str]:
    return event, event.get_absolute_url()


def home(request: HttpRequest) -> HttpResponse:
    # One event with a damaged slug must not take the list down for every visitor (docs/security.md).
    events = rendered_rows(queries.public_events(), _listed, page="home")
    return render(request, "public/home.html", {"events": events})


def event_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.public_event(slug)
    cafe = cafe_of(event)
    context = {
        "event": event,
        "items": queries.agenda(event),
        "cafe": cafe,
        "topics": topics(cafe) if cafe else [],
    }
    return render(request, "public/event.html", context)
