"""The import through the organiser area: preview first, then all rows or none."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.events.import_files import csv_bytes, xlsx_bytes
from tests.factories import ParticipantFactory
from weltcafe.events.models import Organisation, Participant

pytestmark = pytest.mark.integration


def _upload(client, event, content: bytes, name: str = "liste.csv", encoding: str = "utf-8"):
    url = reverse("orga:participant_import", kwargs={"slug": event.slug})
    return client.post(url, {"file": SimpleUploadedFile(name, content), "encoding": encoding})


def _confirm(client, event, digest: str):
    url = reverse("orga:participant_import_confirm", kwargs={"slug": event.slug})
    return client.post(url, {"digest": digest})


def test_clean_csv_previews_without_writing_then_imports_every_row(organiser_client, event):
    preview = _upload(organiser_client, event, csv_bytes())

    assert preview.status_code == 200
    assert "3 Personen sind bereit zum Import." in preview.content.decode()
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

    preview = _upload(organiser_client, event, content, name="liste.xlsx")
    _confirm(organiser_client, event, preview.context["confirm_form"].initial["digest"])

    assert list(Participant.objects.filter(event=event).values_list("name", flat=True)) == ["Ada"]


BROKEN_FILES = {
    "missing columns": (csv_bytes(header="Organisation;Bundesland", rows=["IHK;Sachsen"]), "utf-8"),
    "bad e-mail": (csv_bytes(rows=["Ada;keine-mail;Firma;;;;;;"]), "utf-8"),
    "duplicate": (csv_bytes(rows=["Ada;ada@example.org;;;;;;;", "Ada2;ada@example.org;;;;;;;"]), "utf-8"),
    "unknown region": (csv_bytes(rows=["Ada;ada@example.org;;;Atlantis;;;;"]), "utf-8"),
    "wrong encoding": (csv_bytes(encoding="cp1252"), "utf-8"),
    "comma with one bad row": (b"Name,E-Mail\nAda,ada@example.org\n,nobody@example.org\n", "utf-8"),
}


@pytest.mark.parametrize("case", BROKEN_FILES)
def test_broken_file_shows_errors_and_changes_nothing(organiser_client, event, case):
    content, encoding = BROKEN_FILES[case]
    before = (Participant.objects.count(), Organisation.objects.count())

    response = _upload(organiser_client, event, content, encoding=encoding)

    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "importieren</button>" not in body
    # Even a forged confirmation of a broken file writes nothing.
    stored = organiser_client.session.get(f"participant-import:{event.pk}")
    if stored:
        _confirm(organiser_client, event, stored["digest"])
    assert (Participant.objects.count(), Organisation.objects.count()) == before


def test_confirm_after_someone_else_added_the_same_email_writes_nothing(organiser_client, event):
    preview = _upload(organiser_client, event, csv_bytes())
    ParticipantFactory(event=event, email="a.kaya@example.org")

    response = _confirm(organiser_client, event, preview.context["confirm_form"].initial["digest"])

    assert response.status_code == 302
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
