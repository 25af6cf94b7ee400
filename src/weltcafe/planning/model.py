"""Compile a Problem into the numpy arrays the search works on.

The objective is one integer per schedule, a weighted sum whose weights keep what matters most to an
organiser first: hard constraints >> repeated encounters >> fairness (squared meetings) >> diversity >>
topic preferences. Every term is either a function of a pair's meeting count or linear in meetings or
in (person, topic) visits, which is what makes swap deltas cheap to evaluate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from weltcafe.planning.problem import DIVERSITY_ATTRIBUTES, PlanningError, Problem

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

W_HARD = 1_000_000_000  # one broken hard constraint outweighs any amount of repeats
W_REPEAT = 1_000_000  # one repeated encounter
W_FAIR = 10_000  # per unit of (meetings - 1)^2: two pairs meeting twice beat one pair meeting thrice
W_DIVERSITY = 100  # per shared attribute of two table-mates in one round
W_PREFERENCE = 10  # per rank a person's topic is away from their first choice


@dataclass
class Model:
    """Arrays for one search. ``ghost`` (== tables) is the pseudo-table of absent people."""

    people: int
    rounds: int
    tables: int
    sizes: IntArray  # (rounds, tables) seats to fill in each round
    fixed: IntArray  # (rounds, people) table a person is pinned to, -1 if free, `ghost` if absent
    hosts: IntArray  # (tables,) the host of each table, -1 if none
    linear: IntArray  # (people, people) cost per meeting: diversity, apart, together
    counted: BoolArray  # (people, people) pairs whose meetings count as encounters
    table_topic: IntArray  # (tables,) topic index of each table
    topics: int
    preference: IntArray  # (people, topics) cost per visit
    revisit_weight: int  # cost of each visit to a topic beyond the first
    has_soft_terms: bool  # diversity or preferences present: keep improving after zero repeats

    @property
    def ghost(self) -> int:
        return self.tables

    def pair_cost_table(self) -> IntArray:
        """cost[c] of a counted pair that met c times: repeats first, then their square (fairness)."""
        excess = np.maximum(np.arange(self.rounds + 2) - 1, 0).astype(np.int64)
        return W_REPEAT * excess + W_FAIR * excess * excess


def compile_model(problem: Problem) -> Model:
    """Validate the problem and turn it into arrays (raises PlanningError with a clear message)."""
    people, rounds, tables = len(problem.people), problem.rounds, len(problem.tables)
    if rounds < 1 or tables < 1:
        raise PlanningError("a café needs at least one table and one round")
    fixed = np.full((rounds, people), -1, dtype=np.int64)
    _pin_absences(problem, fixed)
    _pin_hosts(problem, fixed)
    _pin_presets(problem, fixed)
    sizes = np.stack([_round_sizes(problem, fixed[r], r) for r in range(rounds)])
    topic_names = problem.topics
    table_topic = np.array([topic_names.index(table.topic) for table in problem.tables], dtype=np.int64)
    linear, counted, has_diversity = _pair_terms(problem)
    preference, has_preferences = _preference_costs(problem, topic_names)
    # Revisiting a topic is forbidden while there are at least as many topics as rounds, else only costly
    # (a little, to spread the unavoidable second visits). One topic, or rotating groups: nothing to do.
    revisit_weight = W_HARD if rounds <= len(topic_names) else W_FAIR
    if len(topic_names) == 1 or problem.mode == "rotate_groups":
        revisit_weight = 0
    return Model(
        people=people,
        rounds=rounds,
        tables=tables,
        sizes=sizes,
        fixed=fixed,
        hosts=np.array([-1 if table.host is None else table.host for table in problem.tables], dtype=np.int64),
        linear=linear,
        counted=counted,
        table_topic=table_topic,
        topics=len(topic_names),
        preference=preference,
        revisit_weight=revisit_weight,
        has_soft_terms=has_diversity or has_preferences,
    )


def _check_person(problem: Problem, person: int, what: str) -> None:
    if not 0 <= person < len(problem.people):
        raise PlanningError(f"{what}: person {person} does not exist (there are {len(problem.people)})")


def _pin_absences(problem: Problem, fixed: IntArray) -> None:
    for person, round_index in problem.constraints.absent:
        _check_person(problem, person, "absence")
        if 0 <= round_index < problem.rounds:
            fixed[round_index, person] = len(problem.tables)


def _pin_hosts(problem: Problem, fixed: IntArray) -> None:
    hosts = [table.host for table in problem.tables if table.host is not None]
    if len(set(hosts)) != len(hosts):
        raise PlanningError("one person hosts two tables")
    for table_index, table in enumerate(problem.tables):
        if table.host is None:
            continue
        _check_person(problem, table.host, f"host of table {table_index}")
        present = fixed[:, table.host] != len(problem.tables)
        fixed[present, table.host] = table_index


def _pin_presets(problem: Problem, fixed: IntArray) -> None:
    tables = len(problem.tables)
    for person, round_index, table_index in problem.constraints.preset:
        _check_person(problem, person, "pre-set seat")
        if not (0 <= round_index < problem.rounds and 0 <= table_index < tables):
            raise PlanningError(f"pre-set seat ({person}, round {round_index}, table {table_index}) is out of range")
        if fixed[round_index, person] not in (-1, table_index):
            raise PlanningError(
                f"person {person} is pinned twice in round {round_index} (host, absence or another pre-set seat)"
            )
        fixed[round_index, person] = table_index


def _round_sizes(problem: Problem, fixed_row: IntArray, round_index: int) -> IntArray:
    """Balanced table sizes for one round: fill the emptiest table first, pre-set seats already counted.

    Ties rotate with the round so that the bigger tables of an uneven café change from round to round.
    """
    tables = len(problem.tables)
    capacity = np.array([table.capacity for table in problem.tables], dtype=np.int64)
    present = int(np.count_nonzero(fixed_row != tables))
    if present > int(capacity.sum()):
        raise PlanningError(f"{present} people but only {int(capacity.sum())} seats in round {round_index + 1}")
    sizes = np.bincount(fixed_row[(fixed_row >= 0) & (fixed_row < tables)], minlength=tables).astype(np.int64)
    if np.any(sizes > capacity):
        table_index = int(np.argmax(sizes > capacity))
        raise PlanningError(f"table {table_index} has more pinned people than seats in round {round_index + 1}")
    order = np.roll(np.arange(tables), -(round_index * max(1, present % tables)) % tables)
    for _ in range(present - int(sizes.sum())):
        open_tables = order[sizes[order] < capacity[order]]
        smallest = open_tables[np.argmin(sizes[open_tables])]
        sizes[smallest] += 1
    return sizes


def _pair_terms(problem: Problem) -> tuple[IntArray, BoolArray, bool]:
    people = len(problem.people)
    linear = np.zeros((people, people), dtype=np.int64)
    has_diversity = False
    for attribute in DIVERSITY_ATTRIBUTES:
        values = [getattr(person, attribute) for person in problem.people]
        codes = {value: code for code, value in enumerate(sorted(set(values) - {""}))}
        if len(codes) < 2:
            continue  # everybody alike (or unknown): nothing to balance
        has_diversity = True
        code = np.array([codes.get(value, -1 - index) for index, value in enumerate(values)])
        linear += W_DIVERSITY * (code[:, None] == code[None, :])
    counted = np.ones((people, people), dtype=np.bool_)
    for pair in problem.constraints.apart + problem.constraints.together:
        if len(pair) != 2 or pair[0] == pair[1]:
            raise PlanningError(f"{pair} is not a pair of two different people")
    for left, right in problem.constraints.apart:
        _check_person(problem, left, "keep-apart pair")
        _check_person(problem, right, "keep-apart pair")
        linear[left, right] = linear[right, left] = W_HARD
    for left, right in problem.constraints.together:
        _check_person(problem, left, "keep-together pair")
        _check_person(problem, right, "keep-together pair")
        if linear[left, right] >= W_HARD:
            raise PlanningError(f"persons {left} and {right} must be kept both apart and together")
        # Meeting is the point of this pair: reward it and leave it out of the repeat count.
        linear[left, right] = linear[right, left] = -W_HARD
        counted[left, right] = counted[right, left] = False
    np.fill_diagonal(linear, 0)
    np.fill_diagonal(counted, False)
    return linear, counted, has_diversity


def _preference_costs(problem: Problem, topic_names: tuple[str, ...]) -> tuple[IntArray, bool]:
    preference = np.zeros((len(problem.people), len(topic_names)), dtype=np.int64)
    has_preferences = False
    for index, person in enumerate(problem.people):
        if not person.preferences:
            continue
        has_preferences = True
        unlisted = len(person.preferences)
        ranks = {topic: rank for rank, topic in enumerate(person.preferences)}
        preference[index] = [W_PREFERENCE * ranks.get(topic, unlisted) for topic in topic_names]
    return preference, has_preferences
