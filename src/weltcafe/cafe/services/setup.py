"""Every write of the café set-up: the café itself (mode, rounds, tables), its topics and their hosts."""

from __future__ import annotations

from collections import Counter

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
    # Renumbered tables keep their hosts: the first table of a topic stays with its first host, and so on.
    hosts: dict[tuple[int, int], int | None] = {}
    ranks: Counter[int] = Counter()
    for table in current:
        hosts[table.topic_id, ranks[table.topic_id]] = table.host_id
        ranks[table.topic_id] += 1
    cafe.tables.all().delete()
    Table.objects.bulk_create(
        Table(
            cafe=cafe, topic=topic, number=number, capacity=cafe.table_capacity, host_id=hosts.get((topic.pk, offset))
        )
        for number, (topic, offset) in enumerate(wanted, start=1)
    )


def _set_hosts(topic: Topic, hosts: list[Participant | None]) -> None:
    """The hosts of the topic's tables in table order; None leaves a table without one."""
    cafe = topic.cafe
    tables = list(topic.tables.order_by("number"))
    named = [host for host in hosts if host is not None]
    if len(hosts) > len(tables) and any(host is not None for host in hosts[len(tables):]):
        raise ValidationError(_("Das Thema hat nur %(count)s Tische.") % {"count": len(tables)})
    for person in named:
        if person.event_id != cafe.event_id:
            raise ValidationError(_("Die gastgebende Person gehört nicht zu dieser Veranstaltung."))
    if len({person.pk for person in named}) != len(named):
        raise ValidationError(_("Eine Person kann nur einen Tisch als Gastgeber*in betreuen."))
    elsewhere = (
        Table.objects.filter(cafe=cafe, host__in=named).exclude(topic=topic).select_related("host").first()
    )
    if elsewhere is not None and elsewhere.host is not None:
        raise ValidationError(
            _("%(name)s ist schon Gastgeber*in an Tisch %(number)s.")
            % {"name": elsewhere.host.name, "number": elsewhere.number}
        )
    topic.tables.exclude(host=None).update(host=None)  # first: two hosts trading tables must not collide
    for table, chosen in zip(tables, hosts, strict=False):
        if chosen is not None:
            Table.objects.filter(pk=table.pk).update(host=chosen)


@transaction.atomic
def add_topic(
    *, cafe: Cafe, title: str, guiding_question: str = "", hosts: list[Participant | None] | None = None
) -> Topic:
    last = cafe.topics.order_by("-position").values_list("position", flat=True).first()
    topic = Topic.objects.create(
        cafe=cafe,
        title=clean_typed_text(title),
        guiding_question=clean_typed_text(guiding_question),
        position=(last or 0) + 1,
    )
    _sync_tables(cafe)
    if hosts:
        _set_hosts(topic, hosts)
    return topic


@transaction.atomic
def update_topic(
    *,
    topic: Topic,
    title: str,
    guiding_question: str = "",
    hosts: list[Participant | None] | None = None,
    position: int | None = None,
) -> Topic:
    """Change a topic; `hosts` (in table order) replaces its tables' hosts, None keeps them."""
    topic.title = clean_typed_text(title)
    topic.guiding_question = clean_typed_text(guiding_question)
    fields = ["title", "guiding_question", "updated_at"]
    if position is not None and position != topic.position:
        topic.position = position
        fields.append("position")
    topic.save(update_fields=fields)
    if "position" in fields:
        _sync_tables(topic.cafe)
    if hosts is not None:
        _set_hosts(topic, hosts)
    return topic


@transaction.atomic
def remove_topic(*, topic: Topic) -> None:
    cafe = topic.cafe
    _refuse_if_seated(cafe)
    topic.delete()
    _sync_tables(cafe)
