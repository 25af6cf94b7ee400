"""Who is looking: a participant's personal link, a table's QR link, or the wall link. Each resolves to one café."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from weltcafe.cafe.models import Cafe, Table
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
