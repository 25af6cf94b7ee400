"""Fixtures for the matching tests: one e5 embedding cache for the whole session, and a person builder."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from weltcafe.matching import Person
from weltcafe.synthesis import EmbeddingCache


@pytest.fixture(scope="session")
def session_cache() -> EmbeddingCache:
    # One cache for the session: each text is embedded by e5 once, however many tests use it.
    return EmbeddingCache()


@pytest.fixture
def person() -> Callable[..., Person]:
    """person(id, **fields): a visible participant of their own organisation unless told otherwise."""

    def build(person_id: int, **fields) -> Person:
        defaults = {"name": f"Person {person_id}", "organisation": f"org-{person_id}", "visible": True}
        return Person(id=person_id, **{**defaults, **fields})

    return build
