"""Holes a review found after the import was hardened: dates a zone cannot show, integers past any column, NaN and
1e400, link tokens of the wrong shape or equal to another kind of token. Each file is refused or its tokens renewed,
and the public pages keep working."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import CafeFactory, EventFactory, ParticipantFactory, RoundFactory, TableFactory, TopicFactory
from weltcafe.cafe.models import Idea
from weltcafe.common.json_body import JsonBodyError, parse_json_object
from weltcafe.documents.exchange import export, reading, restore
from weltcafe.documents.exchange.validation import TOKEN_SHAPE
from weltcafe.events.models import AgendaItem, Event, Participant

pytestmark = pytest.mark.integration


@pytest.fixture
def document(organiser):
    event = EventFactory(organisers=[organiser], slug="herbst", status=Event.Status.PUBLISHED)
    people = ParticipantFactory.create_batch(2, event=event)
    AgendaItem.objects.create(event=event, starts_at=event.starts_at, duration_minutes=30, title="Keynote")
    cafe = CafeFactory(event=event)
    table = TableFactory(topic=TopicFactory(cafe=cafe))
    Idea.objects.create(table=table, round=RoundFactory(cafe=cafe, index=1), text="Werkbank teilen", author=people[0])
    exported = export.export_event(event)
    Participant.objects.filter(event=event).delete()
    event.delete()
    return exported


def _reasons(document, organiser) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        restore.import_event(document, organiser=organiser)
    assert Event.objects.count() == 0
    return refused.value.messages


@pytest.mark.parametrize(
    ("starts_at", "zone"),
    [("9999-12-31T23:00:00+00:00", "Pacific/Kiritimati"), ("0001-01-01T00:10:00+00:00", "America/Los_Angeles")],
)
def test_import_refuses_a_date_the_events_zone_cannot_show(document, organiser, client, starts_at, zone):
    document["event"][0].update(starts_at=starts_at, ends_at=starts_at, time_zone=zone)

    reasons = _reasons(document, organiser)

    assert any(reason.startswith("event:1 · starts_at") and "1900 bis 2999" in reason for reason in reasons)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("public:calendar_feed")).status_code == 200


def test_import_refuses_an_integer_past_any_column_without_a_traceback(document, organiser):
    document["agenda_item"][0]["duration_minutes"] = 10**30

    reasons = _reasons(document, organiser)

    assert any(reason.startswith("agenda_item:1 · duration_minutes") for reason in reasons), reasons


def test_import_refuses_a_small_integer_column_past_its_range_on_every_backend(document, organiser):
    document["round"][0]["planned_minutes"] = 2**62

    reasons = _reasons(document, organiser)

    assert any(reason.startswith("round:1 · planned_minutes") for reason in reasons), reasons


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e400"])
def test_json_readers_refuse_nan_infinity_and_numbers_past_a_float(number):
    with pytest.raises(JsonBodyError):
        parse_json_object(b'{"table": ' + number + b"}")
    with pytest.raises(ValidationError, match="kein gültiges JSON"):
        reading.read_document(b'{"format": ' + number + b"}")


def test_idea_post_with_a_number_past_a_float_is_400_not_500(client, db):
    table = TableFactory()

    response = client.post(
        reverse("live:post_idea", kwargs={"kind": "t", "token": table.access_token}),
        data=b'{"client_uuid": "0b6f5a4e-8f1d-4c0e-9d7a-1a2b3c4d5e6f", "table": 1e400, "round": 1, "text": "x"}',
        content_type="application/json",
    )

    assert response.status_code == 400


@pytest.mark.parametrize("token", ["a", "", "ab/../c", "x" * 44])
def test_import_renews_a_personal_link_of_the_wrong_shape(document, organiser, token):
    document["participant"][0]["access_token"] = token

    result = restore.import_event(document, organiser=organiser)

    renewed = Participant.objects.filter(event=result.event).order_by("pk").first().access_token
    assert (TOKEN_SHAPE.fullmatch(renewed) is not None, renewed != token) == (True, True)


def test_import_never_keeps_a_badge_token_that_is_someone_elses_personal_link(document, organiser):
    someone = ParticipantFactory()
    document["participant"][0]["badge_token"] = someone.access_token
    document["participant"][1]["badge_token"] = document["participant"][0]["access_token"]

    result = restore.import_event(document, organiser=organiser)

    imported = Participant.objects.filter(event=result.event)
    tokens = [value for person in imported for value in (person.access_token, person.badge_token)]
    assert someone.access_token not in tokens
    assert len(set(tokens)) == len(tokens)


@pytest.mark.parametrize("zone", ["localtime", "Factory"])
def test_import_refuses_zones_that_name_no_place(document, organiser, zone):
    document["event"][0]["time_zone"] = zone

    assert any("unbekannte Zeitzone" in reason for reason in _reasons(document, organiser))


def test_public_lists_skip_an_event_whose_date_its_zone_cannot_show(client, organiser):
    shown = EventFactory(organisers=[organiser], slug="sichtbar", status=Event.Status.PUBLISHED)
    broken = EventFactory(organisers=[organiser], slug="fern", status=Event.Status.PUBLISHED)
    far = datetime(9999, 12, 31, 22, 0, tzinfo=UTC)  # year 10000 in Kiritimati
    Event.objects.filter(pk=broken.pk).update(
        starts_at=far, ends_at=far + timedelta(hours=1), time_zone="Pacific/Kiritimati"
    )

    pages = [client.get(reverse("home")), client.get(reverse("public:calendar_feed"))]

    assert [page.status_code for page in pages] == [200, 200]
    assert shown.title.encode() in pages[0].content
