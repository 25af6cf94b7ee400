"""Organisers: the organisations of an event, and one organisation's history across the organiser's events."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from weltcafe.events.access import event_view
from weltcafe.events.models import Event
from weltcafe.networking.queries.organisations import organisation_for_event, organisation_history, organisations_of


@require_GET
@event_view
def organisations(request: HttpRequest, event: Event) -> HttpResponse:
    rows = organisations_of(event)
    return render(request, "networking/orga_organisations.html", {"event": event, "organisations": rows})


@require_GET
@event_view
def organisation(request: HttpRequest, event: Event, organisation_id: int) -> HttpResponse:
    found = organisation_for_event(event, organisation_id)
    rows = organisation_history(request.user, found)
    context = {"event": event, "organisation": found, "meetings": rows}
    return render(request, "networking/orga_organisation.html", context)
