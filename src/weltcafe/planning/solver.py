"""solve(problem, options) -> Plan: the planner's front door.

In order: data (bounds, compiled arrays), start (a construction from the library when one fits the
shape, else the greedy seating), search (tabu search until the target number of repeats, the iteration
budget or the time limit), check (an independent recount of the plan, which must show no broken hard
constraint).
"""

from __future__ import annotations

import time

import numpy as np

from weltcafe.planning.bounds import analyse
from weltcafe.planning.constructions import zero_repeat_schedules
from weltcafe.planning.greedy import greedy_seating
from weltcafe.planning.model import IntArray, Model, compile_model
from weltcafe.planning.problem import Constraints, Plan, PlanningError, Problem, SolveOptions, Table
from weltcafe.planning.scoring import score_plan
from weltcafe.planning.search import SeatingSearch


def solve(problem: Problem, options: SolveOptions | None = None, *, hint: IntArray | None = None) -> Plan:
    """Plan ``problem``. Same problem, same options (seed) -> same plan, as long as the search stops by
    reaching its target or iteration budget rather than the wall clock.

    ``hint`` (seat[r, p], -1 = none) is an earlier seating to stay close to (used by re-planning).
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    if problem.mode == "rotate_groups":
        return _solve_rotation(problem, options, started)
    # Data: what counting proves, and the arrays the search works on.
    bound = analyse(problem)
    model = compile_model(problem)
    target = options.target_repeats if options.target_repeats is not None else bound.min_repeats_lower_bound
    rng = np.random.default_rng(options.seed)
    # Start: an algebraic zero-repeat schedule if the library has one for this shape, else greedy.
    start, method = None, "greedy"
    if options.use_constructions and hint is None:
        start, method = _from_construction(model, rng)
    if start is None:
        start, method = greedy_seating(model, rng, hint), "greedy"
    # Search: improve until the target is met (and diversity/preferences stop improving) or time is up.
    result = SeatingSearch(model, rng).run(
        start,
        deadline=started + options.time_limit,
        target_repeats=target,
        max_iterations=options.max_iterations,
        soft_steps=options.soft_steps,
    )
    if result.iterations:
        method = f"{method} + tabu search"
    # Check: recount everything from the plan itself.
    rounds = seat_to_rounds(result.seat, model.tables)
    score = score_plan(problem, rounds, bound)
    return Plan(
        rounds=rounds, score=score, bound=bound, seconds=time.perf_counter() - started, method=method, seed=options.seed
    )


def seat_to_rounds(seat: IntArray, tables: int) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """seat[r, p] -> rounds[r][t] = sorted people at table t (absent people, at the ghost table, dropped)."""
    return tuple(tuple(tuple(int(p) for p in np.flatnonzero(row == t)) for t in range(tables)) for row in seat)


def _from_construction(model: Model, rng: np.random.Generator) -> tuple[IntArray | None, str]:
    """Map a library schedule onto the people: hosts onto people who never meet, the rest shuffled."""
    sizes = model.sizes
    if model.people % model.tables or np.any(sizes != model.people // model.tables):
        return None, ""
    host_of = {t: int(p) for t, p in enumerate(model.hosts) if p >= 0}
    guests = np.setdiff1d(np.arange(model.people), list(host_of.values()))
    if np.any(model.fixed[:, guests] >= 0) or np.any(model.fixed[:, list(host_of.values())] == model.ghost):
        return None, ""  # pre-set seats or absences: let the search handle them
    for construction in zero_repeat_schedules(model.tables, model.people // model.tables, model.rounds):
        if construction.seat.shape[0] < model.rounds:
            continue
        schedule = construction.seat[: model.rounds]
        anchors = _never_meeting(schedule, len(host_of), rng) if host_of else []
        if anchors is None:
            continue
        # Relabel people: anchor i becomes the host of the i-th hosted table, the rest at random.
        others = rng.permutation(guests)
        abstract_rest = np.setdiff1d(np.arange(model.people), anchors)
        person_of = np.empty(model.people, dtype=np.int64)
        hosted_tables = sorted(host_of)
        person_of[anchors] = [host_of[t] for t in hosted_tables]
        person_of[abstract_rest] = others
        seat = np.empty_like(schedule)
        for r, row in enumerate(schedule):
            # Relabel tables of this round: the anchor's table becomes its host's table.
            table_map = np.full(model.tables, -1, dtype=np.int64)
            for anchor, table in zip(anchors, hosted_tables, strict=True):
                table_map[row[anchor]] = table
            rest = [t for t in range(model.tables) if t not in set(hosted_tables)]
            table_map[table_map < 0] = rest
            seat[r, person_of] = table_map[row]
        return seat, construction.name
    return None, ""


def _never_meeting(schedule: IntArray, count: int, rng: np.random.Generator, tries: int = 200) -> list[int] | None:
    """``count`` abstract people who never share a table in ``schedule`` (randomised greedy), or None."""
    meet = np.zeros((schedule.shape[1],) * 2, dtype=bool)
    for row in schedule:
        meet |= row[:, None] == row[None, :]
    for _ in range(tries):
        chosen: list[int] = []
        for p in rng.permutation(schedule.shape[1]):
            if not meet[p, chosen].any():
                chosen.append(int(p))
                if len(chosen) == count:
                    return chosen
    return None


def rotation_step(problem: Problem) -> int:
    """How many tables a group moves on per round so that it meets a new topic each time.

    With two tables per topic (tables 1-2 "Energie", 3-4 "Fachkräfte", ...) a step of 1 would send a group
    from one "Energie" table to the other; the smallest step that keeps every group's topics distinct for
    min(rounds, topics) rounds is used, 1 when topics are unnamed or all alike.
    """
    tables = len(problem.tables)
    topics = [table.topic for table in problem.tables]
    distinct_rounds = min(problem.rounds, len(set(topics)))
    for step in range(1, tables):
        if all(
            len({topics[(table + r * step) % tables] for r in range(distinct_rounds)}) == distinct_rounds
            for table in range(tables)
        ):
            return step
    return 1


def _solve_rotation(problem: Problem, options: SolveOptions, started: float) -> Plan:
    """`rotate_groups`: split the guests once into balanced, diverse groups; group g sits at table
    (g + r * step) mod T in round r (a Latin-square schedule), hosts stay at their tables."""
    tables = len(problem.tables)
    step = rotation_step(problem)
    hosts = {table.host: t for t, table in enumerate(problem.tables) if table.host is not None}
    guests = [p for p in range(len(problem.people)) if p not in hosts]
    index = {p: i for i, p in enumerate(guests)}
    constraints = problem.constraints
    # A group visits every table, so it must fit the tightest one (capacity less its host).
    group_capacity = min(table.capacity - (table.host is not None) for table in problem.tables)
    if group_capacity * tables < len(guests):
        raise PlanningError(
            f"{len(guests)} guests in {tables} rotating groups need {-(-len(guests) // tables)} seats at every "
            f"table besides its host, but the smallest table has {group_capacity}"
        )
    group_presets = {(index[p], 0, (t - r * step) % tables) for p, r, t in constraints.preset if p in index}
    grouping = Problem(
        people=tuple(problem.people[p] for p in guests),
        tables=tuple(Table(topic="", capacity=group_capacity) for _table in problem.tables),
        rounds=1,
        constraints=Constraints(
            apart=tuple((index[a], index[b]) for a, b in constraints.apart if a in index and b in index),
            together=tuple((index[a], index[b]) for a, b in constraints.together if a in index and b in index),
            preset=tuple(sorted(group_presets)),
        ),
    )
    groups = solve(grouping, options).rounds[0]
    absent = set(constraints.absent)
    rounds = tuple(
        tuple(
            tuple(
                sorted(
                    [p for p, t in hosts.items() if t == table and (p, r) not in absent]
                    + [guests[g] for g in groups[(table - r * step) % tables] if (guests[g], r) not in absent]
                )
            )
            for table in range(tables)
        )
        for r in range(problem.rounds)
    )
    bound = analyse(problem)
    return Plan(
        rounds=rounds,
        score=score_plan(problem, rounds, bound),
        bound=bound,
        seconds=time.perf_counter() - started,
        method="rotate_groups: groups by tabu search, Latin square",
        seed=options.seed,
    )
