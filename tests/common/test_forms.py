import datetime as dt

import pytest
from django import forms

from weltcafe.common.forms import LocalDateTimeField, as_local, in_zone
from weltcafe.events.forms import EventForm

pytestmark = pytest.mark.unit


def test_in_zone_attaches_the_event_zone_not_the_servers():
    assert in_zone(dt.datetime(2026, 7, 1, 10, 0), "America/New_York").isoformat() == "2026-07-01T10:00:00-04:00"


def test_in_zone_refuses_the_missing_hour_of_the_spring_change():
    with pytest.raises(forms.ValidationError):
        in_zone(dt.datetime(2026, 3, 29, 2, 30), "Europe/Berlin")


def test_as_local_round_trips():
    aware = in_zone(dt.datetime(2026, 10, 1, 9, 15), "Europe/Berlin")

    assert as_local(aware, "Europe/Berlin") == dt.datetime(2026, 10, 1, 9, 15)


@pytest.mark.parametrize("typed", ["31.12.9999 23:00", "01.01.0001 00:10"])
def test_event_form_refuses_a_year_no_page_could_show(typed):
    form = EventForm(data={"title": "Treffen", "starts_at": typed, "ends_at": typed, "time_zone": "Europe/Berlin"})

    assert "Bitte ein Jahr von 1900 bis 2999 angeben." in form.errors["starts_at"]


@pytest.mark.unit
@pytest.mark.parametrize(("typed", "expected"), [
    ("2026-09-21T10:00", dt.datetime(2026, 9, 21, 10, 0)),
    ("2026-09-21 10:00", dt.datetime(2026, 9, 21, 10, 0)),
    (" 21.09.2026 10:00 ", dt.datetime(2026, 9, 21, 10, 0)),
    (dt.datetime(2026, 9, 21, 10, 0, tzinfo=dt.UTC), dt.datetime(2026, 9, 21, 10, 0)),
    ("", None),
])
def test_local_date_time_field_reads_wall_clock_times(typed, expected):
    assert LocalDateTimeField(required=False).to_python(typed) == expected


@pytest.mark.unit
def test_local_date_time_field_refuses_what_is_no_time_with_an_example():
    with pytest.raises(forms.ValidationError, match=r"z\. B\. 24\.09\.2022 10:00"):
        LocalDateTimeField().to_python("nächsten Dienstag")


@pytest.mark.unit
def test_in_zone_and_as_local_pass_nothing_through():
    assert (in_zone(None, "Europe/Berlin"), as_local(None, "Europe/Berlin")) == (None, None)
