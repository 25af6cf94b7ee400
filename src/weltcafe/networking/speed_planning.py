"""Who meets whom in each speed-networking round, with the café's rotation planner (`weltcafe.planning`).

Two layers. `plan_groups` works on plain ids and is Django-free: it turns the task into a `planning.Problem` and
back. `build_speed_plan` reads the event (participants with consent, earlier encounters, matching scores and
their reasons) and calls it.

How the planner is used (docs/networking.md, "Speed networking"):

- **Groups are tables.** T = ⌊people / group size⌋ tables of one nameless topic, so the planner balances the
  sizes (a group of 3 when 1:1 meets an odd number of people, never a person alone).
- **Earlier encounters are earlier rounds.** Every café round (people at one table) and every round of an earlier
  speed session becomes a *pre-set round* placed before the speed rounds (people of the round at their table,
  everyone else absent; a café round with more tables than T is split into several). The planner counts meetings
  over all rounds, so sitting together again costs a repeat — avoided while unmet pairs exist, allowed when
  unavoidable (a hard `apart` would make small groups impossible to plan).
- **High scores first.** The first speed round is pinned greedily from the matching scores: the best-scoring pair
  that is neither colleagues nor met before takes the first group, and so on (pairs only; larger groups are
  filled by the planner). Then the speed rounds are ordered by their total score, best first.
- **Colleagues apart** (same organisation) as a hard constraint, as in the café, unless the organisation has more
  members than there are groups, or the two already met (then the repeat cost does the job).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from django.conf import settings
from django.db.models import QuerySet

from weltcafe import planning
from weltcafe.cafe.models import Seat
from weltcafe.cafe.queries.seating import SEATED_ROLES
from weltcafe.events.models import Event, Participant
from weltcafe.matching import describe, embed_texts, recommend
from weltcafe.networking.models import Profile
from weltcafe.networking.speed_models import SpeedSeat
from weltcafe.networking.who_to_meet import cache_path, person_of
from weltcafe.synthesis import EmbeddingCache

Groups = tuple[tuple[int, ...], ...]  # one round: groups of participant ids
MAX_ITERATIONS = 4000  # a deterministic budget: the plan depends on the seed, not on the machine's speed
TIME_LIMIT_SECONDS = 20.0


@dataclass(frozen=True)
class SpeedPerson:
    id: int
    organisation: str = ""  # a key: "" is nobody's colleague
    organisation_type: str = ""
    region: str = ""
    sector: str = ""


@dataclass(frozen=True)
class SpeedPlan:
    rounds: tuple[Groups, ...]  # rounds[r][g] = sorted participant ids of group g (1-based on screens)
    repeats: int  # encounters in the speed rounds that happened before (café, earlier rounds) or twice here
    met_before: int  # pairs in the speed rounds that had already met in the café or an earlier session
    pinned_pairs: int  # high-scoring pairs placed in the first round by score
    unsplittable: tuple[str, ...] = ()  # organisation keys too large to keep apart
    violations: int = 0
    method: str = ""
    seconds: float = 0.0
    round_scores: tuple[float, ...] = field(default=())


def pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _met_pairs(past: Sequence[Groups]) -> Counter[tuple[int, int]]:
    met: Counter[tuple[int, int]] = Counter()
    for groups in past:
        for group in groups:
            for a, b in combinations(sorted(set(group)), 2):
                met[(a, b)] += 1
    return met


def plan_groups(
    people: Sequence[SpeedPerson],
    *,
    group_size: int,
    rounds: int,
    past: Sequence[Groups] = (),
    scores: Mapping[tuple[int, int], float] | None = None,
    seed: int = 0,
) -> SpeedPlan:
    """Groups for `rounds` rounds; raises `planning.PlanningError` for impossible input (fewer than two people)."""
    people = sorted(people, key=lambda person: person.id)
    if len(people) < 2:
        raise planning.PlanningError("speed networking needs at least two people")
    if group_size < 2 or rounds < 1:
        raise planning.PlanningError("group size must be at least 2 and rounds at least 1")
    scores = {pair(*key): value for key, value in (scores or {}).items() if value > 0}
    index = {person.id: position for position, person in enumerate(people)}
    n = len(people)
    tables = max(1, n // group_size)

    # Earlier encounters as pre-set rounds of at most `tables` groups (people outside them absent).
    past_rounds: list[list[tuple[int, ...]]] = []
    for groups in past:
        kept = [tuple(sorted(index[p] for p in set(group) if p in index)) for group in groups]
        kept = [group for group in kept if len(group) >= 2]
        for start in range(0, len(kept), tables):
            past_rounds.append(kept[start : start + tables])
    offset = len(past_rounds)
    met = _met_pairs([tuple(tuple(people[i].id for i in g) for g in r) for r in past_rounds])
    baseline = sum(count - 1 for count in met.values())
    capacity = max([-(-n // tables)] + [len(group) for groups in past_rounds for group in groups])

    preset: list[tuple[int, int, int]] = []
    absent: list[tuple[int, int]] = []
    for r, groups in enumerate(past_rounds):
        seated = set()
        for t, group in enumerate(groups):
            for p in group:
                preset.append((p, r, t))
                seated.add(p)
        absent.extend((p, r) for p in range(n) if p not in seated)

    apart, unsplittable = _colleagues_apart(people, tables, met)
    apart_keys = {pair(people[a].id, people[b].id) for a, b in apart}
    pinned = _pin_best_pairs(people, tables, scores, met, apart_keys=apart_keys)
    preset.extend((index[a], offset, t) for t, (a, b) in enumerate(pinned))
    preset.extend((index[b], offset, t) for t, (a, b) in enumerate(pinned))

    problem = planning.Problem(
        people=tuple(
            planning.Person(
                name=str(person.id),
                organisation=person.organisation,
                organisation_type=person.organisation_type,
                region=person.region,
                sector=person.sector,
            )
            for person in people
        ),
        tables=tuple(planning.Table(topic="", capacity=capacity) for _ in range(tables)),
        rounds=offset + rounds,
        mode="mix",
        constraints=planning.Constraints(apart=apart, preset=tuple(sorted(preset)), absent=tuple(sorted(absent))),
    )
    options = planning.SolveOptions(
        seed=seed, time_limit=TIME_LIMIT_SECONDS, target_repeats=baseline, max_iterations=MAX_ITERATIONS
    )
    plan = planning.solve(problem, options)

    speed_rounds = [
        tuple(tuple(sorted(people[i].id for i in group)) for group in plan.rounds[offset + r] if group)
        for r in range(rounds)
    ]

    def round_score(groups: Groups) -> float:
        return round(sum(scores.get(pair(a, b), 0.0) for group in groups for a, b in combinations(group, 2)), 6)

    # Best-scoring rounds first (stable: the pinned first round stays first on a tie).
    order = sorted(range(rounds), key=lambda r: (-round_score(speed_rounds[r]), r))
    ordered = tuple(speed_rounds[r] for r in order)
    speed_met = _met_pairs(ordered)
    return SpeedPlan(
        rounds=ordered,
        repeats=plan.score.repeats - baseline,
        met_before=sum(1 for key in speed_met if key in met),
        pinned_pairs=len(pinned),
        unsplittable=unsplittable,
        violations=plan.score.violations,
        method=plan.method,
        seconds=plan.seconds,
        round_scores=tuple(round_score(groups) for groups in ordered),
    )


def _colleagues_apart(
    people: Sequence[SpeedPerson], tables: int, met: Counter[tuple[int, int]]
) -> tuple[tuple[tuple[int, int], ...], tuple[str, ...]]:
    members: dict[str, list[int]] = defaultdict(list)
    for position, person in enumerate(people):
        if person.organisation:
            members[person.organisation].append(position)
    apart: list[tuple[int, int]] = []
    unsplittable: list[str] = []
    for key, group in sorted(members.items()):
        if len(group) > tables:
            unsplittable.append(key)
            continue
        # Colleagues who already sat together (in the café) would be a broken hard constraint in a pre-set
        # round; meeting again costs them a repeat anyway.
        apart.extend((a, b) for a, b in combinations(group, 2) if pair(people[a].id, people[b].id) not in met)
    return tuple(apart), tuple(unsplittable)


def _pin_best_pairs(
    people: Sequence[SpeedPerson],
    tables: int,
    scores: Mapping[tuple[int, int], float],
    met: Counter[tuple[int, int]],
    *,
    apart_keys: set[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Greedy: pairs by score descending (then ids), each person once, neither colleagues nor met before."""
    present = {person.id for person in people}
    organisation = {person.id: person.organisation for person in people}
    taken: set[int] = set()
    pinned: list[tuple[int, int]] = []
    for (a, b), _score in sorted(scores.items(), key=lambda item: (-item[1], item[0])):
        if len(pinned) >= tables:
            break
        if a not in present or b not in present or a in taken or b in taken:
            continue
        colleagues = organisation[a] and organisation[a] == organisation[b]
        if colleagues or (a, b) in met or (a, b) in apart_keys:
            continue
        pinned.append((a, b))
        taken.update((a, b))
    return pinned


# ------------------------------------------------------------------------------------------------ the event's rows
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
