"""The import through the organiser area: file, columns confirmed (and remembered), preview, then the good rows —
new people added, registered ones updated by e-mail, refused rows left for fixing and downloadable."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.events.import_files import csv_bytes, xlsx_bytes
from tests.factories import OrganiserFactory, ParticipantFactory
from weltcafe.events.models import ImportColumnChoice, Organisation, Participant

pytestmark = pytest.mark.integration

# As a registration tool exports it: first and last name apart, the job title as "Funktion", a late addition.
REGISTRATION = (
    "Vorname;Nachname;E-Mail;Firma;Funktion;Bundesland;Art der Organisation\r\n"
    "Petra;Lange;p.lange@example.org;Lange Stahlbau GmbH;Geschäftsführerin;Sachsen;Unternehmen\r\n"
    "Jonas;Frei;j.frei@example.org;IHK Chemnitz;Referent Fachkräftesicherung;Sachsen;IHK\r\n"
    "Mira;Öztürk;m.oeztuerk@example.org;Stadt Zwickau;Referentin;Sachsen;Verwaltung\r\n"
    "Kai;Ohne Mail;;Start-up Hub;Gründer;Sachsen;Start-up\r\n"
    "Lea;Raum;l.raum@example.org;Orbit AG;Leitung;Mond;Raumschiff\r\n"
).encode()


def _url(event, name: str) -> str:
    return reverse(f"orga:{name}", kwargs={"slug": event.slug})


def _upload(client, event, content: bytes, name: str = "liste.csv", encoding: str = "utf-8"):
    return client.post(
        _url(event, "participant_import"), {"file": SimpleUploadedFile(name, content), "encoding": encoding}
    )


def _map(client, event, uploaded, **choices: str):
    """Confirm the columns as guessed, with `choices` (heading → field) changed."""
    form = uploaded.context["mapping_form"]
    data = {"digest": form.initial["digest"]}
    for index, title in enumerate(form.header):
        data[f"column_{index}"] = choices.get(title, form.fields[f"column_{index}"].initial)
    return client.post(_url(event, "participant_import_map"), data)


def _confirm(client, event, digest: str):
    return client.post(_url(event, "participant_import_confirm"), {"digest": digest})


def _import(client, event, content: bytes, name: str = "liste.csv", **choices: str):
    preview = _map(client, event, _upload(client, event, content, name), **choices)
    return preview, _confirm(client, event, preview.context["confirm_form"].initial["digest"])


def test_columns_are_guessed_then_confirmed_and_nothing_is_written_before_the_import(organiser_client, event):
    uploaded = _upload(organiser_client, event, csv_bytes())

    form = uploaded.context["mapping_form"]
    assert [form.fields[f"column_{i}"].initial for i in range(len(form.header))] == [
        "name", "email", "organisation", "organisation_type", "region", "sector", "role", "interests", "language",
    ]
    preview = _map(organiser_client, event, uploaded)
    assert len(preview.context["preview"].new_rows) == 3
    assert Participant.objects.filter(event=event).count() == 0

    response = _confirm(organiser_client, event, preview.context["confirm_form"].initial["digest"])

    assert response.status_code == 302
    assert sorted(Participant.objects.filter(event=event).values_list("name", flat=True)) == [
        "Ayla Kaya",
        "Jürgen Weiß",
        "Tom Becker",
    ]
    assert Organisation.objects.filter(event=event).count() == 3


def test_clean_xlsx_imports(organiser_client, event):
    content = xlsx_bytes([["Name", "E-Mail", "Organisation"], ["Ada", "ada@example.org", "Firma"]])

    _import(organiser_client, event, content, name="liste.xlsx")

    assert list(Participant.objects.filter(event=event).values_list("name", flat=True)) == ["Ada"]


def test_a_registration_export_imports_its_good_rows_keeps_job_titles_and_lists_the_bad_ones(organiser_client, event):
    preview, response = _import(organiser_client, event, REGISTRATION)

    rows = {row.line: row for row in preview.context["preview"].rows}
    assert rows[5].errors[0].startswith("E-Mail fehlt")
    assert rows[6].errors[0].startswith("Unbekanntes Bundesland „Mond“. Erlaubt: Baden-Württemberg, Bayern")
    assert rows[6].errors[1].startswith("Unbekannte Organisationsart „Raumschiff“. Erlaubt: Kammer (IHK, HWK)")
    people = {p.email: p for p in Participant.objects.filter(event=event).select_related("organisation")}
    # "Funktion" is the job title; "Referentin" does not make anyone a speaker.
    assert sorted((p.email, p.job_title, p.role) for p in people.values()) == [
        ("j.frei@example.org", "Referent Fachkräftesicherung", "participant"),
        ("m.oeztuerk@example.org", "Referentin", "participant"),
        ("p.lange@example.org", "Geschäftsführerin", "participant"),
    ]
    assert people["m.oeztuerk@example.org"].organisation.kind == "ministry"  # "Verwaltung"
    assert response.status_code == 302
    page = organiser_client.get(response["Location"]).content.decode()
    assert "2 Zeilen der letzten Datei wurden nicht importiert." in page

    refused = organiser_client.get(_url(event, "participant_import_refused"))

    lines = list(csv.reader(io.StringIO(refused.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Fehler", "Vorname", "Nachname"]
    assert [(line[1], line[0][:12]) for line in lines[1:]] == [("Kai", "E-Mail fehlt"), ("Lea", "Unbekanntes ")]


def test_an_updated_list_adds_late_registrations_and_updates_people_by_email(organiser_client, event):
    _import(organiser_client, event, REGISTRATION)
    lange = Participant.objects.get(event=event, email="p.lange@example.org")
    updated = (
        REGISTRATION.decode()
        .replace("Lange Stahlbau GmbH;Geschäftsführerin", "Lange Stahlbau GmbH;Geschäftsführende Gesellschafterin")
        .replace(";Referentin;Sachsen;Verwaltung", ";;;")  # empty cells change nothing
        + "Nils;Spät;n.spaet@example.org;Spät & Söhne;Inhaber;Bayern;Unternehmen\r\n"
    ).encode()

    preview, _ = _import(organiser_client, event, updated)

    shown = preview.context["preview"]
    assert [row.email for row in shown.new_rows] == ["n.spaet@example.org"]
    assert [(row.email, [(c.field, c.old, c.new) for c in row.changes]) for row in shown.update_rows] == [
        ("p.lange@example.org", [("job_title", "Geschäftsführerin", "Geschäftsführende Gesellschafterin")])
    ]
    assert {row.email for row in shown.same_rows} == {"j.frei@example.org", "m.oeztuerk@example.org"}
    assert "Geschäftsführerin" in preview.content.decode()  # the old value is shown beside the new one
    assert Participant.objects.filter(event=event).count() == 4
    lange.refresh_from_db()
    assert (lange.job_title, lange.access_token) == ("Geschäftsführende Gesellschafterin", lange.access_token)
    oeztuerk = Participant.objects.get(event=event, email="m.oeztuerk@example.org")
    assert (oeztuerk.job_title, oeztuerk.organisation.kind) == ("Referentin", "ministry")


def test_the_same_list_again_changes_nothing_and_offers_no_import(organiser_client, event):
    _import(organiser_client, event, csv_bytes())

    preview = _map(organiser_client, event, _upload(organiser_client, event, csv_bytes()))

    assert len(preview.context["preview"].same_rows) == 3
    assert not preview.context["preview"].can_import
    assert "anlegen," not in preview.content.decode()
    assert Participant.objects.filter(event=event).count() == 3


def test_column_choices_are_remembered_for_the_organiser_and_only_for_them(organiser_client, event):
    content = b"Name;E-Mail;Abteilung\r\nAda;ada@example.org;Vertrieb\r\n"
    _map(organiser_client, event, _upload(organiser_client, event, content), Abteilung="job_title")

    again = _upload(organiser_client, event, content).context["mapping_form"]
    other = OrganiserFactory(username="zweite")
    event.organisers.add(other)
    second = Client()
    second.force_login(other)
    theirs = _upload(second, event, content).context["mapping_form"]

    assert again.fields["column_2"].initial == "job_title"
    assert theirs.fields["column_2"].initial == ""
    assert ImportColumnChoice.objects.filter(heading="abteilung").count() == 1


def test_a_field_chosen_for_two_columns_is_refused_with_both_names(organiser_client, event):
    content = b"Name;E-Mail;Mail privat\r\nAda;ada@example.org;ada@home.example\r\n"

    response = _map(organiser_client, event, _upload(organiser_client, event, content), **{"Mail privat": "email"})

    assert "„E-Mail“ ist zwei Spalten zugeordnet: „E-Mail“ und „Mail privat“" in response.content.decode()
    assert "preview" not in response.context
    assert Participant.objects.count() == 0


def test_a_file_without_a_name_column_is_refused_at_the_columns(organiser_client, event):
    content = csv_bytes(header="Organisation;Bundesland", rows=["IHK;Sachsen"])

    response = _map(organiser_client, event, _upload(organiser_client, event, content))

    assert "Es fehlen Pflichtspalten" in response.content.decode()
    assert Participant.objects.count() == 0


def test_a_wrongly_encoded_file_is_refused_at_the_upload(organiser_client, event):
    response = _upload(organiser_client, event, csv_bytes(encoding="cp1252"))

    assert "nicht UTF-8-kodiert" in response.content.decode()
    assert "mapping_form" not in response.context


def test_confirm_after_someone_changed_the_person_writes_nothing(organiser_client, event):
    ParticipantFactory(event=event, email="a.kaya@example.org", name="Ayla Kaya", job_title="")
    rows = ["Ayla Kaya;a.kaya@example.org;Leiterin", "Neu;neu@example.org;"]
    updated = csv_bytes(header="Name;E-Mail;Funktion", rows=rows)
    preview = _map(organiser_client, event, _upload(organiser_client, event, updated))
    Participant.objects.filter(email="a.kaya@example.org").update(job_title="Referentin")  # meanwhile, by hand

    response = _confirm(organiser_client, event, preview.context["confirm_form"].initial["digest"])

    assert response.status_code == 200  # the new preview, to be confirmed again
    assert "Seit der Vorschau hat sich die Teilnehmendenliste geändert" in response.content.decode()
    assert [(c.old, c.new) for c in response.context["preview"].update_rows[0].changes] == [("Referentin", "Leiterin")]
    assert list(Participant.objects.filter(event=event).values_list("email", "job_title")) == [
        ("a.kaya@example.org", "Referentin")
    ]


def test_confirm_after_someone_else_added_the_same_email_writes_nothing(organiser_client, event):
    preview = _map(organiser_client, event, _upload(organiser_client, event, csv_bytes()))
    ParticipantFactory(event=event, email="a.kaya@example.org")

    response = _confirm(organiser_client, event, preview.context["confirm_form"].initial["digest"])

    assert response.status_code == 200
    assert list(Participant.objects.filter(event=event).values_list("email", flat=True)) == ["a.kaya@example.org"]


def test_confirm_without_preview_redirects_with_message(organiser_client, event):
    response = _confirm(organiser_client, event, "0" * 64)

    assert response.status_code == 302
    assert Participant.objects.count() == 0


def test_oversized_file_is_refused(organiser_client, event, settings):
    settings.WELTCAFE_IMPORT_MAX_BYTES = 100

    response = _upload(organiser_client, event, csv_bytes())

    assert "zu groß" in response.content.decode()
    assert Participant.objects.count() == 0
