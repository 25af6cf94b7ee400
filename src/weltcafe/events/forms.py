"""Forms of the organiser area. They validate input and hand typed values to the services."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weltcafe.common.forms import LocalDateTimeField, as_local, in_zone
from weltcafe.common.text_input import TypedTextFormMixin
from weltcafe.events.models import TIME_ZONE_CHOICES, AgendaItem, Event
from weltcafe.events.participant_import import ENCODINGS, FIELD_LABELS, ImportFileError, positions_from
from weltcafe.events.services import ParticipantData
from weltcafe.events.vocabulary import Language, OrganisationKind, ParticipantRole, Region

HASHTAG = re.compile(r"^\w{1,79}$")


class EventForm(TypedTextFormMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    starts_at = LocalDateTimeField(label=_("Beginn"))
    ends_at = LocalDateTimeField(label=_("Ende"))
    time_zone = forms.ChoiceField(label=_("Zeitzone"), choices=TIME_ZONE_CHOICES, initial="Europe/Berlin")
    venue = forms.CharField(label=_("Ort"), max_length=200, required=False)
    hashtag = forms.CharField(
        label=_("Hashtag"),
        max_length=80,
        required=False,
        help_text=_("Ohne Leerzeichen, z. B. #ResilienteRegionen"),
    )
    description = forms.CharField(label=_("Beschreibung"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    language = forms.ChoiceField(
        label=_("Sprache der Inhalte"),
        choices=Language.choices,
        initial=Language.DE,
        required=False,
        help_text=_("In dieser Sprache schreiben Sie Titel, Themen und Leitfragen; die Seiten in der anderen Sprache "
                    "kennzeichnen sie für Vorleseprogramme."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Event.Status.DRAFT, Event.Status.DRAFT.label),
            (Event.Status.PUBLISHED, Event.Status.PUBLISHED.label),
        ],
        initial=Event.Status.DRAFT,
        help_text=_("Nur veröffentlichte Veranstaltungen haben eine öffentliche Seite."),
    )
    retention_days = forms.IntegerField(
        label=_("Aufbewahrungsfrist in Tagen"),
        min_value=1,
        max_value=3650,
        initial=90,
        required=False,
        help_text=_("So viele Tage nach der Veranstaltung werden Namen, E-Mail-Adressen, Profile und Kontakte "
                    "automatisch anonymisiert; Ideen, Ergebnisse und Bericht bleiben."),
    )

    @classmethod
    def for_event(cls, event: Event, data: dict | None = None) -> EventForm:
        initial = {
            "title": event.title,
            "starts_at": as_local(event.starts_at, event.time_zone),
            "ends_at": as_local(event.ends_at, event.time_zone),
            "time_zone": event.time_zone,
            "venue": event.venue,
            "hashtag": f"#{event.hashtag}" if event.hashtag else "",
            "description": event.description,
            "status": event.status if event.status != Event.Status.ARCHIVED else Event.Status.DRAFT,
            "retention_days": event.retention_days,
            "language": event.language,
        }
        return cls(data=data, initial=initial)

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or Language.DE  # not sent (an older form, a script): German

    def clean_retention_days(self) -> int:
        value = self.cleaned_data["retention_days"]
        return 90 if value is None else value  # left empty: the default period

    def clean_hashtag(self) -> str:
        value = self.cleaned_data["hashtag"].strip().lstrip("#")
        if value and not HASHTAG.match(value):
            raise forms.ValidationError(_("Ein Hashtag besteht nur aus Buchstaben, Ziffern und Unterstrichen."))
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        zone = cleaned.get("time_zone")
        if not zone:
            return cleaned
        for name in ("starts_at", "ends_at"):
            try:
                cleaned[name] = in_zone(cleaned.get(name), zone)
            except forms.ValidationError as error:
                self.add_error(name, error)
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        return cleaned


class AgendaItemForm(TypedTextFormMixin, forms.Form):
    starts_at = LocalDateTimeField(label=_("Beginn"))
    duration_minutes = forms.IntegerField(label=_("Dauer (Minuten)"), min_value=1, max_value=24 * 60, initial=15)
    kind = forms.ChoiceField(label=_("Art"), choices=AgendaItem.Kind.choices, initial=AgendaItem.Kind.TALK)
    title = forms.CharField(label=_("Titel"), max_length=200)
    speakers = forms.CharField(
        label=_("Mitwirkende"), max_length=300, required=False, help_text=_("Namen, durch Komma getrennt")
    )
    description = forms.CharField(label=_("Beschreibung"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event

    @classmethod
    def for_item(cls, item: AgendaItem, data: dict | None = None) -> AgendaItemForm:
        initial = {
            "starts_at": as_local(item.starts_at, item.event.time_zone),
            "duration_minutes": item.duration_minutes,
            "kind": item.kind,
            "title": item.title,
            "speakers": item.speakers,
            "description": item.description,
        }
        return cls(data=data, initial=initial, event=item.event)

    def clean(self) -> dict:
        cleaned = super().clean()
        try:
            cleaned["starts_at"] = in_zone(cleaned.get("starts_at"), self.event.time_zone)
        except forms.ValidationError as error:
            self.add_error("starts_at", error)
            return cleaned
        starts = cleaned.get("starts_at")
        if starts and not (self.event.starts_at <= starts < self.event.ends_at):
            self.add_error(
                "starts_at",
                _("Der Programmpunkt liegt außerhalb der Veranstaltung (%(start)s – %(end)s).")
                % {
                    "start": as_local(self.event.starts_at, self.event.time_zone).strftime("%d.%m.%Y %H:%M"),
                    "end": as_local(self.event.ends_at, self.event.time_zone).strftime("%d.%m.%Y %H:%M"),
                },
            )
        return cleaned


class ParticipantForm(TypedTextFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-Mail"), required=False)
    job_title = forms.CharField(
        label=_("Funktion"),
        max_length=200,
        required=False,
        help_text=_("Die Berufsbezeichnung, wie sie auf dem Namensschild stehen soll, z. B. „Geschäftsführerin“."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "organisation-names", "autocomplete": "off"}),
    )
    organisation_type = forms.ChoiceField(
        label=_("Art der Organisation"), choices=[("", "–"), *OrganisationKind.choices], required=False
    )
    region = forms.ChoiceField(label=_("Bundesland"), choices=[("", "–"), *Region.choices], required=False)
    sector = forms.CharField(label=_("Branche"), max_length=120, required=False)
    role = forms.ChoiceField(
        label=_("Rolle bei der Veranstaltung"), choices=ParticipantRole.choices, initial=ParticipantRole.PARTICIPANT
    )
    interests = forms.CharField(
        label=_("Interessen"),
        max_length=500,
        required=False,
        help_text=_("Schlagworte, durch Komma getrennt"),
    )
    language = forms.ChoiceField(label=_("Sprache"), choices=Language.choices, initial=Language.DE)
    consent_visible = forms.BooleanField(
        label=_("Darf anderen Teilnehmenden angezeigt werden"),
        required=False,
    )
    no_photos = forms.BooleanField(
        label=_("Bitte keine Fotos"),
        required=False,
        help_text=_("Das Namensschild trägt dann ein Zeichen „Bitte keine Fotos“."),
    )

    @classmethod
    def for_participant(cls, participant, data: dict | None = None) -> ParticipantForm:
        organisation = participant.organisation
        initial = {
            "name": participant.name,
            "email": participant.email,
            "job_title": participant.job_title,
            "organisation": organisation.name if organisation else "",
            "organisation_type": organisation.kind if organisation else "",
            "region": organisation.region if organisation else "",
            "sector": organisation.sector if organisation else "",
            "role": participant.role,
            "interests": participant.interests_text,
            "language": participant.language,
            "consent_visible": participant.consent_visible,
            "no_photos": participant.no_photos,
        }
        return cls(data=data, initial=initial)

    def to_data(self) -> ParticipantData:
        cleaned = self.cleaned_data
        interests = tuple(dict.fromkeys(part.strip() for part in cleaned["interests"].split(",") if part.strip()))
        return ParticipantData(
            name=" ".join(cleaned["name"].split()),
            email=cleaned["email"].strip().lower(),
            organisation=cleaned["organisation"],
            organisation_type=cleaned["organisation_type"],
            region=cleaned["region"],
            sector=cleaned["sector"].strip(),
            job_title=" ".join(cleaned["job_title"].split()),
            role=cleaned["role"],
            interests=interests,
            language=cleaned["language"],
            consent_visible=cleaned["consent_visible"],
            no_photos=cleaned["no_photos"],
        )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        help_text=_("Erste Zeile: Spaltenköpfe. Pflicht: Name und E-Mail. Trennzeichen Semikolon oder Komma."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
    )
    encoding = forms.ChoiceField(
        label=_("Zeichenkodierung (nur CSV)"), choices=list(ENCODINGS.items()), initial="utf-8"
    )

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("Die Datei ist zu groß (höchstens %(size)s MB).") % {"size": self.max_bytes // (1024 * 1024)}
            )
        return upload


class ImportConfirmForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ColumnMappingForm(forms.Form):
    """Step two of an import: which field each column of the file is taken as (the guess preselected)."""

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, header: Sequence[str], samples: Sequence[Sequence[str]], guess: Sequence[str],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header = list(header)
        choices = [("", _("– nicht übernehmen –")), *((name, label) for name, label in FIELD_LABELS.items())]
        self.columns = []
        for index, title in enumerate(self.header):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=title.strip() or _("Spalte %(number)s") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=guess[index] if index < len(guess) else "",
            )
            self.columns.append((self[name], list(samples[index]) if index < len(samples) else []))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mapping = self.mapping()
        try:
            positions_from(mapping, self.header)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned

    def mapping(self) -> tuple[str, ...]:
        return tuple(self.cleaned_data.get(f"column_{index}", "") or "" for index in range(len(self.header)))
