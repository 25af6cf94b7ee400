"""Speed networking in the room: the organiser plans and starts a session for the demo meeting, two phones and the
wall show the same round, who meets whom and a running timer; the organiser moves on and the phones follow
without a reload (the café's socket says `speed.changed`, the page re-fetches its state).

Real Debian Chromium (phones at 390×844), the real ASGI server, lexical text vectors. Screenshots land in
.test-artifacts/speed/*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, WALL, log_in
from weltcafe.cafe.models import Cafe, Seat
from weltcafe.events.models import Participant
from weltcafe.events.vocabulary import ParticipantRole
from weltcafe.networking.services import profiles
from weltcafe.networking.speed.models import SpeedSeat

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / ".test-artifacts" / "speed"
CLOCK = re.compile(r"^\d+:\d\d$")


def _consent(participant: Participant, *, offers: str = "", seeks: str = "") -> None:
    profiles.save_profile(
        participant=participant,
        data=profiles.ProfileData(offers=offers, seeks=seeks, visible=True, contactable=True),
    )


def _twelve_consenting(cafe: Cafe) -> tuple[Participant, Participant]:
    """Twelve demo participants consent; A seeks what B offers, and the two never shared a café table."""
    people = list(
        Participant.objects.filter(event=cafe.event, role=ParticipantRole.PARTICIPANT)
        .select_related("organisation")
        .order_by("id")[:12]
    )
    tables: dict[int, set[tuple[int, int]]] = {}
    for participant_id, round_id, table_id in Seat.objects.filter(round__cafe=cafe).values_list(
        "participant_id", "round_id", "table_id"
    ):
        tables.setdefault(participant_id, set()).add((round_id, table_id))
    anna = people[0]
    bernd = next(
        p
        for p in people[1:]
        if p.organisation_id != anna.organisation_id and not (tables.get(p.pk, set()) & tables.get(anna.pk, set()))
    )
    for person in people:
        if person.pk == anna.pk:
            _consent(person, seeks="Partner für Wasserstoff-Pilotprojekte", offers="Kontakte zu Hochschulen")
        elif person.pk == bernd.pk:
            _consent(person, offers="Wasserstoff-Pilotprojekte mit Elektrolyseuren", seeks="Fachkräfte")
        else:
            _consent(person)
    return anna, bernd


def _partner(person: Participant, index: int) -> tuple[int, list[str]]:
    seat = SpeedSeat.objects.get(participant=person, round__index=index)
    names = SpeedSeat.objects.filter(round=seat.round, group=seat.group).exclude(participant=person)
    return seat.group, [s.participant.name for s in names.select_related("participant")]


def test_speed_networking_two_phones_and_wall_follow_rounds(asgi_server, demo, open_screen, settings):
    settings.WELTCAFE_HARVEST_EMBEDDING = "lexical"
    SHOTS.mkdir(parents=True, exist_ok=True)
    cafe = Cafe.objects.select_related("event").get(event__slug=demo.event_slug)
    anna, bernd = _twelve_consenting(cafe)

    # The organiser plans a session: pairs, 3 rounds of 2 minutes.
    orga = open_screen("/accounts/login/", size=DESKTOP)
    log_in(orga.page, demo.username, demo.password)
    orga.page.goto(f"{asgi_server.url}/orga/events/{demo.event_slug}/netzwerk/speed/")
    expect(orga.page.get_by_text("12 Personen nehmen teil", exact=False)).to_be_visible()
    orga.page.get_by_label("Gruppengröße").select_option("2")
    orga.page.get_by_label("Runden").fill("3")
    orga.page.get_by_label("Minuten je Runde").fill("2")
    orga.page.get_by_role("button", name="Plan berechnen").click()
    expect(orga.page.get_by_text("Das Speed-Networking ist geplant.")).to_be_visible()
    orga.page.screenshot(path=SHOTS / "orga-planned.png", full_page=True)

    group, names = _partner(anna, 1)
    assert names == [bernd.name]  # the best-scoring pair meets first

    phones = [open_screen(f"/live/p/{person.access_token}/netzwerk/speed/") for person in (anna, bernd)]
    wall = open_screen(f"/live/w/{cafe.wall_token}/speed/", size=WALL)
    for screen in [*phones, wall]:
        screen.wait_for_frame("snapshot")  # the café socket is open and subscribed
    for phone in phones:
        expect(phone.page.locator("#message")).to_have_text("Das Speed-Networking beginnt gleich.")
        expect(phone.page.locator("#next-box")).to_contain_text(f"Treffpunkt: Gruppe {group}")
        phone.page.evaluate("window.notReloaded = true")

    # Round 1 starts: every screen shows it with a running clock and who meets whom.
    orga.page.get_by_role("button", name="Starten: Runde 1").click()
    for screen in [*phones, wall]:
        expect(screen.page.locator("#round-label")).to_have_text("Runde 1 von 3")
        expect(screen.page.locator("#countdown")).to_have_text(CLOCK)
    expect(phones[0].page.locator("#now")).to_contain_text(f"Ihr Gegenüber{bernd.name}")
    expect(phones[0].page.locator("#now")).to_contain_text(f"Treffpunkt: Gruppe {group}")
    expect(phones[0].page.locator("#now .speed-reason")).to_contain_text("Wasserstoff-Pilotprojekte")
    expect(phones[1].page.locator("#now")).to_contain_text(anna.name)
    expect(wall.page.locator("#groups")).to_contain_text(anna.name)
    expect(wall.page.locator("#groups")).to_contain_text(bernd.name)
    first_clock = phones[0].page.locator("#countdown").text_content()
    phones[0].page.wait_for_timeout(1300)
    assert phones[0].page.locator("#countdown").text_content() != first_clock  # the timer runs
    phones[0].page.screenshot(path=SHOTS / "phone-round1.png", full_page=True)
    phones[1].page.screenshot(path=SHOTS / "phone-round1-b.png", full_page=True)
    wall.page.screenshot(path=SHOTS / "wall-round1.png")

    # Next round: the phones follow without a reload.
    orga.page.get_by_role("button", name="Nächste Runde").click()
    for index, person in enumerate((anna, bernd)):
        page = phones[index].page
        group_two, names_two = _partner(person, 2)
        expect(page.locator("#round-label")).to_have_text("Runde 2 von 3")
        expect(page.locator("#now")).to_contain_text(f"Treffpunkt: Gruppe {group_two}")
        for name in names_two:
            expect(page.locator("#now")).to_contain_text(name)
        assert page.evaluate("window.notReloaded") is True
    expect(wall.page.locator("#round-label")).to_have_text("Runde 2 von 3")
    phones[0].page.screenshot(path=SHOTS / "phone-round2.png", full_page=True)
    orga.page.screenshot(path=SHOTS / "orga-round2.png", full_page=True)
    for phone in phones:
        assert any(frame.get("type") == "speed.changed" for frame in phone.frames)
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # no sideways scrolling
