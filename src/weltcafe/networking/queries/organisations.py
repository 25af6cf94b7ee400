"""Reads for organisers: an organisation at every event they run, with counts that never point at one person."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404

from weltcafe.cafe.models import Idea
from weltcafe.events.models import Event, Organisation
from weltcafe.events.queries import events_for_organiser


@dataclass(frozen=True)
class OrganisationMeeting:
    event: Event
    organisation: Organisation
    people: int
    ideas: int | None  # None: fewer than two people, so the count would point at one person's anonymous ideas


MIN_PEOPLE_FOR_IDEA_COUNT = 2


def organisations_of(event: Event) -> list[Organisation]:
    """The event's organisations with their number of people (a list: the page fires no query of its own)."""
    return list(
        event.organisations.annotate(people=Count("participants", distinct=True)).order_by("sort_name", "id")
    )


def organisation_for_event(event: Event, organisation_id: int) -> Organisation:
    organisation = event.organisations.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404("organisation")
    return organisation


def organisation_history(user, organisation: Organisation) -> list[OrganisationMeeting]:
    """The organisation (matched by its folded name) at every event this user organises, newest first."""
    events = list(events_for_organiser(user, include_archived=True).values_list("pk", flat=True))
    key = organisation.sort_name or organisation.name.casefold()
    rows = list(
        Organisation.objects.filter(event__in=events, sort_name=key)
        .select_related("event")
        .annotate(people=Count("participants", distinct=True))
        .order_by("-event__starts_at", "-id")
    )
    counted = (
        Idea.objects.filter(author__organisation__in=rows)
        .exclude(status=Idea.Status.HIDDEN)
        .values("author__organisation")
        .annotate(count=Count("id"))
    )
    ideas = {row["author__organisation"]: row["count"] for row in counted}
    return [
        OrganisationMeeting(
            row.event,
            row,
            row.people,
            ideas.get(row.pk, 0) if row.people >= MIN_PEOPLE_FOR_IDEA_COUNT else None,
        )
        for row in rows
    ]
