import datetime as dt

import pytest
from django import forms

from weltcafe.common.forms import as_local, in_zone
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
