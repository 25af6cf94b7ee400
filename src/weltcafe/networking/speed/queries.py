"""Every read of speed networking, scoped to one event: the session and round on the screens, who takes part,
earlier encounters, the matching's scores and reasons, and the plan built from them.

The grouping itself is the pure `weltcafe.planning.speed_groups.plan_groups`; `build_speed_plan` feeds it the event's
rows (participants with consent, earlier encounters, matching scores and their reasons) and reads nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from weltcafe.cafe.models import Cafe, Seat
from weltcafe.cafe.queries.seating import SEATED_ROLES
from weltcafe.common import timed_rounds
from weltcafe.events.models import Event, Participant
from weltcafe.matching import describe, embed_texts, recommend
from weltcafe.networking.models import Profile
from weltcafe.networking.queries.who_to_meet import cache_path, person_of
from weltcafe.networking.speed.models import SpeedRound, SpeedSeat, SpeedSession
from weltcafe.planning.speed_groups import Groups, SpeedPerson, SpeedPlan, pair, plan_groups
from weltcafe.synthesis import EmbeddingCache


# ------------------------------------------------------------------------------------------------------ screens
def current_session(event: Event) -> SpeedSession | None:
    """The session on every screen: the newest of the event."""
    return SpeedSession.objects.filter(event=event).order_by("-created_at", "-id").first()


def current_round(session: SpeedSession) -> SpeedRound | None:
    """The running or paused round, else the one that ended last, else none yet (as in the café)."""
    return timed_rounds.current_round(session.rounds.order_by("index"))


def upcoming_round(session: SpeedSession) -> SpeedRound | None:
    """The next round not started yet."""
    return session.rounds.filter(started_at__isnull=True).order_by("index").first()


def rounds_with_groups(session: SpeedSession, visible: set[int]) -> list[tuple[SpeedRound, list[tuple[int, list]]]]:
    """Every round with its groups of visible people, in one query for the seats."""
    seats = SpeedSeat.objects.filter(round__session=session).select_related("participant__organisation")
    grid: dict[int, dict[int, list[SpeedSeat]]] = defaultdict(lambda: defaultdict(list))
    for seat in seats.order_by("round__index", "group", "participant__sort_name", "participant_id"):
        if seat.participant_id in visible:
            grid[seat.round_id][seat.group].append(seat)
    rounds = list(session.rounds.order_by("index"))
    return [(round_, sorted(grid[round_.pk].items())) for round_ in rounds]


def cafe_of(event: Event) -> Cafe | None:
    """The café whose sockets and wall the speed screens share (an event without one polls)."""
    return Cafe.objects.filter(event=event).first()


def has_cafe(event_id: int) -> bool:
    return Cafe.objects.filter(event_id=event_id).exists()


def cafe_id_of(event_id: int) -> int | None:
    return Cafe.objects.filter(event_id=event_id).values_list("pk", flat=True).first()


def seats_of(session: SpeedSession, participant: Participant) -> dict[int, SpeedSeat]:
    """A participant's seat in each round of the session, by round id."""
    return {
        seat.round_id: seat
        for seat in SpeedSeat.objects.filter(round__session=session, participant=participant).select_related("round")
    }


def group_mates(round_ids: list[int], groups: list[int]) -> QuerySet[SpeedSeat]:
    """The seats of these groups in these rounds, with names, in the order the screens list people."""
    return (
        SpeedSeat.objects.filter(round_id__in=round_ids, group__in=groups)
        .select_related("participant__organisation")
        .order_by("participant__sort_name", "participant_id")
    )


def round_seats(round_: SpeedRound) -> QuerySet[SpeedSeat]:
    return (
        SpeedSeat.objects.filter(round=round_)
        .select_related("participant__organisation")
        .order_by("group", "participant__sort_name", "participant_id")
    )


# ------------------------------------------------------------------------------------------------ the plan's input
# Matching suggestions read per person: enough for the greedy first round and for reasons between group mates.
SCORED_PER_PERSON = 40

Reasons = dict[tuple[int, int], dict[str, str]]  # (viewer, other) -> {"de": …, "en": …}


@dataclass(frozen=True)
class EventPlan:
    plan: SpeedPlan
    participants: dict[int, Participant]
    reasons: Reasons


def taking_part(event: Event) -> QuerySet[Participant]:
    """Who takes part: seated roles (as in the café) with a visible profile; once anyone of the event is checked in,
    only those checked in (as the café's re-seating treats no-shows)."""
    people = Participant.objects.filter(
        event=event, role__in=SEATED_ROLES, networking_profile__visible=True
    ).select_related("organisation")
    if Participant.objects.filter(event=event, checked_in_at__isnull=False).exists():
        people = people.filter(checked_in_at__isnull=False)
    return people.order_by("id")


def earlier_encounters(event: Event, *, exclude_session: int | None = None) -> list[Groups]:
    """Café rounds (people at one table; planned or started: a plan of the café is a meeting that happens or
    happened) and the started rounds of the event's other speed sessions, each as one round of groups."""
    grouped: dict[tuple[str, int], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for round_id, table_id, participant_id in Seat.objects.filter(round__cafe__event=event).values_list(
        "round_id", "table_id", "participant_id"
    ):
        grouped[("cafe", round_id)][table_id].append(participant_id)
    speed = SpeedSeat.objects.filter(round__session__event=event, round__started_at__isnull=False)
    if exclude_session is not None:
        speed = speed.exclude(round__session_id=exclude_session)
    for round_id, group, participant_id in speed.values_list("round_id", "group", "participant_id"):
        grouped[("speed", round_id)][group].append(participant_id)
    return [
        tuple(tuple(sorted(members)) for _key, members in sorted(groups.items()))
        for _round, groups in sorted(grouped.items())
    ]


def scores_and_reasons(event: Event, ids: Sequence[int]) -> tuple[dict[tuple[int, int], float], Reasons]:
    """Pair scores of `weltcafe.matching` (as for "Wen treffen?") and each viewer's reasons in German and English."""
    participants = list(Participant.objects.filter(event=event).select_related("organisation").order_by("id"))
    profiles = {
        profile.participant_id: profile
        for profile in Profile.objects.filter(participant__event=event).prefetch_related("topics")
    }
    people = [person_of(participant, profiles.get(participant.pk)) for participant in participants]
    if len(ids) < 2:
        return {}, {}
    cache = EmbeddingCache(cache_path(event))
    vectors = embed_texts(people, embedding=settings.WELTCAFE_HARVEST_EMBEDDING, cache=cache)
    cache.save()
    result = recommend(people, met=None, limit=SCORED_PER_PERSON, vectors=vectors, language="de", viewers=list(ids))
    wanted = set(ids)
    scores: dict[tuple[int, int], float] = {}
    reasons: Reasons = {}
    for viewer, recommendations in result.items():
        for suggestion in recommendations.suggestions:
            if viewer not in wanted or suggestion.other not in wanted:
                continue
            key = pair(viewer, suggestion.other)
            scores[key] = max(scores.get(key, 0.0), suggestion.score)
            reasons[(viewer, suggestion.other)] = {
                language: "; ".join(describe(reason, language) for reason in suggestion.reasons)
                for language in ("de", "en")
            }
    return scores, reasons


def build_speed_plan(
    event: Event, *, group_size: int, rounds: int, seed: int = 0, exclude_session: int | None = None
) -> EventPlan:
    participants = {participant.pk: participant for participant in taking_part(event)}
    ids = sorted(participants)
    scores, reasons = scores_and_reasons(event, ids)
    people = [
        SpeedPerson(
            id=pk,
            organisation=str(participant.organisation_id or ""),
            organisation_type=participant.organisation.kind if participant.organisation else "",
            region=participant.organisation.region if participant.organisation else "",
            sector=participant.organisation.sector if participant.organisation else "",
        )
        for pk, participant in participants.items()
    ]
    plan = plan_groups(
        people,
        group_size=group_size,
        rounds=rounds,
        past=earlier_encounters(event, exclude_session=exclude_session),
        scores=scores,
        seed=seed,
    )
    return EventPlan(plan, participants, reasons)
