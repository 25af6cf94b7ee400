"""Reads of the events app, each scoped to what the asking user may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from weltcafe.events.models import AgendaItem, Event, Participant
from weltcafe.events.search import search_words


def events_for_organiser(user, *, include_archived: bool = False, search: str = "") -> QuerySet[Event]:
    events = Event.objects.all() if user.is_superuser else Event.objects.filter(organisers=user)
    if not include_archived:
        events = events.exclude(status=Event.Status.ARCHIVED)
    if search:
        events = events.filter(Q(title__icontains=search) | Q(venue__icontains=search) | Q(hashtag__icontains=search))
    return events.annotate(participant_count=Count("participants", distinct=True)).order_by("-starts_at")


def event_for_organiser(user, slug: str) -> Event:
    """The one access helper for the organiser area: an event the user organises, else 404 (never 403, which
    would confirm that the slug exists)."""
    try:
        return events_for_organiser(user, include_archived=True).get(slug=slug)
    except Event.DoesNotExist as error:
        raise Http404("event") from error


def public_event(slug: str) -> Event:
    try:
        return Event.objects.get(slug=slug, status=Event.Status.PUBLISHED)
    except Event.DoesNotExist as error:
        raise Http404("event") from error


def public_events() -> QuerySet[Event]:
    return Event.objects.filter(status=Event.Status.PUBLISHED).order_by("starts_at")


def agenda(event: Event) -> QuerySet[AgendaItem]:
    return event.agenda_items.order_by("starts_at", "id")


PARTICIPANT_SORTS = {
    "name": ("sort_name", "id"),
    "-name": ("-sort_name", "-id"),
    "organisation": ("organisation__sort_name", "sort_name", "id"),
    "-organisation": ("-organisation__sort_name", "-sort_name", "-id"),
    "region": ("organisation__region", "sort_name", "id"),
    "-region": ("-organisation__region", "-sort_name", "-id"),
    "role": ("role", "sort_name", "id"),
    "-role": ("-role", "-sort_name", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
}


def participants(event: Event, *, search: str = "", sort: str = "name") -> QuerySet[Participant]:
    found = Participant.objects.filter(event=event).select_related("organisation")
    for word in search_words(search):
        found = found.filter(search_text__contains=word)
    return found.order_by(*PARTICIPANT_SORTS.get(sort, PARTICIPANT_SORTS["name"]))


def participant_for_event(event: Event, participant_id: int) -> Participant:
    try:
        return Participant.objects.select_related("organisation").get(event=event, pk=participant_id)
    except Participant.DoesNotExist as error:
        raise Http404("participant") from error


def participant_by_access_token(token: str) -> Participant | None:
    """The owner of a personal link, or None for an unknown or revoked one."""
    if not token:
        return None
    try:
        # get(), not first(): the token is unique, and ordering by id would only make every request's query dearer.
        # Without the organisation: every post and page of a link asks this, few of them show the organisation.
        return Participant.objects.select_related("event").get(access_token=token)
    except Participant.DoesNotExist:
        return None


def participant_by_badge_token(token: str) -> Participant:
    """The person a badge belongs to; 404 for an unknown one."""
    participant = (
        Participant.objects.select_related("event", "organisation").filter(badge_token=token).first() if token else None
    )
    if participant is None:
        raise Http404("badge")
    return participant
