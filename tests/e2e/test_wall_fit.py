"""The wall and the plenary slides fit the projector they are on, 1280×720 to 3840×2160, and are never scrolled:
12 topics on 24 tables with 200 ideas (short notes and long proposals) are paged, each column shows the newest ideas
that fit, the table plan shows only while people move, an announcement goes away when the facilitator said, and
every slide fits with eight themes and long labels. Real Chromium against the real ASGI server, as in
test_live_flow.py; screenshots in the test artefacts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, log_in
from tests.e2e.test_live_flow import _in_worker_thread
from tests.factories import (
    BallotFactory,
    EventFactory,
    HarvestRunFactory,
    IdeaFactory,
    OrganiserFactory,
    RoundFactory,
    TableFactory,
    ThemeFactory,
    TopicFactory,
    VoteFactory,
)
from weltcafe.cafe.models import Cafe, Idea
from weltcafe.cafe.services import rounds as cafe_rounds

pytestmark = pytest.mark.e2e

TOPICS = [
    "Resiliente Lieferketten", "Fachkräfte gewinnen und halten", "Energie und Wärme", "Wasserstoff in der Region",
    "Digitalisierung im Mittelstand", "Kreislaufwirtschaft", "Ausbildung 4.0", "Flächen und Genehmigungen",
    "Mobilität der Beschäftigten", "Forschungskooperationen mit Hochschulen", "Cybersicherheit",
    "Internationale Märkte",
]
LONG = (
    "Wir schlagen einen gemeinsamen Einkaufsverbund für kritische Vorprodukte vor, mit einem geteilten Lager in der "
    "Region, festen Ansprechpartnern in jedem Betrieb und einem monatlichen Austausch über Engpässe, damit kleine "
    "Zulieferer nicht allein mit den Schwankungen der Märkte umgehen müssen."
)
SCREENS = [(1280, 720), (1920, 1080), (3840, 2160)]


def _crowded_cafe() -> Cafe:
    organiser = OrganiserFactory(username="wall-orga")
    event = EventFactory(
        title="Netzwerktreffen 2026 · Regionale Industrieinitiativen im Wandel", organisers=[organiser]
    )
    cafe = Cafe.objects.create(event=event)
    rounds = [RoundFactory(cafe=cafe, index=index) for index in (1, 2, 3)]
    number = 0
    for position, title in enumerate(TOPICS):
        topic = TopicFactory(cafe=cafe, title=title, position=position)
        for _ in range(2):
            number += 1
            table = TableFactory(topic=topic, number=number)
            for count in range(9 if number % 3 else 8):  # 24 tables × 8–9 = 200 ideas
                text = LONG if count % 4 == 0 else f"Idee {number}.{count}: Ausbildungsplätze im Verbund schaffen"
                IdeaFactory(table=table, round=rounds[0], text=text)
    return cafe


def _outside_the_screen(page) -> list[str]:
    """Every rendered element of the wall that reaches past the viewport, and whether the page could scroll."""
    return page.evaluate(
        """() => {
          const out = [];
          const width = window.innerWidth, height = window.innerHeight;
          if (document.documentElement.scrollHeight > height + 1) out.push("page scrolls down");
          if (document.documentElement.scrollWidth > width + 1) out.push("page scrolls sideways");
          for (const node of document.querySelectorAll("#live *")) {
            const box = node.getBoundingClientRect();
            if (!box.width || !box.height || node.closest("[hidden]") || node.closest(".visually-hidden")) continue;
            if (box.bottom > height + 1 || box.right > width + 1 || box.left < -1 || box.top < -1) {
              out.push(node.tagName + "." + node.className + ": " + (node.textContent || "").slice(0, 40));
            }
          }
          return out;
        }"""
    )


@pytest.mark.parametrize(("width", "height"), SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_the_wall_fits_the_screen_pages_topics_and_shows_the_newest_ideas(
    asgi_server, open_screen, screenshot_dir, width, height
):
    cafe = _crowded_cafe()
    _in_worker_thread(lambda: cafe_rounds.start_round(cafe=cafe, index=1))  # before any screen is open
    facilitator = open_screen("/accounts/login/", size=DESKTOP)
    log_in(facilitator.page, "wall-orga", "Kaffeetisch-2026!")
    facilitator.page.goto(f"{asgi_server.url}/orga/events/{cafe.event.slug}/live/")
    wall = open_screen(f"/live/w/{cafe.wall_token}/", size={"width": width, "height": height})
    wall.page.clock.install()  # page timers under the test's hand: topic pages turn every 15 s
    wall.page.reload()
    expect(wall.page.locator(".wall-topic-column")).to_have_count(4)  # 16:9: four topics at a time

    headings = wall.page.locator(".wall-topic-column h2").all_inner_texts()
    newest = cafe.tables.get(number=1).ideas.order_by("-created_at", "-pk").first()
    assert headings[0].startswith(TOPICS[0])
    assert wall.page.locator(".wall-topic-column").first.locator("li").first.inner_text() == newest.text
    assert _outside_the_screen(wall.page) == []
    expect(wall.page.locator("#wall-plan")).to_be_hidden()  # the round runs: nobody looks for a table
    expect(wall.page.locator("#wall-pager")).to_be_visible()
    expect(wall.page.locator(".wall-more").first).to_contain_text("weitere")  # 17 ideas do not all fit one column
    wall.page.screenshot(path=screenshot_dir / f"wall-{width}x{height}-round.png")

    wall.page.clock.fast_forward(15_000)
    expect(wall.page.locator(".wall-topic-column h2").first).to_contain_text(TOPICS[4])  # the next four topics
    assert _outside_the_screen(wall.page) == []

    announcement = facilitator.page.locator("section#broadcast")
    announcement.get_by_label("Text").fill("Bitte in 2 Minuten den Tisch wechseln")
    announcement.get_by_label("Zu sehen für").select_option("2")
    announcement.get_by_role("button", name="Senden").click()
    facilitator.page.get_by_role("button", name="Runde beenden").click()
    expect(wall.page.locator("#broadcast")).to_have_text("Bitte in 2 Minuten den Tisch wechseln")
    expect(wall.page.locator("#wall-plan .wall-table")).to_have_count(12)  # between rounds: where to go, per topic
    expect(wall.page.locator("#wall-plan .wall-table").first).to_contain_text("1 · 2Resiliente Lieferketten")
    wall.page.screenshot(path=screenshot_dir / f"wall-{width}x{height}-moving.png")
    assert _outside_the_screen(wall.page) == []

    # Two minutes on the page's clock. Its periodic re-read of the state would set the clock back to the server's
    # (which has not moved): held back, so what is tested is the page hiding the message by itself.
    wall.page.route("**/state/", lambda route: route.abort())
    wall.page.clock.fast_forward("02:01")
    expect(wall.page.locator("#broadcast")).to_be_hidden()  # the facilitator chose two minutes


def _harvested(cafe: Cafe) -> None:
    """Eight themes per topic with long labels, votes on three of them, key insights: the fullest slides."""
    HarvestRunFactory(cafe=cafe)
    for topic in cafe.topics.all():
        themes = [
            ThemeFactory(topic=topic, label=f"{topic.title}: gemeinsame Lösungen für kleine und mittlere Betriebe {n}")
            for n in range(8)
        ]
        for count, idea in enumerate(Idea.objects.filter(table__topic=topic).order_by("pk")):
            Idea.objects.filter(pk=idea.pk).update(theme=themes[count % len(themes)], is_key_insight=count < 4)
        ballot = BallotFactory(topic=topic)
        for dots, theme in zip((5, 3, 2), themes, strict=False):
            VoteFactory(ballot=ballot, theme=theme, dots=dots)


def _slide_cut_off(page) -> list[str]:
    return page.evaluate(
        """() => {
          const slide = document.querySelector(".slide:not([hidden])");
          const out = [];
          if (slide.scrollHeight > slide.clientHeight + 1) out.push(slide.getAttribute("aria-label") + " overflows");
          for (const node of slide.querySelectorAll("*")) {
            const box = node.getBoundingClientRect();
            if (!box.width || !box.height) continue;
            if (box.bottom > window.innerHeight + 1 || box.right > window.innerWidth + 1) {
              out.push(node.tagName + ": " + (node.textContent || "").slice(0, 40));
            }
          }
          return out;
        }"""
    )


@pytest.mark.parametrize(("width", "height"), SCREENS[:2], ids=[f"{w}x{h}" for w, h in SCREENS[:2]])
def test_every_slide_of_the_presentation_fits_the_screen(asgi_server, open_screen, screenshot_dir, width, height):
    cafe = _crowded_cafe()
    _harvested(cafe)
    deck = open_screen("/accounts/login/", size={"width": width, "height": height})
    log_in(deck.page, "wall-orga", "Kaffeetisch-2026!")
    deck.page.goto(f"{asgi_server.url}/orga/events/{cafe.event.slug}/harvest/presentation/")

    slides = deck.page.locator(".slide").count()
    assert slides >= 1 + len(TOPICS)
    for number in range(1, slides + 1):
        expect(deck.page.locator("#deck-position")).to_have_text(f"{number} / {slides}")
        assert _slide_cut_off(deck.page) == [], f"slide {number}"
        if number == 2:
            expect(deck.page.locator(".slide:not([hidden]) .slide-top-ideas")).to_be_visible()  # the second column
            deck.page.screenshot(path=screenshot_dir / f"slide-{width}x{height}-topic.png")
        deck.page.keyboard.press("PageDown")
