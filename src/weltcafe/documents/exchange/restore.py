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
from django.db import IntegrityError, connection, models, transaction
from django.utils.translation import gettext as _

from weltcafe.documents.exchange.reading import read_document
from weltcafe.documents.exchange.schema import PARTS
from weltcafe.documents.exchange.validation import Prepared, prepare_import
from weltcafe.events.models import Event

logger = logging.getLogger(__name__)

# The largest file accepted: its write stays well under a second on SQLite (bench/results/event_import.md).
MAX_BYTES = 5 * 1024 * 1024
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
    later: dict[tuple[type[models.Model], str], list[tuple[int, str, str]]] = defaultdict(list)
    for part in PARTS:
        model, rows = part.model_class, prepared.rows[part.kind]
        for row in rows:
            for attname, (kind, key) in row.references.items():
                if key in new_ids[kind]:
                    setattr(row.instance, attname, new_ids[kind][key])
                else:  # a row restored later or in the same batch (an idea merged into another)
                    setattr(row.instance, attname, None)
        _insert(model, [row.instance for row in rows])
        new_ids[part.kind] = {row.key: row.instance.pk for row in rows}
        for row in rows:
            for attname, (kind, key) in row.references.items():
                if getattr(row.instance, attname) is None:
                    later[(model, attname)].append((row.instance.pk, kind, key))
        _link_many(model, rows, new_ids)
    for (model, attname), pending in later.items():
        _update_column(model, _concrete_field(model, attname[:-3]),
                       [(pk, new_ids[kind][key]) for pk, kind, key in pending])
    for part in PARTS:
        for name, remap in part.json_refs.items():
            _update_column(part.model_class, _concrete_field(part.model_class, name), [
                (row.instance.pk, remap(getattr(row.instance, name), new_ids)) for row in prepared.rows[part.kind]
            ])
    return Event.objects.get(pk=new_ids["event"][prepared.rows["event"][0].key])


def _insert(model: type[models.Model], instances: list[models.Model]) -> None:
    """INSERT in batches as bulk_create does, but raw (as loaddata saves): the timestamps the export recorded are
    written as they are instead of "now", so no second pass over every row is needed to put them back."""
    if not instances:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    size = max(1, min(BATCH, connection.ops.bulk_batch_size(fields, instances)))
    for start in range(0, len(instances), size):
        batch = instances[start:start + size]
        # The manager passes QuerySet._insert through (loaddata's raw insert); django-stubs leaves it out.
        returned = model._base_manager._insert(  # type: ignore[attr-defined]
            batch, fields=fields, returning_fields=model._meta.db_returning_fields, raw=True
        )
        for instance, (pk, *_rest) in zip(batch, returned, strict=True):
            instance.pk = pk
            instance._state.adding = False


def _concrete_field(model: type[models.Model], name: str) -> models.Field:
    model_field = model._meta.get_field(name)
    if not isinstance(model_field, models.Field):  # a reverse relation has no column to update
        raise LookupError(name)
    return model_field


def _update_column(model: type[models.Model], model_field: models.Field, values: list[tuple[int, object]]) -> None:
    """One prepared UPDATE run for many rows (bulk_update builds a CASE per row: seconds of Python under the lock)."""
    if not values:
        return
    quote = connection.ops.quote_name
    # Table and column names come from the model's metadata, never from the file; values are parameters.
    table, column, pk = quote(model._meta.db_table), quote(model_field.column), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {column} = %s WHERE {pk} = %s"  # noqa: S608
    params = [(model_field.get_db_prep_save(value, connection), row) for row, value in values]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _link_many(model: type[models.Model], rows: list, new_ids: dict[str, dict[str, int]]) -> None:
    """Many-to-many links as bulk inserts into the link table, not one query per row."""
    for many in model._meta.many_to_many:
        through = many.remote_field.through
        if through is None:  # set for every many-to-many field once the app registry is ready
            raise LookupError(many.name)
        source, target = f"{many.m2m_field_name()}_id", f"{many.m2m_reverse_field_name()}_id"
        links = [
            through(**{source: row.instance.pk, target: new_ids[kind][key]})
            for row in rows if many.name in row.many
            for kind, keys in [row.many[many.name]] for key in dict.fromkeys(keys)
        ]
        through._default_manager.bulk_create(links, batch_size=BATCH)
