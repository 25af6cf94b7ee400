"""One builder per live event type. The same builders make the snapshot, so a replay of events equals a fetch."""

from __future__ import annotations

from django.db.models import Sum
from django.utils import timezone

from weltcafe.cafe.models import Ballot, Cafe, Idea, Round, Theme
from weltcafe.common import timed_rounds


def round_payload(round_: Round | None) -> dict:
    """`round.changed`: the café's current round and its countdown (deadline for clocks, remaining for pauses)."""
    if round_ is None:
        return {"round": None}
    return {"round": {"id": round_.pk, **timed_rounds.clock_payload(round_)}}


def idea_payload(idea: Idea) -> dict:
    """`idea.saved`: an idea as every screen shows it; hidden and merged ideas travel as their status only."""
    visible = idea.status == Idea.Status.VISIBLE
    author = idea.author.name if visible and idea.show_author and idea.author else ""
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
    """`message.changed`: the facilitator's broadcast ("Bitte zum Plenum"), empty when cleared or over. Screens
    hide it themselves at `message_until` (their clock follows the server's); a screen that connects later never
    gets it."""
    until = cafe.broadcast_until
    over = until is not None and until <= timezone.now()
    return {
        "message": "" if over else cafe.broadcast_message,
        "message_at": cafe.broadcast_at.isoformat() if cafe.broadcast_at and not over else None,
        "message_until": until.isoformat() if until and not over else None,
    }


def seats_payload(cafe: Cafe) -> dict:
    """`seats.changed`: the plan changed (re-seating); screens fetch their new view."""
    return {"cafe": cafe.pk}


def link_closed_payload() -> dict:
    """`link.closed`: the link this socket was opened with was revoked, renewed or erased; the screen stops."""
    return {"reconnect": False}


OPTION_LABEL_LENGTH = 140
OPTION_EXAMPLES = 3  # the ideas a voter can open under a theme's label, so a label is not all they judge by
EXAMPLE_LENGTH = 160


def ballot_options(ballot: Ballot) -> list[dict]:
    """What can get dots: the topic's shown themes (or visible ideas), in the order of the harvest page."""
    if ballot.kind == Ballot.Kind.THEMES:
        themes = list(Theme.objects.filter(topic_id=ballot.topic_id, hidden=False).order_by("position", "id"))
        examples: dict[int, list[str]] = {}
        members = Idea.objects.filter(theme__in=themes, status=Idea.Status.VISIBLE).order_by("id")
        for theme_id, text in members.values_list("theme_id", "text"):
            if len(examples.setdefault(theme_id, [])) < OPTION_EXAMPLES:
                examples[theme_id].append(text[:EXAMPLE_LENGTH])
        return [{"id": theme.pk, "label": theme.label, "examples": examples.get(theme.pk, [])} for theme in themes]
    ideas = Idea.objects.filter(table__topic_id=ballot.topic_id, status=Idea.Status.VISIBLE).order_by("id")
    return [{"id": idea.pk, "label": idea.text[:OPTION_LABEL_LENGTH], "examples": []} for idea in ideas]


def ballot_payload(ballot: Ballot) -> dict:
    """`ballot.changed`: a dot vote opened, closed, or its options renamed."""
    return {
        "ballot": {
            "id": ballot.pk,
            "topic_id": ballot.topic_id,
            "topic": ballot.topic.title,
            "kind": ballot.kind,
            "status": ballot.status.value,
            "dots_per_person": ballot.dots_per_person,
            "max_per_option": ballot.max_per_option,
            "opened": ballot.opened_at.isoformat() if ballot.opened_at else None,
            "options": ballot_options(ballot),
        }
    }


def tally_payload(ballot: Ballot) -> dict:
    """`ballot.tally` (walls only): dots per option and how many people have voted so far."""
    field = "theme_id" if ballot.kind == Ballot.Kind.THEMES else "idea_id"
    rows = ballot.votes.filter(dots__gt=0).values(field).annotate(total=Sum("dots"))
    voters = ballot.votes.filter(dots__gt=0).values("participant_id").distinct().count()
    return {"tally": {"ballot": ballot.pk, "dots": {str(row[field]): row["total"] for row in rows}, "voters": voters}}
