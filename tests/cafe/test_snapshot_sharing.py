"""Screens that connect at once share the café-wide part of their snapshots, but only a part read after they asked:
a screen never gets a state older than its own subscription (cafe/queries/snapshot.py, `_shared_parts`)."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CafeFactory, EventFactory, ParticipantFactory, RoundFactory, TableFactory, TopicFactory
from weltcafe.cafe.access import resolve
from weltcafe.cafe.models import Cafe
from weltcafe.cafe.queries.snapshot import snapshot_for

pytestmark = pytest.mark.integration


@pytest.fixture
def cafe(db) -> Cafe:
    cafe = CafeFactory(event=EventFactory())
    TableFactory(cafe=cafe, topic=TopicFactory(cafe=cafe), number=1)
    RoundFactory(cafe=cafe, index=1)
    return cafe


def _announce(cafe: Cafe, text: str) -> None:
    # Straight into the database, with no event: only a fresh read can show it.
    Cafe.objects.filter(pk=cafe.pk).update(broadcast_message=text)


def _message(snapshot: dict) -> str:
    return snapshot["state"]["message"]


def test_a_screen_that_asks_after_the_shared_part_was_read_reads_afresh(cafe):
    wall = resolve("w", cafe.wall_token)
    first = snapshot_for(wall, asked_at=time.monotonic())
    _announce(cafe, "Bitte wechseln")

    later = snapshot_for(wall, asked_at=time.monotonic())

    assert (_message(first), _message(later)) == ("", "Bitte wechseln")


def test_screens_that_asked_before_the_shared_part_was_read_take_it_and_ask_less(cafe):
    asked = time.monotonic()  # both screens subscribed and asked before the first snapshot was read
    ana = resolve("p", ParticipantFactory(event=cafe.event).access_token)
    ben = resolve("p", ParticipantFactory(event=cafe.event).access_token)
    with CaptureQueriesContext(connection) as alone:
        snapshot_for(ana, asked_at=asked)
    _announce(cafe, "Bitte wechseln")  # after the part was read: reaches ben as an event, not in his snapshot

    with CaptureQueriesContext(connection) as shared:
        bens = snapshot_for(ben, asked_at=asked)

    assert _message(bens) == ""
    assert len(shared) < len(alone)


def test_without_a_time_of_asking_every_snapshot_reads_afresh(cafe):
    wall = resolve("w", cafe.wall_token)
    snapshot_for(wall, asked_at=0.0)
    _announce(cafe, "Bitte wechseln")

    assert _message(snapshot_for(wall)) == "Bitte wechseln"
