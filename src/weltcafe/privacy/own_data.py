"""A participant's own data: everything Weltcafé holds about them, as JSON, and erasure on request."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from weltcafe.cafe.queries.own_data import own_cafe_data
from weltcafe.events.models import Participant
from weltcafe.networking.queries.own_data import own_networking_data
from weltcafe.privacy.retention import anonymise_participants


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_own(participant: Participant) -> dict:
    """What we hold about this person. Other people appear only by name, and only where they accepted a contact."""
    organisation = participant.organisation
    networking = own_networking_data(participant)
    cafe = own_cafe_data(participant)
    return {
        "format": "weltcafe-personal-data",
        "exported_at": timezone.now().isoformat(),
        "event": {"title": participant.event.title, "starts_at": _when(participant.event.starts_at)},
        "participant": {
            "name": participant.name,
            "email": participant.email,
            "job_title": participant.job_title,
            "organisation": organisation.name if organisation else "",
            "role": participant.role,
            "interests": participant.interests,
            "language": participant.language,
            "consent_visible": participant.consent_visible,
            "checked_in_at": _when(participant.checked_in_at),
            "registered_at": _when(participant.created_at),
        },
        "profile": networking["profile"],
        "seats": cafe["seats"],
        "ideas": cafe["ideas"],
        "dots": cafe["dots"],
        "contacts": networking["contacts"],
        "notes": networking["notes"],
        "speed_networking": networking["speed_networking"],
    }


@transaction.atomic
def forget(participant: Participant) -> None:
    """Erasure on request: the person's data goes now; anonymous contributions (ideas, dots) stay counted."""
    anonymise_participants(Participant.objects.filter(pk=participant.pk))
