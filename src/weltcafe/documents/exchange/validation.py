"""Check a whole export document as the forms would, before anything is written, and prepare its rows.

Every row becomes an unsaved model instance: each value of the right JSON type, `full_clean()` (validators,
choices, max_length, slug, e-mail), the model's check constraints, a time zone tzdata knows, a schema for every JSON
field (`checks.py`), references only to keys of the same document, unique rows within the document. Problems are
collected (up to MAX_PROBLEMS) with the row's key and a reason in the reader's language; none reveals anything of
other organisers' events: a slug in use becomes a free one, tokens in use anywhere are replaced by fresh ones, and
references to accounts are dropped (an event's file never names an account of this installation).

Only reads here, outside any transaction: the write (restore.py) then holds the database's write lock briefly.
"""

from __future__ import annotations

import math
import re
import uuid
import zoneinfo
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import CheckConstraint, F, Q, UniqueConstraint
from django.db.models.functions import Greatest, Least, Lower
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from weltcafe.common.forms import YEARS
from weltcafe.common.tokens import new_access_token
from weltcafe.documents.exchange.checks import JSON_FIELDS
from weltcafe.documents.exchange.schema import FORMAT, PARTS, VERSION, Part, related_kind
from weltcafe.events.forms import HASHTAG
from weltcafe.events.models import Event

MAX_PROBLEMS = 50
LOOKUP_CHUNK = 500  # SQLite allows 999 variables per query on old builds
# Real places only: "localtime" and "Factory" are in the tz database but name no zone an event happens in.
TIME_ZONES = frozenset(zoneinfo.available_timezones()) - {"localtime", "Factory"}
# A link token as `common.tokens.new_access_token` makes it: anything else from a file (short, guessable, or with
# path characters) is replaced like a token already in use.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass
class Row:
    key: str
    instance: models.Model
    references: dict[str, tuple[str, str]] = field(default_factory=dict)  # attname → (kind, key) in this document
    many: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # m2m field → (kind, keys)


@dataclass
class Prepared:
    rows: dict[str, list[Row]]
    notes: list[str]  # neutral remarks for the organiser ("importiert als …", "n Links neu erzeugt")

    @property
    def event(self) -> Event:
        return _event_instance(self.rows)


def _event_instance(rows: dict[str, list[Row]]) -> Event:
    instance = rows["event"][0].instance
    if not isinstance(instance, Event):  # the event part holds the Event row, nothing else
        raise TypeError(f"expected the event, got {type(instance).__name__}")
    return instance


class Problems:
    """Collects reasons with the row they belong to; stops collecting after MAX_PROBLEMS."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.more = 0

    def add(self, where: str, reason: str) -> None:
        if len(self.messages) < MAX_PROBLEMS:
            self.messages.append(f"{where}: {reason}")
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if not self.messages:
            return
        messages = list(self.messages)
        if self.more:
            messages.append(ngettext("… und %(count)s weiteres Problem.", "… und %(count)s weitere Probleme.",
                                     self.more) % {"count": self.more})
        raise ValidationError(messages)


# --------------------------------------------------------------------------------------------------- structure
def _check_structure(document: object) -> dict:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError(_("Das ist keine Weltcafé-Exportdatei."))
    if document.get("version") != VERSION:
        raise ValidationError(
            _("Exportformat Version %(found)s wird nicht unterstützt (erwartet: %(expected)s).")
            % {"found": str(document.get("version"))[:20], "expected": VERSION}
        )
    events = document.get("event")
    if not isinstance(events, list) or len(events) != 1 or not isinstance(events[0], dict):
        raise ValidationError(_("Die Datei enthält keine Veranstaltung."))
    known = {part.kind for part in PARTS} | {"format", "version"}
    unknown = sorted(str(name)[:40] for name in document if name not in known)
    if unknown:
        raise ValidationError(_("Die Datei enthält unbekannte Teile: %(names)s.") % {"names": ", ".join(unknown)})
    for part in PARTS:
        entries = document.get(part.kind, [])
        if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
            raise ValidationError(_("„%(kind)s“ ist keine Liste von Objekten.") % {"kind": part.kind})
    _hosts_to_tables(document)
    return document


def _hosts_to_tables(document: dict) -> None:
    """Exports made before hosts moved from topics to tables (cafe migration 0007) name one host per topic: it
    becomes the host of the topic's first table, as the migration does with the database."""
    tables = document.get("table", [])
    for topic in document.get("topic", []):
        if "host" not in topic:
            continue
        host = topic.pop("host")
        own = [table for table in tables if table.get("topic") == topic.get("key")]
        own.sort(key=lambda table: table.get("number") if isinstance(table.get("number"), int) else 0)
        if host is not None and own and own[0].get("host") is None:
            own[0]["host"] = host


def _collect_keys(document: dict, problems: Problems) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for part in PARTS:
        seen: set[str] = set()
        for position, entry in enumerate(document.get(part.kind, []), start=1):
            key = entry.get("key")
            if not isinstance(key, str) or not key.startswith(f"{part.kind}:"):
                problems.add(f"{part.kind} #{position}", _("ohne gültigen Schlüssel"))
            elif key in seen:
                problems.add(key[:60], _("Schlüssel kommt mehrfach vor"))
            seen.add(key if isinstance(key, str) else "")
        keys[part.kind] = seen
    return keys


# --------------------------------------------------------------------------------------------------- values
_TEXT_FIELDS = (models.CharField, models.TextField)
_WHOLE_FIELDS = (models.IntegerField,)


def _year_reason() -> str:
    return _("erwartet ein Jahr von %(first)s bis %(last)s") % {"first": YEARS.start, "last": YEARS.stop - 1}


def _plain_value(model_field: models.Field, value: object) -> object:
    """The Python value for one JSON value, or ValueError with the reason when its type is wrong."""
    if value is None:
        if not model_field.null:
            raise ValueError(_("darf nicht leer sein"))
        return None
    if isinstance(model_field, models.BooleanField):
        if not isinstance(value, bool):
            raise ValueError(_("erwartet wahr oder falsch"))
        return value
    if isinstance(model_field, _WHOLE_FIELDS):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(_("erwartet eine ganze Zahl"))
        # PostgreSQL's ranges on every backend: SQLite would store 2**62 in a small field (and 10**30 overflows
        # before any check could run).
        low, high = BaseDatabaseOperations.integer_field_ranges.get(
            model_field.get_internal_type(), BaseDatabaseOperations.integer_field_ranges["BigIntegerField"]
        )
        if not low <= value <= high:
            raise ValueError(_("liegt außerhalb von %(low)s bis %(high)s") % {"low": low, "high": high})
        return value
    if isinstance(model_field, models.FloatField):
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
            raise ValueError(_("erwartet eine Zahl"))
        return value
    if not isinstance(value, str):
        raise ValueError(_("erwartet einen Text"))
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(value)
        if moment is None or moment.tzinfo is None:
            raise ValueError(_("erwartet Datum und Uhrzeit mit Zeitzone (ISO 8601)"))
        if not YEARS.start <= moment.year < YEARS.stop:
            # Year 9999 in UTC is year 10000 in Kiritimati: every page showing it in the event's zone would fail.
            raise ValueError(_year_reason())
        return moment
    if isinstance(model_field, models.DateField):
        day = parse_date(value)
        if day is None:
            raise ValueError(_("erwartet ein Datum (JJJJ-MM-TT)"))
        if not YEARS.start <= day.year < YEARS.stop:
            raise ValueError(_year_reason())
        return day
    if isinstance(model_field, models.UUIDField):
        return uuid.UUID(value)
    if isinstance(model_field, _TEXT_FIELDS):
        return value
    raise ValueError(_("wird nicht unterstützt"))


def _build_row(part: Part, entry: dict, keys: dict[str, set[str]], problems: Problems) -> Row | None:
    model = part.model_class
    users = get_user_model()
    key = entry["key"]
    row = Row(key=key, instance=model())
    label = model._meta.label_lower
    names = {f.name for f in model._meta.concrete_fields} | {f.name for f in model._meta.many_to_many}
    for name in sorted(set(entry) - names - {"key", "id"}):
        problems.add(key, _("unbekanntes Feld „%(name)s“") % {"name": name[:40]})
    ok = True
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.name not in entry:
            continue
        value = entry[model_field.name]
        where = f"{key} · {model_field.name}"
        if isinstance(model_field, models.ForeignKey):
            if model_field.related_model is users:
                setattr(row.instance, model_field.attname, None)  # never an account of this installation
                continue
            kind = related_kind(model_field)
            if value is None:
                if not model_field.null:
                    problems.add(where, _("darf nicht leer sein"))
                    ok = False
                continue
            if not isinstance(value, str) or value not in keys[kind]:
                problems.add(where, _("verweist auf „%(value)s“, das es in der Datei nicht gibt")
                             % {"value": str(value)[:60]})
                ok = False
                continue
            row.references[model_field.attname] = (kind, value)
            continue
        if isinstance(model_field, models.JSONField):
            problem = JSON_FIELDS[(label, model_field.name)](value, keys)
            if problem:
                problems.add(where, problem)
                ok = False
            setattr(row.instance, model_field.attname, value)
            continue
        try:
            plain = _plain_value(model_field, value)
        except ValueError as error:
            problems.add(where, str(error) if str(error) else _("ungültiger Wert"))
            ok = False
            continue
        setattr(row.instance, model_field.attname, plain)
    for many in model._meta.many_to_many:
        if many.related_model is users or many.name not in entry:
            continue  # organiser accounts are not part of an event's data
        kind = related_kind(many)
        value = entry[many.name]
        if not isinstance(value, list) or not all(isinstance(item, str) and item in keys[kind] for item in value):
            problems.add(f"{key} · {many.name}", _("erwartet eine Liste von Schlüsseln dieser Datei"))
            ok = False
            continue
        row.many[many.name] = (kind, value)
    for model_field in model._meta.concrete_fields:
        if (isinstance(model_field, models.ForeignKey) and not model_field.null
                and model_field.attname not in row.references):
            problems.add(f"{key} · {model_field.name}", _("fehlt"))
            ok = False
    for model_field in model._meta.concrete_fields:
        # Written raw (restore._insert): a timestamp the file leaves out is "now", as a save would make it.
        auto = getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
        if auto and getattr(row.instance, model_field.attname) is None:
            setattr(row.instance, model_field.attname, timezone.now())
    return row if ok else None


def _surrogates(keys: dict[str, set[str]]) -> dict[tuple[str, str], int]:
    """A stand-in id per key, so check constraints that compare references (sender ≠ recipient) can run."""
    return {(kind, key): number for kind, found in keys.items() for number, key in enumerate(sorted(found), 1)}


def _clean_row(row: Row, surrogate: dict[tuple[str, str], int], problems: Problems) -> None:
    instance = row.instance
    model = type(instance)
    references = [f.name for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]
    try:
        instance.full_clean(exclude=references, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                problems.add(f"{row.key} · {name}", message)
    for model_field in model._meta.concrete_fields:
        # Models do not enforce a TextField's max_length; the forms do, and so does the import.
        value = getattr(instance, model_field.attname)
        if isinstance(model_field, models.TextField) and model_field.max_length and isinstance(value, str) \
                and len(value) > model_field.max_length:
            problems.add(f"{row.key} · {model_field.name}", _("höchstens %(limit)s Zeichen") % {
                "limit": model_field.max_length})
    for attname, (kind, key) in row.references.items():
        setattr(instance, attname, surrogate[(kind, key)])
    for constraint in model._meta.constraints:
        if isinstance(constraint, CheckConstraint):
            try:
                # BaseConstraint.validate exists since Django 4.1; django-stubs 5.2 does not declare it yet.
                constraint.validate(model, instance)  # type: ignore[attr-defined]
            except ValidationError as error:
                problems.add(row.key, "; ".join(error.messages))
    if isinstance(instance, Event):
        if instance.time_zone not in TIME_ZONES:
            problems.add(f"{row.key} · time_zone",
                         _("unbekannte Zeitzone „%(zone)s“") % {"zone": instance.time_zone[:64]})
        if instance.hashtag and not HASHTAG.match(instance.hashtag.lstrip("#")):
            problems.add(f"{row.key} · hashtag",
                         _("Ein Hashtag besteht nur aus Buchstaben, Ziffern und Unterstrichen."))


# --------------------------------------------------------------------------------------------------- uniqueness
def _value_of(expression: object, row: Row) -> object:
    """A UniqueConstraint's part evaluated on a prepared row; references compare by their document key."""
    if isinstance(expression, str | F):
        name = expression if isinstance(expression, str) else expression.name
        model_field = type(row.instance)._meta.get_field(name)
        if not isinstance(model_field, models.Field):  # a reverse relation or generic key: not in a constraint
            raise LookupError(expression)
        if isinstance(model_field, models.ForeignKey):
            return row.references.get(model_field.attname, (None, None))[1]
        return getattr(row.instance, model_field.attname)
    if isinstance(expression, Lower):
        value = _value_of(expression.get_source_expressions()[0], row)
        return value.lower() if isinstance(value, str) else value
    raise LookupError(expression)


def _condition_holds(condition: Q | None, row: Row) -> bool:
    if condition is None:
        return True
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_condition_holds(child, row))
            continue
        if not isinstance(child, tuple):  # Q children are Q objects or (lookup, value) pairs
            raise LookupError(child)
        lookup, expected = child
        name, _sep, kind = lookup.partition("__")
        value = _value_of(name, row)
        results.append((value is None) == expected if kind == "isnull" else value == expected)
    holds = all(results) if condition.connector == Q.AND else any(results)
    return not holds if condition.negated else holds


def _identity(constraint: UniqueConstraint, row: Row) -> tuple[object, ...]:
    parts: list[object] = []
    for expression in constraint.fields or constraint.expressions:
        if isinstance(expression, Least | Greatest):
            continue  # a pair in either order: taken together below
        parts.append(_value_of(expression, row))
    pairs = [e for e in constraint.expressions if isinstance(e, Least | Greatest)]
    if pairs:
        members = {_value_of(source, row) for e in pairs for source in e.get_source_expressions()}
        parts.append(tuple(sorted(members, key=str)))
    return tuple(parts)


def _check_unique_rows(rows: list[Row], problems: Problems) -> None:
    if not rows:
        return
    meta = type(rows[0].instance)._meta
    constraints = [c for c in meta.constraints if isinstance(c, UniqueConstraint)]
    constraints += [UniqueConstraint(fields=list(names), name="unique_together") for names in meta.unique_together]
    for constraint in constraints:
        seen: dict[tuple[object, ...], str] = {}
        for row in rows:
            try:
                if not _condition_holds(constraint.condition, row):
                    continue
                identity = _identity(constraint, row)
            except LookupError:
                continue  # an expression this check does not model: the database still refuses it
            if identity in seen:
                problems.add(row.key, _("doppelt: dieselben Angaben wie %(other)s") % {"other": seen[identity]})
            else:
                seen[identity] = row.key


def _free_slug(slug: str) -> str:
    taken = set(Event.objects.filter(slug__startswith=slug[:70]).values_list("slug", flat=True))
    if slug not in taken:
        return slug
    number = 2
    while f"{slug[:70]}-{number}" in taken:
        number += 1
    return f"{slug[:70]}-{number}"


def _values_in_use(model: type[models.Model], name: str, values: list) -> set:
    used: set = set()
    for start in range(0, len(values), LOOKUP_CHUNK):
        chunk = values[start:start + LOOKUP_CHUNK]
        used.update(model._base_manager.filter(**{f"{name}__in": chunk}).values_list(name, flat=True))
    return used


def _token_columns() -> list[tuple[type[models.Model], str]]:
    return [
        (part.model_class, model_field.name)
        for part in PARTS
        for model_field in part.model_class._meta.concrete_fields
        if model_field.default is new_access_token
    ]


def _tokens_in_use(values: list[str]) -> set:
    """Values used here in ANY token column (a file's access token equal to someone's badge token counts)."""
    used: set = set()
    for model, name in _token_columns():
        used |= _values_in_use(model, name, values)
    return used


def _renew_taken_values(rows: dict[str, list[Row]], notes: list[str], problems: Problems) -> None:
    """Unique values (personal links, table and wall links, client ids) already used anywhere here, or twice in
    the file, get fresh ones; the slug a free variant. Nothing says whose they were."""
    event = _event_instance(rows)
    slug = event.slug
    free = _free_slug(slug)
    if free != slug:
        event.slug = free
        notes.append(_("Importiert als „%(slug)s“.") % {"slug": free})
    links = 0
    seen_tokens: set = set()  # across every token column: a badge must never print somebody's personal link
    for part in PARTS:
        model = part.model_class
        for model_field in model._meta.concrete_fields:
            if not model_field.unique or model_field.primary_key or model_field.name == "slug":
                continue
            is_token = model_field.default is new_access_token
            found = [getattr(row.instance, model_field.attname) for row in rows[part.kind]]
            used = _values_in_use(model, model_field.name, [value for value in found if value is not None])
            if is_token:
                used |= _tokens_in_use([value for value in found if isinstance(value, str)])
            seen: set = seen_tokens if is_token else set()
            for row in rows[part.kind]:
                value = getattr(row.instance, model_field.attname)
                badly_shaped = is_token and not (isinstance(value, str) and TOKEN_SHAPE.fullmatch(value))
                if value in used or value in seen or badly_shaped:
                    if not callable(model_field.default):
                        problems.add(f"{row.key} · {model_field.name}", _("ist hier schon vergeben"))
                        continue
                    value = model_field.default()
                    setattr(row.instance, model_field.attname, value)
                    links += isinstance(model_field, models.CharField)
                seen.add(value)
    if links:
        notes.append(ngettext(
            "%(count)s Link wurde neu erzeugt, weil er hier schon vergeben ist; gedruckte Namensschilder und "
            "Tischaufsteller mit dem alten Link funktionieren hier nicht – bitte neu drucken.",
            "%(count)s Links wurden neu erzeugt, weil sie hier schon vergeben sind; gedruckte Namensschilder und "
            "Tischaufsteller mit den alten Links funktionieren hier nicht – bitte neu drucken.",
            links,
        ) % {"count": links})


# --------------------------------------------------------------------------------------------------- entry point
def prepare_import(document: object) -> Prepared:
    """Every row of the document checked and built, or a ValidationError listing the problems; writes nothing."""
    document = _check_structure(document)
    problems = Problems()
    keys = _collect_keys(document, problems)
    problems.raise_if_any()
    surrogate = _surrogates(keys)
    rows: dict[str, list[Row]] = {}
    for part in PARTS:
        built = (_build_row(part, entry, keys, problems) for entry in document.get(part.kind, []))
        rows[part.kind] = [row for row in built if row is not None]
        for row in rows[part.kind]:
            _clean_row(row, surrogate, problems)
        _check_unique_rows(rows[part.kind], problems)
    problems.raise_if_any()
    notes: list[str] = []
    _renew_taken_values(rows, notes, problems)
    problems.raise_if_any()
    return Prepared(rows=rows, notes=notes)


def row_count(prepared: Prepared) -> int:
    return sum(len(found) for found in prepared.rows.values())
