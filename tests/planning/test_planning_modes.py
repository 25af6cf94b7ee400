"""`rotate_groups` and diversity in `mix`."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from weltcafe.planning import Person, Problem, SolveOptions, solve
from weltcafe.planning.scoring import table_diversity

pytestmark = pytest.mark.unit


def test_rotate_groups_groups_move_together_in_latin_square(diverse_people: tuple[Person, ...],
                                                            make_problem: Callable[..., Problem]) -> None:
    problem = make_problem(diverse_people, 4, 4, hosts=True, mode="rotate_groups")

    plan = solve(problem, SolveOptions(seed=1, time_limit=5))

    groups = [frozenset(members) - {t} for t, members in enumerate(plan.rounds[0])]
    for r, tables in enumerate(plan.rounds):
        for t, members in enumerate(tables):
            assert t in members  # the host stays
            assert frozenset(members) - {t} == groups[(t - r) % 4]
    assert plan.score.violations == 0


def test_mix_balances_diversity_better_than_chance(diverse_people: tuple[Person, ...],
                                                   make_problem: Callable[..., Problem]) -> None:
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
