"""Who is looking: a participant's personal link, a table's QR link, or the wall link. Each resolves to one café."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.http import Http404

from weltcafe.cafe.models import Cafe, Table
from weltcafe.events.access import device_may_use, device_owner_from_cookies
from weltcafe.events.models import Participant


@dataclass(frozen=True)
class Viewer:
    kind: str  # "participant" | "table" | "wall"
    cafe: Cafe
    participant: Participant | None = None
    table: Table | None = None


def resolve(kind: str, token: str) -> Viewer:
    """404 for an unknown or revoked token, never a hint which part was wrong."""
    if kind == "p":
        participant = Participant.objects.select_related("event").filter(access_token=token).first()
        cafe = Cafe.objects.filter(event_id=participant.event_id).first() if participant else None
        if participant is None or cafe is None:
            raise Http404("link")
        return Viewer("participant", cafe, participant=participant)
    if kind == "t":
        table = Table.objects.select_related("cafe", "topic").filter(access_token=token).first()
        if table is None:
            raise Http404("link")
        return Viewer("table", table.cafe, table=table)
    if kind == "w":
        cafe = Cafe.objects.filter(wall_token=token).first()
        if cafe is None:
            raise Http404("link")
        return Viewer("wall", cafe)
    raise Http404("link")


def viewer_tables(viewer: Viewer) -> set[int] | None:
    """The tables whose ideas this viewer receives: None means every table (the wall)."""
    from weltcafe.cafe.models import Seat

    if viewer.kind == "wall":
        return None
    if viewer.kind == "table":
        return {viewer.table.pk}
    seated = set(
        Seat.objects.filter(participant=viewer.participant, round__cafe=viewer.cafe).values_list("table_id", flat=True)
    )
    hosted = set(viewer.cafe.tables.filter(topic__host=viewer.participant).values_list("pk", flat=True))
    # A host's briefing shows what earlier groups said at every table of the topic.
    topic_tables = (
        set(viewer.cafe.tables.filter(topic__tables__in=hosted).values_list("pk", flat=True)) if hosted else set()
    )
    return seated | hosted | topic_tables


def link_of(viewer: Viewer) -> tuple[str, int]:
    """The link a viewer came with, as (kind letter, row id): what revoking, renewing or erasing it names."""
    if viewer.kind == "participant":
        return "p", viewer.participant.pk
    if viewer.kind == "table":
        return "t", viewer.table.pk
    return "w", viewer.cafe.pk


def socket_device_allowed(cookies: Mapping[str, str], participant: Participant) -> bool:
    """The personal links' one device rule (`events.access.device_may_use`), for a socket's cookies."""
    return device_may_use(device_owner_from_cookies(cookies), participant)


def groups_for(viewer: Viewer) -> list[str]:
    from weltcafe.cafe.live.broadcast import all_ideas_group, cafe_group, link_group, table_group

    own_link = link_group(*link_of(viewer))
    tables = viewer_tables(viewer)
    if tables is None:
        return [cafe_group(viewer.cafe.pk), all_ideas_group(viewer.cafe.pk), own_link]
    return [cafe_group(viewer.cafe.pk), *(table_group(table) for table in sorted(tables)), own_link]
