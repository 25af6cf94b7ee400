"""Restore an exported event on this instance: all rows or none, with clear reasons when it cannot be done."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from weltcafe.documents.exchange.schema import FORMAT, KIND_OF_MODEL, PARTS, VERSION
from weltcafe.events.models import Event

MAX_BYTES = 50 * 1024 * 1024


def _plain(field: models.Field, value):
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        return parse_datetime(value)
    if isinstance(field, models.DateField):
        return parse_date(value)
    return value


def check_document(document: object) -> dict:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError(_("Das ist keine Weltcafé-Exportdatei."))
    if document.get("version") != VERSION:
        raise ValidationError(
            _("Exportformat Version %(found)s wird nicht unterstützt (erwartet: %(expected)s).")
            % {"found": document.get("version"), "expected": VERSION}
        )
    if len(document.get("event") or []) != 1:
        raise ValidationError(_("Die Datei enthält keine Veranstaltung."))
    return document


@transaction.atomic
def import_event(document: dict, *, organiser) -> Event:
    """Create the event and everything in it; `organiser` becomes its organiser. Nothing is written on an error."""
    check_document(document)
    slug = document["event"][0].get("slug")
    if Event.objects.filter(slug=slug).exists():
        raise ValidationError(
            _("Eine Veranstaltung mit dem Kurznamen „%(slug)s“ gibt es hier schon.") % {"slug": slug}
        )
    users = get_user_model()
    user_ids = dict(users.objects.values_list("username", "pk"))  # one query, not one per row naming an account
    new_ids: dict[str, dict[str, int]] = {part.kind: {} for part in PARTS}
    # (model, field, target kind, target key, own key): references to rows restored later
    deferred: list[tuple[type[models.Model], str, str, str, str]] = []
    timestamps: list[tuple[type[models.Model], int, dict]] = []
    try:
        known = {part.kind: {entry["key"] for entry in document.get(part.kind, [])} for part in PARTS}
        for part in PARTS:
            model = part.model_class
            for entry in document.get(part.kind, []):
                values, stamps = {}, {}
                for field in model._meta.concrete_fields:
                    if field.primary_key or field.name not in entry:
                        continue
                    value = entry[field.name]
                    if isinstance(field, models.ForeignKey):
                        if value is None:
                            values[field.attname] = None
                        elif field.related_model is users:
                            values[field.attname] = user_ids.get(value)
                        else:
                            kind = KIND_OF_MODEL[field.related_model._meta.label_lower]
                            if value not in known[kind]:
                                raise KeyError(f"{entry['key']}.{field.name} → {value}")
                            if value in new_ids[kind]:
                                values[field.attname] = new_ids[kind][value]
                            else:  # points to a row restored later (an idea merged into a later one)
                                values[field.attname] = None
                                deferred.append((model, field.attname, kind, value, entry["key"]))
                    elif field.name in part.json_refs:
                        values[field.name] = entry[field.name]  # rewritten once every row exists
                    else:
                        values[field.attname] = _plain(field, value)
                    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                        stamps[field.attname] = values[field.attname]
                row = model.objects.create(**values)
                new_ids[part.kind][entry["key"]] = row.pk
                for field in model._meta.many_to_many:
                    if field.name in entry and field.related_model is not users:
                        kind = KIND_OF_MODEL[field.related_model._meta.label_lower]
                        getattr(row, field.name).set([new_ids[kind][key] for key in entry[field.name]])
                if stamps:
                    timestamps.append((model, row.pk, stamps))
        for model, attname, kind, key, own_key in deferred:
            own_kind = KIND_OF_MODEL[model._meta.label_lower]
            model.objects.filter(pk=new_ids[own_kind][own_key]).update(**{attname: new_ids[kind][key]})
        for part in PARTS:
            for field_name, remap in part.json_refs.items():
                for entry in document.get(part.kind, []):
                    part.model_class.objects.filter(pk=new_ids[part.kind][entry["key"]]).update(
                        **{field_name: remap(entry[field_name], new_ids)}
                    )
        # auto_now fields were stamped "now" on create; put back the times the export recorded.
        for model, pk, stamps in timestamps:
            model.objects.filter(pk=pk).update(**stamps)
    except IntegrityError as error:
        raise ValidationError(
            _("Die Datei passt nicht zu dieser Installation (doppelte Schlüssel oder Links): %(reason)s")
            % {"reason": error}
        ) from error
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            _("Die Datei ist beschädigt oder unvollständig (%(reason)s).") % {"reason": error}
        ) from error
    event = Event.objects.get(pk=new_ids["event"][document["event"][0]["key"]])
    event.organisers.add(organiser)
    return event
