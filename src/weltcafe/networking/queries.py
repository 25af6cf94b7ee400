"""Reads of networking, each scoped to one participant's event and filtered by consent.

Consent filters live here, in one place: `OPEN` (visible and contactable) and `VISIBLE` are the conditions the
pages and the services apply; no query returns a person who has not consented to what it is used for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from weltcafe.cafe.models import Idea, Topic
from weltcafe.common.listing import rendered_rows
from weltcafe.events.models import Event, Organisation, Participant
from weltcafe.events.queries import events_for_organiser
from weltcafe.networking.models import ContactNote, ContactRequest, Profile


def open_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}networking_profile__visible": True, f"{prefix}networking_profile__contactable": True})


def visible_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}networking_profile__visible": True})


def participant_by_token(token: str) -> Participant:
    """The owner of a personal link; 404 for an unknown or revoked one (no hint which)."""
    participant = (
        Participant.objects.select_related("event", "organisation").filter(access_token=token).first()
        if token
        else None
    )
    if participant is None:
        raise Http404("link")
    return participant


def profile_of(participant: Participant) -> Profile:
    """The saved profile, or an unsaved one with nothing shared and the registration's interests as tags."""
    profile = Profile.objects.filter(participant=participant).prefetch_related("topics").first()
    if profile is None:
        profile = Profile(participant=participant, tags=list(participant.interests or []))
    return profile


def cafe_topics(event: Event) -> QuerySet[Topic]:
    return Topic.objects.filter(cafe__event=event).order_by("position", "id")


def is_visible(participant: Participant) -> bool:
    return Profile.objects.filter(participant=participant, visible=True).exists()


def is_open(participant: Participant) -> bool:
    return Profile.objects.filter(participant=participant, visible=True, contactable=True).exists()


def pair_request(first: Participant, second: Participant) -> ContactRequest | None:
    return ContactRequest.objects.filter(Q(sender=first, recipient=second) | Q(sender=second, recipient=first)).first()


# ------------------------------------------------------------------------------------------------ the contact flow
@dataclass(frozen=True)
class Contact:
    request: ContactRequest
    other: Participant
    note: str = ""


def incoming_requests(me: Participant) -> list[ContactRequest]:
    """Pending requests to me from people who are still open; none while I am not open myself."""
    if not is_open(me):
        return []
    return list(
        ContactRequest.objects.filter(recipient=me, status=ContactRequest.Status.PENDING)
        .filter(open_q("sender__"))
        .select_related("sender__organisation")
        .order_by("-created_at", "-id")
    )


def outgoing_requests(me: Participant) -> list[ContactRequest]:
    if not is_open(me):
        return []
    return list(
        ContactRequest.objects.filter(sender=me, status=ContactRequest.Status.PENDING)
        .filter(open_q("recipient__"))
        .select_related("recipient__organisation")
        .order_by("-created_at", "-id")
    )


def _accepted(participants: list[Participant] | QuerySet) -> QuerySet[ContactRequest]:
    return ContactRequest.objects.filter(
        Q(sender__in=participants) | Q(recipient__in=participants), status=ContactRequest.Status.ACCEPTED
    ).filter(open_q("sender__"), open_q("recipient__"))


def contacts(me: Participant) -> list[Contact]:
    """Accepted contacts while both sides are open, each with my private note."""
    accepted = list(
        _accepted([me])
        .select_related("sender__organisation", "recipient__organisation", "event")
        .order_by("-responded_at", "-id")
    )
    notes = dict(ContactNote.objects.filter(author=me, contact__in=accepted).values_list("contact_id", "text"))
    return [Contact(request, request.other(me), notes.get(request.pk, "")) for request in accepted]


def contact_with(me: Participant, other_id: int) -> Contact:
    """One accepted contact of mine (both sides open), else 404: no card and no note without it."""
    request = (
        _accepted([me])
        .filter(Q(sender=me, recipient_id=other_id) | Q(recipient=me, sender_id=other_id))
        .select_related("sender__organisation", "recipient__organisation", "event")
        .first()
    )
    if request is None:
        raise Http404("contact")
    note = ContactNote.objects.filter(author=me, contact=request).values_list("text", flat=True).first() or ""
    return Contact(request, request.other(me), note)


def open_participant(event: Event, participant_id: int) -> Participant:
    """Someone of the same event who may be asked for contact; 404 for anyone else (no hint why)."""
    participant = (
        Participant.objects.filter(event=event, pk=participant_id).filter(open_q()).select_related("organisation")
    ).first()
    if participant is None:
        raise Http404("participant")
    return participant


# --------------------------------------------------------------------------------------- across a series of events
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
        _accepted(meetings)
        .select_related("sender__organisation", "recipient__organisation", "event")
        .order_by("-event__starts_at", "-responded_at", "-id")
    )
    contacts_kept = [
        Contact(request, request.sender if request.recipient_id in mine else request.recipient) for request in accepted
    ]
    events = [meeting.event for meeting in meetings]
    return History(meetings, contacts_kept, follow_ups(events, until=me.event.starts_at))


# ------------------------------------------------------------------------------------------ organisers: organisations
@dataclass(frozen=True)
class OrganisationMeeting:
    event: Event
    organisation: Organisation
    people: int
    ideas: int | None  # None: fewer than two people, so the count would point at one person's anonymous ideas


MIN_PEOPLE_FOR_IDEA_COUNT = 2


def organisations_of(event: Event) -> QuerySet[Organisation]:
    return event.organisations.annotate(people=Count("participants", distinct=True)).order_by("sort_name", "id")


def organisation_for_event(event: Event, organisation_id: int) -> Organisation:
    organisation = event.organisations.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404("organisation")
    return organisation


def organisation_history(user, organisation: Organisation) -> list[OrganisationMeeting]:
    """The organisation (matched by its folded name) at every event this user organises, newest first."""
    events = list(events_for_organiser(user, include_archived=True).values_list("pk", flat=True))
    key = organisation.sort_name or organisation.name.casefold()
    rows = (
        Organisation.objects.filter(event__in=events, sort_name=key)
        .select_related("event")
        .annotate(people=Count("participants", distinct=True))
        .order_by("-event__starts_at", "-id")
    )
    rows = list(rows)
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
