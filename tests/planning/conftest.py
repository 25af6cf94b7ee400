"""Shared builders for the planning tests (pure library: no database, no Django)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from weltcafe.planning import Person, Problem, Table
from weltcafe.planning.problem import Mode


@pytest.fixture
def diverse_people() -> tuple[Person, ...]:
    """24 people from 8 organisations, 3 regions, 2 organisation types, 4 sectors."""
    regions = ("Bayern", "Berlin", "Sachsen")
    sectors = ("Energie", "Verkehr", "Bildung", "Gesundheit")
    return tuple(
        Person(
            name=f"Person {index}",
            organisation=f"Org {index % 8}",
            organisation_type=("NGO", "Verwaltung")[index % 2],
            region=regions[index % 3],
            sector=sectors[(index // 3) % 4],
        )
        for index in range(24)
    )


@pytest.fixture
def make_problem() -> Callable[..., Problem]:
    """make_problem(people, tables, rounds, hosts=False, mode="mix"): one topic per table."""

    def build(people: tuple[Person, ...], tables: int, rounds: int, *, hosts: bool = False,
              mode: Mode = "mix") -> Problem:
        seats = -(-len(people) // tables)
        return Problem(
            people=people,
            tables=tuple(Table(topic=f"Topic {t}", capacity=seats, host=t if hosts else None) for t in range(tables)),
            rounds=rounds,
            mode=mode,
        )

    return build
