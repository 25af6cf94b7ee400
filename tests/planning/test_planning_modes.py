"""`rotate_groups` and diversity in `mix`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from weltcafe.planning import Person, PlanningError, Problem, SolveOptions, Table, solve
from weltcafe.planning.scoring import table_diversity

pytestmark = pytest.mark.unit


def test_rotate_groups_groups_move_together_in_latin_square(
    diverse_people: tuple[Person, ...], make_problem: Callable[..., Problem]
) -> None:
    problem = make_problem(diverse_people, 4, 4, hosts=True, mode="rotate_groups")

    plan = solve(problem, SolveOptions(seed=1, time_limit=5))

    groups = [frozenset(members) - {t} for t, members in enumerate(plan.rounds[0])]
    for r, tables in enumerate(plan.rounds):
        for t, members in enumerate(tables):
            assert t in members  # the host stays
            assert frozenset(members) - {t} == groups[(t - r) % 4]
    assert plan.score.violations == 0


def test_mix_balances_diversity_better_than_chance(
    diverse_people: tuple[Person, ...], make_problem: Callable[..., Problem]
) -> None:
    problem = make_problem(diverse_people, 6, 3)
    rng = np.random.default_rng(0)
    random_tables = np.array_split(rng.permutation(24), 6)
    chance = np.mean([table_diversity(problem, tuple(int(p) for p in t)) for t in random_tables])

    plan = solve(problem, SolveOptions(seed=1, time_limit=5))

    assert plan.score.repeats == 0
    assert plan.score.mean_diversity > chance


def test_mix_topic_preferences_are_honoured_when_free(make_problem: Callable[..., Problem]) -> None:
    people = tuple(Person(name=f"P{i}", preferences=("Topic 1",) if i < 4 else ()) for i in range(8))
    problem = make_problem(people, 2, 1)

    plan = solve(problem, SolveOptions(seed=0, time_limit=5))

    assert set(plan.rounds[0][1]) == {0, 1, 2, 3}
    assert plan.score.preference_cost == 0


def test_rotate_groups_with_two_tables_per_topic_visits_a_new_topic_each_round():
    # Tables 0-1 "Energie", 2-3 "Fachkräfte", 4-5 "Lieferketten" as the café numbers them; hosts at 0, 2, 4.
    topics = ["Energie", "Energie", "Fachkräfte", "Fachkräfte", "Lieferketten", "Lieferketten"]
    people = tuple(Person(name=f"P{i}") for i in range(39))
    tables = tuple(Table(topic=topic, capacity=8, host=t if t % 2 == 0 else None) for t, topic in enumerate(topics))
    problem = Problem(people=people, tables=tables, rounds=3, mode="rotate_groups")

    plan = solve(problem, SolveOptions(seed=0, time_limit=2, max_iterations=20_000))

    hosts = {0, 2, 4}
    for person in range(len(people)):
        if person in hosts:
            continue
        visited = [topics[plan.seat_of(person, r)] for r in range(3)]
        assert len(set(visited)) == 3, (person, visited)
    assert plan.score.violations == 0
    assert all(len(members) <= 8 for tables_ in plan.rounds for members in tables_)


def test_rotate_groups_refuses_groups_that_do_not_fit_the_smallest_table():
    people = tuple(Person(name=f"P{i}") for i in range(20))
    tables = (Table(topic="A", capacity=8), Table(topic="B", capacity=4))

    with pytest.raises(PlanningError, match="smallest table has 4"):
        solve(Problem(people=people, tables=tables, rounds=2, mode="rotate_groups"))
