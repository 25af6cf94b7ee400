"""A round with a countdown that can be started, paused, resumed, extended and ended.

The café's rounds (`cafe.Round`) and speed networking's (`networking.SpeedRound`) run the same clock: running rounds
count down to `deadline` on every screen; a pause keeps the seconds that were left in `paused_remaining`. The
methods change the instance and return the fields to save; the services own locking, transactions and events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimedRound(models.Model):
    planned_minutes = models.PositiveSmallIntegerField(_("geplante Minuten"))
    started_at = models.DateTimeField(_("gestartet"), null=True, blank=True)
    ended_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    # While running: when the countdown reaches zero. While paused: the seconds that were left.
    deadline = models.DateTimeField(_("endet planmäßig"), null=True, blank=True)
    paused_remaining = models.PositiveIntegerField(_("Restzeit bei Pause (Sekunden)"), null=True, blank=True)
    index: int  # each concrete round numbers itself in its own series (a declaration only, no column here)

    class Meta:
        abstract = True

    @property
    def status(self) -> str:
        if self.ended_at:
            return "ended"
        if self.started_at is None:
            return "planned"
        return "paused" if self.paused_remaining is not None else "running"

    def remaining_seconds(self) -> int | None:
        if self.status == "paused":
            return self.paused_remaining
        if self.status == "running" and self.deadline:
            return max(0, int((self.deadline - timezone.now()).total_seconds()))
        return None

    def start(self, now: datetime) -> list[str]:
        self.started_at, self.deadline = now, now + timedelta(minutes=self.planned_minutes)
        self.paused_remaining = None
        return ["started_at", "deadline", "paused_remaining"]

    def pause(self) -> list[str]:
        self.paused_remaining = self.remaining_seconds() or 0
        return ["paused_remaining"]

    def resume(self) -> list[str]:
        self.deadline = timezone.now() + timedelta(seconds=self.paused_remaining or 0)
        self.paused_remaining = None
        return ["deadline", "paused_remaining"]

    def extend(self, minutes: int) -> list[str]:
        if self.status == "paused":
            self.paused_remaining = (self.paused_remaining or 0) + minutes * 60
        else:
            self.deadline = max(self.deadline or timezone.now(), timezone.now()) + timedelta(minutes=minutes)
        return ["deadline", "paused_remaining"]

    def end(self, now: datetime) -> list[str]:
        self.ended_at, self.paused_remaining = now, None
        return ["ended_at", "paused_remaining"]


def end_unfinished(rounds: Iterable[TimedRound], now: datetime) -> None:
    """End every round that was started and not ended (only one round runs at a time)."""
    for round_ in rounds:
        round_.save(update_fields=round_.end(now))


AnyRound = TypeVar("AnyRound", bound=TimedRound)  # the kind of round that goes in comes out (café or speed)


def current_round(rounds: Iterable[AnyRound]) -> AnyRound | None:
    """The round on every screen: the running or paused one, else the one that ended last, else none yet."""
    rounds = list(rounds)
    active = [r for r in rounds if r.status in ("running", "paused")]
    if active:
        return active[0]
    ended = [r for r in rounds if r.status == "ended"]
    # The round that ended last, even if the facilitator ran them out of order.
    return max(ended, key=lambda r: (r.ended_at, r.index)) if ended else None
