"""Who is looking at a live page, and which tables' ideas they receive."""

from __future__ import annotations

from dataclasses import dataclass

from weltcafe.cafe.models import Cafe, Seat, Table, ViewerKind
from weltcafe.events.models import Participant


@dataclass(frozen=True)
class Viewer:
    kind: ViewerKind
    cafe: Cafe
    participant: Participant | None = None
    table: Table | None = None

    @property
    def person(self) -> Participant:
        """The participant of a personal link (any other viewer has none: asking is a bug, not a 404)."""
        if self.participant is None:
            raise LookupError(f"a {self.kind} link has no participant")
        return self.participant

    @property
    def own_table(self) -> Table:
        """The table of a table's link."""
        if self.table is None:
            raise LookupError(f"a {self.kind} link has no table")
        return self.table


def viewer_tables(viewer: Viewer) -> set[int] | None:
    """The tables whose ideas this viewer receives: None means every table (the wall)."""
    if viewer.kind == ViewerKind.WALL:
        return None
    if viewer.kind == ViewerKind.TABLE:
        return {viewer.own_table.pk}
    seated = set(
        Seat.objects.filter(participant=viewer.participant, round__cafe=viewer.cafe).values_list("table_id", flat=True)
    )
    hosted = set(viewer.cafe.tables.filter(host=viewer.participant).values_list("pk", flat=True))
    # A host's briefing shows what earlier groups said at every table of the topic.
    topic_tables = (
        set(viewer.cafe.tables.filter(topic__tables__in=hosted).values_list("pk", flat=True)) if hosted else set()
    )
    return seated | hosted | topic_tables


def link_of(viewer: Viewer) -> tuple[str, int]:
    """The link a viewer came with, as (kind letter, row id): what revoking, renewing or erasing it names."""
    if viewer.kind == ViewerKind.PARTICIPANT:
        return "p", viewer.person.pk
    if viewer.kind == ViewerKind.TABLE:
        return "t", viewer.own_table.pk
    return "w", viewer.cafe.pk
