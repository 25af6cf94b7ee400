"""A participant's own export and erasure, on small meetings built with factories (the demo run is in
test_privacy.py): what the export holds and leaves out, what erasure removes, keeps and leaves alone."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from tests.factories import (
    BallotFactory,
    ContactNoteFactory,
    ContactRequestFactory,
    IdeaFactory,
    ModerationEntryFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProfileFactory,
    SeatFactory,
    SpeedSeatFactory,
    TableFactory,
    ThemeFactory,
    VoteFactory,
)
from weltcafe.cafe.models import Idea, ModerationEntry, Seat, Vote
from weltcafe.events.models import Participant
from weltcafe.networking.models import ContactNote, ContactRequest, Profile
from weltcafe.networking.speed.models import SpeedSeat
from weltcafe.privacy import own_data

pytestmark = pytest.mark.integration


@pytest.fixture
def table(db):
    return TableFactory(topic__title="Fachkräfte", number=4)


def _person(table, **fields) -> Participant:
    return ParticipantFactory(event=table.cafe.event, **fields)


def test_export_of_someone_who_did_nothing_yet_is_complete_and_empty(table):
    ana = _person(table, name="Ana Berger", email="ana@example.org", organisation=None, interests=["Kita"])

    data = own_data.export_own(ana)

    assert data["format"] == "weltcafe-personal-data"
    assert data["event"]["title"] == table.cafe.event.title
    assert data["participant"]["name"] == "Ana Berger"
    assert data["participant"]["email"] == "ana@example.org"
    assert data["participant"]["organisation"] == ""
    assert data["participant"]["interests"] == ["Kita"]
    assert data["participant"]["checked_in_at"] is None
    assert data["profile"] is None
    assert [data[key] for key in ("seats", "ideas", "dots", "contacts", "notes", "speed_networking")] == [[]] * 6
    json.dumps(data)  # the download is this, as JSON


def test_export_names_another_person_only_once_they_accepted(table):
    ana = _person(table, name="Ana Berger")
    ben = _person(table, name="Ben Vogel", email="ben@example.org")
    cleo = _person(table, name="Cleo Marx", email="cleo@example.org")
    ContactRequestFactory(event=ana.event, sender=ben, recipient=ana)  # pending: Ben asked Ana
    ContactRequestFactory(event=ana.event, sender=ana, recipient=cleo, status=ContactRequest.Status.ACCEPTED)

    contacts = sorted(own_data.export_own(ana)["contacts"], key=lambda row: row["direction"])

    assert [(row["with"], row["direction"], row["status"]) for row in contacts] == [
        (None, "received", "pending"),
        ("Cleo Marx", "sent", "accepted"),
    ]
    text = json.dumps(own_data.export_own(ana), ensure_ascii=False)
    assert "Ben Vogel" not in text
    assert "ben@example.org" not in text
    assert "cleo@example.org" not in text  # an accepted contact by name, never their address


def test_export_holds_profile_seats_ideas_dots_and_own_notes_but_not_notes_about_them(table):
    ana = _person(table)
    ben = _person(table)
    ProfileFactory(participant=ana, offers="Ausbildungsverbund", seeks="Betriebe", phone="+49 341 1", tags=["Kita"])
    seat = SeatFactory(table=table, participant=ana, round__index=2)
    idea = IdeaFactory(table=table, round=seat.round, author=ana, text="Gemeinsame Azubi-Börse", show_author=True)
    IdeaFactory(table=table, round=seat.round, author=ben, text="Bens Idee")
    theme = ThemeFactory(topic=table.topic, label="Ausbildung")
    VoteFactory(ballot=BallotFactory(topic=table.topic), participant=ana, theme=theme, dots=2)
    ideas_ballot = BallotFactory(topic=table.topic, kind="ideas")
    VoteFactory(ballot=ideas_ballot, participant=ana, theme=None, idea=idea, dots=1)
    contact = ContactRequestFactory(event=ana.event, sender=ana, recipient=ben, status=ContactRequest.Status.ACCEPTED)
    ContactNoteFactory(contact=contact, author=ana, text="Anrufen im Mai")
    ContactNoteFactory(contact=contact, author=ben, text="Bens Notiz über Ana")

    data = own_data.export_own(ana)

    assert data["profile"] == {"offers": "Ausbildungsverbund", "seeks": "Betriebe", "tags": ["Kita"],
                               "phone": "+49 341 1", "visible": True, "contactable": True}
    assert data["seats"] == [{"round": 2, "table": 4, "topic": "Fachkräfte"}]
    assert [(row["text"], row["named"]) for row in data["ideas"]] == [("Gemeinsame Azubi-Börse", True)]
    assert sorted((row["on"], row["dots"]) for row in data["dots"]) == [
        ("Ausbildung", 2), ("Gemeinsame Azubi-Börse", 1)
    ]
    assert [row["text"] for row in data["notes"]] == ["Anrufen im Mai"]
    assert "Bens" not in json.dumps(data, ensure_ascii=False)


def test_export_lists_speed_networking_places_without_the_people_met(table):
    ana = _person(table)
    ben = _person(table, name="Ben Vogel")
    seat = SpeedSeatFactory(participant=ana, round__session__event=ana.event, group=3,
                            reasons={str(ben.pk): {"de": "Beide suchen Fachkräfte", "en": "Both look for staff"}})
    SpeedSeatFactory(participant=ben, round=seat.round, group=3)

    rows = own_data.export_own(ana)["speed_networking"]

    assert rows == [{"session": seat.round.session_id, "round": seat.round.index, "group": 3, "started_at": None}]


def test_forget_removes_everything_personal_and_keeps_contributions_counted(table):
    organisation = OrganisationFactory(event=table.cafe.event, kind="company", region="SN")
    ana = _person(table, name="Ana Berger", email="ana@example.org", organisation=organisation, role="host",
                  interests=["Kita"], consent_visible=True, no_photos=True, checked_in_at=timezone.now(),
                  link_claimed_at=timezone.now())
    ben = _person(table, name="Ben Vogel", organisation=organisation)
    ProfileFactory(participant=ana)
    seat = SeatFactory(table=table, participant=ana)
    idea = IdeaFactory(table=table, round=seat.round, author=ana, show_author=True)
    ModerationEntryFactory(idea=idea, actor_participant=ana)
    vote = VoteFactory(ballot=BallotFactory(topic=table.topic), participant=ana, dots=3)
    contact = ContactRequestFactory(event=ana.event, sender=ben, recipient=ana, status=ContactRequest.Status.ACCEPTED)
    ContactNoteFactory(contact=contact, author=ben)
    SpeedSeatFactory(participant=ana, round__session__event=ana.event)
    old_tokens = (ana.access_token, ana.badge_token)

    own_data.forget(ana)

    gone = Participant.objects.get(pk=ana.pk)
    assert (gone.name, gone.email, gone.role, gone.interests) == ("Teilnehmende", "", "", [])
    assert (gone.consent_visible, gone.no_photos) == (False, False)
    assert (gone.checked_in_at, gone.link_claimed_at) == (None, None)
    assert gone.access_token not in old_tokens
    assert gone.badge_token not in old_tokens
    assert (gone.sort_name, gone.search_text) == ("teilnehmende", "")
    assert not Profile.objects.filter(participant=gone).exists()
    assert not Seat.objects.filter(participant=gone).exists()
    assert not SpeedSeat.objects.filter(participant=gone).exists()
    assert not ContactRequest.objects.exists()
    assert not ContactNote.objects.exists()  # Ben's note about the contact goes with it
    assert Idea.objects.filter(pk=idea.pk, author=None, show_author=False).exists()
    assert ModerationEntry.objects.get().actor_participant is None
    assert Vote.objects.get(pk=vote.pk).dots == 3  # still counted, no longer theirs
    still = Participant.objects.get(pk=ben.pk)
    assert (still.name, still.organisation_id) == ("Ben Vogel", organisation.pk)
    assert gone.organisation.name == "Anonym (Unternehmen, Sachsen)"


def test_forget_one_person_leaves_everyone_else_as_they_were(table):
    ana, ben = _person(table), _person(table)
    ProfileFactory(participant=ben)
    SeatFactory(table=table, participant=ben)
    before = Participant.objects.filter(pk=ben.pk).values().get()

    own_data.forget(ana)

    assert Participant.objects.filter(pk=ben.pk).values().get() == before
    assert Profile.objects.filter(participant=ben).exists()
    assert Seat.objects.filter(participant=ben).exists()
