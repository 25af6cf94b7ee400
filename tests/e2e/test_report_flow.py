"""The report after the meeting: the organiser generates it from the harvested demo café, edits the introduction,
publishes it; then a visitor without a login reads it, with its charts, and downloads the PDF.

Screenshots land in .test-artifacts/report/flow-*.png.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, TIMEOUT_MS, log_in
from weltcafe.cafe.models import Cafe, Theme
from weltcafe.cafe.services import harvest as runs
from weltcafe.cafe.services import voting
from weltcafe.demo.loading import add_demo_ideas, load_demo
from weltcafe.documents.models import Report

pytestmark = pytest.mark.e2e

INTRO = "Vierzig Menschen aus sechzehn Ländern haben an drei Tischen über die Industrie von morgen gesprochen."


def _harvested_demo():
    demo = load_demo()
    cafe = Cafe.objects.get(event__slug=demo.event_slug)
    add_demo_ideas(cafe)
    runs.run_harvest(cafe=cafe)
    topic = cafe.topics.get(title="Fachkräfte")
    theme = Theme.objects.filter(topic=topic, hidden=False).order_by("position", "id").first()
    ballot = voting.open_ballot(topic=topic, dots_per_person=3)
    for person in cafe.event.participants.filter(hosted_tables__isnull=True).order_by("pk")[:3]:
        voting.set_dots(cafe=cafe, participant=person, ballot_id=ballot.pk, option_id=theme.pk, count=2)
    return demo


def test_generate_edit_publish_and_read_the_report(
    page, browser, live_server, transactional_db, screenshot_dir, tmp_path, monkeypatch, settings
):
    # Arrange: the demo café played through, harvested (lexical, no model) and voted on.
    monkeypatch.setenv("WELTCAFE_DATA_DIR", str(tmp_path))
    settings.DATA_DIR = tmp_path
    settings.WELTCAFE_HARVEST_EMBEDDING = "lexical"
    cache.clear()
    with ThreadPoolExecutor(max_workers=1) as worker:  # the harvest announces through async_to_sync, which
        demo = worker.submit(_harvested_demo).result()  # refuses to run beside Playwright's event loop
    public_url = f"{live_server.url}/e/{demo.event_slug}/bericht/"
    shots = screenshot_dir.parent / "report"
    shots.mkdir(parents=True, exist_ok=True)

    def shoot(name: str, on=page) -> None:
        on.screenshot(path=shots / f"flow-{name}.png", full_page=True)

    # Act 1: the organiser generates the report.
    page.goto(f"{live_server.url}/accounts/login/")
    log_in(page, demo.username, demo.password)
    page.goto(f"{live_server.url}/orga/events/{demo.event_slug}/report/")
    page.get_by_role("button", name="Bericht aus der Veranstaltung erzeugen").click()
    expect(page.locator(".messages")).to_contain_text("Der Bericht wurde aus der Veranstaltung erzeugt.")
    expect(page.locator(".status")).to_have_text("Entwurf")
    shoot("01-generated")

    # Act 2: they write their own introduction and save.
    page.get_by_label("Einleitung").fill(INTRO)
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".messages")).to_contain_text("Der Bericht wurde gespeichert.")
    expect(page.get_by_label("Einleitung")).to_have_value(INTRO)
    expect(page.get_by_text("Von Ihnen bearbeitet – Vorschlag aus der Veranstaltung ansehen")).to_be_visible()

    # A visitor cannot read the draft.
    visitor = browser.new_context(viewport=DESKTOP, locale="de-DE", timezone_id="Europe/Berlin")
    visitor.set_default_timeout(TIMEOUT_MS)
    reader = visitor.new_page()
    assert reader.goto(public_url).status == 404

    # Act 3: the preview, then publish.
    page.get_by_role("link", name="Vorschau").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bericht:")
    expect(page.locator(".report-intro")).to_contain_text(INTRO)
    page.get_by_role("link", name="Zurück zum Bearbeiten").click()
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.locator(".messages")).to_contain_text("Der Bericht ist veröffentlicht.")
    expect(page.locator(".status")).to_have_text("Veröffentlicht")
    shoot("02-published")

    # Assert: a fresh anonymous browser reads the report with the edited intro and the charts.
    response = reader.goto(public_url)
    assert response.status == 200
    expect(reader.locator(".report-intro")).to_have_text(INTRO)
    chart = reader.get_by_role("img", name="Ideen je Thema")
    expect(chart).to_be_visible()
    expect(reader.get_by_role("img", name="Punkte je Themencluster")).to_be_visible()
    expect(reader.get_by_role("img", name="Teilnehmende nach Bundesland")).to_be_visible()
    expect(reader.locator("#chart-ideas-per-topic .chart-bar")).to_have_count(3)
    chart.screenshot(path=shots / "flow-04-chart.png")
    shoot("03-public", on=reader)
    with reader.expect_download() as download:
        reader.get_by_role("link", name="PDF · Deutsch").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    assert download.value.suggested_filename == f"bericht-{demo.event_slug}-de.pdf"
    visitor.close()
    assert Report.objects.get().is_published
