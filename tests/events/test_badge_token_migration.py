"""The badge-token migration on a database that already holds participants: one distinct token per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.integration

BEFORE = [("events", "0004_event_retention")]
AFTER = [("events", "0007_badge_token_unique")]


@pytest.mark.django_db(transaction=True)
def test_badge_token_migration_gives_each_existing_participant_its_own_token():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    event = old_apps.get_model("events", "Event").objects.create(
        title="Alt", slug="alt", starts_at="2026-03-01T09:00Z", ends_at="2026-03-01T17:00Z"
    )
    participants = old_apps.get_model("events", "Participant")
    for number in range(3):
        participants.objects.create(event=event, name=f"P{number}", access_token=f"token-{number}")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    try:
        executor.migrate(AFTER)
        new_apps = executor.loader.project_state(AFTER).apps
        rows = list(new_apps.get_model("events", "Participant").objects.values_list("badge_token", "link_claimed_at"))
    finally:
        # Back to the newest schema, so that the tests after this one see every later migration applied.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    tokens = [token for token, _claimed in rows]
    assert len(set(tokens)) == 3
    assert all(len(token) == 43 for token in tokens)
    assert [claimed for _token, claimed in rows] == [None, None, None]
