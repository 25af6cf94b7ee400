"""The organiser page "Druckunterlagen" and its downloads, through the real URLconf and permissions."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import UserFactory
from weltcafe.cafe.services import seating
from weltcafe.documents.print_kit.views import base_url_for

pytestmark = pytest.mark.integration


@pytest.fixture
def demo_cafe(demo_cafe, settings, organiser):
    """The shared demo café (tests/conftest.py), organised by `organiser`, with a public address for the QR codes."""
    settings.WELTCAFE_BASE_URL = "https://cafe.example.org"
    demo_cafe.event.organisers.add(organiser)
    return demo_cafe


def _page(slug: str) -> str:
    return reverse("orga:print_kit", kwargs={"slug": slug})


def _download(slug: str, download: str, badges: str = "a6", language: str = "de") -> str:
    url = reverse("orga:print_kit_download", kwargs={"slug": slug})
    return f"{url}?download={download}&badges={badges}&language={language}"


def test_print_page_offers_every_document_and_says_the_plan_is_not_locked(organiser_client, demo_cafe):
    response = organiser_client.get(_page(demo_cafe.event.slug))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Druckunterlagen</h1>" in html
    for value in ("kit", "kit-zip", "run_sheet", "signs", "host_sheets", "badges"):
        assert f'name="download" value="{value}"' in html
    assert 'value="a4"' in html
    assert 'value="en"' in html
    assert 'data-state="unlocked"' in html
    assert "https://cafe.example.org" in html


def test_print_page_after_locking_has_no_warning(organiser_client, demo_cafe):
    seating.lock_plan(cafe=demo_cafe)

    html = organiser_client.get(_page(demo_cafe.event.slug)).content.decode()

    assert "data-state=" not in html
    assert "Sitzplan festgeschrieben" in html


def test_print_page_without_plan_explains_and_only_signs_can_be_printed(organiser_client, demo_cafe):
    seating.discard_plan(cafe=demo_cafe)

    html = organiser_client.get(_page(demo_cafe.event.slug)).content.decode()

    assert 'data-state="no-plan"' in html
    buttons = dict(re.findall(r'name="download" value="([\w-]+)"([^>]*)>', html))
    assert {name for name, attributes in buttons.items() if "disabled" not in attributes} == {"signs"}


def test_download_whole_kit_as_pdf_with_a_file_name(organiser_client, demo_cafe):
    response = organiser_client.get(_download(demo_cafe.event.slug, "kit", badges="a4"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (f'attachment; filename="druckunterlagen-{demo_cafe.event.slug}.pdf"')
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2 + 6 + 3 + 10  # run sheet, signs, host sheets, A4 badge sheets
    assert "Markus Keller" in " ".join(page.extract_text() for page in reader.pages[-10:])


def test_download_single_document_and_zip(organiser_client, demo_cafe):
    slug = demo_cafe.event.slug

    badges = organiser_client.get(_download(slug, "badges"))
    archive = organiser_client.get(_download(slug, "kit-zip", language="en"))

    assert badges["Content-Type"] == "application/pdf"
    assert badges["Content-Disposition"] == f'attachment; filename="namensschilder-{slug}.pdf"'
    assert len(PdfReader(io.BytesIO(badges.content)).pages) == 40
    assert archive["Content-Type"] == "application/zip"
    assert archive["Content-Disposition"].endswith(f'-{slug}.zip"')
    assert len(zipfile.ZipFile(io.BytesIO(archive.content)).namelist()) == 4


def test_download_without_plan_redirects_with_the_reason(organiser_client, demo_cafe):
    seating.discard_plan(cafe=demo_cafe)

    response = organiser_client.get(_download(demo_cafe.event.slug, "badges"), follow=True)

    assert response.redirect_chain == [(_page(demo_cafe.event.slug), 302)]
    assert "noch keinen Sitzplan" in response.content.decode()


def test_download_with_unknown_choice_redirects_with_a_message(organiser_client, demo_cafe):
    response = organiser_client.get(_download(demo_cafe.event.slug, "everything"), follow=True)

    assert response.redirect_chain == [(_page(demo_cafe.event.slug), 302)]
    assert "Bitte wählen Sie ein Dokument" in response.content.decode()


@pytest.mark.parametrize("view", ["page", "download"])
def test_print_kit_permissions(client, demo_cafe, other_organiser, view):
    slug = demo_cafe.event.slug
    url = _page(slug) if view == "page" else _download(slug, "signs")

    anonymous = client.get(url)
    client.force_login(UserFactory(username="no-organiser"))
    not_an_organiser = client.get(url)
    client.force_login(other_organiser)
    other = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert not_an_organiser.status_code == 403
    assert other.status_code == 404


def test_event_without_cafe_is_sent_to_the_cafe_set_up(organiser_client, event):
    response = organiser_client.get(_page(event.slug))

    assert response.status_code == 302
    assert response["Location"] == reverse("orga:cafe", kwargs={"slug": event.slug})


def test_qr_base_is_the_configured_address_or_the_one_the_organiser_reached(settings):
    factory = RequestFactory()
    settings.ALLOWED_HOSTS = ["192.168.1.20", "127.0.0.1", "cafe.example.org"]
    settings.WELTCAFE_BASE_URL = "https://cafe.example.org"
    assert base_url_for(factory.get("/", HTTP_HOST="192.168.1.20:8000")) == "https://cafe.example.org"

    settings.WELTCAFE_BASE_URL = "http://127.0.0.1:8000"
    assert base_url_for(factory.get("/", HTTP_HOST="192.168.1.20:8000")) == "http://192.168.1.20:8000"
    assert base_url_for(factory.get("/", HTTP_HOST="127.0.0.1:8000")) == "http://127.0.0.1:8000"


def test_links_phones_cannot_reach_are_refused_with_the_reason(organiser_client, demo_cafe, settings):
    # `make demo` on the laptop, opened there: the QR codes would point every phone in the room to itself.
    settings.WELTCAFE_BASE_URL = "http://127.0.0.1:8942"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    slug = demo_cafe.event.slug

    page = organiser_client.get(_page(slug), HTTP_HOST="127.0.0.1:8942").content.decode()
    refused = organiser_client.get(_download(slug, "badges"), HTTP_HOST="127.0.0.1:8942", follow=True)

    assert 'data-state="loopback"' in page
    assert "--host 0.0.0.0" in page
    buttons = re.findall(r"<button type=\"submit\" name=\"download\"[^>]*>", page)
    assert buttons
    assert all("disabled" in button for button in buttons)
    assert refused.redirect_chain == [(_page(slug), 302)]
    assert refused.get("Content-Disposition") is None
    assert "Nicht gedruckt" in refused.content.decode()
    assert "http://127.0.0.1:8942" in refused.content.decode()


def test_printed_qr_codes_follow_the_address_the_server_was_started_with(organiser_client, demo_cafe, settings):
    from tests.documents.test_print_kit import _codes

    # What `weltcafe demo --host 0.0.0.0 --port 8942` sets (config/serving_address.py) on a laptop in the Wi-Fi.
    settings.WELTCAFE_BASE_URL = "http://192.168.1.20:8942"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "192.168.1.20"]

    response = organiser_client.get(_download(demo_cafe.event.slug, "signs"), HTTP_HOST="127.0.0.1:8942")

    assert response.status_code == 200
    codes = [text for page in _codes(response.content, [0]).values() for text, _x, _y in page]
    assert codes
    assert all(text.startswith("http://192.168.1.20:8942/") for text in codes)


def test_people_added_after_the_plan_are_named_before_printing(organiser_client, demo_cafe):
    from tests.factories import ParticipantFactory

    seating.lock_plan(cafe=demo_cafe)
    ParticipantFactory(event=demo_cafe.event, name="Nachzüglerin Nora")

    page = organiser_client.get(_page(demo_cafe.event.slug)).content.decode()
    plan = organiser_client.get(reverse("orga:plan", kwargs={"slug": demo_cafe.event.slug})).content.decode()

    assert 'data-state="without-seat"' in page
    assert "Nachzüglerin Nora" in page
    assert "Nachzüglerin Nora" in plan
    assert "Restliche Runden für die Anwesenden neu setzen" in plan  # the plan is locked: the way on the day
