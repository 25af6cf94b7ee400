"""Zero-repeat schedules built by algebra instead of search, for the tight Social-Golfer shapes.

Local search struggles exactly where every pair may meet at most once and almost every pair must meet
(q-q-(q+1), Kirkman's schoolgirls...). Designs theory has explicit answers there:

* affine geometry AG(m, q) over the field GF(q) (q a prime power): the lines of one parallel class split
  the q^m points into q^(m-1) tables of q, and the (q^m - 1)/(q - 1) classes give that many rounds in
  which every pair meets exactly once. m = 2 is the affine plane (3-3-4, 4-4-5, 5-5-6, 7-7-8, 8-8-9),
  m = 3, q = 3 is a Kirkman triple system on 27 points (9-3-13);
* Latin squares: rows, columns and the cyclic square (r + c) mod n give n-n-3 for any n;
* cyclic designs: points Z_m x {levels} plus a few fixed points; one "base" round is developed by
  adding 1 (mod m) m times. Zero repeats holds iff every pair "difference" occurs at most once in the
  base round. Base rounds were found by `find_cyclic_base` (a small backtracking search, kept here so
  they can be re-derived) and are stored in CYCLIC_BASES (5-3-7, 6-4-7, 6-5-6, 7-4-9, 9-4-9, 9-4-11);
* subspace spreads: cosets of pairwise trivially intersecting subspaces of GF(p)^m (8-4-9);
* tabulated designs from the literature (known_designs.py) for 6-3-8, 7-3-10, 8-4-10 and 10-4-13.

Every schedule is checked for zero repeats before use.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from weltcafe.planning.known_designs import KNOWN_SCHEDULES, parse_schedule
from weltcafe.planning.model import IntArray


@dataclass(frozen=True)
class Construction:
    """A zero-repeat schedule ``seat[r, p]`` for ``tables`` tables of ``size`` and its name."""

    name: str
    seat: IntArray


# ----- finite fields GF(p^e) as integer tables ------------------------------------------------------
def _prime_power(q: int) -> tuple[int, int] | None:
    for p in range(2, q + 1):
        if q % p == 0:
            e, rest = 0, q
            while rest % p == 0:
                rest //= p
                e += 1
            return (p, e) if rest == 1 else None
    return None


def field_tables(q: int) -> tuple[IntArray, IntArray] | None:
    """(add, mul) tables of GF(q), elements 0..q-1 as base-p digit vectors of polynomials; None if q is
    not a prime power."""
    found = _prime_power(q)
    if found is None:
        return None
    p, e = found
    digits = np.array([[(x // p**i) % p for i in range(e)] for x in range(q)], dtype=np.int64)
    weights = p ** np.arange(e)
    add = ((digits[:, None, :] + digits[None, :, :]) % p) @ weights
    modulus = _irreducible(p, e)
    mul = np.zeros((q, q), dtype=np.int64)
    for a, b in itertools.product(range(q), repeat=2):
        product = np.convolve(digits[a], digits[b]) % p
        for degree in range(len(product) - 1, e - 1, -1):  # reduce modulo the monic irreducible
            factor = product[degree]
            if factor:
                product[degree - e: degree + 1] = (product[degree - e: degree + 1] - factor * modulus) % p
        mul[a, b] = int(product[:e] @ weights)
    return add, mul


def _irreducible(p: int, e: int) -> IntArray:
    """Coefficients (low to high, monic) of an irreducible polynomial of degree e over GF(p)."""
    if e == 1:
        return np.array([0, 1])
    for low in itertools.product(range(p), repeat=e):
        poly = np.array([*low, 1])
        if low[0] == 0:
            continue
        if not any(_divides(np.array([*f, 1]), poly, p) for d in range(1, e // 2 + 1)
                   for f in itertools.product(range(p), repeat=d)):
            return poly
    raise ValueError(f"no irreducible polynomial of degree {e} over GF({p})")  # unreachable


def _divides(divisor: IntArray, poly: IntArray, p: int) -> bool:
    rest = poly.copy()
    for shift in range(len(rest) - len(divisor), -1, -1):
        factor = rest[shift + len(divisor) - 1]
        if factor:
            rest[shift: shift + len(divisor)] = (rest[shift: shift + len(divisor)] - factor * divisor) % p
    return not rest.any()


# ----- the constructions -----------------------------------------------------------------------------
def affine_geometry(q: int, dimension: int) -> Construction | None:
    """Parallel classes of lines of AG(dimension, q): q^(dimension-1) tables of q, all pairs meet once."""
    tables = field_tables(q)
    if tables is None:
        return None
    add, mul = tables
    negate = np.argmax(add == 0, axis=1)  # negate[x] solves x + y = 0
    points = np.array(list(itertools.product(range(q), repeat=dimension)), dtype=np.int64)
    rounds = []
    for direction in itertools.product(range(q), repeat=dimension):
        nonzero = [i for i, x in enumerate(direction) if x]
        if not nonzero or direction[nonzero[0]] != 1:
            continue  # one normalised representative per direction (first non-zero coordinate 1)
        lead = nonzero[0]
        # The line through x in this direction meets the hyperplane {x_lead = 0} in x - x_lead * d.
        shift = negate[points[:, lead]]
        foot = add[points, mul[shift[:, None], np.array(direction)[None, :]]]
        foot = np.delete(foot, lead, axis=1)
        rounds.append(foot @ (q ** np.arange(dimension - 1)) if dimension > 1 else np.zeros(len(points)))
    return Construction(f"affine geometry AG({dimension},{q})", np.array(rounds, dtype=np.int64))


def subspace_partial_spread(p: int, dimension: int, sub: int, node_limit: int = 200_000) -> Construction | None:
    """Cosets of d-dimensional subspaces of GF(p)^m (p prime) that pairwise meet only in 0: two points share
    a table in the round of W iff their difference lies in W, so such subspaces never repeat a pair.
    This gives 8-4-9 from GF(2)^5 (9 planes is the largest such family there, so not 8-4-10)."""
    if _prime_power(p) != (p, 1) or p**dimension > 128 or not 1 <= sub < dimension:
        return None
    vectors = np.array(list(itertools.product(range(p), repeat=dimension)), dtype=np.int64)
    code = p ** np.arange(dimension)[::-1]
    spaces: dict[frozenset[int], None] = {}
    for basis in itertools.combinations(range(1, len(vectors)), sub):
        span = np.array(list(itertools.product(range(p), repeat=sub))) @ vectors[list(basis)] % p
        members = frozenset(int(v) for v in span @ code)
        if len(members) == p**sub:
            spaces[members] = None
    wanted = (p**dimension - 1) // (p**sub - 1)
    chosen = _disjoint_family([s - {0} for s in spaces], wanted, node_limit)
    if not chosen:
        return None
    rounds = []
    for space in chosen:
        offsets = vectors[sorted(space | {0})]
        # The coset of x is {x + w}; its smallest code is the table label before renumbering.
        labels = ((vectors[:, None, :] + offsets[None, :, :]) % p @ code).min(axis=1)
        rounds.append(np.unique(labels, return_inverse=True)[1])
    return Construction(f"subspace spread in GF({p})^{dimension}", np.array(rounds, dtype=np.int64))


def _disjoint_family(sets: list[frozenset[int]], wanted: int, node_limit: int) -> list[frozenset[int]]:
    """The largest family (up to ``wanted``) of pairwise disjoint sets found by depth-first search."""
    best: list[frozenset[int]] = []
    nodes = 0

    def grow(family: list[frozenset[int]], used: frozenset[int], start: int) -> bool:
        nonlocal best, nodes
        nodes += 1
        if len(family) > len(best):
            best = list(family)
        if len(family) == wanted or nodes > node_limit:
            return True
        for index in range(start, len(sets)):
            if not used & sets[index] and grow([*family, sets[index]], used | sets[index], index + 1):
                return True
        return False

    grow([], frozenset(), 0)
    return best


def latin_squares(n: int) -> Construction:
    """n-n-3 for any n: tables by rows, by columns, and by the cyclic Latin square (row + column) mod n."""
    row, column = np.divmod(np.arange(n * n), n)
    return Construction(f"Latin squares of order {n}", np.stack([row, column, (row + column) % n]))


# (rounds m, levels, fixed points, table size) -> base round; points (x, level) = level * m + x, then fixed.
CYCLIC_BASES: dict[tuple[int, int, int, int], tuple[tuple[int, ...], ...]] = {
    (7, 2, 1, 3): ((0, 1, 3), (2, 7, 9), (4, 12, 13), (5, 8, 11), (6, 10, 14)),  # KTS(15), 5-3-7
    (7, 3, 3, 4): ((0, 1, 3, 7), (2, 11, 14, 21), (4, 15, 19, 20), (5, 10, 18, 22), (6, 9, 16, 23),
                   (8, 12, 13, 17)),  # 6-4-7
    (9, 3, 1, 4): ((0, 1, 3, 9), (2, 14, 18, 20), (4, 8, 15, 23), (5, 22, 25, 26), (6, 16, 19, 27),
                   (7, 11, 12, 21), (10, 13, 17, 24)),  # resolvable BIBD(28, 4, 1), 7-4-9
    (6, 5, 0, 5): ((0, 1, 6, 8, 12), (2, 4, 18, 19, 24), (3, 13, 17, 27, 28), (5, 9, 14, 23, 26),
                   (7, 15, 16, 20, 22), (10, 11, 21, 25, 29)),  # 6-5-6
    (9, 4, 0, 4): ((0, 1, 3, 9), (2, 6, 13, 16), (4, 17, 18, 19), (5, 21, 24, 27), (7, 20, 25, 33),
                   (8, 28, 29, 31), (10, 15, 22, 32), (11, 12, 26, 35), (14, 23, 30, 34)),  # 9-4-9
    # 9-4-11 took randomised restarts of the same search (shuffled point order, growing node limits, ~10 min).
    (11, 3, 3, 4): ((0, 11, 19, 30), (1, 6, 16, 18), (2, 9, 23, 29), (3, 17, 27, 34), (4, 5, 7, 22),
                    (8, 15, 31, 33), (10, 12, 32, 35), (13, 14, 20, 26), (21, 24, 25, 28)),
}


def develop_cyclic(m: int, levels: int, fixed: int, base: tuple[tuple[int, ...], ...]) -> Construction:
    """Round g holds the base round shifted by g (mod m) on every level; fixed points stay put."""
    finite = m * levels
    table_of = np.empty(finite + fixed, dtype=np.int64)
    for table, block in enumerate(base):
        table_of[list(block)] = table
    points = np.arange(finite + fixed)
    level, x = np.divmod(np.minimum(points, finite - 1), m)
    rounds = []
    for g in range(m):
        source = np.where(points < finite, level * m + (x - g) % m, points)  # the point that moved here
        rounds.append(table_of[source])
    return Construction(f"cyclic design over Z_{m} ({levels} levels + {fixed} fixed)", np.array(rounds))


def pair_label(p: int, q: int, m: int, finite: int) -> tuple[int, ...] | None:
    """The orbit of pair {p, q} under the shift; None if the pair may never share a base table."""
    p, q = min(p, q), max(p, q)
    if q >= finite:
        return None if p >= finite else (0, q - finite, p // m)
    (i, x), (j, y) = divmod(p, m), divmod(q, m)
    if i == j:
        d = min((y - x) % m, (x - y) % m)
        return None if 2 * d == m else (1, i, d)  # a half-turn pair would meet twice
    return (2, i, j, (y - x) % m)


def find_cyclic_base(m: int, levels: int, fixed: int, size: int, node_limit: int = 2_000_000,
                     ) -> tuple[tuple[int, ...], ...] | None:
    """Backtracking search for a base round with every pair orbit used at most once (see CYCLIC_BASES)."""
    finite = m * levels
    points = finite + fixed
    order = list(range(finite, points)) + list(range(finite))  # fixed points first: most constrained
    rank = {p: i for i, p in enumerate(order)}
    used: set[tuple[int, ...]] = set()
    free = dict.fromkeys(order, True)
    blocks: list[tuple[int, ...]] = []
    nodes = 0

    def extend(block: list[int]) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > node_limit:
            raise TimeoutError
        if len(block) == size:
            blocks.append(tuple(block))
            start = next((p for p in order if free[p]), None)
            if start is None or _open(start):
                return True
            blocks.pop()
            return False
        for q in order[rank[block[-1]] + 1:]:
            labels = _new_labels(block, q) if free[q] else None
            if labels is None:
                continue
            used.update(labels)
            free[q] = False
            if extend([*block, q]):
                return True
            free[q] = True
            used.difference_update(labels)
        return False

    def _new_labels(block: list[int], q: int) -> list[tuple[int, ...]] | None:
        """The pair orbits q would use with the block, or None if one is forbidden or taken."""
        labels: list[tuple[int, ...]] = []
        for p in block:
            label = pair_label(p, q, m, finite)
            if label is None or label in used or label in labels:
                return None
            labels.append(label)
        return labels

    def _open(start: int) -> bool:
        free[start] = False
        if extend([start]):
            return True
        free[start] = True
        return False

    try:
        return tuple(blocks) if _open(order[0]) else None
    except TimeoutError:
        return None


def zero_repeat_schedules(tables: int, size: int, rounds: int = 1) -> Iterator[Construction]:
    """Every construction in the library for ``tables`` tables of ``size`` people with at least ``rounds``
    rounds, algebraic ones first."""
    people = tables * size
    for dimension in range(2, 5):
        if size ** (dimension - 1) == tables and field_tables(size) is not None:
            yield from _checked(affine_geometry(size, dimension))
    if tables == size and rounds <= 3:
        yield from _checked(latin_squares(size))
    for (m, levels, fixed, block), base in CYCLIC_BASES.items():
        if block == size and m * levels + fixed == people and m >= rounds:
            yield from _checked(develop_cyclic(m, levels, fixed, base))
    prime_power = _prime_power(size)
    if prime_power is not None:
        p, e = prime_power
        total = round(np.log(people) / np.log(p))
        if p**total == people and _spread_size_bound(p, total, e) >= rounds:
            yield from _checked(subspace_partial_spread(p, total, e))
    if (tables, size) in KNOWN_SCHEDULES:
        seat = np.array(parse_schedule(KNOWN_SCHEDULES[(tables, size)]), dtype=np.int64)
        yield from _checked(Construction(f"tabulated resolvable design {tables}-{size}-{len(seat)}", seat))


def _spread_size_bound(p: int, dimension: int, sub: int) -> int:
    """Most pairwise trivially intersecting sub-dimensional subspaces of GF(p)^dimension: (p^m - 1)/(p^e - 1)
    when e divides m, else at most (p^m - p^(e + r))/(p^e - 1) + 1 with r = m mod e (Beutelspacher)."""
    rest = dimension % sub
    if rest == 0:
        return int((p**dimension - 1) // (p**sub - 1))
    return int((p**dimension - p ** (sub + rest)) // (p**sub - 1)) + 1


def _checked(construction: Construction | None) -> Iterator[Construction]:
    if construction is not None and is_zero_repeat(construction.seat):
        yield construction


def is_zero_repeat(seat: IntArray) -> bool:
    """True if no two people share a table in more than one round."""
    people = seat.shape[1]
    meet = np.zeros((people, people), dtype=np.int64)
    for row in seat:
        meet += row[:, None] == row[None, :]
    np.fill_diagonal(meet, 0)
    return bool(meet.max(initial=0) <= 1)
