"""Public pages: the list of published events and an event's page with its agenda and café topics."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from weltcafe.cafe.queries import cafe_of, topics
from weltcafe.events import queries


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"events": queries.public_events()})


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
