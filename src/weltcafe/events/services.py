"""Every write of the events app. Keyword-only, typed, one transaction each."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext as _

from weltcafe.common.tokens import new_access_token
from weltcafe.events.models import AgendaItem, Event, Organisation, Participant
from weltcafe.events.participant_import import UPDATABLE, ImportPreview, ImportRow, StoredPerson, display_value
from weltcafe.events.search import search_text, sort_key


def unique_event_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title.replace("#", ""))[:70] or "veranstaltung"
    slug, counter = base, 2
    taken = Event.objects.exclude(pk=exclude_pk) if exclude_pk else Event.objects.all()
    while taken.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def create_event(
    *,
    organiser,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str = "Europe/Berlin",
    venue: str = "",
    hashtag: str = "",
    description: str = "",
    status: str = Event.Status.DRAFT,
    slug: str = "",
    retention_days: int = 90,
    language: str = "de",
) -> Event:
    if ends_at <= starts_at:
        raise ValidationError(_("Das Ende muss nach dem Beginn liegen."))
    event = Event.objects.create(
        title=title,
        slug=slug or unique_event_slug(title),
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        venue=venue,
        hashtag=hashtag,
        description=description,
        status=status,
        retention_days=retention_days,
        language=language,
    )
    event.organisers.add(organiser)
    return event


EVENT_FIELDS = (
    "title", "starts_at", "ends_at", "time_zone", "venue", "hashtag", "description", "status", "retention_days",
    "language",
)


@transaction.atomic
def update_event(*, event: Event, **changes: object) -> Event:
    unknown = set(changes) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"update_event got unknown fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(event, name, value)
    if event.ends_at <= event.starts_at:
        raise ValidationError(_("Das Ende muss nach dem Beginn liegen."))
    event.save(update_fields=[*changes, "updated_at"])
    return event


def archive_event(*, event: Event) -> Event:
    return update_event(event=event, status=Event.Status.ARCHIVED)


def restore_event(*, event: Event) -> Event:
    return update_event(event=event, status=Event.Status.DRAFT)


@transaction.atomic
def add_agenda_item(
    *,
    event: Event,
    starts_at: datetime,
    duration_minutes: int,
    title: str,
    kind: str = AgendaItem.Kind.TALK,
    speakers: str = "",
    description: str = "",
) -> AgendaItem:
    return AgendaItem.objects.create(
        event=event,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        title=title,
        kind=kind,
        speakers=speakers,
        description=description,
    )


AGENDA_FIELDS = ("starts_at", "duration_minutes", "title", "kind", "speakers", "description")


@transaction.atomic
def update_agenda_item(*, item: AgendaItem, **changes: object) -> AgendaItem:
    unknown = set(changes) - set(AGENDA_FIELDS)
    if unknown:
        raise TypeError(f"update_agenda_item got unknown fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(item, name, value)
    item.save(update_fields=[*changes, "updated_at"])
    return item


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem) -> None:
    item.delete()


def get_or_create_organisation(
    *, event: Event, name: str, kind: str = "", region: str = "", sector: str = ""
) -> Organisation | None:
    """Reuse an organisation of the event by name (case-insensitive); fill in what it does not know yet."""
    name = " ".join(name.split())
    if not name:
        return None
    organisation = (
        Organisation.objects.annotate(lower_name=Lower("name")).filter(event=event, lower_name=name.lower()).first()
    )
    if organisation is None:
        return Organisation.objects.create(
            event=event, name=name, kind=kind, region=region, sector=sector, sort_name=sort_key(name)
        )
    missing = {
        field: value
        for field, value in (("kind", kind), ("region", region), ("sector", sector))
        if value and not getattr(organisation, field)
    }
    if missing:
        for field, value in missing.items():
            setattr(organisation, field, value)
        organisation.save(update_fields=[*missing, "updated_at"])
        if "sector" in missing:
            _refresh_search_text(organisation.participants.select_related("organisation"))
    return organisation


def participant_search_text(participant: Participant) -> str:
    organisation = participant.organisation
    return search_text(
        participant.name,
        participant.email,
        participant.job_title,
        organisation.name if organisation else "",
        organisation.sector if organisation else "",
    )


def _refresh_search_text(participants) -> None:
    for participant in participants:
        participant.search_text = participant_search_text(participant)
        participant.save(update_fields=["search_text"])


@dataclass(frozen=True)
class ParticipantData:
    name: str
    email: str = ""
    organisation: str = ""
    organisation_type: str = ""
    region: str = ""
    sector: str = ""
    job_title: str = ""
    role: str = "participant"
    interests: tuple[str, ...] = ()
    language: str = "de"
    consent_visible: bool = False
    no_photos: bool = False


def _email_taken(event: Event, email: str, *, exclude_pk: int | None = None) -> bool:
    if not email:
        return False
    found = Participant.objects.filter(event=event, email__iexact=email)
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    return found.exists()


@transaction.atomic
def add_participant(*, event: Event, data: ParticipantData) -> Participant:
    if _email_taken(event, data.email):
        raise ValidationError({"email": _("Diese E-Mail-Adresse ist bei der Veranstaltung schon angemeldet.")})
    organisation = get_or_create_organisation(
        event=event,
        name=data.organisation,
        kind=data.organisation_type,
        region=data.region,
        sector=data.sector,
    )
    participant = Participant(
        event=event,
        name=data.name,
        email=data.email.lower(),
        organisation=organisation,
        job_title=data.job_title,
        role=data.role,
        interests=list(data.interests),
        language=data.language,
        consent_visible=data.consent_visible,
        no_photos=data.no_photos,
        sort_name=sort_key(data.name),
    )
    participant.search_text = participant_search_text(participant)
    participant.save(force_insert=True)
    return participant


# What an organiser's edit of a person may change (tokens, check-in and binding stay as they are).
PARTICIPANT_FIELDS = (
    "organisation", "name", "email", "job_title", "role", "interests", "language", "consent_visible", "no_photos",
    "sort_name", "search_text",
)


@transaction.atomic
def update_participant(*, participant: Participant, data: ParticipantData) -> Participant:
    if _email_taken(participant.event, data.email, exclude_pk=participant.pk):
        raise ValidationError({"email": _("Diese E-Mail-Adresse ist bei der Veranstaltung schon angemeldet.")})
    participant.organisation = get_or_create_organisation(
        event=participant.event,
        name=data.organisation,
        kind=data.organisation_type,
        region=data.region,
        sector=data.sector,
    )
    participant.name = data.name
    participant.email = data.email.lower()
    participant.job_title = data.job_title
    participant.role = data.role
    participant.interests = list(data.interests)
    participant.language = data.language
    participant.consent_visible = data.consent_visible
    participant.no_photos = data.no_photos
    participant.sort_name = sort_key(data.name)
    participant.search_text = participant_search_text(participant)
    participant.save(update_fields=[*PARTICIPANT_FIELDS, "updated_at"])
    return participant


@transaction.atomic
def remove_participant(*, participant: Participant) -> None:
    participant.delete()


class ImportRejectedError(ValueError):
    """The preview went stale or had nothing to write; nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    created: list[Participant]
    updated: list[Participant]
    skipped: int  # refused rows, left for the organiser to fix


def _row_data(row: ImportRow) -> ParticipantData:
    return ParticipantData(
        name=row.name,
        email=row.email,
        organisation=row.organisation,
        organisation_type=row.organisation_type,
        region=row.region,
        sector=row.sector,
        job_title=row.job_title,
        role=row.role,
        interests=row.interests,
        language=row.language,
    )


def _stored_data(person: Participant) -> ParticipantData:
    organisation = person.organisation
    return ParticipantData(
        name=person.name,
        email=person.email,
        organisation=organisation.name if organisation else "",
        organisation_type=organisation.kind if organisation else "",
        region=organisation.region if organisation else "",
        sector=organisation.sector if organisation else "",
        job_title=person.job_title,
        role=person.role,
        interests=tuple(person.interests),
        language=person.language,
        consent_visible=person.consent_visible,
        no_photos=person.no_photos,
    )


def registered_people(event: Event) -> dict[str, StoredPerson]:
    """The event's people by lower-case e-mail, as a participant list's rows are compared with them."""
    people = event.participants.exclude(email="").select_related("organisation")
    found = {}
    for person in people:
        data = _stored_data(person)
        found[person.email.lower()] = StoredPerson(
            **{name: getattr(data, name) for name in UPDATABLE}
        )
    return found


def import_participants(*, event: Event, preview: ImportPreview) -> ImportResult:
    """Add the new people and apply the changes to registered ones, in one transaction; refused rows are left out
    (the organiser fixes and imports them later). Of a registered person only what the file changes is written."""
    if not preview.can_import:
        raise ImportRejectedError(_("Die Datei enthält niemanden, der neu ist oder sich geändert hat."))
    stale = ImportRejectedError(
        _(
            "Die Teilnehmendenliste hat sich seit der Vorschau geändert; es wurde nichts importiert. "
            "Bitte laden Sie die Datei erneut hoch."
        )
    )
    try:
        with transaction.atomic():
            created = [add_participant(event=event, data=_row_data(row)) for row in preview.new_rows]
            emails = [row.email for row in preview.update_rows]
            people = event.participants.select_related("organisation").filter(email__in=emails)
            by_email = {person.email.lower(): person for person in people}
            updated = []
            for row in preview.update_rows:
                person = by_email.get(row.email)
                if person is None:
                    raise stale
                stored, wanted = _stored_data(person), _row_data(row)
                # What the preview showed as the old value must still be stored, or the organiser confirmed
                # something else than what would happen.
                if any(change.old != display_value(change.field, getattr(stored, change.field)) for change in
                       row.changes):
                    raise stale
                data = replace(stored, **{change.field: getattr(wanted, change.field) for change in row.changes})
                updated.append(update_participant(participant=person, data=data))
    except (ValidationError, IntegrityError) as error:
        raise stale from error  # someone added a person with the same e-mail between preview and confirm
    return ImportResult(created=created, updated=updated, skipped=preview.error_count)


# What an anonymised person keeps: a numbered row, so counts and votes still add up.
ANONYMISED_FIELDS = (
    "name", "email", "job_title", "role", "interests", "consent_visible", "no_photos", "access_token", "badge_token",
    "link_claimed_at", "checked_in_at", "sort_name", "search_text",
)


def anonymise_participant_rows(*, people: list[Participant]) -> None:
    """The events app's part of erasing people (privacy/retention.py asks): names, addresses, interests and both
    links go; printed badges and old links lead nowhere afterwards."""
    for number, person in enumerate(people, start=1):
        person.name = f"Teilnehmende {number}" if len(people) > 1 else "Teilnehmende"
        person.email = ""
        person.job_title = ""
        person.role = ""
        person.interests = []
        person.consent_visible = False
        person.no_photos = False
        person.access_token = new_access_token()
        person.badge_token = new_access_token()
        person.link_claimed_at = None
        person.checked_in_at = None
        person.sort_name = person.name.casefold()
        person.search_text = ""
        person.save(update_fields=[*ANONYMISED_FIELDS, "updated_at"])
