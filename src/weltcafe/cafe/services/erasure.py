"""The café's part of erasing people (privacy/retention.py asks, the café writes its own tables): their ideas stay
as anonymous ideas, their seats and their moderation marks go, and phones with their links open are closed."""

from __future__ import annotations

from collections.abc import Collection

from weltcafe.cafe.live.broadcast import close_link_sockets
from weltcafe.cafe.models import Idea, ModerationEntry, Seat


def erase_participant_data(*, participant_ids: Collection[int]) -> None:
    Idea.objects.filter(author_id__in=participant_ids).update(author=None, show_author=False)
    ModerationEntry.objects.filter(actor_participant_id__in=participant_ids).update(actor_participant=None)
    Seat.objects.filter(participant_id__in=participant_ids).delete()
    for participant_id in participant_ids:
        close_link_sockets("p", participant_id)  # after commit: the renewed links open nothing any more
