"""Counting bounds: how many rounds can be free of repeats, and how many repeats are unavoidable.

These let the planner say "this is impossible, and here is how far the plan is from what is provable"
instead of searching forever. All arguments are elementary counting:

* per person: in each round a person meets at least (k_min - 1) new people, and there are only n - 1
  others, so zero repeats needs rounds <= (n - 1) // (k_min - 1);
* pairs: each round uses sum C(s_t, 2) pairs out of C(n, 2);
* pigeonhole: when a table holds more people than there are tables, some of its people must sit together
  again in any later round; every pair of rounds forces sum_t minpairs(s_t, T) co-meetings, and a pair
  meeting m <= R times has m - 1 >= C(m, 2) * 2 / R repeats;
* hosts: with a fixed host at every table, a guest meets a host every round, so rounds <= tables, and a
  host meets (k - 1) new guests a round out of n - hosts.
"""

from __future__ import annotations

import math

from weltcafe.planning.problem import BoundReport, Problem


def balanced_sizes(people: int, tables: int) -> list[int]:
    """Table sizes for ``people`` at ``tables`` tables, differing by at most one."""
    base, extra = divmod(people, tables)
    return [base + 1] * extra + [base] * (tables - extra)


def _forced_pairs(size: int, tables: int) -> int:
    """Fewest pairs of ``size`` people that share a table when spread over ``tables`` tables."""
    base, extra = divmod(size, tables)
    return extra * math.comb(base + 1, 2) + (tables - extra) * math.comb(base, 2)


def analyse(problem: Problem) -> BoundReport:
    """The counting bounds for ``problem`` (everybody assumed present in every round)."""
    people, tables, rounds = len(problem.people), len(problem.tables), problem.rounds
    hosts = sum(1 for table in problem.tables if table.host is not None)
    return counting_bounds(people, tables, rounds, hosts=hosts, together=len(problem.constraints.together))


def counting_bounds(people: int, tables: int, rounds: int, *, hosts: int = 0, together: int = 0) -> BoundReport:
    """The counting bounds for ``people`` at ``tables`` balanced tables over ``rounds`` rounds.

    ``hosts`` is the number of tables with a fixed host; ``together`` pairs always meet and so are left out
    (the bounds are then only indicative, as such pairs shrink the pool of new encounters).
    """
    sizes = balanced_sizes(people, tables)
    smallest, largest = min(sizes), max(sizes)
    reasons: list[str] = []
    limits: list[int] = []
    if smallest > 1:
        per_person = (people - 1) // (smallest - 1)
        limits.append(per_person)
        reasons.append(f"each person meets at least {smallest - 1} others a round out of {people - 1}: "
                       f"at most {per_person} rounds without repeats")
        pairs_per_round = sum(math.comb(size, 2) for size in sizes)
        by_pairs = math.comb(people, 2) // pairs_per_round
        if by_pairs < per_person:
            limits.append(by_pairs)
            reasons.append(f"a round uses {pairs_per_round} of {math.comb(people, 2)} pairs: at most {by_pairs}")
    if largest > tables:
        limits.append(1)
        reasons.append(f"tables of {largest} but only {tables} tables: some table-mates of round 1 "
                       "must meet again in every later round (pigeonhole)")
    if hosts == tables and tables > 0:
        limits.append(tables)
        reasons.append(f"every table has a fixed host: a guest meets a host each round, at most {tables} rounds")
        if smallest > 1:
            by_host = (people - hosts) // (smallest - 1)
            limits.append(by_host)
            reasons.append(f"a host meets {smallest - 1} guests a round out of {people - hosts}: at most {by_host}")
    max_rounds = max(1, min(limits)) if limits else rounds  # tables of one: nobody ever meets
    # More rounds than the bound allow means at least one repeat even if no sharper count says more.
    lower = max(_repeat_lower_bound(people, tables, rounds, sizes, hosts, together),
                0 if rounds <= max_rounds or together else 1)
    possible = lower == 0
    if together:
        reasons.append(f"{together} keep-together pair(s) always meet; they are not counted as repeats")
    if possible:
        reasons.append(f"{rounds} rounds <= {max_rounds}: no counting argument rules out zero repeats")
    else:
        reasons.append(f"{rounds} rounds: at least {lower} repeated encounter(s) cannot be avoided")
    return BoundReport(
        max_zero_repeat_rounds=max_rounds,
        min_repeats_lower_bound=lower,
        zero_repeats_possible=possible,
        reasons=tuple(reasons),
    )


def _repeat_lower_bound(people: int, tables: int, rounds: int, sizes: list[int], hosts: int, together: int) -> int:
    if rounds < 2:
        return 0
    smallest = min(sizes)
    # Per person: R * (k_min - 1) seats next to at most n - 1 distinct people; each repeat counted twice.
    # A keep-together partner takes R - 1 of those excess seats without counting as a repeat.
    excess = rounds * (smallest - 1) - (people - 1)
    partnered = min(people, 2 * together)
    per_person = (people - partnered) * max(0, excess) + partnered * max(0, excess - (rounds - 1))
    bounds = [math.ceil(per_person / 2)]
    # Pigeonhole over every pair of rounds; a keep-together pair may absorb one forced co-meeting each.
    forced = math.comb(rounds, 2) * max(0, sum(_forced_pairs(size, tables) for size in sizes) - together)
    bounds.append(math.ceil(forced * 2 / rounds))
    if hosts == tables and rounds > tables:
        bounds.append((people - hosts) * (rounds - tables))
    return max(bounds)
