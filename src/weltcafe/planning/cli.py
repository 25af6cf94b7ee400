"""Command line: ``weltcafe plan ...`` or ``python -m weltcafe.planning ...``.

    plan --participants 24 --tables 6 --rounds 3 [--hosts] [--seed S] [--time-limit SECONDS] --json
    plan participants.csv --tables 6 --rounds 3 [--mode mix|rotate_groups] --out plan.csv

Exit codes: 0 plan written, 1 the plan still breaks a hard constraint, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from weltcafe.planning.csv_io import problem_from_rows, read_rows, write_plan
from weltcafe.planning.problem import MODES, Plan, PlanningError, Problem, SolveOptions
from weltcafe.planning.solver import solve


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="weltcafe plan",
        description="Plan who sits at which table in each round of a World Café.",
    )
    parser.add_argument(
        "participants_csv",
        nargs="?",
        type=Path,
        metavar="participants.csv",
        help="participants file (see docs/planning.md); omit and give --participants N instead",
    )
    parser.add_argument("--participants", type=int, metavar="N", help="number of anonymous participants")
    parser.add_argument("--tables", type=int, required=True, metavar="T")
    parser.add_argument("--rounds", type=int, required=True, metavar="R")
    parser.add_argument("--hosts", action="store_true", help="participant t hosts table t in every round")
    parser.add_argument("--mode", choices=MODES, default="mix")
    parser.add_argument("--capacity", type=int, help="seats per table (default: as many as needed)")
    parser.add_argument("--topics", help="topic titles separated by ';', assigned to tables in turn")
    parser.add_argument(
        "--allow-same-organisation", action="store_true", help="do not keep people of the same organisation apart"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=10.0, metavar="SECONDS")
    parser.add_argument("--json", action="store_true", help="print the plan as one JSON object")
    parser.add_argument("--out", type=Path, help="write the plan as CSV (person, name, round, table, topic)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # argparse already printed the usage error
        return int(exit_request.code or 0)
    try:
        problem = _problem(args, parser)
        plan = solve(problem, SolveOptions(seed=args.seed, time_limit=args.time_limit))
        if args.out:
            write_plan(args.out, problem, plan)
    except PlanningError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        if args.json:
            print(json.dumps(plan_to_json(plan)))
        else:
            _print_summary(problem, plan, args.out)
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. `weltcafe plan ... | head`: the reader has gone, nothing left to say
        sys.stdout = None  # keeps the interpreter from complaining at exit
    return 0 if plan.score.violations == 0 else 1


def _problem(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Problem:
    if args.rounds < 1 or args.tables < 1:
        raise PlanningError("--tables and --rounds must be at least 1")
    if args.participants_csv is not None:
        if args.participants is not None:
            raise PlanningError("give either a participants file or --participants N, not both")
        topics = [t.strip() for t in (args.topics or "").split(";") if t.strip()]
        problem = problem_from_rows(
            read_rows(args.participants_csv),
            tables=args.tables,
            rounds=args.rounds,
            mode=args.mode,
            topics=topics,
            capacity=args.capacity,
            keep_organisations_apart=not args.allow_same_organisation,
        )
        if args.hosts:
            raise PlanningError("--hosts is for anonymous plans; in a file, mark hosts in the `role` column")
        return problem
    if args.participants is None:
        raise PlanningError("give a participants file or --participants N")
    return Problem.anonymous(
        args.participants, args.tables, args.rounds, hosts=args.hosts, capacity=args.capacity, mode=args.mode
    )


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The JSON contract of ``plan --json`` (other tools rely on these keys)."""
    score = plan.score
    return {
        "repeats": score.repeats,
        "max_meetings_per_pair": score.max_meetings_per_pair,
        "pairs_met": score.pairs_met,
        "seconds": round(plan.seconds, 4),
        "rounds": [[list(members) for members in tables] for tables in plan.rounds],
        "violations": score.violations,
        "violation_details": list(score.violation_details),
        "mean_diversity": round(score.mean_diversity, 4),
        "lower_bound": plan.bound.min_repeats_lower_bound,
        "max_zero_repeat_rounds": plan.bound.max_zero_repeat_rounds,
        "zero_repeats_possible": plan.bound.zero_repeats_possible,
        "bound_reasons": list(plan.bound.reasons),
        "gap_to_bound": score.gap_to_bound,
        "method": plan.method,
        "seed": plan.seed,
    }


def _print_summary(problem: Problem, plan: Plan, out: Path | None) -> None:
    score = plan.score
    print(f"{len(problem.people)} people, {len(problem.tables)} tables, {problem.rounds} rounds ({problem.mode})")
    print(
        f"repeated encounters: {score.repeats} (lower bound {score.lower_bound}), "
        f"most meetings of one pair: {score.max_meetings_per_pair}, mean table diversity: {score.mean_diversity:.2f}"
    )
    for reason in plan.bound.reasons:
        print(f"  - {reason}")
    for detail in score.violation_details:
        print(f"VIOLATION: {detail}")
    print(f"{plan.method}, {plan.seconds:.2f} s, seed {plan.seed}")
    if out:
        print(f"written: {out}")
    else:
        for r, tables in enumerate(plan.rounds):
            print(f"round {r + 1}: " + " | ".join(" ".join(str(p) for p in members) for members in tables))
