"""Who may open what, checked on every route of the URLconf (docs/testing.md, "Permissions").

The routes come from `weltcafe.config.urls` (tests/routes.py), so a route added later is tested without touching this
file — or fails here with its name: a URL argument the scene below cannot fill, or a route that is neither behind the
organiser gate, nor a token link, nor a public page, nor listed in OPEN_ROUTES with the reason it is open.

Organiser routes (behind `events.access.organiser_required`, which `event_view` includes), GET and POST each:
anonymous → the login page; logged in without the organiser role → 403; an organiser of another event → 404 (the
event is not confirmed to exist); the event's organiser → neither 403, 404 nor 500, also for an empty POST. A method
the route does not take is 405 for everybody, before any login.
Token links (/live/…) with an unknown token and public pages of an unknown or draft event: the styled 404 page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AgendaItemFactory,
    BallotFactory,
    CafeFactory,
    ContactRequestFactory,
    EventFactory,
    HarvestRunFactory,
    IdeaFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProfileFactory,
    ReportFactory,
    RoundFactory,
    SeatFactory,
    SpeedRoundFactory,
    SpeedSeatFactory,
    SpeedSessionFactory,
    TableFactory,
    ThemeFactory,
    TopicFactory,
    UserFactory,
    VoteFactory,
)
from tests.routes import Route, all_routes
from weltcafe.events.models import Event

pytestmark = pytest.mark.integration

# Routes that are open on purpose: neither the organiser gate nor a token stands before them.
OPEN_ROUTES = {
    "health": "load balancers ask it; says only 'ok' (common/health.py)",
    "set_language": "Django's language switch: sets a cookie, reads nothing",
    "home": "the public list of published events",
    "login": "the organiser login itself (throttled, tests/events/test_login.py)",
    "logout": "ends the session of whoever calls it",
    "public:calendar_feed": "published events only (tests/documents/test_announce.py)",
    "public:feed_rss": "published reports only (tests/documents/test_announce.py)",
    "public:feed_atom": "published reports only (tests/documents/test_announce.py)",
}
# Not ours: Django's admin checks `is_staff` with its own login page; weltcafe adds only the throttled login form.
EXEMPT_NAMESPACES = {"admin"}

ROUTES = [route for route in all_routes() if route.namespace not in EXEMPT_NAMESPACES]
ORGANISER_GATE = "organiser_required.<locals>.wrapper"
URL_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")


def _layers(view) -> list[str]:
    names = []
    while view is not None:
        code = getattr(view, "__code__", None)
        names.append(code.co_qualname if code else type(view).__qualname__)
        view = getattr(view, "__wrapped__", None)
    return names


def _is_organiser_route(route: Route) -> bool:
    return ORGANISER_GATE in _layers(route.callback)


def _is_token_route(route: Route) -> bool:
    return route.route.startswith("live/") and "<str:token>" in route.route


def _is_public_event_route(route: Route) -> bool:
    return route.namespace == "public" and "<slug:slug>" in route.route


ORGANISER_ROUTES = [route for route in ROUTES if _is_organiser_route(route)]
TOKEN_ROUTES = [route for route in ROUTES if _is_token_route(route)]
PUBLIC_EVENT_ROUTES = [route for route in ROUTES if _is_public_event_route(route)]


def _ids(routes: list[Route]) -> list[str]:
    return [route.name for route in routes]


@dataclass
class Scene:
    """One event with something of every kind, organised by `organiser`; `kwargs` fills every URL argument."""

    event: Event
    kwargs: dict[str, object]

    def url(self, route: Route, **override: object) -> str:
        wanted = {key: value for key, value in {**self.kwargs, **override}.items() if f":{key}>" in route.route}
        return reverse(route.name, kwargs=wanted)


def build_scene(organiser) -> Scene:
    event = EventFactory(organisers=[organiser], title="Geheimes Treffen der Organisierenden")
    organisation = OrganisationFactory(event=event)
    host, guest, other, late = ParticipantFactory.create_batch(4, event=event, organisation=organisation)
    item = AgendaItemFactory(event=event)
    cafe = CafeFactory(event=event)
    topics = [TopicFactory(cafe=cafe), TopicFactory(cafe=cafe)]
    tables = [TableFactory(topic=topics[0], host=host), TableFactory(topic=topics[1])]
    rounds = [RoundFactory(cafe=cafe, index=1, started_at=timezone.now()), RoundFactory(cafe=cafe, index=2)]
    for round_ in rounds:
        for table, person in zip(tables * 2, (host, guest, other, late), strict=True):
            SeatFactory(table=table, round=round_, participant=person)
    theme = ThemeFactory(topic=topics[0])
    idea = IdeaFactory(table=tables[0], round=rounds[0], author=guest, theme=theme)
    IdeaFactory(table=tables[0], round=rounds[0])
    HarvestRunFactory(cafe=cafe)
    VoteFactory(ballot=BallotFactory(topic=topics[0]), participant=guest, theme=theme)
    for person in (host, guest, other):
        ProfileFactory(participant=person)
    contact = ContactRequestFactory(event=event, sender=other, recipient=guest)
    speed_round = SpeedRoundFactory(session=SpeedSessionFactory(event=event), index=1)
    for person in (guest, other):
        SpeedSeatFactory(round=speed_round, participant=person)
    ReportFactory(event=event, published_at=timezone.now())
    return Scene(
        event=event,
        kwargs={
            "slug": event.slug,
            "item_id": item.pk,
            "participant_id": guest.pk,
            "table_id": tables[0].pk,
            "topic_id": topics[0].pk,
            "organisation_id": organisation.pk,
            "request_id": contact.pk,
            "idea_id": idea.pk,
            # One value each of the routes that take a file format (Markdown: the cheapest to render).
            "fmt": "md",
            "what": "participants",
            # Token links: a token nobody has (this test is about unknown tokens; the kinds are p, t, w).
            "token": "kein-gueltiger-link-000000000000000000000000",
            "kind": "p",
        },
    )


def _styled_404(response) -> bool:
    if response.get("Content-Type", "").startswith("application/json"):
        return list(response.json()) == ["error"]
    body = response.content.decode()
    return 'class="live-phone error-page"' in body and "404" in body


def _login_redirect(response, path: str) -> bool:
    return response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={path}"


# --- the URLconf is fully covered --------------------------------------------------------------------------------
def test_every_route_is_gated_tokened_public_or_listed_as_open():
    unclassified = [
        route.name
        for route in ROUTES
        if not (_is_organiser_route(route) or _is_token_route(route) or _is_public_event_route(route))
        and route.name not in OPEN_ROUTES
    ]

    assert unclassified == []
    assert sorted(set(OPEN_ROUTES) - {route.name for route in ROUTES}) == []  # no stale exemption


def test_every_route_of_the_organiser_area_is_behind_the_organiser_gate():
    ungated = [route.name for route in ROUTES if route.namespace == "orga" and not _is_organiser_route(route)]

    assert ungated == []
    assert [route.name for route in ORGANISER_ROUTES if route.namespace != "orga"] == []  # /orga/ only


@pytest.mark.django_db
def test_every_url_argument_of_every_route_can_be_filled(organiser):
    scene = build_scene(organiser)

    unfilled = {
        route.name: missing
        for route in ROUTES
        if (missing := [name for name in URL_ARGUMENT.findall(route.route) if name not in scene.kwargs])
    }

    assert unfilled == {}, "add these URL arguments to build_scene()"


# --- organiser routes --------------------------------------------------------------------------------------------
@pytest.fixture
def clients(organiser, other_organiser, settings) -> dict[str, Client]:
    # The harvest and the plan run on an empty POST here: lexical vectors, no model to load.
    settings.WELTCAFE_HARVEST_EMBEDDING = "lexical"
    EventFactory(organisers=[other_organiser])  # organises an event, just not this one
    found = {"anonymous": Client(), "no_role": Client(), "other_organiser": Client(), "organiser": Client()}
    found["no_role"].force_login(UserFactory(username="no-role"))
    found["other_organiser"].force_login(other_organiser)
    found["organiser"].force_login(organiser)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("route", ORGANISER_ROUTES, ids=_ids(ORGANISER_ROUTES))
def test_organiser_route_lets_in_only_the_events_organisers(route, organiser, clients):
    scene = build_scene(organiser)
    path = scene.url(route)
    scoped = "<slug:slug>" in route.route

    answers = {
        (who, method): getattr(clients[who], method)(path)
        for who in ("anonymous", "no_role", "other_organiser", "organiser")
        for method in ("get", "post")
    }

    for method in ("get", "post"):
        own = answers["organiser", method]
        assert own.status_code not in (403, 404), (method, own.status_code)
        assert own.status_code < 500, (method, own.status_code)
        if own.status_code == 405:  # the method check comes before the gate: nobody gets further
            assert [answers[who, method].status_code for who in ("anonymous", "no_role", "other_organiser")] == [
                405, 405, 405
            ], method
            continue
        if method == "get":
            assert own.status_code in (200, 302), own.status_code
        if own.status_code == 302:
            assert not own["Location"].startswith(reverse("login")), (method, own["Location"])
        assert _login_redirect(answers["anonymous", method], path), (method, answers["anonymous", method])
        assert answers["no_role", method].status_code == 403, method
        foreign = answers["other_organiser", method]
        if scoped:
            assert foreign.status_code == 404, method
            assert _styled_404(foreign), method
            assert scene.event.title not in foreign.content.decode()
        else:  # the organiser area's own pages (event list, new event, import): every organiser may use them
            assert foreign.status_code in (200, 302), (method, foreign.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ORGANISER_ROUTES if "<slug:slug>" in r.route],
                         ids=_ids([r for r in ORGANISER_ROUTES if "<slug:slug>" in r.route]))
def test_organiser_route_of_an_unknown_event_is_404(route, organiser, clients):
    scene = build_scene(organiser)
    path = scene.url(route, slug="gibt-es-nicht")

    answers = [clients["organiser"].get(path), clients["organiser"].post(path)]

    assert [answer.status_code for answer in answers if answer.status_code != 405] in ([404], [404, 404])
    assert all(_styled_404(answer) for answer in answers if answer.status_code == 404)


# --- token links and public pages ---------------------------------------------------------------------------------
# A link of each kind the route takes: /live/<kind>/<token>/ serves phones (p), table devices (t) and the wall (w).
TOKEN_CASES = [
    (route, kind) for route in TOKEN_ROUTES for kind in (("p", "t", "w") if "<str:kind>" in route.route else ("p",))
]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "kind"), TOKEN_CASES, ids=[f"{route.name}-{kind}" for route, kind in TOKEN_CASES])
def test_token_route_with_an_unknown_token_is_a_styled_404(route, kind, organiser):
    scene = build_scene(organiser)
    path = scene.url(route, kind=kind)
    client = Client()

    answers = [client.get(path), client.post(path), client.post(path, "{}", content_type="application/json")]

    statuses = [answer.status_code for answer in answers]
    assert set(statuses) <= {404, 405}, statuses
    assert 404 in statuses, statuses
    assert all(_styled_404(answer) for answer in answers if answer.status_code == 404)


@pytest.mark.django_db
@pytest.mark.parametrize("route", PUBLIC_EVENT_ROUTES, ids=_ids(PUBLIC_EVENT_ROUTES))
@pytest.mark.parametrize("status", ["unknown", Event.Status.DRAFT, Event.Status.ARCHIVED])
def test_public_page_of_an_unknown_or_unpublished_event_is_a_styled_404(route, status, organiser):
    scene = build_scene(organiser)
    if status == "unknown":
        path = scene.url(route, slug="gibt-es-nicht")
    else:
        Event.objects.filter(pk=scene.event.pk).update(status=status)
        path = scene.url(route)

    response = Client().get(path)

    assert response.status_code == 404
    assert _styled_404(response)
    assert scene.event.title not in response.content.decode()


OPEN = [route for route in ROUTES if route.name in OPEN_ROUTES]


@pytest.mark.django_db
@pytest.mark.parametrize("route", OPEN, ids=_ids(OPEN))
def test_open_route_answers_anonymous_and_shows_no_draft(route, organiser):
    scene = build_scene(organiser)
    Event.objects.filter(pk=scene.event.pk).update(status=Event.Status.DRAFT)

    response = Client().get(scene.url(route))

    assert response.status_code in (200, 302, 405), response.status_code
    assert scene.event.title not in response.content.decode()
