"""The adapter to the pure matching library: participants, profiles and seats in; suggestions with reasons out.

`weltcafe.matching` decides who fits whom and excludes people without consent; this module turns rows into its
`Person`s, builds `met` from the seats of rounds that have started, keeps the text vectors in an `EmbeddingCache`
in the data folder, and — belt and braces — shows only people whose profile is visible at the time of the call.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from weltcafe.cafe.models import Seat
from weltcafe.events.models import Event, Participant
from weltcafe.matching import Person, describe, embed_texts, recommend
from weltcafe.networking.models import Profile
from weltcafe.synthesis import EmbeddingCache

LIMIT = 5


@dataclass(frozen=True)
class Suggestion:
    participant: Participant
    reasons: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class WhoToMeet:
    suggestions: list[Suggestion] = field(default_factory=list)
    sat_with: list[Participant] = field(default_factory=list)


def cache_path(event: Event) -> Path:
    return Path(settings.DATA_DIR) / "networking" / f"event-{event.pk}.npz"


def person_of(participant: Participant, profile: Profile | None) -> Person:
    organisation = participant.organisation
    interests = set()
    if profile is not None:
        interests = {topic.title for topic in profile.topics.all()} | {tag for tag in profile.tags if tag}
    return Person(
        id=participant.pk,
        name=participant.name,
        organisation=str(organisation.pk) if organisation else "",  # a key: colleagues are not suggested
        region=organisation.region if organisation else "",
        sector=organisation.sector if organisation else "",
        organisation_kind=organisation.kind if organisation else "",
        interests=frozenset(interests),
        offers=profile.offers if profile else "",
        seeks=profile.seeks if profile else "",
        visible=bool(profile and profile.visible),
        language=None,  # the reasons are for the viewer: in the language of the page (`recommend(language=…)`)
    )


def met_at_tables(event: Event) -> dict[int, set[int]]:
    """Who sat at the same table in the same round, for rounds that have started (a plan alone is no meeting)."""
    tables: dict[tuple[int, int], list[int]] = defaultdict(list)
    seats = Seat.objects.filter(round__cafe__event=event, round__started_at__isnull=False).values_list(
        "round_id", "table_id", "participant_id"
    )
    for round_id, table_id, participant_id in seats:
        tables[(round_id, table_id)].append(participant_id)
    met: dict[int, set[int]] = defaultdict(set)
    for people in tables.values():
        for person in people:
            met[person].update(other for other in people if other != person)
    return dict(met)


def who_to_meet(me: Participant, *, language: str = "de", limit: int = LIMIT) -> WhoToMeet:
    """Suggestions for `me` and the people `me` sat with; empty unless `me` is visible."""
    participants = {
        participant.pk: participant
        for participant in Participant.objects.filter(event_id=me.event_id).select_related("organisation")
    }
    profiles = {
        profile.participant_id: profile
        for profile in Profile.objects.filter(participant__event_id=me.event_id).prefetch_related("topics")
    }
    if not (me.pk in profiles and profiles[me.pk].visible):
        return WhoToMeet()
    people = [person_of(participant, profiles.get(pk)) for pk, participant in participants.items()]
    cache = EmbeddingCache(cache_path(me.event))
    vectors = embed_texts(people, embedding=settings.WELTCAFE_HARVEST_EMBEDDING, cache=cache)
    cache.save()
    language = language if language in ("de", "en") else "de"
    result = recommend(
        people, met=met_at_tables(me.event), limit=limit, vectors=vectors, language=language, viewers=[me.pk]
    )
    mine = result.get(me.pk)
    if mine is None:
        return WhoToMeet()

    def shown(pk: int) -> bool:  # consent, checked here again whatever the library decided
        return pk != me.pk and pk in profiles and profiles[pk].visible and pk in participants

    suggestions = [
        Suggestion(participants[s.other], tuple(r.text or describe(r, language) for r in s.reasons), s.score)
        for s in mine.suggestions
        if shown(s.other)
    ]
    sat_with = sorted((participants[pk] for pk in mine.sat_with if shown(pk)), key=lambda p: (p.sort_name, p.pk))
    return WhoToMeet(suggestions, sat_with)
