"""Planning the demo café as an organiser would: compute the plan, swap two people by clicking, lock it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from weltcafe.cafe.models import Cafe, Seat
from weltcafe.demo.loading import load_demo

pytestmark = pytest.mark.e2e


def test_plan_the_demo_cafe_swap_two_people_and_lock(
    page, live_server, transactional_db, screenshot_dir, tmp_path, monkeypatch
):
    # Arrange: the demo meeting with its organiser (the demo keeps its password in the data folder).
    monkeypatch.setenv("WELTCAFE_DATA_DIR", str(tmp_path))
    demo = load_demo()
    cafe = Cafe.objects.get(event__slug=demo.event_slug)

    def shoot(name: str) -> None:
        page.screenshot(path=screenshot_dir / f"plan-{name}.png", full_page=True)

    page.goto(f"{live_server.url}/accounts/login/")
    log_in(page, demo.username, demo.password)
    page.goto(f"{live_server.url}/orga/events/{demo.event_slug}/cafe/")
    page.get_by_role("link", name="Sitzplan").click()

    # Act 1: compute the plan anew with another seed; the button shows progress while the server works.
    page.get_by_label("Startwert (Seed)").fill("5")
    page.get_by_label("Rechenzeit höchstens (Sekunden)").fill("1")
    page.get_by_role("button", name="Neu berechnen").click()
    expect(page.get_by_role("status").filter(has_text="Sitzplan berechnet")).to_be_visible()
    expect(page.get_by_role("heading", name="Wer sitzt wo")).to_be_visible()
    # Coloured by Bundesland: a name's mark has its legend's colour (a broader rule once made every mark grey).
    page.get_by_role("link", name="Bundesland").click()
    person = page.locator("button.person.c0").first
    swatch = page.locator(".legend .swatch.c0").first
    colour = swatch.evaluate("node => getComputedStyle(node).backgroundColor")
    assert person.evaluate("node => getComputedStyle(node).borderLeftColor") == colour
    shoot("01-computed")

    # Act 2: click two non-hosts of round 2 at different tables.
    round_two = page.locator(".plan-round").nth(1)
    first = round_two.locator(".plan-table").nth(0).locator("button.person:not([disabled])").first
    second = round_two.locator(".plan-table").nth(2).locator("button.person:not([disabled])").first
    first_name, second_name = first.inner_text(), second.inner_text()
    first.click()
    expect(first).to_have_attribute("aria-pressed", "true")
    second.click()
    expect(page.get_by_role("status").filter(has_text="Getauscht")).to_be_visible()
    round_two = page.locator(".plan-round").nth(1)
    expect(round_two.locator(".plan-table").nth(0)).to_contain_text(second_name)
    expect(round_two.locator(".plan-table").nth(2)).to_contain_text(first_name)
    shoot("02-swapped")

    # Act 3: lock it; now nothing can be swapped.
    page.get_by_role("button", name="Plan festschreiben").click()
    expect(page.get_by_text("festgeschrieben", exact=True)).to_be_visible()
    expect(page.locator("button.person:not([disabled])")).to_have_count(0)
    expect(page.get_by_text("Der Plan ist festgeschrieben: Tauschen geht erst wieder")).to_be_visible()
    expect(page.get_by_text("Zum Tauschen zwei Namen")).to_have_count(0)
    shoot("03-locked")

    # Assert: the database holds the locked plan with the swap.
    cafe.refresh_from_db()
    assert cafe.plan_locked
    seats = {
        seat.participant.name: seat.table.number
        for seat in Seat.objects.filter(round__cafe=cafe, round__index=2).select_related("participant", "table")
    }
    assert (seats[first_name], seats[second_name]) == (3, 1)
