"""axe-core on every page of the URLconf, in real Chromium: no violation of impact moderate or higher.

The pages come from the URLconf (tests/routes.py) filled by the scene of tests/config/test_every_route.py (one event
with something of every kind), so a page added later is checked without touching this file. Every route that answers
a GET with an HTML page is opened — the organiser's as the event's organiser, the links as the person, table or wall
they belong to, the public ones as anybody — and axe-core (the file axe-playwright-python ships, no download) runs on
it with the WCAG 2.1 A/AA rules and best practices. Phone pages are checked at phone size, the rest at 1280 px; the
public and phone pages in English as well; and the error page of an unknown link (404).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import Page

from tests.config.test_every_route import build_scene
from tests.e2e.conftest import DESKTOP, PHONE, log_in
from tests.factories import OrganiserFactory
from tests.routes import all_routes
from weltcafe.cafe.models import Cafe, Table
from weltcafe.events.models import Participant

pytestmark = pytest.mark.e2e

AXE = Axe()
REPORTED = {"moderate", "serious", "critical"}
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
# Pages that are not pages: the language switch and logout (POST), health, feeds, downloads are found by their answer.
NOT_PAGES = {"set_language", "logout", "health", "admin:index"}


def violations(page: Page) -> list[str]:
    results = AXE.run(page, options={**RULES, "resultTypes": ["violations"]})
    return [
        f"{found['id']} ({found['impact']}): {found['help']} at "
        + ", ".join(" ".join(node["target"]) for node in found["nodes"][:4])
        for found in results.response["violations"]
        if found["impact"] in REPORTED
    ]


def _pages(scene, organiser) -> list[tuple[str, str, str]]:
    """(route name, path, who) for every route that answers GET with an HTML page."""
    cafe = Cafe.objects.get(event=scene.event)
    guest = Participant.objects.get(pk=scene.kwargs["participant_id"])
    tokens = {"p": guest.access_token, "t": Table.objects.get(pk=scene.kwargs["table_id"]).access_token,
              "w": cafe.wall_token}
    browser_client = Client()
    browser_client.force_login(organiser)
    found = []
    for route in all_routes():
        if route.name in NOT_PAGES or route.name.startswith("admin:"):
            continue
        kinds = ["p", "t", "w"] if ":kind>" in route.route else [None]
        for kind in kinds:
            override = {"kind": kind, "token": tokens[kind]} if kind else {}
            if ":token>" in route.route and not kind:
                override = {"token": guest.access_token}  # the personal link's own pages (/live/p/<token>/…)
            path = scene.url(route, **override)
            who = "organiser" if route.name.startswith("orga:") else (kind or ("phone" if override else "public"))
            answer = (browser_client if who == "organiser" else Client()).get(path)
            if answer.status_code == 200 and answer.get("Content-Type", "").startswith("text/html"):
                found.append((route.name, path, who))
    return found


def test_every_page_has_no_accessibility_violation(asgi_server, open_screen, screenshot_dir):
    organiser = OrganiserFactory(username="axe-orga")
    scene = build_scene(organiser)
    pages = _pages(scene, organiser)
    assert len(pages) >= 35  # the scan found the pages (a broken scene would find few and pass)

    desk = open_screen("/accounts/login/", size=DESKTOP)
    log_in(desk.page, "axe-orga", "Kaffeetisch-2026!")
    phone = open_screen("/", size=PHONE)
    found: dict[str, list[str]] = {}
    for name, path, who in pages:
        screen = desk if who == "organiser" or who == "w" else phone
        languages = ("",) if who == "organiser" else ("", "/en")
        for prefix in languages:
            screen.page.goto(asgi_server.url + prefix + path)
            screen.page.wait_for_load_state("networkidle")
            if problems := violations(screen.page):
                found[f"{name} {prefix or '/de'} ({who})"] = problems
    # The error page of an unknown link.
    phone.page.goto(asgi_server.url + "/live/p/kein-gueltiger-link-000000000000000000000000/")
    if problems := violations(phone.page):
        found["404"] = problems

    assert found == {}


@pytest.mark.parametrize("name", ["orga:event_list", "orga:participants", "orga:print_kit", "orga:plan", "orga:live"])
def test_organiser_pages_do_not_scroll_sideways_at_200_percent_zoom(asgi_server, open_screen, name):
    # 1280 px at 200 % zoom is a 640 px wide viewport (WCAG 1.4.10): wide tables scroll inside their box.
    organiser = OrganiserFactory(username="zoom-orga")
    scene = build_scene(organiser)
    route = next(route for route in all_routes() if route.name == name)
    desk = open_screen("/accounts/login/", size={"width": 640, "height": 720})
    log_in(desk.page, "zoom-orga", "Kaffeetisch-2026!")
    desk.page.goto(asgi_server.url + scene.url(route))

    wide = desk.page.evaluate(
        """() => [document.documentElement.scrollWidth, window.innerWidth,
                  [...document.querySelectorAll("body *")].filter(n => n.getBoundingClientRect().right > innerWidth + 1
                    && !n.closest(".table-scroll") && getComputedStyle(n).position !== "fixed")
                  .slice(0, 5).map(n => n.tagName + "." + n.className)]"""
    )
    assert wide[0] <= wide[1], wide
