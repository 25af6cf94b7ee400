"""Reads of the café set-up, scoped to one event."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from weltcafe.cafe.models import Cafe, Round, Seat, Table, Topic
from weltcafe.common import timed_rounds
from weltcafe.events.models import Event, Participant


def cafe_of(event: Event) -> Cafe | None:
    return Cafe.objects.filter(event=event).first()


def topics(cafe: Cafe) -> QuerySet[Topic]:
    return (
        cafe.topics.select_related("host", "host__organisation").prefetch_related("tables").order_by("position", "id")
    )


def topic_for_cafe(cafe: Cafe, topic_id: int) -> Topic:
    from django.http import Http404

    try:
        return cafe.topics.select_related("host").get(pk=topic_id)
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
            host_id = table.topic.host_id
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
