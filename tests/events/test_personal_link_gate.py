"""The one device rule (events.access.personal_link_view), checked on every route under a personal link.

The routes come from the URLconf, so a route added later under /live/p/<token>/ is covered without touching this
file: a phone bound to Ana that opens Ben's link gets the contact prompt (GET of a page) or 403 — and nothing of
Ben's is read or written.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import CafeFactory, EventFactory, ParticipantFactory, RoundFactory, TableFactory, TopicFactory
from tests.networking.conftest import set_profile
from tests.routes import all_routes
from weltcafe.cafe.models import Idea, Seat, Theme, Vote
from weltcafe.cafe.services import voting
from weltcafe.events.access import DEVICE_COOKIE
from weltcafe.events.models import Participant
from weltcafe.networking.models import ContactNote, ContactRequest, Profile
from weltcafe.networking.services import contacts

pytestmark = pytest.mark.integration


PERSONAL_PREFIXES = ("live/p/<str:token>/", "live/<str:kind>/<str:token>/")


PERSONAL_ROUTES = sorted({r.name: r.route for r in all_routes() if r.route.startswith(PERSONAL_PREFIXES)}.items())


class Room:
    """Ana's phone, and Ben: a host with a seat, ideas, an open vote, a profile, a contact and an open request."""

    def __init__(self) -> None:
        event = EventFactory()
        cafe = CafeFactory(event=event)
        self.ana = ParticipantFactory(event=event, name="Ana Berger", email="ana@example.org")
        self.ben = ParticipantFactory(event=event, name="Ben Vogel", email="ben@example.org")
        self.cleo = ParticipantFactory(event=event, name="Cleo Marx", email="cleo@example.org")
        self.dirk = ParticipantFactory(event=event, name="Dirk Maas", email="dirk@example.org")
        self.topic = TopicFactory(cafe=cafe)
        self.table = TableFactory(topic=self.topic, host=self.ben)
        self.round = RoundFactory(cafe=cafe, index=1, started_at=timezone.now())
        for person in (self.ana, self.ben):
            Seat.objects.create(participant=person, round=self.round, table=self.table)
        self.ideas = [
            Idea.objects.create(table=self.table, round=self.round, text=f"Idee {n}", client_uuid=uuid.uuid4())
            for n in (1, 2)
        ]
        self.ballot = voting.open_ballot(topic=self.topic, kind="ideas", dots_per_person=3)
        for person in (self.ana, self.ben, self.cleo, self.dirk):
            set_profile(person, offers="Beratung", seeks="Kunden", phone="+49 30 1234")
        contact = contacts.request_contact(sender=self.cleo, recipient=self.ben).request
        contacts.answer_request(recipient=self.ben, request_id=contact.pk, accept=True)
        self.pending = contacts.request_contact(sender=self.dirk, recipient=self.ben).request
        self.kwargs = {"kind": "p", "token": self.ben.access_token, "topic_id": self.topic.pk,
                       "participant_id": self.cleo.pk, "request_id": self.pending.pk}

    def phone_of_ana(self) -> Client:
        client = Client()
        assert client.get(reverse("live:page", kwargs={"kind": "p", "token": self.ana.access_token})).status_code == 200
        return client

    def bens_data(self) -> tuple:
        ben = Participant.objects.get(pk=self.ben.pk)
        profile = Profile.objects.get(participant=ben)
        return (
            (ben.name, ben.email, ben.access_token, ben.badge_token),
            (profile.offers, profile.visible, profile.contactable),
            sorted(ContactRequest.objects.values_list("sender", "recipient", "status")),
            ContactNote.objects.count(),
            sorted(Idea.objects.values_list("text", "author", "is_key_insight", "theme")),
            Vote.objects.count(),
            Theme.objects.count(),
        )

    def url(self, name: str, route: str) -> str:
        wanted = {key: value for key, value in self.kwargs.items() if f":{key}>" in route}
        return reverse(name, kwargs=wanted)


def _form_body(room: Room) -> dict:
    return {"confirm": "1", "decision": "accept", "text": "Von Ana", "action": "rename", "label": "Von Ana",
            "offers": "Von Ana", "visible": "on", "contactable": "on"}


def _json_body(room: Room) -> str:
    return json.dumps({"client_uuid": str(uuid.uuid4()), "table": room.table.pk, "round": room.round.pk,
                       "text": "Von Ana für Ben", "idea": room.ideas[0].pk, "value": True,
                       "ballot": room.ballot.pk, "option": room.ideas[0].pk, "count": 2})


def test_personal_routes_are_found_in_the_urlconf():
    names = {name for name, _route in PERSONAL_ROUTES}

    assert {"live:page", "live:state", "live:post_idea", "live:dots", "live:harvest_edit", "live:my_data",
            "live:forget_me", "live:network_vcard", "live:speed_state"} <= names
    assert "live:badge" not in names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), PERSONAL_ROUTES, ids=[name for name, _route in PERSONAL_ROUTES])
def test_personal_route_refuses_a_phone_bound_to_someone_else(name, route):
    room = Room()
    ana = room.phone_of_ana()
    before = room.bens_data()
    path = room.url(name, route)
    prompt = reverse("live:badge", kwargs={"token": room.ben.badge_token})

    answers = [
        ana.get(path),
        ana.post(path, _form_body(room)),
        ana.post(path, _json_body(room), content_type="application/json"),
    ]

    for response in answers:
        assert response.status_code in (302, 403, 404, 405), (name, response.status_code)
        if response.status_code == 302:
            assert response["Location"] == prompt
        content = response.content.decode()
        assert "ben@example.org" not in content
        assert "Ben Vogel" not in content
        assert "cleo@example.org" not in content
    assert room.bens_data() == before


@pytest.mark.django_db
def test_erasure_of_someone_else_on_a_bound_phone_is_403_and_keeps_them():
    room = Room()
    ana = room.phone_of_ana()

    response = ana.post(reverse("live:forget_me", kwargs={"token": room.ben.access_token}), {"confirm": "1"})

    assert response.status_code == 403
    assert Participant.objects.get(pk=room.ben.pk).name == "Ben Vogel"


@pytest.mark.django_db
def test_json_endpoint_on_a_bound_phone_answers_the_json_error_shape():
    room = Room()
    ana = room.phone_of_ana()

    response = ana.get(reverse("live:state", kwargs={"kind": "p", "token": room.ben.access_token}))

    assert response.status_code == 403
    assert list(response.json()) == ["error"]


@pytest.mark.django_db
def test_own_phone_and_unbound_phone_pass_the_gate():
    room = Room()
    ana = room.phone_of_ana()

    own = ana.get(reverse("live:my_data", kwargs={"token": room.ana.access_token}))
    fresh = Client().get(reverse("live:my_data", kwargs={"token": room.ben.access_token}))

    assert (own.status_code, fresh.status_code) == (200, 200)
    assert DEVICE_COOKIE not in fresh.cookies  # a download binds nothing


@pytest.mark.django_db
def test_opening_the_personal_page_claims_the_link():
    room = Room()

    room.phone_of_ana()

    assert Participant.objects.get(pk=room.ana.pk).link_claimed_at is not None
    assert Participant.objects.get(pk=room.ben.pk).link_claimed_at is None
