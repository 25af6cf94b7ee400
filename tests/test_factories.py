"""Every model of the project has a factory (tests/factories/), and each factory makes a row the database accepts."""

from __future__ import annotations

import pytest
from django.apps import apps

import tests.factories as factories

pytestmark = pytest.mark.integration

FACTORIES = {getattr(factories, name)._meta.model: getattr(factories, name) for name in factories.__all__
             if name.endswith("Factory")}


def test_every_model_of_the_project_has_a_factory():
    models = {model for model in apps.get_models() if model.__module__.startswith("weltcafe.")}

    assert sorted(model.__name__ for model in models - set(FACTORIES)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("factory", list(FACTORIES.values()), ids=lambda factory: factory.__name__)
def test_factory_makes_a_valid_row_of_one_event(factory):
    row = factory()

    row.full_clean(validate_unique=True)
    stored = type(row).objects.get(pk=row.pk)
    assert stored.pk == row.pk
    events = _events_of(stored)
    assert len(events) <= 1, events


def _events_of(row) -> set[int]:
    """The events a row reaches through its foreign keys (two would mean the factory mixed meetings)."""
    found: set[int] = set()
    seen: set[tuple[str, int]] = set()

    def walk(obj) -> None:
        key = (obj._meta.label, obj.pk)
        if key in seen:
            return
        seen.add(key)
        if obj._meta.label == "events.Event":
            found.add(obj.pk)
            return
        for field in obj._meta.concrete_fields:
            if field.is_relation and (target := getattr(obj, field.name)) is not None and hasattr(target, "_meta"):
                walk(target)

    walk(row)
    return found
