"""Speed networking: timed 1:1 or small-group rounds among the participants who consented (docs/networking.md).

Thin models like the rest of the app; every write is in `speed/services.py`, every read in `speed/queries.py`, the
grouping in `weltcafe.planning.speed_groups`. A session is planned in full when it is created (`SpeedSeat` rows for
every round); its rounds run like the café's rounds (`cafe.Round`: started, paused with the seconds left, ended).
The models belong to the `networking` app: `networking/models.py` imports them, so Django registers them there.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from weltcafe.common.models import TimeStampedModel
from weltcafe.common.timed_rounds import TimedRound
from weltcafe.events.models import Event, Participant

GROUP_SIZE_MIN, GROUP_SIZE_MAX = 2, 4
ROUNDS_MIN, ROUNDS_MAX = 1, 12
MINUTES_MIN, MINUTES_MAX = 1, 30


class SpeedSession(TimeStampedModel):
    """One speed-networking block of an event: group size, rounds, minutes per round, and the plan's figures."""

    class Status(models.TextChoices):
        """Derived from `started_at`/`ended_at` (no column): the screens and the JSON state show it."""

        PLANNED = "planned", _("geplant")
        RUNNING = "running", _("läuft")
        ENDED = "ended", _("beendet")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="speed_sessions", verbose_name=_("Veranstaltung")
    )
    group_size = models.PositiveSmallIntegerField(_("Personen je Gruppe"), default=2)
    round_count = models.PositiveSmallIntegerField(_("Anzahl Runden"), default=5)
    round_minutes = models.PositiveSmallIntegerField(_("Minuten je Runde"), default=5)
    seed = models.PositiveIntegerField(_("Startwert"), default=0)
    # What the planner reported: people, groups, repeats, pairs that had met before, method, seconds.
    plan_summary = models.JSONField(_("Kennzahlen der Planung"), default=dict, blank=True, editable=False)
    started_at = models.DateTimeField(_("gestartet"), null=True, blank=True)
    ended_at = models.DateTimeField(_("beendet"), null=True, blank=True)

    class Meta:
        verbose_name = _("Speed-Networking")
        verbose_name_plural = _("Speed-Networking")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group_size__gte=GROUP_SIZE_MIN, group_size__lte=GROUP_SIZE_MAX),
                name="speed_group_size_range",
            ),
            models.CheckConstraint(
                condition=models.Q(round_count__gte=ROUNDS_MIN, round_count__lte=ROUNDS_MAX),
                name="speed_round_count_range",
            ),
            models.CheckConstraint(
                condition=models.Q(round_minutes__gte=MINUTES_MIN, round_minutes__lte=MINUTES_MAX),
                name="speed_round_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · Speed-Networking {self.pk}"

    @property
    def status(self) -> SpeedSession.Status:
        if self.ended_at:
            return self.Status.ENDED
        return self.Status.RUNNING if self.started_at else self.Status.PLANNED


class SpeedRound(TimedRound):
    """One round of a session, on the same clock as the café's rounds (common/timed_rounds.py)."""

    session = models.ForeignKey(SpeedSession, on_delete=models.CASCADE, related_name="rounds")
    index = models.PositiveSmallIntegerField(_("Runde"))

    class Meta:
        verbose_name = _("Speed-Networking-Runde")
        verbose_name_plural = _("Speed-Networking-Runden")
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["session", "index"], name="speed_round_unique_index")]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.index}"


class SpeedSeat(models.Model):
    """Who meets whom: `participant` is in group `group` (1-based meeting point) in `round`."""

    round = models.ForeignKey(SpeedRound, on_delete=models.CASCADE, related_name="seats")
    group = models.PositiveSmallIntegerField(_("Gruppe"))
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="speed_seats")
    # Why the matching thinks this person fits each group mate, in German and English, as planned:
    # {"<other participant id>": {"de": "…", "en": "…"}}. Shown only while both are still visible.
    reasons = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("Speed-Networking-Platz")
        verbose_name_plural = _("Speed-Networking-Plätze")
        ordering = ["round", "group", "participant"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="speed_seat_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.group} / {self.round_id}"
