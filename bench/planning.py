"""Benchmark the planner on the 38 rotation instances (generalised Social Golfer Problem).

    PYTHONPATH=src python bench/planning.py [--only NAME] [--seed S] [--data PATH]

For each instance: repeats reached, the best known minimum, Good Enough Golfers' repeats, seconds (wall and
CPU) and how the plan was made. Every plan is recounted here independently of the library. Each run stops
early once it reaches the known minimum (or the proven lower bound); the time limit is 60 s for the
classic Social-Golfer instances and 10 s for the World Café ones. Results go to bench/results/planning.md
and bench/results/planning.json; peak memory for the 300-person instances is measured with tracemalloc.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
import tracemalloc
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from weltcafe.planning import Constraints, Person, Plan, Problem, SolveOptions, Table, solve

ROOT = Path(__file__).resolve().parent
DEFAULT_DATA = Path("/work/shared/data/rotation-instances.json")
CLASSIC_LIMIT, WORLD_CAFE_LIMIT = 60.0, 10.0
SEARCH_ONLY_LIMIT = 10.0  # for instances a construction solved: what the search alone reaches


class RecountError(AssertionError):
    """The plan disagrees with the instance or with the library's own score."""


def check(condition: bool, what: str) -> None:
    if not condition:
        raise RecountError(what)


def recount(instance: dict[str, Any], plan: Plan) -> int:
    """Repeats by a plain recount; also checks seating, table sizes and fixed hosts."""
    players, tables = instance["players"], instance["tables"]
    sizes = set(instance.get("table_sizes") or [instance["table_size"]])
    meetings: Counter[tuple[int, int]] = Counter()
    for round_tables in plan.rounds:
        check(sorted(p for members in round_tables for p in members) == list(range(players)), "seating")
        check({len(members) for members in round_tables} <= sizes, "table sizes")
        if instance["hosts_fixed"]:
            check(all(t in round_tables[t] for t in range(tables)), "hosts")
        for members in round_tables:
            meetings.update(combinations(sorted(members), 2))
    return sum(count - 1 for count in meetings.values())


def run_instance(instance: dict[str, Any], seed: int) -> dict[str, Any]:
    problem = Problem.anonymous(instance["players"], instance["tables"], instance["rounds"],
                                hosts=instance["hosts_fixed"])
    known = instance["known_min_repeats"]
    target = known if known is not None else instance.get("min_repeats_lower_bound") or 0
    limit = CLASSIC_LIMIT if instance["kind"] == "classic-sgp" else WORLD_CAFE_LIMIT
    cpu_started = time.process_time()
    plan = solve(problem, SolveOptions(seed=seed, time_limit=limit, target_repeats=target))
    cpu = time.process_time() - cpu_started
    repeats = recount(instance, plan)
    check(repeats == plan.score.repeats, f"{instance['name']}: recount {repeats} != score {plan.score.repeats}")
    search_only = None
    if "search" not in plan.method and plan.method != "greedy":
        alone = solve(problem, SolveOptions(seed=seed, time_limit=SEARCH_ONLY_LIMIT, target_repeats=target,
                                            use_constructions=False))
        search_only = {"repeats": recount(instance, alone), "seconds": round(alone.seconds, 3)}
    return {
        "name": instance["name"],
        "kind": instance["kind"],
        "players": instance["players"],
        "repeats": repeats,
        "known_min_repeats": known,
        "lower_bound_here": plan.bound.min_repeats_lower_bound,
        "geg_repeats": instance["geg"]["repeats"],
        "geg_cpu_seconds": instance["geg"].get("cpu_seconds"),
        "seconds": round(plan.seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "time_limit": limit,
        "max_meetings_per_pair": plan.score.max_meetings_per_pair,
        "violations": plan.score.violations,
        "method": plan.method,
        "search_only": search_only,
        "at_most_geg": repeats <= instance["geg"]["repeats"],
        "reached_known": known is not None and repeats <= known,
    }


def realistic_event(people: int, topics: int, tables_per_topic: int, rounds: int, seed: int) -> Problem:
    """A synthetic event with what real ones have: organisations (kept apart), organisation types, regions,
    sectors, a host per topic and several tables per topic."""
    rng = np.random.default_rng(seed)
    tables = topics * tables_per_topic
    persons = tuple(
        Person(name=f"P{i}", organisation=f"O{rng.integers(people // 3)}",
               organisation_type=str(rng.choice(["NGO", "Verwaltung", "Wirtschaft", "Wissenschaft"])),
               region=str(rng.choice(["BY", "BE", "SN", "NW", "HH"])),
               sector=str(rng.choice(["Energie", "Verkehr", "Bildung"])))
        for i in range(people)
    )
    hosts = {t: t for t in range(0, tables, tables_per_topic)}
    colleagues: dict[str, list[int]] = {}
    for index, person in enumerate(persons):
        if index not in hosts.values():
            colleagues.setdefault(person.organisation, []).append(index)
    apart = tuple(pair for group in colleagues.values() if len(group) <= tables for pair in combinations(group, 2))
    return Problem(
        people=persons,
        tables=tuple(Table(topic=f"Thema {t // tables_per_topic}", capacity=-(-people // tables), host=hosts.get(t))
                     for t in range(tables)),
        rounds=rounds,
        constraints=Constraints(apart=apart),
    )


REALISTIC = ((60, 5, 2, 4), (120, 10, 2, 4), (300, 10, 5, 5))


def run_realistic(seed: int) -> list[dict[str, Any]]:
    rows = []
    for people, topics, per_topic, rounds in REALISTIC:
        problem = realistic_event(people, topics, per_topic, rounds, seed)
        plan = solve(problem, SolveOptions(seed=seed, time_limit=WORLD_CAFE_LIMIT))
        rows.append({
            "event": f"{people} people, {topics} topics x {per_topic} tables, {rounds} rounds",
            "keep_apart_pairs": len(problem.constraints.apart),
            "repeats": plan.score.repeats,
            "violations": plan.score.violations,
            "mean_diversity": round(plan.score.mean_diversity, 3),
            "seconds": round(plan.seconds, 3),
        })
    return rows


def peak_memory_mb(instance: dict[str, Any], seed: int) -> float:
    """Peak traced allocation (Python objects and numpy buffers) of one solve, in MB."""
    problem = Problem.anonymous(instance["players"], instance["tables"], instance["rounds"],
                                hosts=instance["hosts_fixed"])
    tracemalloc.start()
    solve(problem, SolveOptions(seed=seed, time_limit=WORLD_CAFE_LIMIT, target_repeats=0))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def _search_only(row: dict[str, Any]) -> str:
    alone = row["search_only"]
    return "" if alone is None else f"{alone['repeats']} in {alone['seconds']:.1f} s"


def markdown(rows: list[dict[str, Any]], memory: dict[str, float], header: dict[str, Any],
             realistic: list[dict[str, Any]]) -> str:
    lines = [
        "# Planning benchmark",
        "",
        f"Reproduce: `{header['command']}` — {header['machine']}, Python {header['python']}, seed {header['seed']}.",
        "Time limit 60 s (classic SGP) / 10 s (World Café); a run stops as soon as it reaches the known minimum.",
        "GEG = Good Enough Golfers, best of its seeds (from the instance file; compare its CPU seconds).",
        "",
        "Search only = the same run with the construction library switched off (10 s limit), for comparison.",
        "",
        "| instance | repeats | best known | GEG repeats | seconds | CPU s | max meetings | method | search only |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        known = "?" if row["known_min_repeats"] is None else row["known_min_repeats"]
        mark = "" if row["at_most_geg"] else " (worse than GEG)"
        lines.append(f"| {row['name']} | {row['repeats']}{mark} | {known} | {row['geg_repeats']} "
                     f"| {row['seconds']:.2f} | {row['cpu_seconds']:.2f} | {row['max_meetings_per_pair']} "
                     f"| {row['method']} | {_search_only(row)} |")
    solved = sum(row["reached_known"] for row in rows if row["known_min_repeats"] is not None)
    with_known = sum(row["known_min_repeats"] is not None for row in rows)
    lines += [
        "",
        f"- reached the best known value on {solved} of {with_known} instances with a known minimum; "
        f"at most GEG's repeats on {sum(row['at_most_geg'] for row in rows)} of {len(rows)}.",
        f"- total wall time of the runs above {sum(row['seconds'] for row in rows):.1f} s "
        "(search-only runs not counted).",
    ]
    lines += [f"- peak traced memory, {name}: {mb:.1f} MB" for name, mb in memory.items()]
    lines.append(f"- peak resident set size of the whole benchmark process: {header['max_rss_mb']:.0f} MB")
    lines += [
        "",
        "## Realistic events (synthetic attributes; same organisation kept apart; a host per topic)",
        "",
        "Diversity = mean Gini-Simpson index of region, organisation type and sector per table (1 = all differ).",
        "",
        "| event | keep-apart pairs | repeats | violations | mean diversity | seconds |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [f"| {r['event']} | {r['keep_apart_pairs']} | {r['repeats']} | {r['violations']} | {r['mean_diversity']} "
              f"| {r['seconds']:.2f} |" for r in realistic]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--only", help="run only instances whose name contains this")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    instances = json.loads(args.data.read_text(encoding="utf-8"))["instances"]
    rows = []
    print(f"{'instance':26} {'repeats':>7} {'best':>5} {'GEG':>5} {'seconds':>8}  method [search only]")
    for instance in instances:
        if args.only and args.only not in instance["name"]:
            continue
        row = run_instance(instance, args.seed)
        rows.append(row)
        known = "?" if row["known_min_repeats"] is None else row["known_min_repeats"]
        print(f"{row['name']:26} {row['repeats']:>7} {known!s:>5} {row['geg_repeats']:>5} {row['seconds']:>8.2f}  "
              f"{row['method']} [{_search_only(row)}]", flush=True)
    realistic = [] if args.only else run_realistic(args.seed)
    for row in realistic:
        print(f"{row['event']}: repeats {row['repeats']}, violations {row['violations']}, "
              f"diversity {row['mean_diversity']}, {row['seconds']:.2f} s")
    memory = {i["name"]: peak_memory_mb(i, args.seed) for i in instances
              if i["players"] >= 300 and (not args.only or args.only in i["name"])}
    for name, mb in memory.items():
        print(f"peak traced memory {name}: {mb:.1f} MB")
    header = {
        "command": "PYTHONPATH=src python bench/planning.py" + (f" --only {args.only}" if args.only else ""),
        "machine": f"{platform.machine()}, {platform.system()}",
        "python": platform.python_version(),
        "seed": args.seed,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    results = ROOT / "results"
    results.mkdir(exist_ok=True)
    if not args.only:
        (results / "planning.md").write_text(markdown(rows, memory, header, realistic), encoding="utf-8")
        document = {**header, "peak_memory_mb": memory, "instances": rows, "realistic_events": realistic}
        (results / "planning.json").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        print(f"written: {results / 'planning.md'}, {results / 'planning.json'}")


if __name__ == "__main__":
    main()
