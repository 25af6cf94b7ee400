import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import EventFactory, ParticipantFactory
from weltcafe.cafe.models import Seat
from weltcafe.cafe.services import setup as services

pytestmark = pytest.mark.integration


def _numbers(cafe):
    return [(table.number, table.topic.title) for table in cafe.tables.select_related("topic").order_by("number")]


def test_configure_cafe_creates_rounds_and_tables_in_step(event):
    cafe = services.configure_cafe(event=event, round_count=3, round_minutes=20, tables_per_topic=2, table_capacity=6)
    services.add_topic(cafe=cafe, title="Fachkräfte")
    services.add_topic(cafe=cafe, title="Energie")

    assert list(cafe.rounds.values_list("index", "planned_minutes")) == [(1, 20), (2, 20), (3, 20)]
    assert _numbers(cafe) == [(1, "Fachkräfte"), (2, "Fachkräfte"), (3, "Energie"), (4, "Energie")]
    assert set(cafe.tables.values_list("capacity", flat=True)) == {6}


def test_changing_rounds_and_tables_per_topic_resyncs(event):
    cafe = services.configure_cafe(event=event, round_count=4, tables_per_topic=2)
    services.add_topic(cafe=cafe, title="A")

    cafe = services.configure_cafe(event=event, round_count=2, tables_per_topic=1, round_minutes=25)

    assert list(cafe.rounds.values_list("index", "planned_minutes")) == [(1, 25), (2, 25)]
    assert _numbers(cafe) == [(1, "A")]


def test_layout_change_is_refused_once_seats_exist(event):
    cafe = services.configure_cafe(event=event, round_count=2)
    topic = services.add_topic(cafe=cafe, title="A")
    Seat.objects.create(
        participant=ParticipantFactory(event=event), round=cafe.rounds.first(), table=topic.tables.get()
    )

    with pytest.raises(ValidationError):
        services.configure_cafe(event=event, round_count=3)
    with pytest.raises(ValidationError):
        services.remove_topic(topic=topic)
    assert cafe.rounds.count() == 2


def test_host_from_another_event_is_refused(event):
    cafe = services.configure_cafe(event=event)
    stranger = ParticipantFactory(event=EventFactory())

    with pytest.raises(ValidationError):
        services.add_topic(cafe=cafe, title="A", host=stranger)
    assert cafe.topics.count() == 0


def test_cafe_page_sets_up_topics_with_host(organiser_client, event):
    host = ParticipantFactory(event=event, name="Selin")
    url = reverse("orga:cafe", kwargs={"slug": event.slug})
    organiser_client.post(
        url,
        {
            "title": "World Café",
            "mode": "mix",
            "round_count": 3,
            "round_minutes": 20,
            "tables_per_topic": 1,
            "table_capacity": 8,
        },
    )
    organiser_client.post(
        reverse("orga:topic_add", kwargs={"slug": event.slug}),
        {"new-title": "Fachkräfte", "new-guiding_question": "Wie halten wir sie?", "new-host": host.pk},
    )

    page = organiser_client.get(url).content.decode()
    topic = event.cafe.topics.get()
    assert (event.cafe.mode, topic.title, topic.host) == ("mix", "Fachkräfte", host)
    assert "Wie halten wir sie?" in page


def test_cafe_topic_form_rejects_host_of_other_event(organiser_client, event):
    services.configure_cafe(event=event)
    stranger = ParticipantFactory(event=EventFactory())

    organiser_client.post(
        reverse("orga:topic_add", kwargs={"slug": event.slug}), {"new-title": "X", "new-host": stranger.pk}
    )

    assert event.cafe.topics.count() == 0
