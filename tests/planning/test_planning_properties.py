"""Invariants of every plan, for random cafés (hypothesis)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from weltcafe.planning import Constraints, Plan, Problem, SolveOptions, Table, solve

pytestmark = pytest.mark.unit

FAST = SolveOptions(seed=0, time_limit=3, max_iterations=1500, soft_steps=200)


@st.composite
def cafes(draw: st.DrawFn) -> Problem:
    """A small, always feasible café with hosts, keep-apart and keep-together pairs and pre-set seats.

    (Feasible: at least three tables with three guest seats each, one keep-together pair, two keep-apart pairs.)
    """
    tables = draw(st.integers(3, 6))
    people = draw(st.integers(4 * tables, 6 * tables))  # room for a host, a keep-together pair and one more
    rounds = draw(st.integers(1, min(4, tables)))
    hosts = draw(st.booleans())
    free = list(range(tables if hosts else 0, people))
    shuffled = draw(st.permutations(free))
    together = [tuple(sorted(shuffled[i: i + 2])) for i in range(0, 2 * draw(st.integers(0, 1)), 2)]
    rest = shuffled[2 * len(together):]
    apart_people = rest[: 2 * draw(st.integers(0, 2))]
    apart = [tuple(sorted(apart_people[i: i + 2])) for i in range(0, len(apart_people) - 1, 2)]
    preset_people = rest[len(apart_people): len(apart_people) + draw(st.integers(0, min(tables, 3)))]
    preset = [(p, draw(st.integers(0, rounds - 1)), i) for i, p in enumerate(preset_people)]
    capacity = -(-people // tables)
    return Problem(
        people=Problem.anonymous(people, tables, rounds).people,
        tables=tuple(Table(topic=f"Topic {t}", capacity=capacity, host=t if hosts else None) for t in range(tables)),
        rounds=rounds,
        constraints=Constraints(apart=tuple(apart), together=tuple(together), preset=tuple(preset)),
    )


def _seat(plan: Plan) -> dict[tuple[int, int], int]:
    return {(p, r): t for r, tables in enumerate(plan.rounds) for t, members in enumerate(tables) for p in members}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cafes())
def test_solve_every_plan_respects_all_hard_constraints(problem: Problem) -> None:
    plan = solve(problem, FAST)

    seat = _seat(plan)
    for tables in plan.rounds:
        seated = Counter(p for members in tables for p in members)
        assert sorted(seated) == list(range(len(problem.people)))
        assert set(seated.values()) == {1}
        sizes = [len(members) for members in tables]
        assert max(sizes) <= problem.tables[0].capacity
        assert max(sizes) - min(sizes) <= 1
    for t, table in enumerate(problem.tables):
        if table.host is not None:
            assert {seat[(table.host, r)] for r in range(problem.rounds)} == {t}
    for a, b in problem.constraints.apart:
        assert all(seat[(a, r)] != seat[(b, r)] for r in range(problem.rounds))
    for a, b in problem.constraints.together:
        assert all(seat[(a, r)] == seat[(b, r)] for r in range(problem.rounds))
    for p, r, t in problem.constraints.preset:
        assert seat[(p, r)] == t
    hosts = {table.host for table in problem.tables}
    for p in set(range(len(problem.people))) - hosts:
        assert len({seat[(p, r)] for r in range(problem.rounds)}) == problem.rounds  # no topic twice
    assert plan.score.violations == 0


@settings(max_examples=8, deadline=None)
@given(cafes(), st.integers(0, 2**31))
def test_solve_same_seed_gives_same_plan(problem: Problem, seed: int) -> None:
    options = SolveOptions(seed=seed, time_limit=30, max_iterations=300, soft_steps=100)

    first, second = solve(problem, options), solve(problem, options)

    assert first.rounds == second.rounds
