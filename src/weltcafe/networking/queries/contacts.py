"""Reads of the contact flow, each scoped to one participant's event and filtered by consent on both sides."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from weltcafe.events.models import Event, Participant
from weltcafe.networking.models import ContactNote, ContactRequest, ContactState
from weltcafe.networking.queries.profiles import is_open, open_q


def pair_request(first: Participant, second: Participant) -> ContactRequest | None:
    return ContactRequest.objects.filter(Q(sender=first, recipient=second) | Q(sender=second, recipient=first)).first()


def state_towards(request: ContactRequest | None, me: Participant) -> ContactState | None:
    """How a request between me and someone looks to me; a decline is never shown to the one who asked."""
    if request is None:
        return None
    if request.status == ContactRequest.Status.ACCEPTED:
        return ContactState.ACCEPTED
    return ContactState.SENT if request.sender_id == me.pk else ContactState.RECEIVED


def contact_states(me: Participant) -> dict[int, ContactState]:
    """My state towards everyone I asked or who asked me, by their id."""
    states: dict[int, ContactState] = {}
    for pair in ContactRequest.objects.filter(Q(sender=me) | Q(recipient=me)).only("sender", "recipient", "status"):
        other = pair.recipient_id if pair.sender_id == me.pk else pair.sender_id
        state = state_towards(pair, me)
        if state is not None:  # a pair in the query always has a state; None only for "no request"
            states[other] = state
    return states


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


def accepted_contacts(participants: list[Participant] | QuerySet) -> QuerySet[ContactRequest]:
    return ContactRequest.objects.filter(
        Q(sender__in=participants) | Q(recipient__in=participants), status=ContactRequest.Status.ACCEPTED
    ).filter(open_q("sender__"), open_q("recipient__"))


def contacts(me: Participant) -> list[Contact]:
    """Accepted contacts while both sides are open, each with my private note."""
    accepted = list(
        accepted_contacts([me])
        .select_related("sender__organisation", "recipient__organisation", "event")
        .order_by("-responded_at", "-id")
    )
    notes = dict(ContactNote.objects.filter(author=me, contact__in=accepted).values_list("contact_id", "text"))
    return [Contact(request, request.other(me), notes.get(request.pk, "")) for request in accepted]


def contact_with(me: Participant, other_id: int) -> Contact:
    """One accepted contact of mine (both sides open), else 404: no card and no note without it."""
    request = (
        accepted_contacts([me])
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
