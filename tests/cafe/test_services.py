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
        services.add_topic(cafe=cafe, title="A", hosts=[stranger])
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
        {"new-title": "Fachkräfte", "new-guiding_question": "Wie halten wir sie?", "new-host_1": host.pk},
    )

    page = organiser_client.get(url).content.decode()
    topic = event.cafe.topics.get()
    assert (event.cafe.mode, topic.title, topic.hosts[0]) == ("mix", "Fachkräfte", host)
    assert "Wie halten wir sie?" in page


def test_cafe_topic_form_rejects_host_of_other_event(organiser_client, event):
    services.configure_cafe(event=event)
    stranger = ParticipantFactory(event=EventFactory())

    organiser_client.post(
        reverse("orga:topic_add", kwargs={"slug": event.slug}), {"new-title": "X", "new-host_1": stranger.pk}
    )

    assert event.cafe.topics.count() == 0


def test_each_table_of_a_topic_gets_its_own_host_and_keeps_them_when_renumbered(event):
    cafe = services.configure_cafe(event=event, tables_per_topic=2)
    ana, ben, cem = (ParticipantFactory(event=event, name=name) for name in ("Ana", "Ben", "Cem"))
    energy = services.add_topic(cafe=cafe, title="Energie", hosts=[ana, ben])
    skills = services.add_topic(cafe=cafe, title="Fachkräfte", hosts=[None, cem])

    assert [(t.number, t.host) for t in energy.tables.order_by("number")] == [(1, ana), (2, ben)]
    assert [(t.number, t.host) for t in skills.tables.order_by("number")] == [(3, None), (4, cem)]
    services.update_topic(topic=skills, title="Fachkräfte", position=0)  # now first: tables renumbered
    assert [(t.number, t.host) for t in skills.tables.order_by("number")] == [(1, None), (2, cem)]
    assert [(t.number, t.host) for t in energy.tables.order_by("number")] == [(3, ana), (4, ben)]
    assert energy.hosts == [ana, ben]


def test_one_person_hosts_one_table_and_a_refusal_changes_nothing(event):
    cafe = services.configure_cafe(event=event, tables_per_topic=2)
    ana, ben = (ParticipantFactory(event=event, name=name) for name in ("Ana Roth", "Ben"))
    energy = services.add_topic(cafe=cafe, title="Energie", hosts=[ana, None])
    skills = services.add_topic(cafe=cafe, title="Fachkräfte")

    with pytest.raises(ValidationError, match="Ana Roth ist schon Gastgeber\\*in an Tisch 1"):
        services.update_topic(topic=skills, title="Fachkräfte", hosts=[ana, ben])
    with pytest.raises(ValidationError, match="nur einen Tisch"):
        services.update_topic(topic=skills, title="Fachkräfte", hosts=[ben, ben])
    assert skills.hosts == []
    assert energy.hosts == [ana]
    services.update_topic(topic=energy, title="Energie", hosts=[ben, ana])  # the two trade tables
    assert energy.hosts == [ben, ana]


def test_the_cafe_page_warns_of_tables_without_a_host(organiser_client, event):
    cafe = services.configure_cafe(event=event, tables_per_topic=2)
    services.add_topic(cafe=cafe, title="Energie", hosts=[ParticipantFactory(event=event), None])

    page = organiser_client.get(reverse("orga:cafe", kwargs={"slug": event.slug})).content.decode()

    assert 'data-state="unhosted"' in page
    assert "Tisch 2" in page
    assert "Gastgebende an Tisch 1" in page
    assert "Gastgebende an Tisch 2" in page
