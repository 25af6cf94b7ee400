"""The impossible-case report: counting bounds and how far a plan is from them."""

from __future__ import annotations

import time

import pytest

from weltcafe.planning import PlanningError, Problem, SolveOptions, analyse, counting_bounds, solve

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("people", "tables", "rounds", "max_rounds"),
    [(9, 3, 4, 4), (32, 8, 10, 10), (20, 5, 5, 6), (300, 50, 5, 59), (27, 9, 13, 13)],
)
def test_counting_bounds_max_zero_repeat_rounds_matches_formula(people: int, tables: int, rounds: int,
                                                               max_rounds: int) -> None:
    assert counting_bounds(people, tables, rounds).max_zero_repeat_rounds == max_rounds


def test_counting_bounds_hosts_limit_rounds_to_tables() -> None:
    report = counting_bounds(300, 50, 5, hosts=50)

    assert report.max_zero_repeat_rounds == 50


def test_analyse_too_many_rounds_reports_impossible_with_lower_bound() -> None:
    report = analyse(Problem.anonymous(9, 3, 6))  # 3-3-6: at most 4 rounds without repeats

    assert (report.zero_repeats_possible, report.max_zero_repeat_rounds) == (False, 4)
    assert report.min_repeats_lower_bound == 18  # 9 people x (6 rounds x 2 seats - 8 others) / 2
    assert any("at most 4 rounds" in reason for reason in report.reasons)


def test_analyse_pigeonhole_case_reports_forced_repeats() -> None:
    report = analyse(Problem.anonymous(45, 6, 3))

    assert (report.zero_repeats_possible, report.min_repeats_lower_bound) == (False, 18)
    assert any("pigeonhole" in reason for reason in report.reasons)


def test_solve_impossible_case_stops_at_bound_instead_of_searching_forever() -> None:
    started = time.perf_counter()

    plan = solve(Problem.anonymous(9, 3, 5), SolveOptions(seed=2, time_limit=20))

    assert plan.score.repeats == plan.bound.min_repeats_lower_bound
    assert plan.score.gap_to_bound == 0
    assert time.perf_counter() - started < 5


def test_solve_more_people_than_seats_raises_clear_error() -> None:
    problem = Problem.anonymous(20, 4, 2, capacity=4)

    with pytest.raises(PlanningError, match="20 people but only 16 seats"):
        solve(problem)
