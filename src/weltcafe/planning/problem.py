"""The planner's vocabulary: frozen dataclasses that go in (Problem) and come out (Plan, Score).

Everything is addressed by index: person ``p`` is ``problem.people[p]``, table ``t`` is
``problem.tables[t]``, rounds count from 0. A plan is ``rounds[r][t]`` = the people at table ``t`` in
round ``r``. The library never mutates these objects; the solver compiles them into numpy arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["mix", "rotate_groups"]
MODES: tuple[Mode, ...] = ("mix", "rotate_groups")

# The attributes whose mix at a table counts as diversity (see scoring.table_diversity).
DIVERSITY_ATTRIBUTES: tuple[str, ...] = ("region", "organisation_type", "sector")


class PlanningError(ValueError):
    """The problem is malformed or cannot be seated at all (too few seats, contradictory constraints)."""


@dataclass(frozen=True)
class Person:
    """One participant. Empty strings mean "unknown" and never count as a shared attribute."""

    name: str
    organisation: str = ""
    organisation_type: str = ""
    region: str = ""
    sector: str = ""
    # Topic titles this person would like to visit, most wanted first (used in `mix`).
    preferences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table of the café. Several tables may share a topic when it draws more people than one holds."""

    topic: str
    capacity: int
    # Index of the person who hosts this table and stays there in every round.
    host: int | None = None


@dataclass(frozen=True)
class Constraints:
    """Hard constraints. All pairs and seats are indices into Problem.people / Problem.tables."""

    # Pairs that must never sit at the same table (e.g. same organisation).
    apart: tuple[tuple[int, int], ...] = ()
    # Pairs that must always sit together (e.g. a person and their interpreter).
    together: tuple[tuple[int, int], ...] = ()
    # Pre-set seats as (person, round, table).
    preset: tuple[tuple[int, int, int], ...] = ()
    # (person, round): the person is not there in that round (no-show, left early, arrived late).
    absent: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Problem:
    """What to plan: who, at which tables, for how many rounds, in which mode."""

    people: tuple[Person, ...]
    tables: tuple[Table, ...]
    rounds: int
    mode: Mode = "mix"
    constraints: Constraints = field(default_factory=Constraints)

    @property
    def topics(self) -> tuple[str, ...]:
        """Distinct topic titles in table order."""
        return tuple(dict.fromkeys(table.topic for table in self.tables))

    @classmethod
    def anonymous(
        cls,
        participants: int,
        tables: int,
        rounds: int,
        *,
        hosts: bool = False,
        capacity: int | None = None,
        mode: Mode = "mix",
    ) -> Problem:
        """A problem of nameless people; with ``hosts`` person ``t`` hosts table ``t`` (as in the benchmark).

        All tables share one unnamed topic: like the Social Golfer Problem, only encounters count.
        """
        if participants < 1 or tables < 1 or rounds < 1:
            raise PlanningError("participants, tables and rounds must all be at least 1")
        seats = capacity if capacity is not None else -(-participants // tables)
        people = tuple(Person(name=f"P{index + 1}") for index in range(participants))
        table_list = tuple(
            Table(topic="", capacity=seats, host=index if hosts and index < participants else None)
            for index in range(tables)
        )
        return cls(people=people, tables=table_list, rounds=rounds, mode=mode)


@dataclass(frozen=True)
class SolveOptions:
    """How hard to try. ``target_repeats`` stops the search early (default: the proven lower bound)."""

    seed: int = 0
    time_limit: float = 10.0
    target_repeats: int | None = None
    # Try the library of constructions (affine planes, Latin squares, cyclic designs) first.
    use_constructions: bool = True
    # A deterministic budget of search steps (the time limit still applies).
    max_iterations: int = 10_000_000
    # Search steps spent on the soft objectives (diversity, preferences) once the repeat target is met.
    soft_steps: int = 1000


@dataclass(frozen=True)
class BoundReport:
    """What counting arguments prove about this problem, and whether zero repeats is possible."""

    max_zero_repeat_rounds: int
    min_repeats_lower_bound: int
    zero_repeats_possible: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    """The quality of a plan; ``violations`` counts broken hard constraints and must be 0."""

    repeats: int
    max_meetings_per_pair: int
    pairs_met: int
    squared_meetings: int
    diversity_per_table: tuple[tuple[float, ...], ...]
    mean_diversity: float
    preference_cost: int
    violations: int
    violation_details: tuple[str, ...]
    lower_bound: int
    gap_to_bound: int


@dataclass(frozen=True)
class Plan:
    """The seating: ``rounds[r][t]`` lists the people at table ``t`` in round ``r`` (sorted)."""

    rounds: tuple[tuple[tuple[int, ...], ...], ...]
    score: Score
    bound: BoundReport
    seconds: float
    method: str
    seed: int

    def seat_of(self, person: int, round_index: int) -> int | None:
        """The table of ``person`` in ``round_index``, or None when absent."""
        for table_index, members in enumerate(self.rounds[round_index]):
            if person in members:
                return table_index
        return None
