"""Networking: a participant's profile with two consents, contact requests between participants, private notes.

Thin models; every write is in `services/`, every read in `queries/`. Consent rules (docs/networking.md):
a person is shown to others only with `visible`; requests, answers and contact cards need `visible` and
`contactable` on *both* sides at the moment they happen, so withdrawing either hides everything at once.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

from weltcafe.cafe.models import Topic
from weltcafe.common.models import TimeStampedModel
from weltcafe.events.models import Event, Participant

TEXT_MAX = 300
PHONE_MAX = 40
NOTE_MAX = 1000
TAG_MAX = 40
TAGS_MAX = 10


class Profile(TimeStampedModel):
    """What a participant tells other participants. Free tags live here (`tags`), not in `Participant.interests`:
    the registration's interests only seed them when the profile is created, so the organiser's data stays as
    imported and the participant owns what networking shows."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="networking_profile", verbose_name=_("Teilnehmende Person")
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("Interessen aus den Themen"))
    tags = models.JSONField(_("weitere Interessen"), default=list, blank=True)
    offers = models.CharField(_("Das biete ich"), max_length=TEXT_MAX, blank=True)
    seeks = models.CharField(_("Das suche ich"), max_length=TEXT_MAX, blank=True)
    phone = models.CharField(_("Telefon (nur für angenommene Kontakte)"), max_length=PHONE_MAX, blank=True)
    visible = models.BooleanField(_("für andere Teilnehmende sichtbar"), default=False)
    contactable = models.BooleanField(_("darf Kontaktanfragen erhalten"), default=False)

    class Meta:
        verbose_name = _("Networking-Profil")
        verbose_name_plural = _("Networking-Profile")

    def __str__(self) -> str:
        return str(self.participant)

    @property
    def open_for_contact(self) -> bool:
        return self.visible and self.contactable


class ContactRequest(TimeStampedModel):
    """One request per pair of participants of one event, whoever asked first (a counter-request accepts it)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("offen")
        ACCEPTED = "accepted", _("angenommen")
        DECLINED = "declined", _("abgelehnt")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="contact_requests")
    sender = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contact_requests_sent")
    recipient = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contact_requests_received")
    status = models.CharField(_("Status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    responded_at = models.DateTimeField(_("beantwortet"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kontaktanfrage")
        verbose_name_plural = _("Kontaktanfragen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Least("sender", "recipient"), Greatest("sender", "recipient"), name="contact_once_per_pair"
            ),
            models.CheckConstraint(condition=~models.Q(sender=models.F("recipient")), name="contact_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id} ({self.status})"

    def other(self, participant: Participant) -> Participant:
        return self.recipient if participant.pk == self.sender_id else self.sender


class ContactState(models.TextChoices):
    """A contact request as one of the two sees it (no column): a decline looks like "sent" to the one who asked."""

    ACCEPTED = "accepted", _("Verbunden")
    SENT = "sent", _("Anfrage gesendet")
    RECEIVED = "received", _("hat Sie angefragt")


class ContactNote(TimeStampedModel):
    """A private note of one participant about one of their contacts; nobody else ever sees it."""

    author = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="contact_notes")
    contact = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("Ihre Notiz"), max_length=NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("Kontaktnotiz")
        verbose_name_plural = _("Kontaktnotizen")
        constraints = [models.UniqueConstraint(fields=["author", "contact"], name="contact_note_once_per_author")]

    def __str__(self) -> str:
        return self.text[:60]


# Speed networking's models live in their own package and belong to this app (one migration history).
from weltcafe.networking.speed.models import SpeedRound, SpeedSeat, SpeedSession  # noqa: E402, F401
