"""Who meets whom in each round of speed networking: groups of 2–4 from plain ids, with the rotation planner.

Pure like the rest of `weltcafe.planning` (no Django): `plan_groups` turns the task into one `Problem` in `mix`
mode and back. The networking app reads the event (who takes part, earlier encounters, matching scores) and calls
it (docs/networking.md, "How groups are formed"):

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

from weltcafe.planning.problem import Constraints, Person, PlanningError, Problem, SolveOptions, Table
from weltcafe.planning.solver import solve

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
    """Groups for `rounds` rounds; raises `PlanningError` for impossible input (fewer than two people)."""
    people = sorted(people, key=lambda person: person.id)
    if len(people) < 2:
        raise PlanningError("speed networking needs at least two people")
    if group_size < 2 or rounds < 1:
        raise PlanningError("group size must be at least 2 and rounds at least 1")
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
    for r, past_groups in enumerate(past_rounds):
        seated = set()
        for t, group in enumerate(past_groups):
            for p in group:
                preset.append((p, r, t))
                seated.add(p)
        absent.extend((p, r) for p in range(n) if p not in seated)

    apart, unsplittable = _colleagues_apart(people, tables, met)
    apart_keys = {pair(people[a].id, people[b].id) for a, b in apart}
    pinned = _pin_best_pairs(people, tables, scores, met, apart_keys=apart_keys)
    preset.extend((index[a], offset, t) for t, (a, b) in enumerate(pinned))
    preset.extend((index[b], offset, t) for t, (a, b) in enumerate(pinned))

    problem = Problem(
        people=tuple(
            Person(
                name=str(person.id),
                organisation=person.organisation,
                organisation_type=person.organisation_type,
                region=person.region,
                sector=person.sector,
            )
            for person in people
        ),
        tables=tuple(Table(topic="", capacity=capacity) for _ in range(tables)),
        rounds=offset + rounds,
        mode="mix",
        constraints=Constraints(apart=apart, preset=tuple(sorted(preset)), absent=tuple(sorted(absent))),
    )
    options = SolveOptions(
        seed=seed, time_limit=TIME_LIMIT_SECONDS, target_repeats=baseline, max_iterations=MAX_ITERATIONS
    )
    plan = solve(problem, options)

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
