"""Networking templates fire no database query of their own: views and queries hand them lists and rows with
everything they show (issue #12). A lazy queryset or a relation left for the template would show up here."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.backends.django import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganisationFactory
from tests.networking.conftest import phone, seat_together, url
from weltcafe.networking.services import contacts, notes
from weltcafe.networking.speed import services as speed

pytestmark = pytest.mark.integration


@pytest.fixture
def template_queries(monkeypatch) -> dict[str, int]:
    """Queries fired while each networking template renders (includes and the base page count for it)."""
    fired: dict[str, int] = {}
    render = Template.render

    def counting(self, context=None, request=None):
        with CaptureQueriesContext(connection) as captured:
            html = render(self, context, request)
        name = self.origin.template_name if self.origin else ""
        if str(name).startswith("networking/"):
            fired[name] = fired.get(name, 0) + len(captured)
        return html

    monkeypatch.setattr(Template, "render", counting)
    return fired


def test_phone_pages_fire_no_queries_in_templates(meeting, template_queries):
    organisation = OrganisationFactory(event=meeting.event, name="Keller GmbH")
    meeting.ben.organisation = organisation
    meeting.ben.save(update_fields=["organisation"])
    request = contacts.request_contact(sender=meeting.ana, recipient=meeting.ben).request
    contacts.answer_request(recipient=meeting.ben, request_id=request.pk, accept=True)
    notes.save_note(author=meeting.ana, contact=request, text="Rückruf im Mai")
    seat_together(meeting, meeting.ana, meeting.ben, meeting.dora)
    client = phone(meeting.ana)

    for name in ("network", "network_profile", "network_meetings"):
        assert client.get(url(name, meeting.ana)).status_code == 200
    assert client.get(reverse("live:network_scan", kwargs={"token": meeting.ben.badge_token})).status_code == 200
    assert Client().get(reverse("live:badge", kwargs={"token": meeting.ben.badge_token})).status_code == 200

    assert set(template_queries) >= {
        "networking/hub.html", "networking/profile.html", "networking/meetings.html", "networking/scan.html",
    }
    assert {name: count for name, count in template_queries.items() if count} == {}


def test_organiser_and_speed_pages_fire_no_queries_in_templates(meeting, organiser, template_queries):
    OrganisationFactory.create_batch(2, event=meeting.event)
    speed.create_session(event=meeting.event, group_size=2, rounds=2, minutes=5)
    client = Client()
    client.force_login(organiser)
    slug = meeting.event.slug
    organisation = meeting.event.organisations.first()

    for path in (
        reverse("orga:network_organisations", kwargs={"slug": slug}),
        reverse("orga:network_organisation", kwargs={"slug": slug, "organisation_id": organisation.pk}),
        reverse("orga:network_speed", kwargs={"slug": slug}),
    ):
        assert client.get(path).status_code == 200
    assert phone(meeting.ana).get(url("network_speed", meeting.ana)).status_code == 200
    assert Client().get(reverse("live:speed_wall", kwargs={"token": meeting.cafe.wall_token})).status_code == 200

    assert set(template_queries) >= {
        "networking/orga_organisations.html", "networking/orga_organisation.html", "networking/speed_control.html",
        "networking/speed_phone.html", "networking/speed_wall.html",
    }
    assert {name: count for name, count in template_queries.items() if count} == {}
