"""A round with a countdown that can be started, paused, resumed, extended and ended.

The café's rounds (`cafe.Round`) and speed networking's (`networking.SpeedRound`) run the same clock: running rounds
count down to `deadline` on every screen; a pause keeps the seconds that were left in `paused_remaining`. The
methods change the instance and return the fields to save; the services own locking, transactions and events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    """Where a timed round stands; derived from its times, never stored (so it cannot disagree with them)."""

    PLANNED = "planned", _("geplant")
    RUNNING = "running", _("läuft")
    PAUSED = "paused", _("pausiert")
    ENDED = "ended", _("beendet")


# The round on every screen counts down or waits: running or paused.
ACTIVE = (RoundStatus.RUNNING, RoundStatus.PAUSED)


class TimedRound(models.Model):
    Status = RoundStatus

    planned_minutes = models.PositiveSmallIntegerField(_("geplante Minuten"))
    started_at = models.DateTimeField(_("gestartet"), null=True, blank=True)
    ended_at = models.DateTimeField(_("beendet"), null=True, blank=True)
    # While running: when the countdown reaches zero. While paused: the seconds that were left.
    deadline = models.DateTimeField(_("endet planmäßig"), null=True, blank=True)
    paused_remaining = models.PositiveIntegerField(_("Restzeit bei Pause (Sekunden)"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def status(self) -> RoundStatus:
        if self.ended_at:
            return RoundStatus.ENDED
        if self.started_at is None:
            return RoundStatus.PLANNED
        return RoundStatus.PAUSED if self.paused_remaining is not None else RoundStatus.RUNNING

    def remaining_seconds(self) -> int | None:
        if self.status == RoundStatus.PAUSED:
            return self.paused_remaining
        if self.status == RoundStatus.RUNNING and self.deadline:
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
        if self.status == RoundStatus.PAUSED:
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


def current_round(rounds: Iterable[TimedRound]) -> TimedRound | None:
    """The round on every screen: the running or paused one, else the one that ended last, else none yet."""
    rounds = list(rounds)
    active = [r for r in rounds if r.status in ACTIVE]
    if active:
        return active[0]
    ended = [r for r in rounds if r.status == RoundStatus.ENDED]
    # The round that ended last, even if the facilitator ran them out of order.
    return max(ended, key=lambda r: (r.ended_at, r.index)) if ended else None
