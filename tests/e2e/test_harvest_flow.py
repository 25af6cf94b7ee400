"""The harvest as it happens at the end of a café: the facilitator groups the ideas, renames a theme, opens a dot
vote, three phones vote, the wall shows the result live, and the plenary presentation carries the edited label.

Real Debian Chromium, real ASGI server (websockets), the real embedding model (the default backend).
Screenshots land in .test-artifacts/e2e/harvest-*.png, the printed presentation in harvest-presentation.pdf.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, WALL, log_in
from tests.e2e.test_wall_fit import _outside_the_screen
from weltcafe.cafe.models import Cafe, Theme
from weltcafe.cafe.queries.harvest import harvest_inputs
from weltcafe.demo.loading import add_demo_ideas

pytestmark = pytest.mark.e2e

LABEL = "Nachwuchs gewinnen"


def test_harvest_rename_vote_wall_and_presentation(asgi_server, demo, open_screen, screenshot_dir):
    cafe = Cafe.objects.get(event__slug=demo.event_slug)
    add_demo_ideas(cafe)  # three rounds played, 39 ideas on the tablecloths
    topic = cafe.topics.get(title="Fachkräfte")
    host = topic.hosts[0]
    voters = list(cafe.event.participants.filter(hosted_tables__isnull=True).order_by("pk")[:3])

    # The facilitator runs the harvest and renames the biggest theme of "Fachkräfte".
    orga = open_screen("/accounts/login/", size=DESKTOP)
    log_in(orga.page, demo.username, demo.password)
    orga.page.goto(f"{asgi_server.url}/orga/events/{demo.event_slug}/harvest/")
    # The harvest answers when it is done (seconds on a busy machine): wait for that page, not the click's 10 s.
    with orga.page.expect_navigation(timeout=60_000):
        orga.page.get_by_role("button", name="Auswerten: Themen bilden").click(no_wait_after=True)
    expect(orga.page.locator(".messages")).to_contain_text("Ausgewertet: 39 Ideen", timeout=60_000)
    orga.page.screenshot(path=screenshot_dir / "harvest-01-overview.png", full_page=True)
    orga.page.get_by_role("link", name=re.compile("^Fachkräfte")).click()
    first_card = orga.page.locator(".theme-card").first
    machine_label = first_card.locator("h3").inner_text()
    first_card.get_by_label("Bezeichnung", exact=True).fill(LABEL)
    first_card.get_by_role("button", name="Umbenennen").click()
    expect(orga.page.locator(".messages")).to_contain_text(f"Umbenannt in „{LABEL}“.")
    expect(orga.page.locator(".theme-card").first).to_contain_text(f"Vorschlag der Auswertung: „{machine_label}“")
    orga.page.screenshot(path=screenshot_dir / "harvest-01b-topic.png", full_page=True)
    # Drag an idea from a bigger cluster onto the renamed one: its "verschieben" form is sent for it.
    donor = next(card for card in orga.page.locator(".theme-card").all()[1:] if card.locator("li.idea").count() >= 2)
    moved = donor.locator("li.idea").last
    moved_text = moved.locator(".idea-text").inner_text()
    # The drag's events as the browser sends them (Playwright's mouse drag does not reach this Chromium's HTML5
    # drag and drop): dragstart on the idea, dragover and drop on the cluster's heading.
    moved.evaluate(
        """(item) => {
             const heading = document.querySelector(".theme-card h3");
             const data = new DataTransfer();
             const fire = (node, type) => node.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true,
                                                                                    dataTransfer: data}));
             fire(item, "dragstart"); fire(heading, "dragover"); fire(heading, "drop"); fire(item, "dragend");
           }"""
    )
    expect(orga.page.locator(".messages")).to_contain_text("Idee verschoben.")
    expect(orga.page.locator(".theme-card").first).to_contain_text(moved_text)
    renamed = Theme.objects.get(topic=topic, label=LABEL)
    other = Theme.objects.filter(topic=topic, hidden=False).exclude(pk=renamed.pk).order_by("position").first()

    # The wall, the host and three guests are on their screens before the vote opens.
    wall = open_screen(f"/live/w/{cafe.wall_token}/", size=WALL)
    host_phone = open_screen(f"/live/p/{host.access_token}/")
    phones = [open_screen(f"/live/p/{person.access_token}/") for person in voters]
    for screen in [wall, host_phone, *phones]:
        screen.wait_for_frame("snapshot")
    expect(host_phone.page.locator("#briefing-themes")).to_contain_text(LABEL)  # the host briefing uses the themes
    # The host forms the themes again from the phone (a plain form post: the CSRF check must accept it).
    host_phone.page.get_by_role("button", name="Themen jetzt bilden").click()
    # A host's run covers the topics they host, never the whole café's 39 ideas.
    hosted = frozenset(cafe.tables.filter(host=host).values_list("topic_id", flat=True))
    hosted_ideas = len(harvest_inputs(cafe, topic_ids=hosted))
    expect(host_phone.page.locator(".messages")).to_contain_text(f"Ausgewertet: {hosted_ideas} Ideen")
    expect(host_phone.page.locator("#briefing-themes")).to_contain_text(LABEL)  # the person's label survived

    orga.page.get_by_label("Punkte je Person").fill("3")
    orga.page.get_by_role("button", name="Abstimmung öffnen").click()
    expect(orga.page.locator(".messages")).to_contain_text("Abstimmung geöffnet")

    # Three phones vote: 2 + 1 dots on the renamed theme, 1 on another; one tap is sent twice (a retry).
    def tap(screen, theme: Theme) -> None:
        with screen.page.expect_response(lambda r: r.url.endswith("/dots/")) as answer:
            screen.page.get_by_role("button", name=f"Punkt setzen: {theme.label}").click()
        assert answer.value.status == 200

    for screen in phones:
        expect(screen.page.locator("#vote-panel")).to_be_visible()
        expect(screen.page.locator("#vote-panel")).to_contain_text("Noch frei: 3 von 3 Punkten")
    # A voter opens what people wrote under a label before giving it a dot.
    option = phones[0].page.locator(".vote-option").filter(has_text=renamed.label)
    option.get_by_text("Ideen dazu").click()
    first_idea = renamed.ideas.filter(status="visible").order_by("id").first()
    expect(option.locator(".vote-examples li").first).to_have_text(first_idea.text[:160])
    tap(phones[0], renamed)
    tap(phones[0], renamed)
    expect(phones[0].page.locator("#vote-panel")).to_contain_text("Noch frei: 1 von 3 Punkten")
    retry = phones[0].page.evaluate(
        """async ([ballot, option]) => {
             const csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
             const r = await fetch(window.location.pathname + "dots/", {method: "POST",
               headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
               body: JSON.stringify({ballot: ballot, option: option, count: 2})});
             return [r.status, await r.json()];
           }""",
        [renamed.topic.ballots.get().pk, renamed.pk],
    )
    assert retry[0] == 200
    assert retry[1]["left"] == 1  # the resent "2 dots" did not add up to 4
    tap(phones[1], renamed)
    tap(phones[2], other)
    tap(phones[0], other)  # the third and last dot: every "+" of this phone is disabled now, and says why
    plus = phones[0].page.get_by_role("button", name=f"Punkt setzen: {other.label}")
    expect(plus).to_be_disabled()
    expect(plus).to_have_accessible_description(
        "Alle Punkte sind verteilt. Nehmen Sie einen Punkt weg, um ihn woanders zu setzen."
    )
    dots = phones[0].page.locator(".vote-option").filter(has_text=other.label).locator(".vote-dots")
    expect(dots).to_have_text("●1 Punkt")  # read as a number, the dot itself is hidden from screen readers
    phones[0].page.screenshot(path=screenshot_dir / "harvest-02-phone-vote.png", full_page=True)

    # The wall shows the result live: the renamed theme first, with 3 dots from 2 people... of 3 voters.
    results = wall.page.locator("#wall-votes")
    expect(results).to_contain_text("3 abgestimmt", timeout=2000)
    expect(results.locator(".wall-vote-row").first).to_contain_text(LABEL)
    expect(results.locator(".wall-vote-row").first.locator(".wall-vote-count")).to_have_text("3")
    wall.page.screenshot(path=screenshot_dir / "harvest-03-wall-results.png")
    for size in ({"width": 1280, "height": 720}, {"width": 1920, "height": 1080}):  # the vote fits the projector too
        wall.page.set_viewport_size(size)
        expect(results.locator(".wall-vote-row").first).to_contain_text(LABEL)
        assert _outside_the_screen(wall.page) == []
    wall.page.screenshot(path=screenshot_dir / "harvest-03b-wall-results-1080p.png")

    # Closing the vote: phones say so, and a late dot is refused with a message.
    orga.page.get_by_role("button", name="Abstimmung schließen").click()
    expect(phones[1].page.locator("#vote-panel")).to_contain_text("Die Abstimmung ist geschlossen")
    late = phones[2].page.evaluate(
        """async ([ballot, option]) => {
             const csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
             const r = await fetch(window.location.pathname + "dots/", {method: "POST",
               headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
               body: JSON.stringify({ballot: ballot, option: option, count: 1})});
             return [r.status, await r.json()];
           }""",
        [renamed.topic.ballots.get().pk, renamed.pk],
    )
    assert late == [409, {"error": "Die Abstimmung ist geschlossen – Punkte werden nicht mehr angenommen."}]

    # The presentation: keyboard to the "Fachkräfte" slide; the edited label leads with its dots.
    deck = orga.context.new_page()
    deck.set_viewport_size(DESKTOP)
    deck.goto(f"{asgi_server.url}/orga/events/{demo.event_slug}/harvest/presentation/")
    expect(deck.locator("#deck-position")).to_have_text(re.compile(r"^1 / \d+$"))
    position = list(cafe.topics.order_by("position", "id")).index(topic) + 2
    for _ in range(position - 1):
        deck.keyboard.press("PageDown")  # what a presentation clicker sends
    slide = deck.locator(".slide.active")
    expect(slide.locator("h2")).to_have_text("Fachkräfte")
    expect(slide.locator(".slide-theme-label").first).to_have_text(LABEL)
    expect(slide.locator(".slide-theme-count").first).to_contain_text("3 Punkte")
    deck.screenshot(path=screenshot_dir / "harvest-04-presentation.png")
    deck.keyboard.press("ArrowLeft")
    expect(deck.locator(".slide.active h2")).not_to_have_text("Fachkräfte")

    # The print version: every slide on its own landscape page.
    deck.goto(f"{asgi_server.url}/orga/events/{demo.event_slug}/harvest/presentation/?print=1")
    pdf = deck.pdf(format="A4", landscape=True, print_background=True)
    (screenshot_dir / "harvest-presentation.pdf").write_bytes(pdf)
    slides = deck.locator(".slide").count()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == slides
