"""What a screen needs to draw itself, and the reducer that keeps it current from live events.

`cafe_state` is the café-wide part (round, message, every idea); `apply_event` applies one live event to it. A test
replays an action's events onto an earlier state and checks that the result equals a fresh `cafe_state`; the
browser (static/weltcafe/live.js) applies the same events the same way.
"""

from __future__ import annotations

import copy
import time

from django.utils import timezone

from weltcafe.cafe.live import payloads
from weltcafe.cafe.models import Ballot, Cafe, Idea, Seat, Table, Theme, ViewerKind, Vote
from weltcafe.cafe.queries.viewers import Viewer, viewer_tables
from weltcafe.common import timed_rounds
from weltcafe.events.models import Participant


def cafe_state(cafe: Cafe, *, tables: set[int] | None = None) -> dict:
    """The café-wide state; with `tables`, only the ideas of those tables (what a phone receives)."""
    return _state(cafe, _cafe_part(cafe), tables)


def _state(cafe: Cafe, part: dict, tables: set[int] | None) -> dict:
    ideas = Idea.objects.filter(table__cafe=cafe).select_related("author").order_by("created_at", "id")
    if tables is not None:
        ideas = ideas.filter(table_id__in=tables)
    state = {**part["state"], "ideas": {str(idea.pk): payloads.idea_payload(idea)["idea"] for idea in ideas}}
    if tables is None:  # running totals only for the walls
        ballots = Ballot.objects.filter(topic__cafe=cafe, opened_at__isnull=False).select_related("topic")
        state["tallies"] = {str(ballot.pk): payloads.tally_payload(ballot)["tally"] for ballot in ballots}
    return state


# The café-wide part of a snapshot — tables, rounds, the current round, the message, the open ballots — with the
# moment its reading began, by café. When the hall's Wi-Fi comes back, hundreds of screens connect within seconds
# and queue for the worker's database thread; each may take a part whose reading began after it asked (after it
# had subscribed to its groups): anything that changed since arrives as an event, exactly as with a part of its
# own. A part is never used for a request older than itself, so outside a crowd every snapshot reads afresh.
_shared_parts: dict[int, tuple[float, dict]] = {}
_SHARED_PARTS_KEPT = 64


def _cafe_part(cafe: Cafe, *, asked_at: float | None = None) -> dict:
    if asked_at is not None:
        known = _shared_parts.get(cafe.pk)
        if known is not None and known[0] >= asked_at:
            return known[1]
    began = time.monotonic()
    cafe.refresh_from_db(fields=["broadcast_message", "broadcast_at", "broadcast_until"])
    table_rows = list(cafe.tables.select_related("topic", "host").order_by("number"))
    rounds = list(cafe.rounds.order_by("index"))
    ballots = Ballot.objects.filter(topic__cafe=cafe, opened_at__isnull=False).select_related("topic")
    part = {
        "tables": _tables(table_rows),
        "hosts": {table.pk: table.host_id for table in table_rows},
        "rounds": [{"id": r.pk, "index": r.index} for r in rounds],
        "state": {
            **payloads.round_payload(timed_rounds.current_round(rounds)),
            **payloads.message_payload(cafe),
            "ballots": {str(ballot.pk): payloads.ballot_payload(ballot)["ballot"] for ballot in ballots},
        },
    }
    if len(_shared_parts) >= _SHARED_PARTS_KEPT:
        _shared_parts.clear()
    _shared_parts[cafe.pk] = (began, part)
    return part


def apply_event(state: dict, event: dict) -> dict:
    """The reducer, pure: applying the same event twice gives the same state (events may arrive twice)."""
    state = copy.deepcopy(state)
    kind = event["type"]
    if kind == "round.changed":
        state["round"] = event["round"]
    elif kind == "idea.saved":
        state["ideas"][str(event["idea"]["id"])] = event["idea"]
    elif kind == "message.changed":
        state["message"], state["message_at"] = event["message"], event["message_at"]
        state["message_until"] = event.get("message_until")
    elif kind == "ballot.changed":
        state["ballots"][str(event["ballot"]["id"])] = event["ballot"]
    elif kind == "ballot.tally" and "tallies" in state:
        state["tallies"][str(event["tally"]["ballot"])] = event["tally"]
    return state


def _tables(tables: list[Table]) -> dict:
    return {
        str(table.pk): {
            "number": table.number,
            "topic": table.topic.title,
            "topic_id": table.topic_id,
            "question": table.topic.guiding_question,
            "host": table.host.name if table.host else "",
        }
        for table in tables
    }


def _base(cafe: Cafe, part: dict, *, idea_tables: set[int] | None = None) -> dict:
    return {
        "cafe": {"id": cafe.pk, "title": cafe.title, "event": cafe.event.title},
        "server_now": timezone.now().isoformat(),
        "tables": part["tables"],
        "rounds": part["rounds"],
        "state": _state(cafe, part, idea_tables),
    }


def participant_snapshot(
    cafe: Cafe, participant: Participant, *, tables: set[int] | None = None, asked_at: float | None = None
) -> dict:
    """A phone's view: the café state plus this person's route, table-mates (with consent) and host duties.
    `tables`: the person's `viewer_tables`, when the caller has them already (a socket asks them to subscribe);
    `asked_at`: see `snapshot_for`."""
    seats = list(
        Seat.objects.filter(round__cafe=cafe, participant=participant).select_related("round").order_by("round__index")
    )
    # One query for the table-mates of every round (this runs on every socket connect).
    places = {(seat.round_id, seat.table_id) for seat in seats}
    mates: dict[str, list[str]] = {str(seat.round_id): [] for seat in seats}
    others = (
        Seat.objects.filter(
            round_id__in={r for r, _ in places}, table_id__in={t for _, t in places}, participant__consent_visible=True
        )
        .exclude(participant=participant)
        .select_related("participant")
        .order_by("participant__sort_name", "participant_id")
    )
    for other in others:
        if (other.round_id, other.table_id) in places:
            mates[str(other.round_id)].append(other.participant.name)
    part = _cafe_part(cafe, asked_at=asked_at)
    hosted = [table for table, host in part["hosts"].items() if host == participant.pk]
    if tables is None:
        tables = viewer_tables(Viewer(ViewerKind.PARTICIPANT, cafe, participant=participant))
    return {
        **_base(cafe, part, idea_tables=tables),
        "viewer": {"kind": ViewerKind.PARTICIPANT.value, "name": participant.name, "hosted_tables": hosted},
        "route": {str(seat.round_id): seat.table_id for seat in seats},
        "mates": mates,
        "my_dots": _my_dots(cafe, participant),
        "briefing_themes": _briefing_themes(cafe, participant) if hosted else {},
    }


def _my_dots(cafe: Cafe, participant: Participant) -> dict[str, dict[str, int]]:
    mine: dict[str, dict[str, int]] = {}
    for vote in Vote.objects.filter(ballot__topic__cafe=cafe, participant=participant):
        mine.setdefault(str(vote.ballot_id), {})[str(vote.theme_id or vote.idea_id)] = vote.dots
    return mine


def _briefing_themes(cafe: Cafe, host: Participant) -> dict[str, list[dict]]:
    """The harvest's themes of the host's topics, for welcoming the next group (biggest first)."""
    # One table per host in a café (a constraint), so the join gives each theme once.
    themes = Theme.objects.filter(topic__cafe=cafe, topic__tables__host=host, hidden=False).order_by("position", "id")
    ideas = Idea.objects.filter(theme__in=themes, status=Idea.Status.VISIBLE).values_list("theme_id", "pk", "text")
    members: dict[int, dict[int, str]] = {}
    for theme_id, idea_id, text in ideas:
        members.setdefault(theme_id, {})[idea_id] = text
    briefing: dict[str, list[dict]] = {}
    for theme in themes:
        texts = members.get(theme.pk, {})
        if not texts:
            continue
        examples = [texts[i] for i in theme.representatives if i in texts][:2] or list(texts.values())[:2]
        briefing.setdefault(str(theme.topic_id), []).append(
            {"id": theme.pk, "label": theme.label, "size": len(texts), "examples": examples}
        )
    for items in briefing.values():
        items.sort(key=lambda item: -item["size"])
    return briefing


def table_snapshot(cafe: Cafe, table_id: int, *, asked_at: float | None = None) -> dict:
    """A shared device at one table (walk-ins): that table in every round."""
    part = _cafe_part(cafe, asked_at=asked_at)
    return {
        **_base(cafe, part, idea_tables={table_id}),
        "viewer": {"kind": ViewerKind.TABLE.value, "name": "", "hosted_tables": [], "table": table_id},
        "route": {str(r["id"]): table_id for r in part["rounds"]},
        "mates": {},
    }


def wall_snapshot(cafe: Cafe, *, asked_at: float | None = None) -> dict:
    """The big screen: everything, read-only, plus how many people sit at each table in each round."""
    counts: dict[str, dict[str, int]] = {}
    for round_id, table_id in Seat.objects.filter(round__cafe=cafe).values_list("round_id", "table_id"):
        counts.setdefault(str(round_id), {}).setdefault(str(table_id), 0)
        counts[str(round_id)][str(table_id)] += 1
    part = _cafe_part(cafe, asked_at=asked_at)
    viewer = {"kind": ViewerKind.WALL.value, "name": "", "hosted_tables": []}
    return {**_base(cafe, part), "viewer": viewer, "counts": counts}


def snapshot_for(viewer: Viewer, *, tables: set[int] | None = None, asked_at: float | None = None) -> dict:
    """The first state of the screen a viewer came with (page load, socket connect, catch-up after reconnect).
    `tables`: the viewer's `viewer_tables` if the caller knows them. `asked_at` (time.monotonic()): a socket that
    subscribed to its groups before this moment may share a café-wide part read after it (see `_shared_parts`);
    without it, everything is read afresh."""
    if viewer.kind == ViewerKind.PARTICIPANT:
        return participant_snapshot(viewer.cafe, viewer.person, tables=tables, asked_at=asked_at)
    if viewer.kind == ViewerKind.TABLE:
        return table_snapshot(viewer.cafe, viewer.own_table.pk, asked_at=asked_at)
    return wall_snapshot(viewer.cafe, asked_at=asked_at)
