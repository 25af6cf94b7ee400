"""What networking forgets when a person is erased or an event is anonymised (`weltcafe.privacy` calls these).

Profiles, contact requests (their notes go with them), speed-networking seats and the reasons about a person, the
organisation names in the speed plans' figures and the embedding cache of the profile texts. Privacy decides when;
networking knows its own tables and files.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction
from django.db.models import Q

from weltcafe.events.models import Event
from weltcafe.networking.models import ContactRequest, Profile
from weltcafe.networking.queries.who_to_meet import cache_path
from weltcafe.networking.speed.services import erase_seats, forget_organisation_names


def erase_participant_data(*, participant_ids: Collection[int]) -> None:
    """Everything networking holds about these participants (their rows elsewhere are privacy's business)."""
    ids = list(participant_ids)
    with transaction.atomic():
        Profile.objects.filter(participant_id__in=ids).delete()
        ContactRequest.objects.filter(Q(sender_id__in=ids) | Q(recipient_id__in=ids)).delete()
        erase_seats(participant_ids=ids)


def anonymise_event_data(*, event: Event) -> None:
    """After the event's people are erased: no organisation names in the plans, no cached profile texts.

    The cache file goes once the transaction has committed, so a rolled-back anonymisation keeps it."""
    path = cache_path(event)
    with transaction.atomic():
        forget_organisation_names(event=event)
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
