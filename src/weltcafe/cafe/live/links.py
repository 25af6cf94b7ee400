"""Links that stand in for a login, in the language of the person who will open them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from weltcafe.cafe.models import Cafe, Table
from weltcafe.events.models import Participant


def personal_path(participant: Participant) -> str:
    """The participant's own page, in their language (/live/p/… in German, /en/live/p/… in English)."""
    with translation.override(participant.language):
        return reverse("live:page", kwargs={"kind": "p", "token": participant.access_token})


def badge_path(participant: Participant) -> str:
    """What the badge's QR code opens (/live/b/…): a contact prompt, or the first scan that binds the owner's phone."""
    with translation.override(participant.language):
        return reverse("live:badge", kwargs={"token": participant.badge_token})


def table_path(table: Table) -> str:
    return reverse("live:page", kwargs={"kind": "t", "token": table.access_token})


def wall_path(cafe: Cafe) -> str:
    return reverse("live:page", kwargs={"kind": "w", "token": cafe.wall_token})
