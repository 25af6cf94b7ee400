"""Reads of the café set-up, scoped to one event."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from weltcafe.cafe.models import Cafe, Idea, ModerationEntry, Round, Seat, Table, Topic
from weltcafe.common import timed_rounds
from weltcafe.events.models import Event, Participant


def cafe_of(event: Event) -> Cafe | None:
    return Cafe.objects.filter(event=event).first()


def topics(cafe: Cafe) -> QuerySet[Topic]:
    tables = Prefetch("tables", queryset=Table.objects.select_related("host__organisation").order_by("number"))
    return cafe.topics.prefetch_related(tables).order_by("position", "id")


def topic_for_cafe(cafe: Cafe, topic_id: int) -> Topic:
    from django.http import Http404

    try:
        return cafe.topics.get(pk=topic_id)
    except Topic.DoesNotExist as error:
        raise Http404("topic") from error


def tables(cafe: Cafe) -> QuerySet[Table]:
    return cafe.tables.select_related("topic").order_by("number")


@dataclass(frozen=True)
class SeatCell:
    participant: Participant
    is_host: bool
    colour: int


@dataclass(frozen=True)
class TableCell:
    table: Table
    people: tuple[SeatCell, ...]
    diversity: float | None


@dataclass(frozen=True)
class RoundRow:
    round: Round
    tables: tuple[TableCell, ...]


COLOUR_BY = {"region": "region", "kind": "kind"}
PALETTE_SIZE = 12


def seating_grid(cafe: Cafe, *, colour_by: str = "region") -> tuple[list[RoundRow], list[tuple[str, int]]]:
    """Rounds × tables with the people seated, in three queries; plus the colour legend (label, index)."""
    rounds = list(cafe.rounds.order_by("index"))
    table_list = list(cafe.tables.select_related("topic").order_by("number"))
    seats = list(
        Seat.objects.filter(round__cafe=cafe)
        .select_related("participant__organisation")
        .order_by("participant__sort_name", "participant_id")
    )
    attribute = COLOUR_BY.get(colour_by, "region")
    labels = _colour_labels(seats, attribute)
    colours = {value: position % PALETTE_SIZE for position, (value, _label) in enumerate(labels)}
    by_cell: dict[tuple[int, int], list[SeatCell]] = {}
    for seat in seats:
        organisation = seat.participant.organisation
        value = getattr(organisation, attribute, "") if organisation else ""
        cell = SeatCell(seat.participant, is_host=False, colour=colours.get(value, PALETTE_SIZE))
        by_cell.setdefault((seat.round_id, seat.table_id), []).append(cell)
    diversity = (cafe.plan_summary or {}).get("diversity_per_table") or []
    grid = []
    for r, round_ in enumerate(rounds):
        cells = []
        for t, table in enumerate(table_list):
            people = by_cell.get((round_.pk, table.pk), [])
            host_id = table.host_id
            people = sorted(
                (SeatCell(cell.participant, cell.participant.pk == host_id, cell.colour) for cell in people),
                key=lambda cell: not cell.is_host,
            )
            value = diversity[r][t] if r < len(diversity) and t < len(diversity[r]) else None
            cells.append(TableCell(table, tuple(people), value))
        grid.append(RoundRow(round_, tuple(cells)))
    legend = [(label, colours[value]) for value, label in labels]
    return grid, legend


def _colour_labels(seats: list[Seat], attribute: str) -> list[tuple[str, str]]:
    values: dict[str, str] = {}
    for seat in seats:
        organisation = seat.participant.organisation
        if organisation and getattr(organisation, attribute):
            display = getattr(organisation, f"get_{attribute}_display")()
            values[getattr(organisation, attribute)] = str(display)
    return sorted(values.items(), key=lambda item: item[1])


def has_seats(cafe: Cafe) -> bool:
    return Seat.objects.filter(round__cafe=cafe).exists()


def current_round(cafe: Cafe) -> Round | None:
    """The round on every screen: the running or paused one, else the last ended, else none yet."""
    return timed_rounds.current_round(cafe.rounds.order_by("index"))


def topic_ids(cafe: Cafe) -> frozenset[int]:
    return frozenset(cafe.topics.values_list("pk", flat=True))


def hosted_topic_ids(cafe: Cafe, participant: Participant) -> frozenset[int]:
    """The topics of the tables the person hosts (a topic with two tables has two hosts)."""
    return frozenset(cafe.tables.filter(host=participant).values_list("topic_id", flat=True))


@dataclass(frozen=True)
class ControlRoom:
    """What the facilitator's control room shows of a café, read in a fixed number of queries."""

    participants: list[Participant]
    ideas: list  # the newest 200 ideas, any status
    rounds: list[Round]
    trail: list  # the newest 50 moderation entries
    tables: list[Table]

    @property
    def checked_in(self) -> int:
        return sum(1 for participant in self.participants if participant.checked_in_at)


def control_room(cafe: Cafe) -> ControlRoom:
    return ControlRoom(
        participants=list(cafe.event.participants.select_related("organisation").order_by("sort_name")),
        ideas=list(
            Idea.objects.filter(table__cafe=cafe)
            .select_related("table__topic", "round", "author")
            .order_by("-created_at", "-id")[:200]
        ),
        rounds=list(cafe.rounds.order_by("index")),
        trail=list(
            ModerationEntry.objects.filter(cafe=cafe).select_related("idea", "actor_user", "actor_participant")[:50]
        ),
        tables=list(cafe.tables.select_related("topic").order_by("number")),
    )
