"""Every write of the café set-up: the café itself (mode, rounds, tables), its topics and their hosts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from weltcafe.cafe.models import Cafe, Round, Seat, Table, Topic
from weltcafe.common.text_input import clean_typed_text
from weltcafe.events.models import Event, Participant

CAFE_FIELDS = ("title", "mode", "round_count", "round_minutes", "tables_per_topic", "table_capacity")


def _refuse_if_seated(cafe: Cafe) -> None:
    if Seat.objects.filter(round__cafe=cafe).exists():
        raise ValidationError(
            _("Für dieses Café gibt es schon einen Sitzplan. Verwerfen Sie ihn, bevor Sie Tische oder Runden ändern.")
        )


@transaction.atomic
def configure_cafe(
    *,
    event: Event,
    title: str = "World Café",
    mode: str = Cafe.Mode.ROTATE_GROUPS,
    round_count: int = 3,
    round_minutes: int = 20,
    tables_per_topic: int = 1,
    table_capacity: int = 8,
) -> Cafe:
    """Create or change the café of an event and keep its rounds and tables in step with the numbers."""
    cafe = Cafe.objects.select_for_update().filter(event=event).first()
    changes = {
        "title": title,
        "mode": mode,
        "round_count": round_count,
        "round_minutes": round_minutes,
        "tables_per_topic": tables_per_topic,
        "table_capacity": table_capacity,
    }
    if cafe is None:
        cafe = Cafe.objects.create(event=event, **changes)
    else:
        layout_changes = any(
            getattr(cafe, name) != value
            for name, value in changes.items()
            if name in ("round_count", "tables_per_topic")
        )
        if layout_changes:
            _refuse_if_seated(cafe)
        for name, value in changes.items():
            setattr(cafe, name, value)
        cafe.save(update_fields=[*changes, "updated_at"])
    _sync_rounds(cafe)
    _sync_tables(cafe)
    return cafe


def _sync_rounds(cafe: Cafe) -> None:
    cafe.rounds.filter(index__gt=cafe.round_count).delete()
    existing = set(cafe.rounds.values_list("index", flat=True))
    Round.objects.bulk_create(
        Round(cafe=cafe, index=index, planned_minutes=cafe.round_minutes)
        for index in range(1, cafe.round_count + 1)
        if index not in existing
    )
    cafe.rounds.filter(started_at__isnull=True).exclude(planned_minutes=cafe.round_minutes).update(
        planned_minutes=cafe.round_minutes
    )


def _sync_tables(cafe: Cafe) -> None:
    """Tables are numbered 1..n through the topics in their order, `tables_per_topic` each."""
    topics = list(cafe.topics.order_by("position", "id"))
    wanted = [(topic, offset) for topic in topics for offset in range(cafe.tables_per_topic)]
    current = list(cafe.tables.order_by("number"))
    matches = len(current) == len(wanted) and all(
        table.topic_id == topic.pk and table.number == number
        for number, (table, (topic, _offset)) in enumerate(zip(current, wanted, strict=True), start=1)
    )
    if matches:
        cafe.tables.exclude(capacity=cafe.table_capacity).update(capacity=cafe.table_capacity)
        return
    _refuse_if_seated(cafe)
    cafe.tables.all().delete()
    Table.objects.bulk_create(
        Table(cafe=cafe, topic=topic, number=number, capacity=cafe.table_capacity)
        for number, (topic, _offset) in enumerate(wanted, start=1)
    )


def _check_host(cafe: Cafe, host: Participant | None) -> None:
    if host is not None and host.event_id != cafe.event_id:
        raise ValidationError(_("Die gastgebende Person gehört nicht zu dieser Veranstaltung."))


@transaction.atomic
def add_topic(*, cafe: Cafe, title: str, guiding_question: str = "", host: Participant | None = None) -> Topic:
    _check_host(cafe, host)
    last = cafe.topics.order_by("-position").values_list("position", flat=True).first()
    topic = Topic.objects.create(
        cafe=cafe,
        title=clean_typed_text(title),
        guiding_question=clean_typed_text(guiding_question),
        host=host,
        position=(last or 0) + 1,
    )
    _sync_tables(cafe)
    return topic


@transaction.atomic
def update_topic(
    *,
    topic: Topic,
    title: str,
    guiding_question: str = "",
    host: Participant | None = None,
    position: int | None = None,
) -> Topic:
    _check_host(topic.cafe, host)
    topic.title = clean_typed_text(title)
    topic.guiding_question = clean_typed_text(guiding_question)
    topic.host = host
    fields = ["title", "guiding_question", "host", "updated_at"]
    if position is not None and position != topic.position:
        topic.position = position
        fields.append("position")
    topic.save(update_fields=fields)
    if "position" in fields:
        _sync_tables(topic.cafe)
    return topic


@transaction.atomic
def remove_topic(*, topic: Topic) -> None:
    cafe = topic.cafe
    _refuse_if_seated(cafe)
    topic.delete()
    _sync_tables(cafe)
