"""Writes around a personal link: the first device that claims it, and the organiser freeing a badge again.

The badge's first scan binds a phone to the personal link only while `link_claimed_at` is empty; opening the
personal link itself (from the invitation mail, or the organiser's desk) claims it as well, so a badge is spent as
soon as any phone belongs to the person (docs/decisions/0023-badge-token-and-device-binding.md).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from weltcafe.events.models import Participant


def claim_link(*, participant: Participant) -> bool:
    """Mark the link as claimed; True for the one caller that did it (one conditional UPDATE: two phones, one wins)."""
    now = timezone.now()
    won = bool(
        Participant.objects.filter(pk=participant.pk, link_claimed_at__isnull=True).update(
            link_claimed_at=now, updated_at=now
        )
    )
    if won:
        participant.link_claimed_at = now
    return won


@transaction.atomic
def release_badge(*, participant: Participant) -> Participant:
    """The next scan of the badge binds a phone again (the organiser's "Namensschild wieder freigeben")."""
    participant.link_claimed_at = None
    participant.save(update_fields=["link_claimed_at", "updated_at"])
    return participant
