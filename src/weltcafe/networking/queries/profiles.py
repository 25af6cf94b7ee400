"""Reads of profiles and consent. The consent filters live here, in one place: `open_q` (visible and contactable)
and `visible_q` are the conditions the pages and the services apply; no query returns a person who has not
consented to what it is used for.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from weltcafe.cafe.models import Topic
from weltcafe.events.models import Event, Participant
from weltcafe.networking.models import Profile


def open_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}networking_profile__visible": True, f"{prefix}networking_profile__contactable": True})


def visible_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}networking_profile__visible": True})


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


def visible_ids(event_id: int) -> set[int]:
    """The people of the event who may be shown to others now."""
    return set(Participant.objects.filter(event_id=event_id).filter(visible_q()).values_list("pk", flat=True))


def open_ids(event_id: int) -> set[int]:
    """The people of the event who may be asked for contact now."""
    return set(Participant.objects.filter(event_id=event_id).filter(open_q()).values_list("pk", flat=True))
