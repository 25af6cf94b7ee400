"""An organiser's first hour: log in, create an event, import the participants, find one, switch to English.

One flow as a person would do it, in Debian's Chromium; a screenshot after each step in .test-artifacts/e2e/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from weltcafe.events.accounts import create_organiser

pytestmark = pytest.mark.e2e

USERNAME = "maren.organisiert"
PASSWORD = "Kaffeetisch-2026!"
EVENT_TITLE = "Fachkräftenetzwerk Thüringen 2026"
# What an organiser gets from a registration tool: semicolons, German headers, UTF-8, umlauts everywhere.
CSV_LINES = [
    "Name;E-Mail;Organisation;Organisationstyp;Bundesland;Branche;Rolle;Interessen;Sprache",
    "Jürgen Weiß;juergen.weiss@example.org;Handwerkskammer Südthüringen;HWK;"
    "Thüringen;Handwerk;Gastgeber;Ausbildung, Fachkräfte;Deutsch",
    "Ayşe Özdemir;ayse.oezdemir@example.org;Grünes Netzwerk Köln e. V.;Netzwerk;"
    "Nordrhein-Westfalen;Umwelt;Teilnehmerin;Klimaschutz;Deutsch",
    "Søren Bäcker;soeren@baeckerei-baecker.example;Bäckerei Bäcker GmbH;Unternehmen;"
    "Bayern;Lebensmittel;Teilnehmer;Nachfolge;Englisch",
    "Marie-Luise Groß;m.gross@smwa.example;Sächsisches Staatsministerium für Wirtschaft;Ministerium;"
    "Sachsen;Verwaltung;Referentin;Förderung;Deutsch",
    "Zoë Brandt;zoe.brandt@uni-greifswald.example;Universität Greifswald;Hochschule;"
    "Mecklenburg-Vorpommern;Forschung;Presse;Transfer;English",
]
# The registration tool's export a week later (job titles under "Funktion", as such tools name them).
EXPORT_LINES = [
    "Vorname;Nachname;E-Mail;Firma;Funktion;Bundesland;Art der Organisation",
    "Jürgen;Weiß;juergen.weiss@example.org;Handwerkskammer Südthüringen;Kammerpräsident;Thüringen;HWK",
    "Ayşe;Özdemir;ayse.oezdemir@example.org;Grünes Netzwerk Köln e. V.;;Nordrhein-Westfalen;Netzwerk",
    "Tarek;Spät;t.spaet@example.org;Spät Logistik GmbH;Geschäftsführer;Sachsen;Unternehmen",
    "Ole;Ohnemail;;Ole & Co.;Inhaber;Bayern;Unternehmen",
    "Nina;Neu;n.neu@example.org;Gründerzentrum;Leiterin;Sachsen;Start-up-Inkubator",
]
# The list sorts by name; none of these starts with an umlaut, so the order does not depend on the collation.
NAMES_BY_NAME = ["Ayşe Özdemir", "Jürgen Weiß", "Marie-Luise Groß", "Søren Bäcker", "Zoë Brandt"]


def test_organiser_flow_from_login_to_english_participant_list(
    page, open_phone_page, live_server, transactional_db, tmp_path, screenshot_dir
):
    # Arrange: an organiser account, made the way the CLI makes it, and the list the organiser got by e-mail.
    create_organiser(username=USERNAME, email="maren@example.org", password=PASSWORD)
    csv_file = tmp_path / "teilnehmende.csv"
    csv_file.write_text("\n".join(CSV_LINES) + "\n", encoding="utf-8")

    def shoot(name: str) -> None:
        page.screenshot(path=screenshot_dir / f"{name}.png", full_page=True)

    # The organiser area sends a stranger to the German login page (the browser itself prefers English).
    page.goto(f"{live_server.url}/orga/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/orga/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
    page.get_by_label("Benutzername").fill(USERNAME)
    page.get_by_label("Passwort").fill(PASSWORD)
    shoot("01-login")
    page.get_by_label("Passwort").press("Enter")  # keyboard users submit with Enter

    expect(page).to_have_url(f"{live_server.url}/orga/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meine Veranstaltungen")
    shoot("02-events")

    # A new event.
    page.get_by_role("link", name="Neue Veranstaltung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neue Veranstaltung")
    page.get_by_label("Titel").fill(EVENT_TITLE)
    page.get_by_label("Beginn").fill("2026-03-12T10:00")
    page.get_by_label("Ende").fill("2026-03-12T16:30")
    page.get_by_label("Ort").fill("Kulturhaus Weimar, Großer Saal")
    page.get_by_label("Hashtag").fill("#FachkräfteTH")
    shoot("03-event-form")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT_TITLE)
    expect(page.get_by_role("status")).to_contain_text(EVENT_TITLE)
    expect(page.locator("dl.facts")).to_contain_text("12.03.2026 10:00 – 16:30")
    shoot("04-event-detail")

    # The participant list is empty; import one.
    event_nav = page.get_by_role("navigation", name="Bereiche der Veranstaltung")
    event_nav.get_by_role("link", name="Teilnehmende").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teilnehmende (0)")
    shoot("05-participants-empty")
    page.get_by_role("link", name="Liste importieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teilnehmende importieren")
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(csv_file)
    page.get_by_role("button", name="Weiter: Spalten zuordnen").click()

    # The columns as guessed, each with examples from the file; the organiser confirms them.
    expect(page.get_by_role("heading", level=2).first).to_have_text("Spalten zuordnen: teilnehmende.csv")
    expect(page.get_by_label("Bundesland", exact=True)).to_have_value("region")
    shoot("06-import-columns")
    page.get_by_role("button", name="Vorschau anzeigen").click()

    expect(page.locator(".import-summary")).to_contain_text("5 neu")
    preview = page.locator("table.import-preview tbody tr")
    expect(preview).to_have_count(5)
    expect(preview.filter(has_text="neu")).to_have_count(5)
    shoot("06b-import-preview")
    page.get_by_role("button", name="5 Personen anlegen, 0 aktualisieren").click()

    expect(page.get_by_role("status")).to_contain_text("Import abgeschlossen: 5 neu, 0 aktualisiert.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teilnehmende (5)")
    table = page.locator("#participant-table")
    expect(table.locator("tbody th[scope=row]")).to_have_text(NAMES_BY_NAME)
    shoot("07-participants")

    # Later the registration tool's own export arrives: "Funktion" holds job titles, one row lacks an e-mail,
    # one has values nobody knows, one person changed their job, one registered late. On a 1366 px laptop.
    page.set_viewport_size({"width": 1366, "height": 768})
    export_file = tmp_path / "anmeldungen.csv"
    export_file.write_text("\n".join(EXPORT_LINES) + "\n", encoding="utf-8")
    page.get_by_role("link", name="Liste importieren").click()
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(export_file)
    page.get_by_role("button", name="Weiter: Spalten zuordnen").click()
    expect(page.get_by_label("Funktion", exact=True)).to_have_value("job_title")
    page.get_by_role("button", name="Vorschau anzeigen").click()
    summary = page.locator(".import-summary")
    for part in ("1 neu", "1 werden aktualisiert", "1 schon so gespeichert", "2 mit Fehlern"):
        expect(summary).to_contain_text(part)
    refused = page.locator("tr.row-error").first.locator("td.check")
    expect(refused).to_contain_text("E-Mail fehlt")
    box = refused.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 1366, box  # the reasons beside the row, on screen
    expect(page.locator("tr.row-update")).to_contain_text("Funktion (Berufsbezeichnung): – → Kammerpräsident")
    shoot("07b-import-update-1366")
    page.get_by_role("button", name="1 Person anlegen, 1 aktualisieren").click()
    expect(page.get_by_text("Import abgeschlossen: 1 neu, 1 aktualisiert.")).to_be_visible()
    expect(page.get_by_text("2 Zeilen der letzten Datei wurden nicht importiert.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Fehlerhafte Zeilen mit den Gründen herunterladen (CSV)").click()
    assert download.value.suggested_filename == "anmeldungen-fehler.csv"
    assert "Unbekannte Organisationsart „Start-up-Inkubator“" in Path(download.value.path()).read_text("utf-8-sig")
    page.get_by_role("navigation", name="Bereiche der Veranstaltung").get_by_role("link", name="Teilnehmende").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teilnehmende (6)")
    expect(table).to_contain_text("Kammerpräsident")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Live search: typing filters the table in place (HTMX) and puts the query into the address bar.
    search = page.get_by_role("searchbox", name="Suchen")
    search.press_sequentially("Özdemir", delay=20)
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody th[scope=row]")).to_have_text(["Ayşe Özdemir"])
    expect(page).to_have_url(re.compile(r"/participants/\?q=%C3%96zdemir"))
    shoot("08-search")

    # The same list on a phone, with the same session.
    phone_page = open_phone_page()
    phone_page.goto(page.url.split("?")[0])
    expect(phone_page.locator("#participant-table tbody th[scope=row]")).to_have_count(6)
    phone_page.screenshot(path=screenshot_dir / "09-participants-phone.png", full_page=True)

    # English: the switch in the header leads to the same page under /en/.
    page.get_by_role("button", name="EN", exact=True).click()
    english_list = re.escape(live_server.url) + r"/en/orga/events/[\w-]+/participants/"
    expect(page).to_have_url(re.compile(english_list))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".current-language")).to_have_text("EN")
    expect(page.get_by_role("button", name="DE", exact=True)).to_be_visible()
    with translation.override("en"):
        # "Participants" once locale/en is compiled; until then the German fallback.
        participants_heading = translation.gettext("Teilnehmende")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{participants_heading} (6)")
    shoot("10-english")
