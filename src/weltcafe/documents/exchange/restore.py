"""Restore an exported event on this instance: all rows or none, with clear reasons when it cannot be done.

Reading and checking (reading.py, validation.py) happen before any transaction; the write is one short transaction
of bulk inserts in the order of the parts, so the SQLite write lock is held briefly (bench/event_import.py,
docs/decisions/0027-event-import-validation-and-writes.md).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from weltcafe.documents.exchange.reading import read_document
from weltcafe.documents.exchange.schema import PARTS
from weltcafe.documents.exchange.validation import Prepared, prepare_import
from weltcafe.events.models import Event

logger = logging.getLogger(__name__)

# The largest file accepted: its write stays well under a second on SQLite (bench/results/event_import.md).
MAX_BYTES = 8 * 1024 * 1024
BATCH = 500


@dataclass
class ImportResult:
    event: Event
    notes: list[str] = field(default_factory=list)
    write_seconds: float = 0.0  # how long the write transaction held the database


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ValidationError(
            _("Die Datei ist größer als %(megabytes)s MB.") % {"megabytes": MAX_BYTES // (1024 * 1024)}
        )


def import_file(content: bytes, *, organiser) -> ImportResult:
    """An uploaded or named export file: size, strict reading, checks, then the write."""
    check_size(len(content))
    return import_event(read_document(content), organiser=organiser)


def import_event(document: object, *, organiser) -> ImportResult:
    """Create the event and everything in it; `organiser` becomes its organiser. Nothing is written on an error."""
    prepared = prepare_import(document)
    started = time.perf_counter()
    try:
        with transaction.atomic():
            event = _write(prepared)
            event.organisers.add(organiser)
    except IntegrityError as error:
        # Checked beforehand; what remains is a race with another write. Its text names tables and columns.
        logger.warning("event import refused by the database: %s", error)
        raise ValidationError(
            _("Die Datei konnte nicht importiert werden, weil sich gleichzeitig etwas geändert hat. "
              "Bitte versuchen Sie es noch einmal.")
        ) from error
    seconds = time.perf_counter() - started
    logger.info("event import: %s rows in %.3f s of write transaction", sum(map(len, prepared.rows.values())),
                seconds)
    return ImportResult(event=event, notes=prepared.notes, write_seconds=seconds)


def _write(prepared: Prepared) -> Event:
    new_ids: dict[str, dict[str, int]] = {part.kind: {} for part in PARTS}
    later: dict[type[models.Model], list[tuple[models.Model, str, str, str]]] = defaultdict(list)
    for part in PARTS:
        rows = prepared.rows[part.kind]
        for row in rows:
            for attname, (kind, key) in row.references.items():
                if key in new_ids[kind]:
                    setattr(row.instance, attname, new_ids[kind][key])
                else:  # a row restored later or in the same batch (an idea merged into another)
                    setattr(row.instance, attname, None)
                    later[part.model_class].append((row.instance, attname, kind, key))
        part.model_class.objects.bulk_create([row.instance for row in rows], batch_size=BATCH)
        new_ids[part.kind] = {row.key: row.instance.pk for row in rows}
        _link_many(part.model_class, rows, new_ids)
    for model, pending in later.items():
        by_field: dict[str, list[models.Model]] = defaultdict(list)
        for instance, attname, kind, key in pending:
            setattr(instance, attname, new_ids[kind][key])
            by_field[attname].append(instance)
        for attname, instances in by_field.items():
            model.objects.bulk_update(instances, [model._meta.get_field(attname[:-3]).name], batch_size=BATCH)
    for part in PARTS:
        rows = prepared.rows[part.kind]
        if part.json_refs and rows:
            for row in rows:
                for name, remap in part.json_refs.items():
                    setattr(row.instance, name, remap(getattr(row.instance, name), new_ids))
            part.model_class.objects.bulk_update([row.instance for row in rows], list(part.json_refs), batch_size=BATCH)
        # bulk_create stamped auto_now fields "now"; put back the times the export recorded.
        stamped = [row for row in rows if row.stamps]
        if stamped:
            for row in stamped:
                for attname, value in row.stamps.items():
                    setattr(row.instance, attname, value)
            names = sorted({name for row in stamped for name in row.stamps})
            part.model_class.objects.bulk_update([row.instance for row in stamped], names, batch_size=BATCH)
    return Event.objects.get(pk=new_ids["event"][prepared.rows["event"][0].key])



def _link_many(model: type[models.Model], rows: list, new_ids: dict[str, dict[str, int]]) -> None:
    """Many-to-many links as bulk inserts into the link table, not one query per row."""
    for many in model._meta.many_to_many:
        through = many.remote_field.through
        source, target = f"{many.m2m_field_name()}_id", f"{many.m2m_reverse_field_name()}_id"
        links = [
            through(**{source: row.instance.pk, target: new_ids[kind][key]})
            for row in rows if many.name in row.many
            for kind, keys in [row.many[many.name]] for key in dict.fromkeys(keys)
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
