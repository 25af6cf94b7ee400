"""The strict Content-Security-Policy in a real browser: it blocks what was injected, and Django's admin still works.

Every other browser test checks the policy too: the `csp_violations` fixture (conftest) fails a test at teardown
when Chromium refused anything on the pages it opened.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import AgendaItemFactory, EventFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.e2e

PASSWORD = "Kaffeetisch-2026!"


def test_csp_blocks_a_script_injected_into_a_page(page, live_server, transactional_db, csp_violations):
    # The first request of a run imports the URL conf, scikit-learn included: ~10 s on a busy machine.
    page.goto(f"{live_server.url}/", timeout=60_000)

    ran = page.evaluate(
        """() => { const script = document.createElement("script"); script.textContent = "window.injected = true;";
                   document.body.append(script); return window.injected === true; }"""
    )
    page.wait_for_timeout(100)  # the violation event is dispatched as a task after the script was refused

    assert ran is False
    assert any("script-src" in violation for violation in csp_violations)
    csp_violations.clear()  # expected here; any other violation would fail this test at teardown


def test_csp_lets_the_admin_log_in_and_prefill_a_slug(page, live_server, transactional_db):
    UserFactory(username="admin", is_staff=True, is_superuser=True)

    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{live_server.url}/admin/events/event/add/")
    page.locator("#id_title").fill("Netzwerktreffen Jena")
    page.locator("#id_title").press("Tab")  # prepopulate.js listens for change and keyup

    # The slug is filled in by the admin's own script (prepopulate.js), so its scripts ran under the policy.
    expect(page.locator("#id_slug")).to_have_value("netzwerktreffen-jena")
    expect(page.locator("#id_organisers_from")).to_be_visible()  # filter_horizontal, built by SelectFilter2.js


def test_csp_agenda_scales_items_and_asks_before_removing(page, live_server, transactional_db):
    # Both used inline markup before (style="--minutes: …", onsubmit="return confirm(…)"); now page.js does it.
    organiser = OrganiserFactory(username="organiser")
    item = AgendaItemFactory(event=EventFactory(organisers=[organiser]), title="Keynote", duration_minutes=90)
    page.goto(f"{live_server.url}/accounts/login/")
    log_in(page, "organiser", PASSWORD)
    page.goto(f"{live_server.url}/orga/events/{item.event.slug}/agenda/")
    timeline_item = page.locator(".timeline-item").first

    minutes = timeline_item.evaluate("element => getComputedStyle(element).getPropertyValue('--minutes').trim()")
    questions: list[str] = []

    def decline(dialog) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    timeline_item.get_by_role("button", name="Entfernen").click()

    assert minutes == "90"
    assert questions == ["Diesen Programmpunkt entfernen?"]
    expect(page.locator(".timeline-item")).to_have_count(1)  # declined: nothing was removed
