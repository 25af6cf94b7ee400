"""The World Café of an event: topics, tables, rounds, seats, ideas, votes and themes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from weltcafe.common.models import TimeStampedModel
from weltcafe.common.timed_rounds import TimedRound
from weltcafe.common.tokens import new_access_token
from weltcafe.events.models import Event, Participant

# One definition each, read by the model, the services, the templates and live.js (through the page's config).
MAX_IDEA_LENGTH = 500
MAX_MESSAGE_LENGTH = 280
# How long an announcement stays on the screens, in minutes; None: until the facilitator removes it.
MESSAGE_MINUTES = (1, 2, 5, 10, 15, 30)
DEFAULT_MESSAGE_MINUTES = 5


class Cafe(TimeStampedModel):
    class Mode(models.TextChoices):
        ROTATE_GROUPS = "rotate_groups", _("Feste Gruppen wandern durch alle Themen")
        MIX = "mix", _("Jede Runde neu gemischt")

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="cafe", verbose_name=_("Veranstaltung"))
    title = models.CharField(_("Titel"), max_length=200, default="World Café")
    mode = models.CharField(_("Modus"), max_length=16, choices=Mode.choices, default=Mode.ROTATE_GROUPS)
    round_count = models.PositiveSmallIntegerField(pgettext_lazy("cafe", "Anzahl Runden"), default=3)
    round_minutes = models.PositiveSmallIntegerField(pgettext_lazy("cafe", "Rundenlänge (Minuten)"), default=20)
    tables_per_topic = models.PositiveSmallIntegerField(pgettext_lazy("cafe", "Tische je Thema"), default=1)
    table_capacity = models.PositiveSmallIntegerField(pgettext_lazy("cafe", "Plätze je Tisch"), default=8)
    # The seating plan: its figures as the planner last scored them, and whether it is final.
    plan_summary = models.JSONField(_("Kennzahlen des Sitzplans"), default=dict, blank=True, editable=False)
    # Written by the harvest's services whenever themes, votes or moderation change (cafe/services/summaries.py);
    # pages, the presentation and the report read it back instead of computing it again.
    summary = models.JSONField(_("Zusammenfassung des Cafés"), default=dict, blank=True, editable=False)
    plan_locked_at = models.DateTimeField(_("Sitzplan festgeschrieben"), null=True, blank=True)
    # Live café: the link of the big screen, a message to every screen, how long an ended round takes ideas.
    wall_token = models.CharField(max_length=64, unique=True, default=new_access_token, editable=False)
    broadcast_message = models.CharField(_("Durchsage"), max_length=MAX_MESSAGE_LENGTH, blank=True)
    broadcast_at = models.DateTimeField(null=True, blank=True)
    # "Bitte in 2 Minuten den Tisch wechseln" must not stay through the vote: screens hide it at this moment.
    broadcast_until = models.DateTimeField(null=True, blank=True)
    grace_seconds = models.PositiveSmallIntegerField(_("Nachfrist für Ideen nach Rundenende (Sekunden)"), default=120)

    class Meta:
        verbose_name = _("World Café")
        verbose_name_plural = _("World Cafés")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(round_count__gte=1, round_count__lte=12), name="cafe_round_count_range"
            ),
            models.CheckConstraint(
                condition=models.Q(round_minutes__gte=5, round_minutes__lte=90),
                name="cafe_round_minutes_range",
            ),
            models.CheckConstraint(condition=models.Q(tables_per_topic__gte=1), name="cafe_tables_per_topic_positive"),
            models.CheckConstraint(condition=models.Q(table_capacity__gte=2), name="cafe_table_capacity_min"),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.event}"

    @property
    def plan_locked(self) -> bool:
        return self.plan_locked_at is not None


class Topic(TimeStampedModel):
    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="topics", verbose_name=_("World Café"))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    summary = models.JSONField(_("Zusammenfassung"), default=dict, blank=True, editable=False)
    title = models.CharField(_("Thema"), max_length=200)
    guiding_question = models.TextField(_("Leitfrage"), blank=True)

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def hosts(self) -> list[Participant]:
        """The hosts of its tables in table order (a query, unless `tables__host` was prefetched)."""
        return [table.host for table in self.tables.all() if table.host is not None]


class Table(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tables", verbose_name=_("Thema"))
    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="tables", verbose_name=_("World Café"))
    number = models.PositiveSmallIntegerField(pgettext_lazy("cafe", "Tischnummer"))
    capacity = models.PositiveSmallIntegerField(pgettext_lazy("cafe", "Plätze"))
    # Each table has its own host, who stays while the groups move; a topic with two tables needs two.
    host = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_tables",
        verbose_name=pgettext_lazy("cafe", "Gastgebende"),
    )
    # The QR code on the table sign opens the table's tablecloth with this token (walk-ins, shared devices).
    access_token = models.CharField(max_length=64, unique=True, default=new_access_token, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("cafe", "Tisch")
        verbose_name_plural = pgettext_lazy("cafe", "Tische")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["cafe", "number"], name="table_unique_number_per_cafe"),
            # One person stays at one table: the planner pins a host there for every round.
            models.UniqueConstraint(
                fields=["cafe", "host"], condition=models.Q(host__isnull=False), name="table_one_table_per_host"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.topic}"


class Round(TimedRound):
    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("World Café"))
    index = models.PositiveSmallIntegerField(pgettext_lazy("cafe", "Runde"))

    class Meta:
        verbose_name = pgettext_lazy("cafe", "Runde")
        verbose_name_plural = pgettext_lazy("cafe", "Runden")
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["cafe", "index"], name="round_unique_index_per_cafe")]

    def __str__(self) -> str:
        return f"{self.index}"


class Seat(models.Model):
    """Who sits at which table in which round; the seating plan is the set of seats of a café."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="seats")
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        verbose_name = _("Platz")
        verbose_name_plural = _("Plätze")
        constraints = [
            models.UniqueConstraint(fields=["participant", "round"], name="seat_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.table_id} / {self.round_id}"


class Idea(TimeStampedModel):
    class Status(models.TextChoices):
        VISIBLE = "visible", _("sichtbar")
        HIDDEN = "hidden", _("ausgeblendet")
        MERGED = "merged", _("zusammengeführt")

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="ideas")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ideas")
    text = models.TextField(_("Idee"), max_length=MAX_IDEA_LENGTH)
    author = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas")
    show_author = models.BooleanField(_("Namen anzeigen"), default=False)
    # Made by the phone before sending, so a resend after a dropped connection is stored once.
    client_uuid = models.UUIDField(_("Client-Kennung"), default=uuid.uuid4, unique=True)
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.VISIBLE)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_ideas"
    )
    is_key_insight = models.BooleanField(_("Kernerkenntnis"), default=False)
    # The harvest's grouping; `theme_pinned` means a person put the idea there (or into no theme) and a new run
    # must leave it.
    theme = models.ForeignKey("Theme", on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas")
    theme_pinned = models.BooleanField(_("von Menschen zugeordnet"), default=False)

    class Meta:
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ModerationEntry(models.Model):
    """The audit trail of the live café: who changed which idea how, and what it said before."""

    class Action(models.TextChoices):
        HIDE = "hide", _("ausgeblendet")
        RESTORE = "restore", _("wiederhergestellt")
        EDIT = "edit", _("bearbeitet")
        MERGE = "merge", _("zusammengeführt")
        KEY_INSIGHT = "key_insight", _("als Kernerkenntnis markiert")

    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="moderation_entries")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="moderation_entries")
    action = models.CharField(max_length=16, choices=Action.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Moderationseintrag")
        verbose_name_plural = _("Moderationsprotokoll")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.idea_id}"


class Theme(TimeStampedModel):
    """A group of ideas of one topic under one label: suggested by the harvest, then owned by people.

    Once a person has renamed, merged, split, hidden or refilled a theme (`edited_by_person`), a new harvest run
    keeps its label and the ideas people placed in it; the machine only offers `machine_label` beside it.
    """

    class Origin(models.TextChoices):
        MACHINE = "machine", _("vorgeschlagen")
        PERSON = "person", _("von Menschen angelegt")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="themes", verbose_name=_("Thema"))
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    label = models.CharField(_("Bezeichnung"), max_length=120)
    machine_label = models.CharField(_("Vorschlag der Auswertung"), max_length=120, blank=True)
    origin = models.CharField(_("Herkunft"), max_length=8, choices=Origin.choices, default=Origin.MACHINE)
    edited_by_person = models.BooleanField(_("von Menschen bearbeitet"), default=False)
    hidden = models.BooleanField(_("ausgeblendet"), default=False)
    language = models.CharField(_("Sprache"), max_length=2, default="de")
    # From the last harvest run, for people and summaries: distinctive lemmas, the most central ideas, and groups of
    # near-duplicates (idea ids). Ids a person has since moved away are ignored when shown.
    keywords = models.JSONField(_("Schlagwörter"), default=list, blank=True)
    representatives = models.JSONField(default=list, blank=True)
    duplicates = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("Themencluster")
        verbose_name_plural = _("Themencluster")
        ordering = ["topic", "position", "id"]

    def __str__(self) -> str:
        return self.label


class HarvestRun(models.Model):
    """The café's last harvest: how it was made, the links between topics, and optional drafts of a language model."""

    cafe = models.OneToOneField(Cafe, on_delete=models.CASCADE, related_name="harvest_run")
    ran_at = models.DateTimeField(_("ausgewertet"))
    method = models.JSONField(_("Verfahren"), default=dict)
    # [{"label": ..., "themes": [theme ids]}]: themes of different topics that say the same thing.
    cross_topic = models.JSONField(default=list, blank=True)
    # {"cafe" or str(topic id): {"text", "sources": [idea ids], "model", "at"}}: shown as drafts, never applied.
    drafts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("Auswertung")
        verbose_name_plural = _("Auswertungen")

    def __str__(self) -> str:
        return f"{self.cafe} · {self.ran_at:%Y-%m-%d %H:%M}"


class Ballot(TimeStampedModel):
    """A dot vote on the themes (or ideas) of one topic: N dots per participant, open until closed."""

    class Kind(models.TextChoices):
        THEMES = "themes", _("Themencluster")
        IDEAS = "ideas", _("Ideen")

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("Thema"))
    kind = models.CharField(_("Abstimmen über"), max_length=8, choices=Kind.choices, default=Kind.THEMES)
    dots_per_person = models.PositiveSmallIntegerField(_("Punkte je Person"), default=3)
    max_per_option = models.PositiveSmallIntegerField(_("Höchstens Punkte je Eintrag"), default=3)
    opened_at = models.DateTimeField(_("geöffnet"), null=True, blank=True)
    closed_at = models.DateTimeField(_("geschlossen"), null=True, blank=True)

    class Meta:
        verbose_name = _("Punktabstimmung")
        verbose_name_plural = _("Punktabstimmungen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dots_per_person__gte=1, dots_per_person__lte=20), name="ballot_dots_range"
            ),
            models.CheckConstraint(
                condition=models.Q(max_per_option__gte=1, max_per_option__lte=20), name="ballot_max_per_option_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} · {self.get_kind_display()}"

    class Status(models.TextChoices):
        """Derived from the times, never stored: prepared, taking dots, or closed for good."""

        DRAFT = "draft", _("vorbereitet")
        OPEN = "open", _("offen")
        CLOSED = "closed", _("geschlossen")

    @property
    def status(self) -> Ballot.Status:
        if self.closed_at:
            return Ballot.Status.CLOSED
        return Ballot.Status.OPEN if self.opened_at else Ballot.Status.DRAFT


class Vote(models.Model):
    """A participant's dots on one option of a ballot. The phone sends the count it wants, so a retry never adds."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="votes")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, null=True, blank=True, related_name="votes")
    dots = models.PositiveSmallIntegerField(_("Punkte"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Stimme")
        verbose_name_plural = _("Stimmen")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "participant", "theme"],
                condition=models.Q(theme__isnull=False),
                name="vote_once_per_theme",
            ),
            models.UniqueConstraint(
                fields=["ballot", "participant", "idea"],
                condition=models.Q(idea__isnull=False),
                name="vote_once_per_idea",
            ),
            models.CheckConstraint(
                condition=models.Q(theme__isnull=False, idea__isnull=True)
                | models.Q(theme__isnull=True, idea__isnull=False),
                name="vote_theme_or_idea",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.theme_id or self.idea_id} ({self.dots})"


class ViewerKind(models.TextChoices):
    """Who looks at a live page: a participant's personal link, a table's QR link, or the wall."""

    PARTICIPANT = "participant", _("Teilnehmende")
    TABLE = "table", pgettext_lazy("cafe", "Tisch")
    WALL = "wall", _("Wand")
