"""Reads across a series of meetings: the same person at the network's events, contacts kept, follow-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db.models import Q, QuerySet

from weltcafe.common.listing import rendered_rows
from weltcafe.events.models import Event, Participant
from weltcafe.networking.queries.contacts import Contact, accepted_contacts
from weltcafe.networking.queries.profiles import is_visible, visible_q


@dataclass(frozen=True)
class FollowUp:
    event: Event
    text: str
    url: str


@dataclass(frozen=True)
class History:
    meetings: list[Participant] = field(default_factory=list)  # my participant rows, newest event first
    contacts: list[Contact] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)


def network_events(event: Event) -> QuerySet[Event]:
    """The network's meetings: events sharing an organiser with this one (drafts are not meetings yet)."""
    shared = Q(organisers__in=event.organisers.all()) & ~Q(status=Event.Status.DRAFT)
    return Event.objects.filter(shared | Q(pk=event.pk)).distinct()


def my_meetings(me: Participant) -> list[Participant]:
    """The same person at the network's meetings: matched by e-mail (case-insensitive) only where they consented
    (`visible`) in both events. Without an e-mail address or consent here, only this meeting."""
    if not me.email or not is_visible(me):
        return [me]
    events = list(network_events(me.event).values_list("pk", flat=True))
    return list(
        Participant.objects.filter(event_id__in=events, email__iexact=me.email)
        .filter(visible_q())
        .select_related("event", "organisation")
        .order_by("-event__starts_at", "-pk")
    )


def follow_ups(events: list[Event], *, until: datetime) -> list[FollowUp]:
    """What the published reports of these meetings (up to `until`) say about the next meeting."""
    try:
        report_model = apps.get_model("documents", "Report")  # the documents app sits above networking
    except LookupError:
        return []
    reports = (
        report_model.objects.published()
        .filter(event__in=events, event__starts_at__lte=until)
        .exclude(next_meeting="")
        .select_related("event")
    )
    # Reports of other events of the network: a damaged one is left out, not this person's page.
    return rendered_rows(
        reports, lambda report: FollowUp(report.event, report.next_meeting, report.get_absolute_url()),
        page="network history",
    )


def history(me: Participant) -> History:
    meetings = my_meetings(me)
    mine = {meeting.pk for meeting in meetings}
    accepted = (
        accepted_contacts(meetings)
        .select_related("sender__organisation", "recipient__organisation", "event")
        .order_by("-event__starts_at", "-responded_at", "-id")
    )
    contacts_kept = [
        Contact(request, request.sender if request.recipient_id in mine else request.recipient) for request in accepted
    ]
    events = [meeting.event for meeting in meetings]
    return History(meetings, contacts_kept, follow_ups(events, until=me.event.starts_at))
