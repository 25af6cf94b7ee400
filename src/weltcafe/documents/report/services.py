"""Writes of the report: generate (or regenerate) from the event, save the organiser's texts, publish.

Regenerating never overwrites a text the organiser edited: a text counts as edited while it differs from the
text last generated for it (kept beside it, as the harvest keeps `machine_label` beside a person's label).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from weltcafe.common.text_input import clean_typed_text
from weltcafe.documents.models import EDITABLE_FIELDS, Report
from weltcafe.documents.report.content import generated_texts
from weltcafe.events.models import Event
from weltcafe.events.vocabulary import Language


def clean_text(text: str) -> str:
    """Browsers send CRLF from text areas; a text the organiser did not touch must equal its generated version."""
    return clean_typed_text(text).strip()


@dataclass(frozen=True)
class ReportTexts:
    title: str
    intro: str
    closing: str
    next_meeting: str
    next_meeting_on: date | None
    next_meeting_place: str
    next_meeting_url: str
    topics: dict[int, str]  # topic id → text


@transaction.atomic
def generate_report(*, event: Event, language: str | None = None) -> tuple[Report, list[str]]:
    """Create the report from the event, or refresh it: untouched texts take the new version, edited ones stay.
    The texts are written in `language` (by default the report's own, for a new one the page's).

    Returns the report and the names of the texts that were kept because the organiser edited them.
    """
    report = Report.objects.select_for_update().filter(event=event).first()
    if language is not None and language not in Language.values:
        raise ValidationError(_("Unbekannte Sprache."))
    language = language or (report.language if report else None) or translation.get_language() or Language.DE
    language = language if language in Language.values else Language.DE
    with translation.override(language):
        texts, topic_texts = generated_texts(event, language=language)
    texts = {name: clean_text(text) for name, text in texts.items()}
    topic_texts = {key: clean_text(text) for key, text in topic_texts.items()}
    if report is None:
        report = Report.objects.create(
            event=event,
            language=language,
            **texts,
            topic_texts={key: {"text": text, "generated": text} for key, text in topic_texts.items()},
            generated=texts,
            generated_at=timezone.now(),
        )
        return report, []
    kept = []
    for name in EDITABLE_FIELDS:
        if report.is_edited(name):
            kept.append(name)
        else:
            setattr(report, name, texts[name])
    topics = {}
    for key, text in topic_texts.items():
        old = report.topic_texts.get(key) or {}
        edited = old and old.get("text", "") != old.get("generated", "")
        if edited:
            kept.append(f"topic:{key}")
        topics[key] = {"text": old["text"] if edited else text, "generated": text}
    report.topic_texts = topics
    report.generated = texts
    report.generated_at = timezone.now()
    report.language = language
    report.save(
        update_fields=[*EDITABLE_FIELDS, "topic_texts", "generated", "generated_at", "language", "updated_at"]
    )
    return report, kept


@transaction.atomic
def update_report(*, report: Report, texts: ReportTexts) -> Report:
    """Save what the organiser wrote. Topics the report does not know (deleted, foreign) are refused."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    unknown = {str(topic_id) for topic_id in texts.topics} - set(report.topic_texts)
    if unknown:
        raise ValidationError(_("Unbekanntes Thema."))
    if not texts.title.strip():
        raise ValidationError(_("Bitte geben Sie einen Titel ein."))
    report.title = clean_text(texts.title)
    report.intro = clean_text(texts.intro)
    report.closing = clean_text(texts.closing)
    report.next_meeting = clean_text(texts.next_meeting)
    report.next_meeting_on = texts.next_meeting_on
    report.next_meeting_place = clean_text(texts.next_meeting_place)
    report.next_meeting_url = clean_text(texts.next_meeting_url)
    topics = {key: dict(entry) for key, entry in report.topic_texts.items()}
    for topic_id, text in texts.topics.items():
        topics[str(topic_id)]["text"] = clean_text(text)
    report.topic_texts = topics
    report.save(
        update_fields=[
            *EDITABLE_FIELDS,
            "next_meeting_on",
            "next_meeting_place",
            "next_meeting_url",
            "topic_texts",
            "updated_at",
        ]
    )
    return report


@transaction.atomic
def reset_text(*, report: Report, name: str) -> Report:
    """Take the generated version of one text again (`title`, `intro`, …, or `topic:<id>`)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if name in EDITABLE_FIELDS:
        setattr(report, name, report.generated.get(name, ""))
        report.save(update_fields=[name, "updated_at"])
        return report
    key = name.removeprefix("topic:")
    if not name.startswith("topic:") or key not in report.topic_texts:
        raise ValidationError(_("Unbekannter Text."))
    topics = {k: dict(entry) for k, entry in report.topic_texts.items()}
    topics[key]["text"] = topics[key].get("generated", "")
    report.topic_texts = topics
    report.save(update_fields=["topic_texts", "updated_at"])
    return report


@transaction.atomic
def publish_report(*, report: Report) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.published_at is None:
        report.published_at = timezone.now()
        report.save(update_fields=["published_at", "updated_at"])
    return report


@transaction.atomic
def unpublish_report(*, report: Report) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.published_at = None
    report.save(update_fields=["published_at", "updated_at"])
    return report
