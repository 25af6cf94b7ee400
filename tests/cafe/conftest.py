"""Fixtures shared by the café's harvest tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from tests.factories import CafeFactory, EventFactory, ParticipantFactory, RoundFactory, TableFactory, TopicFactory
from weltcafe.cafe.models import Cafe, Seat
from weltcafe.cafe.services import rounds as cafe_rounds
from weltcafe.demo.loading import DemoResult, add_demo_ideas, load_demo


@dataclass(frozen=True)
class PlayedDemo:
    demo: DemoResult
    cafe: Cafe


@pytest.fixture
def played_demo(db, tmp_path, settings) -> PlayedDemo:
    """The demo café played through (39 ideas, every round ended), not yet harvested; lexical embeddings (no
    model: these tests are about folding and permissions, not embedding quality) and fresh rate limits."""
    settings.DATA_DIR = tmp_path
    settings.WELTCAFE_HARVEST_EMBEDDING = "lexical"
    cache.clear()
    demo = load_demo()
    cafe = Cafe.objects.get()
    add_demo_ideas(cafe)
    yield PlayedDemo(demo=demo, cafe=cafe)
    cache.clear()


@pytest.fixture
def place(db):
    """Ana hosts the one topic and sits at its table; round 1 runs."""
    event = EventFactory()
    cafe = CafeFactory(event=event)
    ana = ParticipantFactory(event=event, name="Ana")
    table = TableFactory(topic=TopicFactory(cafe=cafe, title="Fachkräfte"), number=1, host=ana)
    round_ = RoundFactory(cafe=cafe, index=1)
    Seat.objects.create(participant=ana, round=round_, table=table)
    cafe_rounds.start_round(cafe=cafe, index=1)
    return {"cafe": cafe, "ana": ana, "table": table, "round": round_}
