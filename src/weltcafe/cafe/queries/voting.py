"""Dot counts: one person's dots on a ballot, and the totals per theme and per idea of a topic."""

from __future__ import annotations

from django.db.models import Sum

from weltcafe.cafe.models import Ballot, Topic, Vote
from weltcafe.events.models import Participant


def dots_of(ballot: Ballot, participant: Participant) -> dict[int, int]:
    field = "theme_id" if ballot.kind == Ballot.Kind.THEMES else "idea_id"
    return {row[field]: row["dots"] for row in ballot.votes.filter(participant=participant).values(field, "dots")}


def theme_votes(topic: Topic) -> dict[int, int]:
    """Dots per theme of a topic over all its ballots (what the summaries and the presentation rank by)."""
    rows = Vote.objects.filter(theme__topic=topic).values("theme_id").annotate(total=Sum("dots"))
    return {row["theme_id"]: row["total"] for row in rows}


def idea_votes(topic: Topic) -> dict[int, int]:
    rows = Vote.objects.filter(idea__table__topic=topic).values("idea_id").annotate(total=Sum("dots"))
    return {row["idea_id"]: row["total"] for row in rows}
