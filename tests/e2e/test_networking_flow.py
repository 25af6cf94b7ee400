"""Networking at the meeting with two phones: each opens its own link (the device gets bound), fills the profile and
consents; A sees B under "Wen treffen?" with a reason, scans B's badge (B's link in A's browser), asks for contact,
B accepts, and both download the other's contact card, which a strict vCard reader accepts.

Real Debian Chromium at 390×844, the real ASGI server, lexical text vectors. Screenshots land in
.test-artifacts/networking/*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.networking.vcard_parser import as_dict
from weltcafe.cafe.live.links import badge_path
from weltcafe.cafe.models import Cafe, Seat
from weltcafe.events.models import Participant
from weltcafe.networking.services import profiles

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parents[2] / ".test-artifacts" / "networking"
TAP_PX = 44


@pytest.fixture
def shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


def _three_people(cafe: Cafe) -> tuple[Participant, Participant, Participant]:
    """A and C at one table in round 1 (so they have met), B at another; three organisations."""
    seats = Seat.objects.filter(round__cafe=cafe, round__index=1).select_related("participant").order_by("table", "pk")
    by_table: dict[int, list[Participant]] = {}
    for seat in seats:
        by_table.setdefault(seat.table_id, []).append(seat.participant)
    first, second = list(by_table.values())[:2]
    anna = first[0]
    clara = next(p for p in first[1:] if p.organisation_id != anna.organisation_id)
    bernd = next(p for p in second if p.organisation_id not in (anna.organisation_id, clara.organisation_id))
    return anna, bernd, clara


def _fill_profile(page: Page, *, offers: str, seeks: str, topic: str, keyboard: bool, shot: Path | None = None) -> None:
    page.get_by_role("link", name="Wen treffen? Profil und Kontakte").click()
    page.get_by_role("link", name="Profil ausfüllen und zustimmen").click()
    expect(page.get_by_role("heading", name="Ihr Profil")).to_be_visible()
    page.get_by_label(topic).check()
    page.get_by_label("Das biete ich").fill(offers)
    page.get_by_label("Das suche ich").fill(seeks)
    visible = page.get_by_label("Andere Teilnehmende dürfen mich sehen")
    contactable = page.get_by_label("Andere dürfen mir Kontaktanfragen senden")
    if keyboard:  # consent and save without touching the screen: focus moves by Tab, Space ticks, Enter submits
        page.get_by_label("Telefon (optional)").focus()
        page.keyboard.press("Tab")
        expect(visible).to_be_focused()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        expect(contactable).to_be_focused()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Profil speichern")).to_be_focused()
        page.keyboard.press("Enter")
    else:
        visible.check()
        contactable.check()
        if shot:
            page.screenshot(path=shot, full_page=True)
        page.get_by_role("button", name="Profil speichern").click()
    expect(page.locator(".messages")).to_contain_text("Ihr Profil ist gespeichert.")


def _assert_tap_targets(page: Page) -> None:
    """Every button and button-like link of the networking page is at least 44 px high and fits the screen."""
    boxes = page.locator(".network button, .network a.button").evaluate_all(
        "els => els.map(e => [e.textContent.trim(), e.getBoundingClientRect().height, e.getBoundingClientRect().right])"
    )
    width = page.viewport_size["width"]
    assert boxes
    assert [box for box in boxes if box[1] < TAP_PX or box[2] > width] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling


def _download_card(page: Page, name: str) -> dict:
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Kontaktkarte speichern: {name}").click()
    download = info.value
    assert download.suggested_filename.endswith(".vcf")
    return as_dict(Path(download.path()).read_bytes())


def test_two_phones_profile_suggestion_scan_request_accept_vcards(
    asgi_server, demo, open_screen, settings, tmp_path, shots
):
    settings.WELTCAFE_HARVEST_EMBEDDING = "lexical"
    settings.DATA_DIR = tmp_path
    cafe = Cafe.objects.get(event__slug=demo.event_slug)
    cafe.rounds.filter(index=1).update(started_at=timezone.now())  # round 1 is under way: table mates have met
    anna, bernd, clara = _three_people(cafe)
    # More people with profiles: Clara sat with Anna; two others make "Wen treffen?" choose.
    others = cafe.event.participants.exclude(pk__in=[anna.pk, bernd.pk, clara.pk]).order_by("pk")[:2]
    for person, offers in zip(
        [clara, *others],
        ("Wasserstoff-Tankstellen planen", "Lieferkettenanalyse für Zulieferer", "Weiterbildung in der Pflege"),
        strict=True,
    ):
        profiles.save_profile(
            participant=person, data=profiles.ProfileData(offers=offers, visible=True, contactable=True)
        )

    # The server thread shares this process: import the URLconf (and with it the harvest and matching libraries,
    # ~10 s on a busy machine) here, not inside the browser's first 10-second page load.
    assert reverse("live:network", kwargs={"token": anna.access_token}).endswith("/netzwerk/")

    phone_a = open_screen(f"/live/p/{anna.access_token}/")
    phone_b = open_screen(f"/live/p/{bernd.access_token}/")
    for screen in (phone_a, phone_b):
        cookies = {cookie["name"]: cookie for cookie in screen.context.cookies()}
        assert cookies["weltcafe_device"]["httpOnly"] is True  # each device is bound to its owner

    expect(phone_a.page.get_by_role("link", name="Wen treffen? Profil und Kontakte")).to_be_visible()
    phone_a.page.screenshot(path=shots / "00-live-page-a.png", full_page=True)
    topic = cafe.topics.order_by("position").first().title
    _fill_profile(
        phone_a.page,
        offers="Erfahrung mit Elektrolyseuren",
        seeks="Fördermittel für Wasserstoffprojekte",
        topic=topic,
        keyboard=False,
        shot=shots / "01-profile-form-a.png",
    )
    _fill_profile(
        phone_b.page,
        offers="Beratung zu Fördermitteln für Wasserstoffprojekte",
        seeks="Pilotkunden im Mittelstand",
        topic=topic,
        keyboard=True,
    )

    # A sees B with the reason in words; C, met at the table in round 1, is listed apart.
    phone_a.page.reload()
    suggestions = phone_a.page.locator("#suggestions")
    card_b = suggestions.locator(".person-card", has_text=bernd.name)
    expect(card_b).to_contain_text("bietet „Beratung zu Fördermitteln für Wasserstoffprojekte“")
    expect(phone_a.page.locator("#sat-with")).to_contain_text(clara.name)
    expect(suggestions).not_to_contain_text(clara.name)
    _assert_tap_targets(phone_a.page)
    phone_a.page.screenshot(path=shots / "02-who-to-meet-a.png", full_page=True)

    # A scans B's badge: the badge link (never B's personal link) shows a contact prompt on A's bound phone.
    phone_a.page.goto(f"{asgi_server.url}{badge_path(bernd)}")
    expect(phone_a.page).to_have_url(re.compile(rf"/live/b/{bernd.badge_token}/kontakt/$"))
    expect(phone_a.page.get_by_role("heading", name=f"Kontakt mit {bernd.name} anfragen?")).to_be_visible()
    expect(phone_a.page.locator("#idea-form")).to_have_count(0)
    _assert_tap_targets(phone_a.page)
    phone_a.page.screenshot(path=shots / "03-scan-prompt-a.png", full_page=True)
    phone_a.page.get_by_role("button", name="Kontakt anfragen").focus()
    phone_a.page.keyboard.press("Enter")
    expect(phone_a.page.locator(".messages")).to_contain_text(f"Anfrage an {bernd.name} gesendet.")
    expect(card_b).to_contain_text("Anfrage gesendet")

    # B sees the request and accepts.
    phone_b.page.reload()
    incoming = phone_b.page.locator("#incoming")
    expect(incoming).to_contain_text(anna.name)
    expect(incoming).not_to_contain_text(anna.email)  # no address before accepting
    phone_b.page.screenshot(path=shots / "04-incoming-b.png", full_page=True)
    incoming.get_by_role("button", name=f"Annehmen: {anna.name}").click()
    expect(phone_b.page.locator(".messages")).to_contain_text(f"Sie sind jetzt mit {anna.name} verbunden.")
    _assert_tap_targets(phone_b.page)
    phone_b.page.screenshot(path=shots / "05-contacts-b.png", full_page=True)

    # Both download the other's card.
    card_of_a = _download_card(phone_b.page, anna.name)
    phone_a.page.goto(f"{asgi_server.url}/live/p/{anna.access_token}/netzwerk/")
    card_of_b = _download_card(phone_a.page, bernd.name)
    assert (card_of_a["FN"].text, card_of_a["EMAIL"].text) == (anna.name, anna.email)
    assert (card_of_b["FN"].text, card_of_b["EMAIL"].text) == (bernd.name, bernd.email)
    assert card_of_b["ORG"].text == bernd.organisation.name

    # A keeps a private note about B.
    note = phone_a.page.locator(f"#contact-{bernd.pk}")
    note.get_by_label("Ihre private Notiz").fill("Förderaufruf im Mai gemeinsam ansehen")
    note.get_by_role("button", name=f"Notiz speichern: {bernd.name}").click()
    expect(phone_a.page.locator(".messages")).to_contain_text("Notiz gespeichert.")
    phone_a.page.screenshot(path=shots / "06-contacts-a.png", full_page=True)

    # "Ihre Treffen": this meeting, the new contact.
    phone_a.page.get_by_role("link", name="Ihre Treffen").click()
    expect(phone_a.page.get_by_role("heading", name="Ihre Treffen")).to_be_visible()
    expect(phone_a.page.locator("main")).to_contain_text(bernd.name)
    _assert_tap_targets(phone_a.page)
    phone_a.page.screenshot(path=shots / "07-meetings-a.png", full_page=True)

    # Clara has no mail: her fresh phone scans her own badge, says "das ist meins" and has her page; a second
    # fresh phone scanning the same badge afterwards sees only that it is taken.
    badge = reverse("live:badge", kwargs={"token": clara.badge_token})
    phone_c = open_screen(badge)
    expect(phone_c.page.get_by_role("heading", name=f"Ist das Ihr Namensschild? {clara.name}")).to_be_visible()
    _assert_tap_targets(phone_c.page)
    phone_c.page.screenshot(path=shots / "08-first-scan-c.png", full_page=True)
    phone_c.page.get_by_role("button", name="Ja, das ist meins – dieses Telefon verbinden").click()
    expect(phone_c.page).to_have_url(re.compile(rf"/live/p/{clara.access_token}/$"))
    expect(phone_c.page.get_by_text(f"Hallo {clara.name}")).to_be_visible()
    stranger = open_screen(badge)
    taken = stranger.page.get_by_role("heading", name="Dieses Namensschild ist schon mit einem Telefon verbunden.")
    expect(taken).to_be_visible()
    expect(stranger.page.get_by_role("button", name="Ja, das ist meins – dieses Telefon verbinden")).to_have_count(0)
    assert clara.access_token not in stranger.page.content()
    stranger.page.screenshot(path=shots / "09-claimed-badge.png", full_page=True)
