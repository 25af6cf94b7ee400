"""Re-plan the remaining rounds when people do not show up or arrive late, past rounds fixed.

The past is turned into pre-set seats, the no-shows into absences, the late arrivals into new people
who were absent so far; the old seating of the remaining rounds is the starting point (``hint``), so
that few printed routes change. Meant to answer in well under a second.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np

from weltcafe.planning.problem import Person, Plan, PlanningError, Problem, SolveOptions
from weltcafe.planning.scoring import meeting_counts
from weltcafe.planning.solver import solve


def replan(
    problem: Problem,
    plan: Plan,
    *,
    from_round: int,
    absent: Iterable[int] = (),
    arrivals: Sequence[Person] = (),
    options: SolveOptions | None = None,
) -> tuple[Problem, Plan]:
    """Re-seat rounds ``from_round``.. of ``plan``; rounds before it stay exactly as they were.

    ``absent`` are indices of people who will not be there any more; ``arrivals`` are new people, who get
    the indices ``len(problem.people)``, ... in the returned problem. Returns (new problem, new plan).
    """
    options = options or SolveOptions(time_limit=0.8, seed=plan.seed)
    if not 0 <= from_round <= problem.rounds:
        raise PlanningError(f"from_round must be between 0 and {problem.rounds}")
    if problem.mode != "mix":
        raise PlanningError("re-planning is only supported in `mix` mode; rotating groups simply skip no-shows")
    people = problem.people + tuple(arrivals)
    gone = set(absent)
    newcomers = range(len(problem.people), len(people))
    past = [(p, r, t) for r in range(from_round) for t, members in enumerate(plan.rounds[r]) for p in members]
    seated_in_past = {(p, r) for p, r, _ in past}
    absences = set(problem.constraints.absent)
    absences |= {(p, r) for p in range(len(people)) for r in range(from_round) if (p, r) not in seated_in_past}
    absences |= {(p, r) for p in gone for r in range(from_round, problem.rounds)}
    absences |= {(p, r) for p in newcomers for r in range(from_round)}
    future_presets = [(p, r, t) for p, r, t in problem.constraints.preset if r >= from_round and p not in gone]
    new_problem = replace(
        problem,
        people=people,
        constraints=replace(
            problem.constraints,
            preset=tuple(sorted(set(past) | set(future_presets))),
            absent=tuple(sorted(absences)),
        ),
    )
    hint = np.full((problem.rounds, len(people)), -1, dtype=np.int64)
    for r in range(from_round, problem.rounds):
        for t, members in enumerate(plan.rounds[r]):
            hint[r, [p for p in members if p not in gone]] = t
    # Repeats already in the past cannot be undone: do not search for fewer than those.
    counted_past = meeting_counts(len(people), plan.rounds[:from_round])
    past_repeats = int(np.triu(np.maximum(counted_past - 1, 0), 1).sum())
    target = max(past_repeats, options.target_repeats or 0)
    new_plan = solve(new_problem, replace(options, target_repeats=target, use_constructions=False), hint=hint)
    return new_problem, new_plan

