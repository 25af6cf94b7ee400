"""Event, its agenda, the organisations present and the participants. Thin: fields, constraints, cheap properties."""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from weltcafe.common.models import TimeStampedModel
from weltcafe.common.tokens import new_access_token
from weltcafe.events.vocabulary import Language, OrganisationKind, ParticipantRole, Region

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class Event(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("Veröffentlicht")
        ARCHIVED = "archived", _("Archiviert")

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    venue = models.CharField(_("Ort"), max_length=200, blank=True)
    hashtag = models.CharField(_("Hashtag"), max_length=80, blank=True)
    # No `choices` here: the zone list changes with tzdata and would churn migrations; forms offer the list.
    time_zone = models.CharField(_("Zeitzone"), max_length=64, default="Europe/Berlin")
    # The language its contents are written in (titles, topics, ideas): marked as such on pages in the other
    # language, so a screen reader on /en/ reads "Fachkräfte" as German.
    language = models.CharField(_("Sprache der Inhalte"), max_length=2, choices=Language.choices, default=Language.DE)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organised_events", verbose_name=_("Organisierende")
    )
    # Data minimisation: `weltcafe anonymise` (daily, docs/privacy.md) strips personal data this long after the end.
    retention_days = models.PositiveSmallIntegerField(
        _("Personenbezogene Daten aufbewahren (Tage nach dem Ende)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    anonymised_at = models.DateTimeField(_("anonymisiert"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("public:event", kwargs={"slug": self.slug})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


class AgendaItem(TimeStampedModel):
    class Kind(models.TextChoices):
        OPENING = "opening", _("Eröffnung")
        WELCOME = "welcome", _("Begrüßung")
        KEYNOTE = "keynote", _("Impulsvortrag")
        TALK = "talk", _("Vortrag")
        PANEL = "panel", _("Podium")
        CAFE = "cafe", _("World Café")
        NETWORKING = "networking", _("Networking")
        BREAK = "break", _("Pause")
        OTHER = "other", _("Sonstiges")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("Veranstaltung")
    )
    starts_at = models.DateTimeField(_("Beginn"))
    duration_minutes = models.PositiveIntegerField(_("Dauer (Minuten)"))
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices, default=Kind.TALK)
    title = models.CharField(_("Titel"), max_length=200)
    speakers = models.CharField(_("Mitwirkende"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Programmpunkt")
        verbose_name_plural = _("Programmpunkte")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_minutes__gt=0), name="agenda_item_positive_duration"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Organisation(TimeStampedModel):
    """An organisation present at one event. Scoped to the event so organisers never edit each other's data."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="organisations", verbose_name=_("Veranstaltung")
    )
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art der Organisation"), max_length=16, choices=OrganisationKind.choices, blank=True)
    region = models.CharField(_("Bundesland"), max_length=2, choices=Region.choices, blank=True)
    sector = models.CharField(_("Branche"), max_length=120, blank=True)
    sort_name = models.CharField(max_length=200, blank=True, editable=False)  # events/search.py
    # Empty for a real organisation. An anonymous pool (events/organisation_pools.py) holds anonymised people of
    # one kind and Bundesland and counts as this many organisations in the report's figures.
    pooled_organisations = models.PositiveIntegerField(
        _("anonym zusammengefasste Organisationen"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["sort_name", "id"]
        constraints = [
            models.UniqueConstraint("event", Lower("name"), name="organisation_unique_name_per_event"),
        ]

    def __str__(self) -> str:
        return self.name


class Participant(TimeStampedModel):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("Veranstaltung")
    )
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail"), blank=True)
    # RESTRICT, not PROTECT: an organisation with people in it cannot be deleted alone, but deleting the event
    # takes both (PROTECT blocked even that, so no event with organisations could be deleted in the admin).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("Organisation"),
    )
    # What the registration list calls "Funktion": printed on the badge, never read as the event role below.
    job_title = models.CharField(_("Funktion"), max_length=200, blank=True)
    role = models.CharField(
        pgettext_lazy("participant", "Rolle"),
        max_length=16,
        choices=ParticipantRole.choices,
        default=ParticipantRole.PARTICIPANT,
    )
    interests = models.JSONField(_("Interessen"), default=list, blank=True)
    language = models.CharField(_("Sprache"), max_length=2, choices=Language.choices, default=Language.DE)
    consent_visible = models.BooleanField(
        _("darf anderen Teilnehmenden angezeigt werden"),
        default=False,
    )
    # Printed as a mark on the badge (documents/print_kit).
    no_photos = models.BooleanField(_("Bitte keine Fotos"), default=False)
    access_token = models.CharField(
        _("Zugangsschlüssel"), max_length=64, unique=True, default=new_access_token, editable=False
    )
    # The badge's QR code carries this contact-only token, never the access token (docs/security.md, "Tokens").
    badge_token = models.CharField(
        _("Namensschild-Schlüssel"), max_length=64, unique=True, default=new_access_token, editable=False
    )
    # When a device was first bound to the personal link; the badge's first scan can bind only while this is empty.
    link_claimed_at = models.DateTimeField(_("Link mit einem Telefon verbunden"), null=True, blank=True, editable=False)
    checked_in_at = models.DateTimeField(_("eingecheckt"), null=True, blank=True)
    # Folded copies for search and sort (events/search.py); written by the services with every change.
    sort_name = models.CharField(max_length=200, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("Teilnehmende Person")
        verbose_name_plural = _("Teilnehmende")
        ordering = ["sort_name", "id"]
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~models.Q(email=""),
                name="participant_unique_email_per_event",
            ),
        ]
        indexes = [models.Index(fields=["event", "sort_name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def interests_text(self) -> str:
        return ", ".join(self.interests)


class ImportColumnChoice(TimeStampedModel):
    """How an organiser mapped a column heading of a participant list once, so the next list with the same
    heading is mapped the same way (events/participant_import.py). Keyed by the folded heading."""

    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_column_choices"
    )
    heading = models.CharField(max_length=200)
    field = models.CharField(max_length=32, blank=True)  # "" = the organiser chose to ignore this column

    class Meta:
        constraints = [models.UniqueConstraint("organiser", "heading", name="import_column_choice_unique")]
