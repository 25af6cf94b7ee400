"""Anonymise an event's personal data once its retention period is over (or a person asks to be forgotten).

What stays: the event, its agenda (speakers are public), topics, tables, rounds, ideas (anonymous), themes,
votes (counted, no longer attributable), the report and its figures. What goes: everything that names or reaches
a person — names, e-mail addresses, interests, personal links and badge links, profiles, contact requests and
notes, who sat where, who met whom in speed networking and why, who wrote which idea, who moderated, the
embedding caches of profile texts, and the organisation (anonymised people move to an anonymous pool of the same
kind and Bundesland, organisation_pools.py). Participants stay as numbered, anonymous rows, so counts and votes
keep adding up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from weltcafe.cafe.models import Cafe
from weltcafe.cafe.services.erasure import erase_participant_data as erase_cafe_data
from weltcafe.cafe.services.links import renew_cafe_links
from weltcafe.events.models import Event, Participant
from weltcafe.events.organisation_pools import drop_empty_organisations, move_to_pools
from weltcafe.events.services import anonymise_participant_rows
from weltcafe.networking.services.erasure import anonymise_event_data, erase_participant_data

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    event: str
    participants: int


def anonymise_participants(participants) -> int:
    """Strip one or more participants of everything personal; their rows stay as "Teilnehmende N"."""
    people = list(participants.select_for_update().order_by("pk"))
    ids = [person.pk for person in people]
    erase_participant_data(participant_ids=ids)  # profiles, contacts and notes, speed-networking seats and reasons
    erase_cafe_data(participant_ids=ids)  # ideas become anonymous, seats and moderation marks go, sockets close
    anonymise_participant_rows(people=people)
    move_to_pools(ids)  # after the saves above, which still name the old organisation
    return len(people)


@transaction.atomic
def anonymise_event(event: Event) -> Outcome:
    event = Event.objects.select_for_update().get(pk=event.pk)
    count = anonymise_participants(Participant.objects.filter(event=event))
    drop_empty_organisations(event)
    anonymise_event_data(event=event)  # organisation names in the speed plans; the embedding cache after commit
    for cafe in Cafe.objects.filter(event=event):
        renew_cafe_links(cafe=cafe)  # a photo of a table sign or the wall link leads nowhere afterwards
    event.anonymised_at = timezone.now()
    event.save(update_fields=["anonymised_at", "updated_at"])
    logger.info("anonymised event %s: %s participants", event.slug, count)
    return Outcome(event=event.slug, participants=count)


def due(now: datetime | None = None) -> list[Event]:
    """Events whose retention period (days after the event's end) is over and that still hold personal data."""
    now = now or timezone.now()
    events = Event.objects.filter(anonymised_at__isnull=True, ends_at__lt=now).order_by("ends_at")
    return [event for event in events if event.ends_at + timedelta(days=event.retention_days) <= now]


def anonymise_due(now: datetime | None = None, *, dry_run: bool = False) -> list[Outcome]:
    outcomes = []
    for event in due(now):
        if dry_run:
            outcomes.append(Outcome(event=event.slug, participants=event.participants.count()))
        else:
            outcomes.append(anonymise_event(event))
    return outcomes
