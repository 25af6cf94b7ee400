"""Reading import files: every case a real organiser's file can fail in, with a clear message."""

import pytest

from tests.events.import_files import HEADER_DE, ROWS_DE, csv_bytes, xlsx_bytes
from weltcafe.events.participant_import import ImportFileError, StoredPerson, guess_mapping, parse_participants

pytestmark = pytest.mark.unit


def test_parse_semicolon_csv_with_german_headers_reads_every_row():
    preview = parse_participants(csv_bytes(), filename="liste.csv")

    assert [row.name for row in preview.rows] == ["Jürgen Weiß", "Ayla Kaya", "Tom Becker"]
    assert [(row.region, row.organisation_type, row.role, row.language) for row in preview.rows] == [
        ("SN", "company", "participant", "de"),
        ("SN", "chamber", "host", "de"),
        ("BY", "union", "participant", "en"),
    ]
    assert preview.rows[0].interests == ("Energie", "Fachkräfte")
    assert preview.is_clean


def test_parse_comma_csv_with_english_headers_and_bom():
    content = "\ufeffFirst name,Last name,Email,Organization,State\nAnna,Schmidt,anna@example.org,Optronik,Thuringia\n"

    preview = parse_participants(content.encode("utf-8"), filename="list.csv")

    assert [(row.name, row.email, row.organisation, row.region) for row in preview.rows] == [
        ("Anna Schmidt", "anna@example.org", "Optronik", "TH")
    ]


def test_parse_windows_1252_file_as_utf8_names_the_line_and_the_fix():
    content = csv_bytes(encoding="cp1252")

    with pytest.raises(ImportFileError, match=r"nicht UTF-8-kodiert.*Zeile 2.*Windows-1252"):
        parse_participants(content, filename="liste.csv", encoding="utf-8")


def test_parse_windows_1252_file_with_that_encoding_chosen_reads_umlauts():
    preview = parse_participants(csv_bytes(encoding="cp1252"), filename="liste.csv", encoding="cp1252")

    assert preview.rows[0].name == "Jürgen Weiß"


def test_parse_utf16_file_is_refused_with_advice():
    with pytest.raises(ImportFileError, match="UTF-16"):
        parse_participants(csv_bytes().decode().encode("utf-16"), filename="liste.csv")


def test_parse_missing_required_columns_lists_them_and_what_was_found():
    content = csv_bytes(header="Organisation;Bundesland", rows=["IHK;Sachsen"])

    with pytest.raises(
        ImportFileError, match=r"Pflichtspalten: Name \(oder Vorname und Nachname\), E-Mail.*Organisation"
    ):
        parse_participants(content, filename="liste.csv")


def test_parse_row_errors_are_reported_per_line_with_the_allowed_values():
    rows = [
        ";leer@example.org;Firma;;;;;;",
        "Bad Mail;kein-at-zeichen;Firma;;;;;;",
        "Ort Unbekannt;ort@example.org;Firma;;Bayernland;;;;",
        "Typ Unbekannt;typ@example.org;Firma;Raumschiff;;;;;",
        "Rolle Unbekannt;rolle@example.org;Firma;;;;Kaiser;;",
        "Sprache Unbekannt;sprache@example.org;Firma;;;;;;Klingonisch",
        "Erste;doppelt@example.org;Firma;;;;;;",
        "Zweite;DOPPELT@example.org;Firma;;;;;;",
        "Ohne Mail;;Firma;;;;;;",
    ]

    preview = parse_participants(csv_bytes(rows=rows), filename="liste.csv")

    errors = {row.line: row.errors for row in preview.rows}
    assert errors[2] == ("Name fehlt.",)
    assert errors[3] == ("Ungültige E-Mail-Adresse „kein-at-zeichen“.",)
    assert errors[4][0].startswith("Unbekanntes Bundesland „Bayernland“. Erlaubt: Baden-Württemberg")
    assert errors[5][0].startswith("Unbekannte Organisationsart „Raumschiff“. Erlaubt: Kammer (IHK, HWK), Unternehmen")
    assert errors[6][0].startswith("Unbekannte Rolle „Kaiser“. Erlaubt: Teilnehmende, Gastgebende (Tisch)")
    assert errors[6][0].endswith("ordnen Sie sie „Funktion“ zu.")
    assert errors[7] == ("Unbekannte Sprache „Klingonisch“ (erlaubt: Deutsch, Englisch).",)
    assert errors[8] == ()
    assert errors[9] == ("Doppelt: doppelt@example.org steht schon in Zeile 8.",)
    assert errors[10][0].startswith("E-Mail fehlt")
    assert (preview.error_count, preview.is_clean, len(preview.new_rows)) == (8, False, 1)


def test_parse_compares_registered_people_by_email_and_lists_only_what_the_file_changes():
    rows = [
        "Jürgen Weiß;J.Weiss@example.org;Gießerei Weiß GmbH;Unternehmen;Sachsen;;;;",
        "Ayla Kaya;a.kaya@example.org;IHK Chemnitz;;;;;;",
    ]
    stored = {
        "j.weiss@example.org": StoredPerson(name="Jürgen Weiss", organisation="Gießerei Weiß GmbH", region="SN"),
        "a.kaya@example.org": StoredPerson(name="Ayla Kaya", organisation="IHK Chemnitz", language="en"),
    }

    preview = parse_participants(csv_bytes(rows=rows), filename="liste.csv", existing=stored)

    weiss, kaya = preview.rows
    assert weiss.status == "update"
    assert [(c.label, c.old, c.new) for c in weiss.changes] == [
        ("Name", "Jürgen Weiss", "Jürgen Weiß"),
        ("Organisationsart", "", "Unternehmen"),
    ]
    assert (kaya.status, kaya.changes) == ("same", ())  # the empty language cell keeps "en"


def test_a_funktion_column_is_the_job_title_not_the_role():
    content = b"Name;E-Mail;Funktion\nPetra Lange;p.lange@example.org;Referentin\n"

    preview = parse_participants(content, filename="liste.csv")

    assert preview.columns == ("name", "email", "job_title")
    assert [(row.job_title, row.role) for row in preview.rows] == [("Referentin", "participant")]


def test_a_remembered_choice_wins_over_the_known_spellings_and_a_field_goes_to_one_column():
    assert guess_mapping(["Name", "Mail", "E-Mail", "Funktion"], {"funktion": ""}) == ("name", "email", "", "")
    assert guess_mapping(["Abteilung"], {"abteilung": "job_title"}) == ("job_title",)


def test_parse_empty_file_and_header_only_file_are_refused():
    with pytest.raises(ImportFileError, match="leer"):
        parse_participants(b"  \n", filename="liste.csv")
    with pytest.raises(ImportFileError, match="keine Personen"):
        parse_participants(csv_bytes(rows=[]), filename="liste.csv")


def test_parse_skips_blank_lines_and_counts_lines_as_in_the_file():
    preview = parse_participants(csv_bytes(rows=[ROWS_DE[0], ";;;;;;;;", ROWS_DE[1]]), filename="liste.csv")

    assert [row.line for row in preview.rows] == [2, 4]


def test_parse_too_many_rows_is_refused():
    rows = [f"Person {i};p{i}@example.org;;;;;;;" for i in range(4)]

    with pytest.raises(ImportFileError, match="Zu viele Zeilen: 4"):
        parse_participants(csv_bytes(rows=rows), filename="liste.csv", max_rows=3)


def test_parse_xlsx_reads_the_first_sheet():
    content = xlsx_bytes([HEADER_DE.split(";"), ROWS_DE[0].split(";"), ["Ohne Mail", None, "Firma"]])

    preview = parse_participants(content, filename="liste.xlsx")

    assert [(row.name, row.email, row.organisation) for row in preview.rows] == [
        ("Jürgen Weiß", "j.weiss@example.org", "Gießerei Weiß GmbH"),
        ("Ohne Mail", "", "Firma"),
    ]


def test_parse_damaged_xlsx_is_refused():
    with pytest.raises(ImportFileError, match="Excel-Datei lässt sich nicht lesen"):
        parse_participants(b"PK\x03\x04 not really a zip", filename="liste.xlsx")


def test_parse_binary_file_is_refused():
    with pytest.raises(ImportFileError):
        parse_participants(b"\x00\x01\x02name;email\n", filename="liste.csv")
