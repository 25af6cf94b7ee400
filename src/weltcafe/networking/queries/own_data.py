"""What networking holds about one participant, for their own data export (`weltcafe.privacy.own_data`).

Other people appear only by name, and only where they accepted a contact; who else stood in a speed-networking
group, and why, is about other people and stays out.
"""

from __future__ import annotations

from django.db.models import Q

from weltcafe.events.models import Participant
from weltcafe.networking.models import ContactNote, ContactRequest, Profile
from weltcafe.networking.speed.models import SpeedSeat


def _when(value) -> str | None:
    return value.isoformat() if value else None


def own_networking_data(participant: Participant) -> dict:
    """The sections `profile`, `contacts`, `notes` and `speed_networking` of the export."""
    profile = Profile.objects.filter(participant=participant).first()
    requests = ContactRequest.objects.filter(Q(sender=participant) | Q(recipient=participant)).select_related(
        "sender", "recipient"
    )
    return {
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
