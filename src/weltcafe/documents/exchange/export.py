"""Export an event as one JSON document (everything, for backup or moving) and as CSV files for spreadsheets."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import models

from weltcafe.common.csv_export import csv_text
from weltcafe.documents.exchange.schema import FORMAT, PARTS, VERSION, related_kind
from weltcafe.events.models import Event


def _value(field: models.Field, value, keys: dict):
    if value is None:
        return None
    if isinstance(field, models.ForeignKey):
        if field.related_model is get_user_model():
            return None  # accounts belong to the installation, not to the event (an import drops them anyway)
        kind = related_kind(field)
        return keys[kind][value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def export_event(event: Event) -> dict:
    """The whole event: rows in restore order, keyed by kind and position; organiser accounts are not included."""
    keys: dict[str, dict[int, str]] = {}
    rows_by_kind = {}
    for part in PARTS:
        rows = part.rows(event)
        keys[part.kind] = {row.pk: f"{part.kind}:{number}" for number, row in enumerate(rows, start=1)}
        rows_by_kind[part.kind] = rows
    document: dict = {"format": FORMAT, "version": VERSION}
    for part in PARTS:
        entries = []
        for row in rows_by_kind[part.kind]:
            entry: dict[str, object] = {"key": keys[part.kind][row.pk]}
            for field in row._meta.concrete_fields:
                if field.primary_key:
                    continue
                value = _value(field, getattr(row, field.attname), keys)
                if field.name in part.json_refs:
                    value = part.json_refs[field.name](value, keys)
                entry[field.name] = value
            for field in row._meta.many_to_many:
                if field.related_model is get_user_model():
                    continue  # organiser accounts are not part of an event's data
                kind = related_kind(field)
                related = getattr(row, field.name).values_list("pk", flat=True)
                entry[field.name] = sorted(keys[kind][pk] for pk in related)
            entries.append(entry)
        document[part.kind] = entries
    return document


def participants_csv(event: Event) -> str:
    people = event.participants.select_related("organisation").order_by("sort_name", "pk")
    return csv_text(
        ["name", "email", "job_title", "organisation", "organisation_type", "region", "sector", "role", "interests",
         "language", "consent_visible", "checked_in"],
        (
            [p.name, p.email, p.job_title, p.organisation.name if p.organisation else "",
             p.organisation.kind if p.organisation else "", p.organisation.region if p.organisation else "",
             p.organisation.sector if p.organisation else "", p.role, ", ".join(p.interests), p.language,
             "ja" if p.consent_visible else "nein", "ja" if p.checked_in_at else "nein"]
            for p in people
        ),
    )


def ideas_csv(event: Event) -> str:
    from weltcafe.cafe.models import Idea

    ideas = (
        Idea.objects.filter(table__cafe__event=event)
        .select_related("table__topic", "round", "theme", "author")
        .order_by("pk")
    )
    return csv_text(
        ["id", "topic", "table", "round", "text", "author", "status", "theme", "key_insight", "created"],
        (
            [i.pk, i.table.topic.title, i.table.number, i.round.index, i.text,
             i.author.name if i.show_author and i.author else "", i.status, i.theme.label if i.theme else "",
             "ja" if i.is_key_insight else "nein", i.created_at.isoformat()]
            for i in ideas
        ),
    )


def themes_csv(event: Event) -> str:
    from django.db.models import Count, Q, Sum

    from weltcafe.cafe.models import Idea, Theme, Vote

    themes = (
        Theme.objects.filter(topic__cafe__event=event)
        .select_related("topic")
        .annotate(idea_count=Count("ideas", filter=Q(ideas__status=Idea.Status.VISIBLE)))
        .order_by("topic__position", "topic_id", "position", "pk")
    )
    # Summed apart from the idea count: one join with both would multiply the dots by the ideas.
    dots = dict(
        Vote.objects.filter(theme__topic__cafe__event=event).values_list("theme_id").annotate(total=Sum("dots"))
    )
    return csv_text(
        ["topic", "label", "machine_label", "ideas", "dots", "edited_by_person", "hidden"],
        (
            [t.topic.title, t.label, t.machine_label, t.idea_count, dots.get(t.pk, 0),
             "ja" if t.edited_by_person else "nein", "ja" if t.hidden else "nein"]
            for t in themes
        ),
    )
