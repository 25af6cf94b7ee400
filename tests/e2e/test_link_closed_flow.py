"""A link the organiser revokes or renews stops at once on the screens that still have it open: the socket is closed
(4404), the phone says so and does not try again. Real Chromium against the real ASGI server, like test_live_flow.py.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, log_in
from weltcafe.cafe.models import Cafe

pytestmark = pytest.mark.e2e

GONE = "Dieser Link gilt nicht mehr. Bitte wenden Sie sich an das Orga-Team."


def test_revoked_personal_link_and_renewed_table_link_stop_their_open_pages(asgi_server, demo, open_screen):
    cafe = Cafe.objects.get(event__slug=demo.event_slug)
    hosts = cafe.tables.exclude(host=None).values("host")
    person = cafe.event.participants.exclude(pk__in=hosts).order_by("pk").first()
    table = cafe.tables.get(number=1)
    facilitator = open_screen("/accounts/login/", size=DESKTOP)
    log_in(facilitator.page, demo.username, demo.password)
    facilitator.page.goto(f"{asgi_server.url}/orga/events/{demo.event_slug}/live/")
    phone = open_screen(f"/live/p/{person.access_token}/")
    table_device = open_screen(f"/live/t/{table.access_token}/")
    sockets = {"phone": 0, "table": 0}
    phone.page.on("websocket", lambda _socket: sockets.__setitem__("phone", sockets["phone"] + 1))
    table_device.page.on("websocket", lambda _socket: sockets.__setitem__("table", sockets["table"] + 1))
    for screen in (phone, table_device):
        screen.page.clock.install()  # page timers under the test's hand: a retry would be due within seconds
        # Counted from the reloaded page's own socket: the first page's socket may or may not have been seen by the
        # counter, and a snapshot it still sent (the worker's start-up catch-up) must not pass for the new one's.
        screen.frames.clear()
        with screen.page.expect_websocket(lambda socket: "/ws/cafe/" in socket.url):
            screen.page.reload()
        screen.wait_for_frame("snapshot")  # the reloaded page's socket is open
    opened = dict(sockets)

    # By the form: the hidden ": name" part makes the accessible name "Link sperren : …" in Chromium.
    facilitator.page.locator(f'form[action$="/people/{person.pk}/revoke/"] button').click()
    assert facilitator.dialogs[-1].startswith(f"Link von {person.name} sperren?")  # asked first
    expect(phone.page.locator("#connection")).to_have_text(GONE)
    expect(facilitator.page).to_have_url(re.compile(rf"/live/people/{person.pk}/phone/$"))  # the desk page, new QR
    facilitator.page.goto(f"{asgi_server.url}/orga/events/{demo.event_slug}/live/")  # from the desk page
    facilitator.page.locator("#table-links summary").click()
    facilitator.page.locator(f'form[action$="/tables/{table.pk}/new-link/"] button').click()
    expect(facilitator.page.get_by_role("main")).to_contain_text("bitte drucken Sie das Tischschild neu")
    expect(table_device.page.locator("#connection")).to_have_text(GONE)

    assert phone.wait_for_frame("link.closed") == {"type": "link.closed", "reconnect": False}
    assert table_device.wait_for_frame("link.closed") == {"type": "link.closed", "reconnect": False}
    for screen in (phone, table_device):
        screen.page.clock.fast_forward("05:00")  # past every back-off of live.js (30 s, 4429: 2 min)
        screen.page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 0))")
    assert sockets == opened  # no new socket since the link closed: neither screen tried again
