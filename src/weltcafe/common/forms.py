"""Form pieces every app uses: date-times entered in an event's own time zone."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import overload

from django import forms
from django.utils.translation import gettext_lazy as _

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=LOCAL_FORMAT)


# Any meeting, past or planned, with room for every zone's offset (the event import checks the same range).
YEARS = range(1900, 3000)


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time without zone; the form attaches the event's zone (not the server's) in clean()."""

    widget = LocalDateTimeInput
    input_formats = [LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]

    def to_python(self, value: object) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        for fmt in self.input_formats:
            try:
                moment = datetime.strptime(str(value).strip(), fmt)  # noqa: DTZ007 - zone attached by the form
            except ValueError:
                continue
            if not YEARS.start <= moment.year < YEARS.stop:
                # 31.12.9999 23:00 is already year 10000 in some zones: every page showing it would fail.
                years = {"first": YEARS.start, "last": YEARS.stop - 1}
                message = _("Bitte ein Jahr von %(first)s bis %(last)s angeben.") % years
                raise forms.ValidationError(message, code="year")
            return moment
        raise forms.ValidationError(_("Bitte Datum und Uhrzeit angeben, z. B. 24.09.2022 10:00."), code="invalid")


@overload
def in_zone(value: datetime, zone_name: str) -> datetime: ...
@overload
def in_zone(value: None, zone_name: str) -> None: ...
@overload
def in_zone(value: datetime | None, zone_name: str) -> datetime | None: ...


def in_zone(value: datetime | None, zone_name: str) -> datetime | None:
    """Attach a zone to a wall-clock time, refusing the hour that does not exist when clocks go forward."""
    if value is None:
        return None
    zone = zoneinfo.ZoneInfo(zone_name)
    aware = value.replace(tzinfo=zone)
    round_trip = aware.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != value:
        raise forms.ValidationError(_("Diese Uhrzeit gibt es wegen der Zeitumstellung nicht."), code="nonexistent")
    return aware


@overload
def as_local(value: datetime, zone_name: str) -> datetime: ...
@overload
def as_local(value: None, zone_name: str) -> None: ...
@overload
def as_local(value: datetime | None, zone_name: str) -> datetime | None: ...


def as_local(value: datetime | None, zone_name: str) -> datetime | None:
    if value is None:
        return None
    return value.astimezone(zoneinfo.ZoneInfo(zone_name)).replace(tzinfo=None)
