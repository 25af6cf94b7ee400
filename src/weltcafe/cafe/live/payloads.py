"""One builder per live event type. The same builders make the snapshot, so a replay of events equals a fetch."""

from __future__ import annotations

from django.utils import timezone

from weltcafe.cafe.models import Cafe, Idea, Round


def remaining_seconds(round_: Round) -> int | None:
    if round_.status == "paused":
        return round_.paused_remaining
    if round_.status == "running" and round_.deadline:
        return max(0, int((round_.deadline - timezone.now()).total_seconds()))
    return None


def round_payload(round_: Round | None) -> dict:
    """`round.changed`: the café's current round and its countdown (deadline for clocks, remaining for pauses)."""
    if round_ is None:
        return {"round": None}
    return {
        "round": {
            "id": round_.pk,
            "index": round_.index,
            "status": round_.status,
            "deadline": round_.deadline.isoformat() if round_.deadline and round_.status == "running" else None,
            # Running rounds count down from the deadline on each screen; only a pause carries the seconds left.
            "remaining": round_.paused_remaining if round_.status == "paused" else None,
            "planned_minutes": round_.planned_minutes,
        }
    }


def idea_payload(idea: Idea) -> dict:
    """`idea.saved`: an idea as every screen shows it; hidden and merged ideas travel as their status only."""
    visible = idea.status == Idea.Status.VISIBLE
    author = idea.author.name if visible and idea.show_author and idea.author_id else ""
    return {
        "idea": {
            "id": idea.pk,
            "client_uuid": str(idea.client_uuid),
            "table": idea.table_id,
            "round": idea.round_id,
            "status": idea.status,
            "text": idea.text if visible else "",
            "author": author,
            "key_insight": idea.is_key_insight,
            "created": idea.created_at.isoformat(),
        }
    }


def message_payload(cafe: Cafe) -> dict:
    """`message.changed`: the facilitator's broadcast ("Bitte zum Plenum"), empty when cleared."""
    return {
        "message": cafe.broadcast_message,
        "message_at": cafe.broadcast_at.isoformat() if cafe.broadcast_at else None,
    }


def seats_payload(cafe: Cafe) -> dict:
    """`seats.changed`: the plan changed (re-seating); screens fetch their new view."""
    return {"cafe": cafe.pk}
