"""Writes of the profile: what a participant shares, and the one-tap withdrawal of visibility."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weltcafe.cafe.models import Topic
from weltcafe.common.text_input import clean_typed_text
from weltcafe.events.models import Participant
from weltcafe.networking.models import Profile


@dataclass(frozen=True)
class ProfileData:
    topic_ids: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    offers: str = ""
    seeks: str = ""
    phone: str = ""
    visible: bool = False
    contactable: bool = False


def save_profile(*, participant: Participant, data: ProfileData) -> Profile:
    """Create or update the profile. Topics must be of the participant's own café (others are refused)."""
    topics = list(Topic.objects.filter(cafe__event_id=participant.event_id, pk__in=data.topic_ids))
    if len(topics) != len(set(data.topic_ids)):
        raise ValidationError(_("Bitte wählen Sie nur Themen dieser Veranstaltung."))
    with transaction.atomic():
        profile, _created = Profile.objects.select_for_update().get_or_create(participant=participant)
        profile.tags = list(clean_tags(data.tags))
        profile.offers, profile.seeks = clean_typed_text(data.offers), clean_typed_text(data.seeks)
        profile.phone = clean_typed_text(data.phone)
        profile.visible, profile.contactable = data.visible, data.contactable
        profile.save(update_fields=["tags", "offers", "seeks", "phone", "visible", "contactable", "updated_at"])
        profile.topics.set(topics)
    return profile


def withdraw_visibility(*, participant: Participant) -> None:
    """One tap: hidden from suggestions, lists and the contact flow at once (the rest of the profile stays)."""
    Profile.objects.filter(participant=participant).update(visible=False, updated_at=timezone.now())


def clean_tags(raw: Iterable[str]) -> tuple[str, ...]:
    """Free tags: trimmed, single spaces, no duplicates (case-insensitive), order kept."""
    seen: set[str] = set()
    tags: list[str] = []
    for tag in raw:
        tag = " ".join(clean_typed_text(tag).split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tuple(tags)
