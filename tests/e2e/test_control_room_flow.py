"""The control room as a facilitator uses it during the café: check-in found by typing, actions that keep the page
and the focus where they were, questions before what cannot be undone, and after the last round the way to the
harvest instead of "Nächste Runde". Real Chromium against the real ASGI server, as in test_live_flow.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, log_in
from weltcafe.cafe.models import Cafe

pytestmark = pytest.mark.e2e


def test_check_in_by_search_and_three_rounds_to_the_harvest(asgi_server, demo, open_screen, screenshot_dir):
    cafe = Cafe.objects.get(event__slug=demo.event_slug)
    person = cafe.event.participants.order_by("sort_name")[7]
    facilitator = open_screen("/accounts/login/", size=DESKTOP)
    page = facilitator.page
    log_in(page, demo.username, demo.password)
    page.goto(f"{asgi_server.url}/orga/events/{demo.event_slug}/live/")
    page.evaluate("() => { window.sameControlRoom = true; }")

    # Moderation comes before the long check-in list.
    order = page.locator("#control > section").evaluate_all("sections => sections.map(s => s.id)")
    assert order.index("moderation") < order.index("attendance")

    # Check-in: "/" jumps to the search, typing narrows the list to the person, one click checks them in.
    page.keyboard.press("/")
    expect(page.get_by_label("Person suchen")).to_be_focused()
    page.keyboard.type(person.name.split()[-1])
    rows = page.locator("#attendance tbody tr:visible")
    expect(rows.filter(has_text=person.name)).to_have_count(1)
    assert rows.count() < cafe.event.participants.count()
    rows.filter(has_text=person.name).get_by_role("button", name="einchecken").click()
    expect(page.locator("#round-bar")).to_contain_text("anwesend 1/40")
    expect(rows.filter(has_text=person.name).get_by_role("button", name="✓ da")).to_be_focused()
    expect(page.get_by_label("Person suchen")).to_have_value(person.name.split()[-1])  # the search stays
    page.screenshot(path=screenshot_dir / "control-01-check-in.png", full_page=True)

    # Three rounds; each step asks first, and the page is the same page throughout.
    page.get_by_role("button", name="Café starten: Runde 1").click()
    expect(page.locator("#round-bar")).to_contain_text("Runde 1 von 3 · läuft")
    for number in (2, 3):
        page.get_by_role("button", name="Nächste Runde").click()
        expect(page.locator("#round-bar")).to_contain_text(f"Runde {number} von 3 · läuft")
    expect(page.get_by_role("button", name="Nächste Runde")).to_have_count(0)  # there is none after round 3
    page.get_by_role("button", name="Runde beenden").click()
    expect(page.locator("#round-bar")).to_contain_text("Runde 3 von 3 · beendet")
    expect(page.get_by_role("link", name="Alle Runden gespielt – zur Ernte")).to_be_visible()
    expect(page.get_by_role("button", name="Nächste Runde starten")).to_have_count(0)
    assert facilitator.dialogs == [
        "Runde 1 jetzt starten? Die Uhr läuft dann auf allen Bildschirmen.",
        "Runde 1 beenden und Runde 2 starten? Das lässt sich nicht rückgängig machen.",
        "Runde 2 beenden und Runde 3 starten? Das lässt sich nicht rückgängig machen.",
        "Runde 3 jetzt beenden? Das lässt sich nicht rückgängig machen.",
    ]
    assert page.evaluate("() => window.sameControlRoom") is True
    page.screenshot(path=screenshot_dir / "control-02-all-played.png")


def test_a_question_answered_no_changes_nothing(asgi_server, demo, open_screen):
    facilitator = open_screen("/accounts/login/", size=DESKTOP)
    page = facilitator.page
    log_in(page, demo.username, demo.password)
    page.goto(f"{asgi_server.url}/orga/events/{demo.event_slug}/live/")
    facilitator.answer = False  # "Abbrechen"
    page.get_by_role("button", name="Café starten: Runde 1").click()

    assert facilitator.dialogs == ["Runde 1 jetzt starten? Die Uhr läuft dann auf allen Bildschirmen."]
    expect(page.locator("#round-bar")).to_contain_text("Das Café hat noch nicht begonnen.")
    expect(page.get_by_role("button", name="Café starten: Runde 1")).to_be_enabled()
    assert Cafe.objects.get(event__slug=demo.event_slug).rounds.filter(started_at__isnull=False).count() == 0
