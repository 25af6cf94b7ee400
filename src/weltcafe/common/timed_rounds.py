"""The one timed-round engine: a round with a countdown that can be started, paused, resumed, extended and ended.

The café's rounds (`cafe.Round`) and speed networking's (`networking.SpeedRound`) run the same clock: running rounds
count down to `deadline` on every screen; a pause keeps the seconds that were left in `paused_remaining`. The
model's methods change the instance and return the fields to save; `control` holds the rules of the facilitator's
buttons (what is refused, what changes nothing) and saves; `clock_payload` is the one JSON of a round's clock, and
static/weltcafe/round_clock.js the one script that shows it. Each app's services only lock, call these and send
their own live event after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
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
    index: int  # each concrete round numbers itself in its own series (a declaration only, no column here)

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


AnyRound = TypeVar("AnyRound", bound=TimedRound)  # the kind of round that goes in comes out (café or speed)


def current_round(rounds: Iterable[AnyRound]) -> AnyRound | None:
    """The round on every screen: the running or paused one, else the one that ended last, else none yet."""
    rounds = list(rounds)
    active = [r for r in rounds if r.status in ACTIVE]
    if active:
        return active[0]
    ended = [r for r in rounds if r.status == RoundStatus.ENDED]
    # The round that ended last, even if the facilitator ran them out of order.
    return max(ended, key=lambda r: (r.ended_at, r.index)) if ended else None


RoundT = TypeVar("RoundT", bound=TimedRound)

# One limit for every "+ minutes" button: a round is never stretched by more than half an hour at once.
MAX_EXTEND_MINUTES = 30


class Action(models.TextChoices):
    PAUSE = "pause", _("Pause")
    RESUME = "resume", _("Weiter")
    EXTEND = "extend", _("Verlängern")
    END = "end", _("Runde beenden")


def control(round_: RoundT | None, action: Action, *, minutes: int = 0) -> tuple[RoundT, bool]:
    """Apply one of the facilitator's buttons to the round on the screens, saved: the round, and whether anything
    changed.

    Refused (ValidationError) when no round runs or is paused, or an extension is out of range; a pause of a paused
    round or a resume of a running one changes nothing (a second click, or two facilitators at once)."""
    if action == Action.EXTEND and not 1 <= minutes <= MAX_EXTEND_MINUTES:
        raise ValidationError(gettext_now("Verlängern Sie um 1 bis %(max)s Minuten.") % {"max": MAX_EXTEND_MINUTES})
    if round_ is None or round_.status not in ACTIVE:
        raise ValidationError(gettext_now("Es läuft gerade keine Runde."))
    if action == Action.PAUSE:
        if round_.status == RoundStatus.PAUSED:
            return round_, False
        fields = round_.pause()
    elif action == Action.RESUME:
        if round_.status == RoundStatus.RUNNING:
            return round_, False
        fields = round_.resume()
    elif action == Action.EXTEND:
        fields = round_.extend(minutes)
    else:
        fields = round_.end(timezone.now())
    round_.save(update_fields=fields)
    return round_, True


def start(round_: TimedRound, *, siblings: Iterable[TimedRound], now: datetime) -> None:
    """Start `round_`, ending whichever of its siblings still runs (only one round of a café or session runs)."""
    end_unfinished(siblings, now)
    round_.save(update_fields=round_.start(now))


def clock_payload(round_: TimedRound) -> dict:
    """A round's clock as every screen gets it: running rounds count down from `deadline` on each screen (corrected
    for the screen's own clock); only a pause carries the seconds left."""
    status = round_.status
    return {
        "index": round_.index,
        "status": status.value,
        "deadline": round_.deadline.isoformat() if round_.deadline and status == RoundStatus.RUNNING else None,
        "remaining": round_.paused_remaining if status == RoundStatus.PAUSED else None,
        "planned_minutes": round_.planned_minutes,
    }
