"""The incremental bookkeeping of the tabu search agrees with a recount from scratch."""

from __future__ import annotations

import numpy as np
import pytest

from weltcafe.planning import Constraints, Person, Problem, Table
from weltcafe.planning.greedy import greedy_seating
from weltcafe.planning.model import compile_model
from weltcafe.planning.search import SeatingSearch

pytestmark = pytest.mark.unit


def test_swap_delta_and_incremental_state_match_full_recount() -> None:
    people = tuple(Person(name=f"P{i}", region="AB"[i % 2], sector="XYZ"[i % 3], preferences=("t1", "t0"))
                   for i in range(14))
    problem = Problem(
        people=people,
        tables=tuple(Table(topic=f"t{t % 3}", capacity=4, host=0 if t == 0 else None) for t in range(4)),
        rounds=4,
        constraints=Constraints(apart=((1, 2),), together=((3, 4),), absent=((5, 1),)),
    )
    model = compile_model(problem)
    rng = np.random.default_rng(0)
    search = SeatingSearch(model, rng)
    search.load(greedy_seating(model, rng))

    for _ in range(200):
        r = int(rng.integers(model.rounds))
        movable = np.flatnonzero(search.movable[r])
        a, b = (int(x) for x in rng.choice(movable, 2, replace=False))
        if search.seat[r, a] == search.seat[r, b]:
            continue
        predicted = int(search.swap_deltas(np.array([r]), np.array([a]))[0, b])
        before = search.cost
        search.swap(r, a, b)
        search.cost += predicted
        fresh = SeatingSearch(model, rng)
        fresh.load(search.seat)
        assert search.total_cost() - before == predicted
        assert np.array_equal(search.join, fresh.join)
        assert np.array_equal(search.leave, fresh.leave)
        assert search.cost == fresh.cost
