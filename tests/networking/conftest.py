"""Arrange helpers of the networking tests: a small café with real rows, profiles set through the service."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import CafeFactory, EventFactory, ParticipantFactory, RoundFactory, TableFactory, TopicFactory
from weltcafe.cafe.models import Cafe, Seat, Topic
from weltcafe.events.models import Event, Participant
from weltcafe.networking.services import profiles


@pytest.fixture(autouse=True)
def _networking_settings(settings, tmp_path):
    settings.WELTCAFE_HARVEST_EMBEDDING = "lexical"
    settings.DATA_DIR = tmp_path
    cache.clear()  # rate limits live in the cache
    yield
    cache.clear()


def set_profile(
    participant: Participant, *, visible=True, contactable=True, offers="", seeks="", phone="", topics=(), tags=()
):
    return profiles.save_profile(
        participant=participant,
        data=profiles.ProfileData(
            topic_ids=tuple(topic.pk for topic in topics),
            tags=tuple(tags),
            offers=offers,
            seeks=seeks,
            phone=phone,
            visible=visible,
            contactable=contactable,
        ),
    )


@dataclass
class Meeting:
    event: Event
    cafe: Cafe
    topics: list[Topic]
    ana: Participant  # seeks hydrogen funding, offers electrolysers know-how
    ben: Participant  # offers funding advice
    cem: Participant  # never consents
    dora: Participant  # visible, not contactable


@pytest.fixture
def meeting(organiser) -> Meeting:
    event = EventFactory(organisers=[organiser])
    cafe = CafeFactory(event=event)
    topics = [TopicFactory(cafe=cafe, title="Wasserstoff"), TopicFactory(cafe=cafe, title="Fachkräfte")]
    ana = ParticipantFactory(event=event, name="Ana Berger", email="ana@example.org")
    ben = ParticipantFactory(event=event, name="Ben Vogel", email="ben@example.org")
    cem = ParticipantFactory(event=event, name="Cem Kaya", email="cem@example.org")
    dora = ParticipantFactory(event=event, name="Dora Lenz", email="dora@example.org")
    set_profile(
        ana,
        seeks="Fördermittel für Wasserstoff; Kontakte zu Hochschulen",
        offers="Erfahrung mit Elektrolyseuren",
        topics=topics[:1],
        phone="+49 341 1234",
    )
    set_profile(
        ben,
        offers="Beratung zu Fördermitteln für Wasserstoffprojekte",
        seeks="Pilotkunden im Mittelstand",
        topics=topics[:1],
    )
    set_profile(dora, contactable=False, offers="Weiterbildung für Fachkräfte", topics=topics[1:])
    return Meeting(event, cafe, topics, ana, ben, cem, dora)


def seat_together(meeting: Meeting, *people: Participant, started: bool = True) -> None:
    """Everyone given at one table in round 1 (started or only planned)."""
    round_ = RoundFactory(cafe=meeting.cafe, index=1, started_at=timezone.now() if started else None)
    table = TableFactory(topic=meeting.topics[0], number=1)
    for person in people:
        Seat.objects.create(participant=person, round=round_, table=table)


def phone(participant: Participant, *, csrf: bool = False) -> Client:
    """A phone that opened its owner's personal link once (so the device is bound to them)."""
    client = Client(enforce_csrf_checks=csrf)
    response = client.get(reverse("live:network", kwargs={"token": participant.access_token}))
    assert response.status_code == 200
    return client


def url(name: str, participant: Participant, **kwargs) -> str:
    return reverse(f"live:{name}", kwargs={"token": participant.access_token, **kwargs})
