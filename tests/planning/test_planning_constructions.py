"""The library of zero-repeat constructions."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from weltcafe.planning.constructions import (
    CYCLIC_BASES,
    develop_cyclic,
    field_tables,
    find_cyclic_base,
    is_zero_repeat,
    zero_repeat_schedules,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("q", [2, 3, 4, 5, 7, 8, 9])
def test_field_tables_form_a_field(q: int) -> None:
    tables = field_tables(q)
    assert tables is not None
    add, mul = tables

    assert all(sorted(add[a]) == list(range(q)) for a in range(q))
    assert all(sorted(mul[a]) == list(range(q)) for a in range(1, q))  # every non-zero has an inverse
    assert all(mul[a, add[b, c]] == add[mul[a, b], mul[a, c]] for a, b, c in itertools.product(range(q), repeat=3))


def test_field_tables_reject_non_prime_power() -> None:
    assert field_tables(6) is None


@pytest.mark.parametrize(
    ("tables", "size", "rounds"),
    [(3, 3, 4), (4, 4, 5), (5, 5, 6), (7, 7, 8), (8, 8, 9), (9, 3, 13), (6, 6, 3), (5, 3, 7), (6, 4, 7), (7, 4, 9),
     (6, 3, 8), (7, 3, 10), (8, 4, 10), (10, 4, 13), (6, 5, 6), (9, 4, 11)],
)
def test_zero_repeat_schedules_cover_tight_instances(tables: int, size: int, rounds: int) -> None:
    schedules = list(zero_repeat_schedules(tables, size))

    best = max(schedules, key=lambda c: c.seat.shape[0])
    assert best.seat.shape == (rounds, tables * size)
    assert is_zero_repeat(best.seat)
    assert all(np.bincount(row).tolist() == [size] * tables for row in best.seat)


def test_find_cyclic_base_rederives_a_stored_design() -> None:
    base = find_cyclic_base(7, 2, 1, 3)

    assert base is not None
    assert is_zero_repeat(develop_cyclic(7, 2, 1, base).seat)
    assert (7, 2, 1, 3) in CYCLIC_BASES
