"""The café's part of a person's own-data export (privacy/own_data.py): where they sat, what they wrote, their dots."""

from __future__ import annotations

from weltcafe.cafe.models import Idea, Seat, Vote
from weltcafe.events.models import Participant


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _voted_on(vote: Vote) -> str:
    """What the dots went to: a theme, or an idea (the vote table's check constraint allows one of the two)."""
    if vote.theme is not None:
        return vote.theme.label
    return vote.idea.text if vote.idea is not None else ""


def own_cafe_data(participant: Participant) -> dict[str, list[dict]]:
    return {
        "seats": [
            {"round": seat.round.index, "table": seat.table.number, "topic": seat.table.topic.title}
            for seat in Seat.objects.filter(participant=participant).select_related("round", "table__topic")
        ],
        "ideas": [
            {"text": idea.text, "named": idea.show_author, "created_at": _when(idea.created_at)}
            for idea in Idea.objects.filter(author=participant).order_by("created_at")
        ],
        "dots": [
            {"topic": vote.ballot.topic.title, "on": _voted_on(vote), "dots": vote.dots}
            for vote in Vote.objects.filter(participant=participant).select_related("ballot__topic", "theme", "idea")
        ],
    }
