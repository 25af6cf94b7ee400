"""Models of the documents app: the editable event report (documents/report/, docs/report.md).

The report keeps only what the organiser writes (title, introduction, per-topic texts, the closing and the next
meeting); agenda, themes, votes and figures are read from the event whenever the report is shown, so the report
always carries the labels as people edited them in the harvest.

Texts are kept twice, like the harvest's theme labels: the text shown (`title`, `intro`, `closing`,
`topic_texts[…]["text"]`) and the last text generated from the event (`generated`, `topic_texts[…]["generated"]`).
A text differs from its generated version exactly when the organiser edited it; regenerating replaces only the
texts nobody edited.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from weltcafe.events.models import Event
from weltcafe.events.vocabulary import Language

SUMMARY_CHARS = 300
EDITABLE_FIELDS = ("title", "intro", "closing", "next_meeting")


class ReportQuerySet(models.QuerySet):
    def published(self) -> ReportQuerySet:
        """Reports the public may read: published, of a published event; newest first."""
        return self.filter(published_at__isnull=False, event__status=Event.Status.PUBLISHED).order_by(
            "-published_at", "-id"
        )


class Report(models.Model):
    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="report", verbose_name=_("Veranstaltung")
    )
    title = models.CharField(_("Titel"), max_length=200)
    # The language its texts are generated in (headings and labels of an export follow the export's language).
    language = models.CharField(_("Sprache des Berichts"), max_length=2, choices=Language.choices, default=Language.DE)
    intro = models.TextField(_("Einleitung"), blank=True)
    closing = models.TextField(_("Schlusswort"), blank=True)
    next_meeting = models.TextField(_("Nächstes Treffen"), blank=True)
    next_meeting_on = models.DateField(_("Datum des nächsten Treffens"), null=True, blank=True)
    next_meeting_place = models.CharField(_("Ort des nächsten Treffens"), max_length=200, blank=True)
    next_meeting_url = models.URLField(_("Link zum nächsten Treffen"), blank=True)
    # {str(topic id): {"text": shown text, "generated": last generated text}}
    topic_texts = models.JSONField(_("Texte zu den Themen"), default=dict, blank=True)
    # {field name: last generated text} for EDITABLE_FIELDS
    generated = models.JSONField(_("Erzeugte Texte"), default=dict, blank=True, editable=False)
    generated_at = models.DateTimeField(_("erzeugt"), null=True, blank=True)
    published_at = models.DateTimeField(_("veröffentlicht"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bericht")
        verbose_name_plural = _("Berichte")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The public page (404 there until the report and its event are published)."""
        return reverse("public:report", kwargs={"slug": self.event.slug})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_public(self) -> bool:
        return self.is_published and self.event.is_public

    def is_edited(self, name: str) -> bool:
        """Whether the organiser changed a text away from what was generated."""
        return getattr(self, name) != self.generated.get(name, "")

    def topic_text(self, topic_id: int) -> str:
        return (self.topic_texts.get(str(topic_id)) or {}).get("text", "")

    def topic_is_edited(self, topic_id: int) -> bool:
        entry = self.topic_texts.get(str(topic_id)) or {}
        return entry.get("text", "") != entry.get("generated", "")

    def summary_text(self) -> str:
        """A plain-text teaser of at most 300 characters: the introduction, else the first topic text."""
        # jsonb (PostgreSQL) does not keep key order: take the topics by id.
        topics = [entry.get("text", "") for _key, entry in sorted(self.topic_texts.items(), key=lambda kv: int(kv[0]))]
        text = self.intro or next((topic for topic in topics if topic), "")
        text = " ".join(text.split())
        return Truncator(text).chars(SUMMARY_CHARS)
