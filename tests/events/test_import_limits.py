"""Hostile spreadsheets: zip bombs, forged sizes, XML entities, overlong CSV cells are refused quickly, in German."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.events.import_files import HEADER_DE, csv_bytes, xlsx_bytes
from weltcafe.events.models import Participant
from weltcafe.events.participant_import import (
    XLSX_MAX_MEMBERS,
    XLSX_MAX_UNCOMPRESSED_BYTES,
    ImportFileError,
    parse_participants,
)

SHEET = "xl/worksheets/sheet1.xml"
OPEN = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _text_cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'.encode()


HEADER_ROW = b'<row r="1">' + _text_cell("A1", "Name") + _text_cell("B1", "E-Mail") + b"</row>"
BIG = "entpackt zu groß"


def _xlsx_with_sheet(sheet_xml: bytes, *, extra_members: int = 0) -> bytes:
    """A real workbook whose first sheet is replaced by hand-written XML, deflated as hard as zlib can."""
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Name", "E-Mail"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in base.infolist():
            archive.writestr(info.filename, sheet_xml if info.filename == SHEET else base.read(info.filename))
        for number in range(extra_members):
            archive.writestr(f"xl/media/leer{number}.bin", b"")
    return out.getvalue()


def _sheet(rows: bytes, *, before: bytes = b"") -> bytes:
    return OPEN + before + b"<sheetData>" + HEADER_ROW + rows + b"</sheetData></worksheet>"


def test_xlsx_zip_bomb_is_refused_before_openpyxl_inflates_it():
    empty_rows = b"<row><c/><c/><c/><c/><c/><c/><c/><c/></row>" * (XLSX_MAX_UNCOMPRESSED_BYTES // 42 + 1000)
    content = _xlsx_with_sheet(_sheet(empty_rows))
    assert len(content) < 100_000  # the bomb itself is small; what it unpacks to is not

    with pytest.raises(ImportFileError, match=BIG):
        parse_participants(content, filename="liste.xlsx")


def test_xlsx_member_with_an_absurd_compression_ratio_is_refused():
    content = _xlsx_with_sheet(_sheet(b"<row><c/></row>" * 150_000))  # 2 MB of XML in a few KB: under the cap

    with pytest.raises(ImportFileError, match=BIG):
        parse_participants(content, filename="liste.xlsx")


def test_xlsx_with_too_many_members_is_refused():
    content = _xlsx_with_sheet(_sheet(b""), extra_members=XLSX_MAX_MEMBERS)

    with pytest.raises(ImportFileError, match=BIG):
        parse_participants(content, filename="liste.xlsx")


def test_xlsx_row_limit_stops_the_stream():
    rows = [HEADER_DE.split(";")] + [[f"Person {i}", f"p{i}@example.org"] for i in range(10)]

    with pytest.raises(ImportFileError, match="Zu viele Zeilen: mehr als 3"):
        parse_participants(xlsx_bytes(rows), filename="liste.xlsx", max_rows=3)


def test_xlsx_row_gap_to_the_last_excel_row_stops_at_the_blank_row_limit():
    last_row = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'

    with pytest.raises(ImportFileError, match="Zu viele Zeilen"):
        parse_participants(_xlsx_with_sheet(_sheet(last_row)), filename="liste.xlsx")


def test_xlsx_forged_dimension_and_far_right_cells_stop_at_the_cell_limit():
    far_right = b'<row><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>' * 2000
    content = _xlsx_with_sheet(_sheet(far_right, before=b'<dimension ref="A1:XFD1048576"/>'))

    with pytest.raises(ImportFileError, match="zu viele Zellen"):
        parse_participants(content, filename="liste.xlsx")


def test_xlsx_forged_dimension_does_not_pad_a_real_list():
    rows = b'<row r="2">' + _text_cell("A2", "Ada") + _text_cell("B2", "ada@example.org") + b"</row>"
    content = _xlsx_with_sheet(_sheet(rows, before=b'<dimension ref="A1:XFD1048576"/>'))

    preview = parse_participants(content, filename="liste.xlsx")

    assert [(row.name, row.email) for row in preview.rows] == [("Ada", "ada@example.org")]


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_xlsx_with_xml_entities_is_refused():
    laughs = b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    sheet = OPEN.replace(b"<worksheet", laughs + b"<worksheet") + b"<sheetData>" + HEADER_ROW
    sheet += b'<row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'

    with pytest.raises(ImportFileError, match="lässt sich nicht lesen"):
        parse_participants(_xlsx_with_sheet(sheet), filename="liste.xlsx")


def test_xlsx_list_of_the_row_limit_with_nine_columns_is_accepted():
    values = ["Gießerei Weiß GmbH & Co. KG", "Unternehmen", "Sachsen", "Gießerei", "Teilnehmer", "Energie", "de"]
    rows = b"".join(
        b"<row>"
        + b"".join(_text_cell(f"{column}{n + 2}", text) for column, text in zip("ABCDEFGHI", cells, strict=True))
        + b"</row>"
        for n, cells in ((n, [f"Person {n}", f"person{n}@example.org", *values]) for n in range(5000))
    )

    preview = parse_participants(_xlsx_with_sheet(_sheet(rows)), filename="liste.xlsx", max_rows=5000)

    assert (len(preview.rows), preview.error_count) == (5000, 0)


def test_csv_cell_over_the_field_limit_is_a_clear_error():
    content = csv_bytes(rows=["Ada;ada@example.org;" + "x" * 131_073 + ";;;;;;"])

    with pytest.raises(ImportFileError, match="Zeile 2 lässt sich nicht lesen"):
        parse_participants(content, filename="liste.csv")


def test_csv_quote_without_its_partner_is_a_clear_error():
    rows = ['Ada;ada@example.org;"Firma;;;;;;'] + [f"P{i};p{i}@example.org;{'y' * 200};;;;;;" for i in range(700)]

    with pytest.raises(ImportFileError, match="Anführungszeichen"):
        parse_participants(csv_bytes(rows=rows), filename="liste.csv")


@pytest.mark.integration
def test_import_page_refuses_an_xlsx_bomb_and_writes_nothing(organiser_client, event):
    empty_rows = b"<row><c/><c/><c/><c/><c/><c/><c/><c/></row>" * (XLSX_MAX_UNCOMPRESSED_BYTES // 42 + 1000)
    upload = SimpleUploadedFile("liste.xlsx", _xlsx_with_sheet(_sheet(empty_rows)))

    response = organiser_client.post(
        reverse("orga:participant_import", kwargs={"slug": event.slug}), {"file": upload, "encoding": "utf-8"}
    )

    assert response.status_code == 200
    assert BIG in response.content.decode()
    assert Participant.objects.filter(event=event).count() == 0


@pytest.mark.integration
def test_import_page_turns_an_overlong_csv_cell_into_a_message(organiser_client, event):
    upload = SimpleUploadedFile("liste.csv", csv_bytes(rows=["Ada;ada@example.org;" + "x" * 200_000 + ";;;;;;"]))

    response = organiser_client.post(
        reverse("orga:participant_import", kwargs={"slug": event.slug}), {"file": upload, "encoding": "utf-8"}
    )

    assert response.status_code == 200
    assert "Zeile 2 lässt sich nicht lesen" in response.content.decode()
    assert Participant.objects.filter(event=event).count() == 0
