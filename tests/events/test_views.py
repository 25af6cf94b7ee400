"""Organiser area and public pages: permissions, N+1 guards, and the forms as a browser sends them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AgendaItemFactory, EventFactory, ParticipantFactory, UserFactory
from weltcafe.events.models import Event

pytestmark = pytest.mark.integration


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


ORGA_PAGES = [
    "orga:event_detail",
    "orga:event_edit",
    "orga:agenda",
    "orga:participants",
    "orga:participant_create",
    "orga:participant_import",
    "orga:cafe",
]


@pytest.mark.parametrize("name", ["orga:event_list", "orga:event_create"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ORGA_PAGES)
def test_anonymous_cannot_open_event_pages(client, event, name):
    response = client.get(reverse(name, kwargs={"slug": event.slug}))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ORGA_PAGES)
def test_other_organiser_gets_404_on_event_pages(client, event, other_organiser, name):
    client.force_login(other_organiser)

    assert client.get(reverse(name, kwargs={"slug": event.slug})).status_code == 404


@pytest.mark.parametrize("name", ORGA_PAGES)
def test_organiser_opens_own_event_pages(organiser_client, event, name):
    assert organiser_client.get(reverse(name, kwargs={"slug": event.slug})).status_code == 200


def test_user_without_organiser_role_is_forbidden(client, db):
    client.force_login(UserFactory(username="guest"))

    assert client.get(reverse("orga:event_list")).status_code == 403


def test_other_organiser_cannot_post_to_foreign_event(client, event, other_organiser):
    client.force_login(other_organiser)

    response = client.post(reverse("orga:event_archive", kwargs={"slug": event.slug}))

    assert response.status_code == 404
    assert Event.objects.get(pk=event.pk).status == event.status


def test_other_organiser_cannot_edit_participant_of_foreign_event(client, event, other_organiser):
    person = ParticipantFactory(event=event)
    own_event = EventFactory(organisers=[other_organiser])
    client.force_login(other_organiser)

    url = reverse("orga:participant_edit", kwargs={"slug": own_event.slug, "participant_id": person.pk})

    assert client.get(url).status_code == 404


def test_public_event_page_for_anonymous(client, event):
    AgendaItemFactory(event=event, title="Impuls: Cybersicherheit")

    response = client.get(reverse("public:event", kwargs={"slug": event.slug}))

    assert response.status_code == 200
    assert "Impuls: Cybersicherheit" in response.content.decode()


def test_draft_event_has_no_public_page(client, db):
    draft = EventFactory(status=Event.Status.DRAFT)

    assert client.get(reverse("public:event", kwargs={"slug": draft.slug})).status_code == 404


def _queries_with_one_and_three(client, url: str, make) -> tuple[int, int]:
    """The N+1 guard: the same page with 1 and with 3 items must cost the same number of queries."""
    make(1)
    one = _count_queries(client, url)
    make(2)
    return one, _count_queries(client, url)


def test_event_list_queries_do_not_grow_with_events(organiser_client, organiser):
    one, three = _queries_with_one_and_three(
        organiser_client, reverse("orga:event_list"), lambda n: EventFactory.create_batch(n, organisers=[organiser])
    )

    assert one == three


@pytest.mark.parametrize(
    ("name", "factory"),
    [
        ("orga:participants", ParticipantFactory),
        ("orga:agenda", AgendaItemFactory),
        ("public:event", AgendaItemFactory),
    ],
)
def test_list_pages_queries_do_not_grow_with_items(organiser_client, event, name, factory):
    url = reverse(name, kwargs={"slug": event.slug})

    one, three = _queries_with_one_and_three(organiser_client, url, lambda n: factory.create_batch(n, event=event))

    assert one == three


def test_create_event_form_interprets_times_in_the_event_zone(organiser_client):
    response = organiser_client.post(
        reverse("orga:event_create"),
        {
            "title": "Netzwerktreffen Winter",
            "starts_at": "2026-01-15T10:00",
            "ends_at": "2026-01-15T12:00",
            "time_zone": "Europe/Berlin",
            "venue": "Messe Erfurt",
            "hashtag": "#Netzwerk2026",
            "status": "published",
        },
    )

    event = Event.objects.get(title="Netzwerktreffen Winter")
    assert response.status_code == 302
    assert event.starts_at.isoformat() == "2026-01-15T09:00:00+00:00"
    assert event.hashtag == "Netzwerk2026"


def test_create_event_form_with_errors_shows_them_in_german_and_writes_nothing(organiser_client):
    response = organiser_client.post(
        reverse("orga:event_create"),
        {
            "title": "",
            "starts_at": "2026-01-15T12:00",
            "ends_at": "2026-01-15T10:00",
            "time_zone": "Europe/Berlin",
            "status": "draft",
            "hashtag": "zwei wörter",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in body
    assert "Ein Hashtag besteht nur aus Buchstaben" in body
    assert Event.objects.count() == 0


def test_create_event_form_in_english_shows_english_errors(organiser_client):
    response = organiser_client.post("/en/orga/events/new/", {"title": ""})

    assert "This field is required." in response.content.decode()


def test_agenda_item_outside_event_is_refused(organiser_client, event):
    response = organiser_client.post(
        reverse("orga:agenda", kwargs={"slug": event.slug}),
        {"starts_at": "2030-01-01T10:00", "duration_minutes": 15, "kind": "talk", "title": "Zu spät"},
    )

    assert "außerhalb der Veranstaltung" in response.content.decode()
    assert event.agenda_items.count() == 0


def test_agenda_item_add_edit_delete(organiser_client, event):
    url = reverse("orga:agenda", kwargs={"slug": event.slug})
    organiser_client.post(
        url, {"starts_at": "2026-09-21T10:15", "duration_minutes": 15, "kind": "keynote", "title": "Impuls"}
    )
    item = event.agenda_items.get()
    organiser_client.post(
        reverse("orga:agenda_item_edit", kwargs={"slug": event.slug, "item_id": item.pk}),
        {"starts_at": "2026-09-21T10:20", "duration_minutes": 20, "kind": "keynote", "title": "Impuls (neu)"},
    )
    item.refresh_from_db()
    edited = (item.title, item.duration_minutes)
    organiser_client.post(reverse("orga:agenda_item_delete", kwargs={"slug": event.slug, "item_id": item.pk}))

    assert edited == ("Impuls (neu)", 20)
    assert event.agenda_items.count() == 0


def test_participant_add_edit_delete(organiser_client, event):
    organiser_client.post(
        reverse("orga:participant_create", kwargs={"slug": event.slug}),
        {
            "name": "Anna Schmidt",
            "email": "anna@example.org",
            "organisation": "Optronik",
            "region": "TH",
            "role": "participant",
            "language": "de",
            "interests": "Optik, KI, Optik",
            "no_photos": "on",
        },
    )
    person = event.participants.get()
    assert person.no_photos  # the badge will carry "Bitte keine Fotos"
    interests = person.interests
    organiser_client.post(
        reverse("orga:participant_edit", kwargs={"slug": event.slug, "participant_id": person.pk}),
        {"name": "Anna Schmidt-Lang", "email": "anna@example.org", "role": "host", "language": "en"},
    )
    person.refresh_from_db()
    edited = (person.name, person.role, person.language, person.organisation)
    organiser_client.post(reverse("orga:participant_delete", kwargs={"slug": event.slug, "participant_id": person.pk}))

    assert interests == ["Optik", "KI"]
    assert edited == ("Anna Schmidt-Lang", "host", "en", None)
    assert event.participants.count() == 0


def test_participant_list_htmx_request_returns_only_the_table(organiser_client, event):
    ParticipantFactory(event=event, name="Zora")

    response = organiser_client.get(
        reverse("orga:participants", kwargs={"slug": event.slug}), {"q": "zor"}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert "Zora" in body
    assert "<html" not in body


def test_language_prefix_switches_to_english_and_german_is_default(client, event):
    german = client.get(f"/e/{event.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    english = client.get(f"/en/e/{event.slug}/")

    assert '<html lang="de">' in german.content.decode()
    assert '<html lang="en">' in english.content.decode()


def test_set_language_redirects_to_the_english_url(client, event):
    response = client.post(reverse("set_language"), {"language": "en", "next": f"/e/{event.slug}/"})

    assert response["Location"] == f"/en/e/{event.slug}/"


def test_admin_is_german_for_staff(admin_client):
    response = admin_client.get("/admin/")

    assert "Website-Verwaltung" in response.content.decode() or "Verwaltung" in response.content.decode()
    assert '<html lang="de"' in response.content.decode()


def test_csrf_is_enforced(event, organiser):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(organiser)

    response = strict.post(reverse("orga:event_archive", kwargs={"slug": event.slug}))

    assert response.status_code == 403


def test_user_content_is_escaped(client, db):
    event = EventFactory(title="<script>alert(1)</script>")

    body = client.get(reverse("public:event", kwargs={"slug": event.slug})).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_english_public_page_marks_the_german_contents(client, event):
    path = reverse("public:event", kwargs={"slug": event.slug})  # before /en/ leaves English active
    english = client.get(f"/en{path}").content.decode()
    german = client.get(path).content.decode()

    assert f'<h1 lang="de">{event.title}</h1>' in english
    assert f"<h1>{event.title}</h1>" in german
