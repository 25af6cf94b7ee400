"""A participant's own data: everything Weltcafé holds about them, as JSON, and erasure on request."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from weltcafe.cafe.models import Idea, Seat, Vote
from weltcafe.events.models import Participant
from weltcafe.networking.models import ContactNote, ContactRequest, Profile
from weltcafe.networking.speed_models import SpeedSeat
from weltcafe.privacy.retention import anonymise_participants


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _voted_on(vote: Vote) -> str:
    """What the dots went to: a theme, or an idea (the vote table's check constraint allows one of the two)."""
    if vote.theme is not None:
        return vote.theme.label
    return vote.idea.text if vote.idea is not None else ""


def export_own(participant: Participant) -> dict:
    """What we hold about this person. Other people appear only by name, and only where they accepted a contact."""
    organisation = participant.organisation
    profile = Profile.objects.filter(participant=participant).first()
    requests = ContactRequest.objects.filter(Q(sender=participant) | Q(recipient=participant)).select_related(
        "sender", "recipient"
    )
    return {
        "format": "weltcafe-personal-data",
        "exported_at": timezone.now().isoformat(),
        "event": {"title": participant.event.title, "starts_at": _when(participant.event.starts_at)},
        "participant": {
            "name": participant.name,
            "email": participant.email,
            "organisation": organisation.name if organisation else "",
            "role": participant.role,
            "interests": participant.interests,
            "language": participant.language,
            "consent_visible": participant.consent_visible,
            "checked_in_at": _when(participant.checked_in_at),
            "registered_at": _when(participant.created_at),
        },
        "profile": (
            {
                "offers": profile.offers,
                "seeks": profile.seeks,
                "tags": profile.tags,
                "phone": profile.phone,
                "visible": profile.visible,
                "contactable": profile.contactable,
            }
            if profile
            else None
        ),
        "seats": [
            {"round": seat.round.index, "table": seat.table.number, "topic": seat.table.topic.title}
            for seat in Seat.objects.filter(participant=participant).select_related("round", "table__topic")
        ],
        "ideas": [
            {"text": idea.text, "named": idea.show_author, "created_at": _when(idea.created_at)}
            for idea in Idea.objects.filter(author=participant).order_by("created_at")
        ],
        "dots": [
            {"topic": vote.ballot.topic.title, "on": _voted_on(vote), "dots": vote.dots}
            for vote in Vote.objects.filter(participant=participant).select_related("ballot__topic", "theme", "idea")
        ],
        "contacts": [
            {
                "with": (request.recipient if request.sender_id == participant.pk else request.sender).name
                if request.status == ContactRequest.Status.ACCEPTED
                else None,
                "direction": "sent" if request.sender_id == participant.pk else "received",
                "status": request.status,
                "created_at": _when(request.created_at),
            }
            for request in requests
        ],
        "notes": [
            {"text": note.text, "updated_at": _when(note.updated_at)}
            for note in ContactNote.objects.filter(author=participant)
        ],
        # Where they stood in each round; who else was there, and why, is about other people.
        "speed_networking": [
            {"session": seat.round.session_id, "round": seat.round.index, "group": seat.group,
             "started_at": _when(seat.round.started_at)}
            for seat in SpeedSeat.objects.filter(participant=participant).select_related("round")
        ],
    }


@transaction.atomic
def forget(participant: Participant) -> None:
    """Erasure on request: the person's data goes now; anonymous contributions (ideas, dots) stay counted."""
    anonymise_participants(Participant.objects.filter(pk=participant.pk))
