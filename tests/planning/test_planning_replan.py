"""Re-planning for no-shows and late arrivals: the past stays fixed, the rest is re-seated fast."""

from __future__ import annotations

import time

import pytest

from weltcafe.planning import Person, Plan, PlanningError, Problem, SolveOptions, replan, solve

pytestmark = pytest.mark.unit


@pytest.fixture
def planned() -> tuple[Problem, Plan]:
    problem = Problem.anonymous(60, 10, 4, hosts=True)
    return problem, solve(problem, SolveOptions(seed=5, time_limit=5))


def test_replan_keeps_past_rounds_exactly(planned: tuple[Problem, Plan]) -> None:
    problem, plan = planned

    _, new_plan = replan(problem, plan, from_round=2, absent=[12, 30], arrivals=[Person(name="Spät")])

    assert new_plan.rounds[:2] == plan.rounds[:2]


def test_replan_seats_arrivals_and_drops_no_shows_without_violations(planned: tuple[Problem, Plan]) -> None:
    problem, plan = planned
    started = time.perf_counter()

    new_problem, new_plan = replan(problem, plan, from_round=1, absent=[12, 30, 41],
                                   arrivals=[Person(name="Spät 1"), Person(name="Spät 2")])

    seconds = time.perf_counter() - started
    future = [p for tables in new_plan.rounds[1:] for members in tables for p in members]
    assert len(new_problem.people) == 62
    assert {12, 30, 41}.isdisjoint(future)
    assert future.count(60) == future.count(61) == 3
    assert (new_plan.score.violations, new_plan.score.repeats) == (0, 0)
    assert seconds < 1.0


def test_replan_host_no_show_leaves_table_without_host(planned: tuple[Problem, Plan]) -> None:
    problem, plan = planned

    _, new_plan = replan(problem, plan, from_round=2, absent=[3])

    assert all(3 not in new_plan.rounds[r][3] for r in (2, 3))
    assert new_plan.score.violations == 0


def test_replan_rejects_round_out_of_range(planned: tuple[Problem, Plan]) -> None:
    problem, plan = planned

    with pytest.raises(PlanningError, match="from_round"):
        replan(problem, plan, from_round=9)
