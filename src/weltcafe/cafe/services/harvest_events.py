"""Live events of the harvest: themes changed (host briefings refetch), ballots changed, new vote counts."""

from __future__ import annotations

from weltcafe.cafe.live import payloads
from weltcafe.cafe.live.broadcast import send_event
from weltcafe.cafe.models import Ballot, Topic


def topic_changed(topic: Topic) -> None:
    """Themes of `topic` changed: hosts' briefings refetch, and open ballots show the new labels."""
    send_event(topic.cafe_id, "themes.changed", {"topic": topic.pk})
    for ballot in Ballot.objects.filter(topic=topic, opened_at__isnull=False, closed_at__isnull=True):
        ballot_changed(ballot)


def ballot_changed(ballot: Ballot) -> None:
    cafe_id = ballot.topic.cafe_id
    send_event(cafe_id, "ballot.changed", payloads.ballot_payload(ballot))
    tally_changed(ballot)


def tally_changed(ballot: Ballot) -> None:
    """New counts go to the walls only: phones do not show running totals (no bandwagon while the room votes)."""
    send_event(ballot.topic.cafe_id, "ballot.tally", payloads.tally_payload(ballot), walls_only=True)
