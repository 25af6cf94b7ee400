"""The live café as it happens in the room: the facilitator starts and advances rounds, phones post ideas, the wall and
the hosts see them at once, and a phone that loses the network loses no idea.

Every screen is its own browser context (own cookies, own localStorage), the phones at 390×844, all in Debian's
Chromium against the real ASGI application (tests/e2e/live_server_asgi.py: websockets, not the polling fallback).
Screenshots land in .test-artifacts/e2e/live-*.png.
"""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, WALL, Screen, log_in
from weltcafe.cafe.models import Cafe, Idea, Seat
from weltcafe.cafe.services import rounds as cafe_rounds

pytestmark = pytest.mark.e2e

LIVE_MS = 1000  # an acknowledged idea is on the wall and the host's phone within one second
OUTBOX_RETRY_MS = 12_000  # two ticks of live.js's 5-second outbox retry, and slack for a loaded machine


def _in_worker_thread(action):
    """Run a service where no event loop runs: Playwright's sync API keeps one in this thread, and the service's
    after-commit async_to_sync(group_send) refuses to run beside it.

    Only before any screen is open: with the in-process channel layer, a send from outside the server's event loop
    would wake the subscribed sockets from the wrong loop. Once screens are open, act through the UI.
    """
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = action()
        except Exception as error:  # re-raised below, in the test's thread
            outcome["error"] = error

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _guest_seat(cafe: Cafe) -> Seat:
    """The round-1 seat of the first participant who hosts no topic."""
    hosts = set(cafe.tables.exclude(host=None).values_list("host_id", flat=True))
    return (
        Seat.objects.filter(round__cafe=cafe, round__index=1)
        .exclude(participant_id__in=hosts)
        .select_related("participant", "table__topic")
        .order_by("participant_id")
        .first()
    )


def _table_line(table) -> str:
    return f"Tisch {table.number} · {table.topic.title}"


def _post_idea(screen: Screen, text: str) -> dict:
    page = screen.page
    page.get_by_label("Ihre Idee").fill(text)
    with page.expect_response(lambda r: r.url.endswith("/ideas/") and r.request.method == "POST") as answer:
        page.get_by_role("button", name="Idee senden").click()
    assert answer.value.status == 201
    return answer.value.json()["idea"]


def test_live_cafe_two_rounds_ideas_reach_wall_and_host_briefing(
    browser, asgi_server, demo, open_screen, screenshot_dir
):
    # Arrange: who sits where, from the seating plan in the database.
    cafe = Cafe.objects.get(event__slug=demo.event_slug)
    first, second = cafe.rounds.order_by("index")[:2]
    seats = {
        (seat.round_id, seat.participant_id): seat.table
        for seat in Seat.objects.filter(round__cafe=cafe).select_related("table__topic")
    }
    table_one = cafe.tables.select_related("topic", "host").get(number=1)
    host = table_one.host
    hosts = set(cafe.tables.exclude(host=None).values_list("host_id", flat=True))
    people = {p.pk: p for p in cafe.event.participants.all()}

    def guests_at(number: int) -> list[int]:
        return sorted(
            pid
            for (rid, pid), table in seats.items()
            if rid == first.pk and table.number == number and pid not in hosts
        )

    phone_people = [*guests_at(1)[:2], guests_at(4)[0]]  # two write at table 1 (hosted by `host`), one elsewhere

    def shoot(screen: Screen, name: str) -> None:
        screen.page.screenshot(path=screenshot_dir / f"live-{name}.png", full_page=True)

    facilitator = open_screen("/accounts/login/", size=DESKTOP)
    log_in(facilitator.page, demo.username, demo.password)
    facilitator.page.goto(f"{asgi_server.url}/orga/events/{demo.event_slug}/live/")
    wall = open_screen(f"/live/w/{cafe.wall_token}/", size=WALL)
    host_phone = open_screen(f"/live/p/{host.access_token}/")
    phones = [open_screen(f"/live/p/{people[pid].access_token}/") for pid in phone_people]
    for screen in [wall, host_phone, *phones]:
        expect(screen.page.locator("#round-label")).to_have_text("Das Café beginnt gleich.")
        screen.wait_for_frame("snapshot")  # the socket is open and subscribed before anything happens
    expect(phones[0].page.locator("#next-box")).to_contain_text(
        f"Gehen Sie zu {_table_line(seats[first.pk, phone_people[0]])}"
    )
    # Before the round the button cannot be pressed, looks it and says why.
    expect(phones[0].page.get_by_role("button", name="Idee senden")).to_be_disabled()
    expect(phones[0].page.get_by_role("button", name="Idee senden")).to_have_accessible_description(
        "Die Runde beginnt gleich – dann können Sie Ihre Idee senden."
    )
    shoot(phones[0], "01-phone-before")

    # Act 1: the facilitator starts the café — after saying yes — and the control room is never reloaded.
    facilitator.page.evaluate("() => { window.sameControlRoom = true; }")
    facilitator.page.get_by_role("button", name="Café starten: Runde 1").click()
    expect(facilitator.page.locator("#round-bar")).to_contain_text("Runde 1 von 3 · läuft")
    assert facilitator.dialogs == ["Runde 1 jetzt starten? Die Uhr läuft dann auf allen Bildschirmen."]
    expect(facilitator.page.locator("#control-countdown")).to_have_text(re.compile(r"^(20:00|19:[0-5]\d)$"))
    expect(facilitator.page.get_by_role("button", name="Runde beenden")).to_be_visible()

    # Assert 1: every phone shows round 1 and its own table; the host is at their topic's first table.
    for pid, screen in zip(phone_people, phones, strict=True):
        expect(screen.page.locator("#round-label")).to_have_text("Runde 1 von 3")
        expect(screen.page.locator("#table-title")).to_have_text(_table_line(seats[first.pk, pid]))
    expect(host_phone.page.locator("#table-title")).to_have_text(_table_line(table_one))
    expect(host_phone.page.locator("#briefing")).to_contain_text("Sie begrüßen die erste Gruppe")
    expect(host_phone.page.locator("#host-line")).to_have_text(
        f"Sie sind Gastgeber*in an Tisch 1 · {table_one.topic.title}: Sie bleiben hier, die Gruppen wechseln."
    )
    expect(host_phone.page.get_by_role("button", name="Themen jetzt bilden")).to_be_hidden()  # nothing to group yet
    expect(wall.page.locator("#round-label")).to_have_text("Runde 1 von 3")
    shoot(phones[0], "02-phone-round-1")

    # Act 2: two guests at table 1 write; each idea is acknowledged before the clock starts.
    texts = ["Lieferketten regional absichern", "Gemeinsamer Ersatzteilpool für KMU"]
    posted = []
    for screen, text in zip(phones[:2], texts, strict=True):
        posted.append(_post_idea(screen, text))
        expect(wall.page.locator("#wall-stream")).to_contain_text(text, timeout=LIVE_MS)
        expect(host_phone.page.locator("#ideas")).to_contain_text(text, timeout=LIVE_MS)

    # Assert 2: the guests see each other's idea, the third phone (another table) sees neither.
    expect(phones[0].page.locator("#ideas")).to_contain_text(texts[1], timeout=LIVE_MS)
    expect(phones[1].page.locator("#ideas")).to_contain_text(texts[0], timeout=LIVE_MS)
    expect(phones[2].page.locator("#ideas")).not_to_contain_text(texts[0])
    # Screen readers hear the other guest's new idea once, not the redrawn list (which is no live region).
    expect(phones[0].page.locator("#ideas-said")).to_have_text(f"Neue Idee: {texts[1]}")
    expect(phones[0].page.locator("#ideas")).not_to_have_attribute("aria-live", "polite")
    saved = [frame["idea"]["id"] for frame in wall.frames if frame.get("type") == "idea.saved"]
    assert saved == [idea["id"] for idea in posted]  # over the socket, not by polling
    # The control room follows by itself: both ideas in the moderation list, numbered, without a reload.
    for text, idea in zip(texts, posted, strict=True):
        expect(facilitator.page.locator("#moderation")).to_contain_text(f"Nr. {idea['id']} {text}", timeout=LIVE_MS)
    expect(facilitator.page.locator("#round-bar")).to_contain_text("2 Ideen")
    shoot(wall, "03-wall-round-1")
    shoot(host_phone, "04-host-round-1")

    # Act 3: next round, which ends the running one: asked first; focus stays on the button the facilitator used.
    facilitator.page.get_by_role("button", name="Nächste Runde").click()
    expect(facilitator.page.locator("#round-bar")).to_contain_text("Runde 2 von 3 · läuft")
    assert facilitator.dialogs[-1] == "Runde 1 beenden und Runde 2 starten? Das lässt sich nicht rückgängig machen."
    expect(facilitator.page.get_by_role("button", name="Nächste Runde")).to_be_focused()
    assert facilitator.page.evaluate("() => window.sameControlRoom") is True

    # Assert 3: each phone moved to the table the plan says; the host greets the new group with round 1's ideas.
    for pid, screen in zip(phone_people, phones, strict=True):
        expect(screen.page.locator("#round-label")).to_have_text("Runde 2 von 3")
        expect(screen.page.locator("#table-title")).to_have_text(_table_line(seats[second.pk, pid]))
    briefing = host_phone.page.locator("#host-panel")
    expect(host_phone.page.get_by_role("heading", name="Ihre Begrüßung: das sagten frühere Gruppen")).to_be_visible()
    expect(briefing).to_contain_text("Runde 1 · 2 Ideen")
    for text in texts:
        expect(briefing).to_contain_text(text)
    expect(wall.page.locator("#round-label")).to_have_text("Runde 2 von 3")
    shoot(phones[0], "05-phone-round-2")
    shoot(host_phone, "06-host-briefing")
    shoot(facilitator, "07-control-room")
    # Live all along: every screen fetched its state once on load and never fell back to polling.
    assert [len(screen.state_fetches) for screen in [wall, host_phone, *phones]] == [1] * 5


def test_offline_phone_sends_each_queued_idea_exactly_once(browser, asgi_server, demo, open_screen, screenshot_dir):
    # Arrange: round 1 runs; one guest's phone and the wall are open.
    cafe = Cafe.objects.get(event__slug=demo.event_slug)
    _in_worker_thread(lambda: cafe_rounds.start_round(cafe=cafe, index=1))
    seat = _guest_seat(cafe)
    wall = open_screen(f"/live/w/{cafe.wall_token}/", size=WALL)
    phone = open_screen(f"/live/p/{seat.participant.access_token}/")
    page = phone.page
    expect(page.locator("#table-title")).to_have_text(_table_line(seat.table))
    wall.wait_for_frame("snapshot")
    texts = ["Werkbank teilen", "Azubi-Austausch über Betriebsgrenzen", "Reparaturcafé im Gewerbegebiet"]

    # Act 1: the network goes; three ideas wait on the phone.
    phone.context.set_offline(True)
    for text in texts:
        page.get_by_label("Ihre Idee").fill(text)
        page.get_by_role("button", name="Idee senden").click()
    pending = page.locator("#ideas li.pending")
    expect(pending).to_have_count(3)
    for text in texts:
        expect(pending.filter(has_text=text)).to_contain_text("wird gesendet …")
    expect(page.locator("#connection")).to_contain_text("Offline")
    shoot_path = screenshot_dir / "live-08-phone-offline.png"
    page.screenshot(path=shoot_path, full_page=True)
    assert Idea.objects.filter(table__cafe=cafe).count() == 0

    # Act 2: the page is reloaded before the ideas could leave. Chromium cannot reload a never-cached page while
    # offline (net::ERR_INTERNET_DISCONNECTED), so the reload happens with the network back but the idea endpoint
    # still unreachable: what the phone shows after the reload can only come from the localStorage outbox.
    page.route("**/ideas/", lambda route: route.abort("internetdisconnected"))
    phone.context.set_offline(False)
    page.reload()
    expect(page.locator("#table-title")).to_have_text(_table_line(seat.table))
    expect(pending).to_have_count(3)
    assert Idea.objects.filter(table__cafe=cafe).count() == 0
    phone.context.set_offline(True)
    page.unroute("**/ideas/")

    # Act 3: back online for real.
    phone.context.set_offline(False)

    # Assert: every idea arrived once, in the database, on the phone and on the wall. "Once" is the point, not
    # how fast: a POST that met the dying offline state is retried by the outbox's 5-second tick, so allow two.
    expect(pending).to_have_count(0, timeout=OUTBOX_RETRY_MS)
    for text in texts:
        expect(page.locator("#ideas li", has_text=text)).to_have_count(1)
        expect(wall.page.locator("#wall-stream li", has_text=text)).to_have_count(1, timeout=LIVE_MS)
    stored = sorted(Idea.objects.filter(table__cafe=cafe).values_list("text", "author_id", "table_id"))
    assert stored == sorted((text, seat.participant_id, seat.table_id) for text in texts)
    assert page.evaluate("window.weltcafeLive.outbox()") == []
    page.screenshot(path=screenshot_dir / "live-09-phone-back-online.png", full_page=True)


def test_a_server_in_trouble_keeps_the_idea_and_says_so(browser, asgi_server, demo, open_screen, screenshot_dir):
    # Arrange: round 1 runs, a guest's phone is open; the server answers posts with 503 + Retry-After, as it does
    # past capacity (config/overload.py) or while its database is away.
    cafe = Cafe.objects.get(event__slug=demo.event_slug)
    _in_worker_thread(lambda: cafe_rounds.start_round(cafe=cafe, index=1))
    seat = _guest_seat(cafe)
    phone = open_screen(f"/live/p/{seat.participant.access_token}/")
    page = phone.page
    expect(page.locator("#table-title")).to_have_text(_table_line(seat.table))
    refused: list[str] = []

    def overloaded(route) -> None:
        refused.append(route.request.post_data or "")
        route.fulfill(
            status=503,
            headers={"Retry-After": "1", "Content-Type": "application/json"},
            body='{"error": "Gerade sind sehr viele Anfragen auf einmal da."}',
        )

    page.route("**/ideas/", overloaded)

    # Act 1: the idea is sent while the server is in trouble.
    page.get_by_label("Ihre Idee").fill("Gemeinsame Ausbildungswerkstatt")
    page.get_by_role("button", name="Idee senden").click()

    # Assert 1: kept, marked as waiting, and the phone says why; the text is not handed back as refused.
    pending = page.locator("#ideas li.pending")
    expect(pending).to_have_count(1)
    expect(page.locator("#connection")).to_have_text(
        "Verbindung unterbrochen – Ihre Ideen werden gespeichert und gesendet, sobald sie zurück ist."
    )
    expect(page.get_by_label("Ihre Idee")).to_have_value("")
    page.screenshot(path=screenshot_dir / "live-10-phone-server-in-trouble.png", full_page=True)
    assert len(refused) == 1
    assert Idea.objects.filter(table__cafe=cafe).count() == 0

    # Act 2: the server is back; the outbox tries again after the Retry-After wait.
    page.unroute("**/ideas/")

    # Assert 2: stored once, shown once, nothing left waiting, the warning gone.
    expect(pending).to_have_count(0, timeout=OUTBOX_RETRY_MS)
    expect(page.locator("#ideas li", has_text="Gemeinsame Ausbildungswerkstatt")).to_have_count(1)
    expect(page.locator("#connection")).to_have_text("")
    assert list(Idea.objects.filter(table__cafe=cafe).values_list("text", flat=True)) == [
        "Gemeinsame Ausbildungswerkstatt"
    ]
