"""weltcafe.planning: who sits where in each round of a World Café. Pure Python + numpy, no Django.

Frozen dataclasses in (Problem, SolveOptions) and out (Plan, Score, BoundReport); deterministic for a
seed; see docs/planning.md.
"""

from weltcafe.planning.bounds import analyse, counting_bounds
from weltcafe.planning.problem import (
    BoundReport,
    Constraints,
    Person,
    Plan,
    PlanningError,
    Problem,
    Score,
    SolveOptions,
    Table,
)
from weltcafe.planning.replan import replan
from weltcafe.planning.scoring import score_plan
from weltcafe.planning.solver import solve

__all__ = [
    "BoundReport",
    "Constraints",
    "Person",
    "Plan",
    "PlanningError",
    "Problem",
    "Score",
    "SolveOptions",
    "Table",
    "analyse",
    "counting_bounds",
    "replan",
    "score_plan",
    "solve",
]
