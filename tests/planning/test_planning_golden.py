"""Golden instances with fixed seeds: shapes that must reach zero repeats (or the proven minimum)."""

from __future__ import annotations

import pytest

from weltcafe.planning import Problem, SolveOptions, solve

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("participants", "tables", "rounds", "hosts"),
    [
        (9, 3, 4, False),  # 3-3-4, affine plane AG(2,3)
        (16, 4, 5, False),  # 4-4-5, affine plane AG(2,4)
        (15, 5, 7, False),  # Kirkman's schoolgirls
        (24, 6, 3, True),  # wc-24-6x4-3-hosts
        (60, 10, 4, True),  # wc-60-10x6-4-hosts
        (62, 10, 4, False),  # uneven tables of 6 and 7
    ],
)
def test_solve_golden_instance_reaches_zero_repeats(participants: int, tables: int, rounds: int, hosts: bool) -> None:
    problem = Problem.anonymous(participants, tables, rounds, hosts=hosts)

    plan = solve(problem, SolveOptions(seed=7, time_limit=10))

    assert (plan.score.repeats, plan.score.violations, plan.score.max_meetings_per_pair) == (0, 0, 1)


@pytest.mark.parametrize(("participants", "tables", "rounds"), [(9, 3, 4), (16, 4, 5), (24, 6, 3)])
def test_solve_without_constructions_search_alone_reaches_zero(participants: int, tables: int, rounds: int) -> None:
    problem = Problem.anonymous(participants, tables, rounds)

    plan = solve(problem, SolveOptions(seed=3, time_limit=10, use_constructions=False))

    assert plan.score.repeats == 0
    assert "tabu" in plan.method


def test_solve_tight_affine_plane_uses_construction() -> None:
    plan = solve(Problem.anonymous(49, 7, 8), SolveOptions(seed=1, time_limit=5))

    assert (plan.score.repeats, plan.method) == (0, "affine geometry AG(2,7)")
    assert plan.score.pairs_met == 49 * 48 // 2  # every pair meets exactly once


def test_solve_pigeonhole_instance_reaches_proven_minimum() -> None:
    # wc-45-6x7/8-3-uneven: more people per table than tables; 18 repeats are proven unavoidable.
    plan = solve(Problem.anonymous(45, 6, 3), SolveOptions(seed=1, time_limit=10))

    assert (plan.bound.min_repeats_lower_bound, plan.score.repeats, plan.score.gap_to_bound) == (18, 18, 0)
