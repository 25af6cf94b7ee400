"""Score a plan from scratch, independently of the search (a recount, so that bugs in the incremental
bookkeeping of the solver cannot hide).

Diversity of a table is the Gini-Simpson index averaged over the attributes region, organisation type and
sector: the chance that two different people at the table differ in that attribute (1.0 = all differ).
Attributes everybody shares, or nobody filled in, are left out.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from weltcafe.planning.problem import DIVERSITY_ATTRIBUTES, BoundReport, Problem, Score

Rounds = tuple[tuple[tuple[int, ...], ...], ...]


def meeting_counts(people: int, rounds: Rounds) -> np.ndarray:
    """meet[p, q] = number of rounds in which p and q sat at the same table."""
    meet = np.zeros((people, people), dtype=np.int64)
    for tables in rounds:
        for members in tables:
            index = np.asarray(members, dtype=np.int64)
            meet[np.ix_(index, index)] += 1
    np.fill_diagonal(meet, 0)
    return meet


def table_diversity(problem: Problem, members: tuple[int, ...]) -> float:
    """Gini-Simpson diversity of one table, averaged over the attributes that vary in the café."""
    scores = []
    for attribute in DIVERSITY_ATTRIBUTES:
        if len({getattr(person, attribute) for person in problem.people} - {""}) < 2:
            continue
        values = [getattr(problem.people[p], attribute) or f"?{p}" for p in members]
        if len(values) < 2:
            scores.append(1.0)
            continue
        same = sum(count * (count - 1) for count in Counter(values).values())
        scores.append(1.0 - same / (len(values) * (len(values) - 1)))
    return float(np.mean(scores)) if scores else 1.0


def score_plan(problem: Problem, rounds: Rounds, bound: BoundReport) -> Score:
    """Every figure of a plan: repeats, fairness, diversity, preferences and broken hard constraints."""
    people = len(problem.people)
    meet = meeting_counts(people, rounds)
    counted = np.ones((people, people), dtype=bool)
    for left, right in problem.constraints.together:
        counted[left, right] = counted[right, left] = False
    upper = np.triu(counted, 1)
    excess = np.maximum(meet - 1, 0)
    repeats = int(excess[upper].sum())
    diversity = tuple(tuple(table_diversity(problem, members) for members in tables) for tables in rounds)
    details = _violations(problem, rounds, meet)
    return Score(
        repeats=repeats,
        max_meetings_per_pair=int(meet[upper].max()) if upper.any() else 0,
        pairs_met=int(np.count_nonzero(meet[upper])),
        squared_meetings=int((meet[upper] ** 2).sum()),
        diversity_per_table=diversity,
        mean_diversity=float(np.mean([d for row in diversity for d in row])) if diversity else 1.0,
        preference_cost=_preference_cost(problem, rounds),
        violations=len(details),
        violation_details=tuple(details),
        lower_bound=bound.min_repeats_lower_bound,
        gap_to_bound=max(0, repeats - bound.min_repeats_lower_bound),
    )


def _preference_cost(problem: Problem, rounds: Rounds) -> int:
    """Sum over visits of the rank of the topic in the person's list (unlisted = list length)."""
    total = 0
    for tables in rounds:
        for table_index, members in enumerate(tables):
            topic = problem.tables[table_index].topic
            for p in members:
                wishes = problem.people[p].preferences
                if wishes:
                    total += wishes.index(topic) if topic in wishes else len(wishes)
    return total


def _violations(problem: Problem, rounds: Rounds, meet: np.ndarray) -> list[str]:
    people, constraints = len(problem.people), problem.constraints
    absent = set(constraints.absent)
    found: list[str] = []
    if len(rounds) != problem.rounds:
        found.append(f"plan has {len(rounds)} rounds, problem {problem.rounds}")
    seat: dict[tuple[int, int], int] = {}
    for r, tables in enumerate(rounds):
        if len(tables) != len(problem.tables):
            found.append(f"round {r + 1}: {len(tables)} tables instead of {len(problem.tables)}")
        seen = Counter(p for members in tables for p in members)
        for p in range(people):
            expected = 0 if (p, r) in absent else 1
            if seen.get(p, 0) != expected:
                found.append(f"round {r + 1}: person {p} seated {seen.get(p, 0)} times, expected {expected}")
        for t, members in enumerate(tables):
            seat.update({(p, r): t for p in members})
            if t < len(problem.tables) and len(members) > problem.tables[t].capacity:
                found.append(f"round {r + 1}: table {t} holds {len(members)} > capacity")
    for t, table in enumerate(problem.tables):
        if table.host is not None:
            found.extend(f"round {r + 1}: host {table.host} not at table {t}"
                         for r in range(len(rounds)) if (table.host, r) not in absent
                         and seat.get((table.host, r)) != t)
    found.extend(f"pre-set seat of person {p} in round {r + 1} not kept"
                 for p, r, t in constraints.preset if seat.get((p, r)) != t)
    found.extend(f"persons {a} and {b} must be kept apart but met {meet[a, b]} times"
                 for a, b in constraints.apart if meet[a, b])
    for a, b in constraints.together:
        both = [r for r in range(len(rounds)) if (a, r) in seat and (b, r) in seat]
        found.extend(f"persons {a} and {b} must sit together but are apart in round {r + 1}"
                     for r in both if seat[(a, r)] != seat[(b, r)])
    found.extend(_revisits(problem, rounds))
    return found


def _revisits(problem: Problem, rounds: Rounds) -> list[str]:
    """In `mix`, no guest visits a topic twice while there are at least as many topics as rounds (hosts stay)."""
    topics = problem.topics
    if problem.mode != "mix" or len(topics) == 1 or problem.rounds > len(topics):
        return []
    hosts = {table.host for table in problem.tables}
    visits: Counter[tuple[int, str]] = Counter()
    for tables in rounds:
        for t, members in enumerate(tables):
            visits.update((p, problem.tables[t].topic) for p in members)
    return [f"person {p} visits topic {topic!r} {count} times" for (p, topic), count in visits.items()
            if count > 1 and p not in hosts]
