"""Dot voting: allowances, retries that must not count twice, closed ballots, scoping — service and phone API."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import CafeFactory, EventFactory, ParticipantFactory, TableFactory, TopicFactory
from weltcafe.cafe.models import Ballot, Idea, Theme, Vote
from weltcafe.cafe.queries import snapshot
from weltcafe.cafe.queries import voting as vote_counts
from weltcafe.cafe.services import themes as editing
from weltcafe.cafe.services import voting

pytestmark = pytest.mark.integration



@pytest.fixture
def vote_room(db):
    event = EventFactory()
    cafe = CafeFactory(event=event)
    topic = TopicFactory(cafe=cafe, title="Fachkräfte")
    TableFactory(topic=topic, number=1)
    themes = [Theme.objects.create(topic=topic, label=label, position=i) for i, label in enumerate("ABC")]
    people = [ParticipantFactory(event=event, name=name) for name in ("Ana", "Ben", "Cem")]
    ballot = voting.open_ballot(topic=topic, dots_per_person=3, max_per_option=2)
    return cafe, topic, themes, people, ballot


def _dots(client, person, ballot, option, count):
    response = client.post(
        reverse("live:dots", kwargs={"token": person.access_token}),
        data=json.dumps({"ballot": ballot.pk, "option": option.pk, "count": count}),
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_dots_add_up_per_person_and_retries_do_not_count_twice(client, vote_room):
    _cafe, _topic, (a, b, _c), (ana, ben, _cem), ballot = vote_room

    assert _dots(client, ana, ballot, a, 2) == (200, {"ballot": ballot.pk, "mine": {str(a.pk): 2}, "left": 1})
    assert _dots(client, ana, ballot, a, 2)[0] == 200  # the same request again, after a lost answer
    assert _dots(client, ana, ballot, b, 1)[1]["left"] == 0
    assert _dots(client, ben, ballot, a, 1)[0] == 200

    assert sum(Vote.objects.filter(theme=a).values_list("dots", flat=True)) == 3
    assert Vote.objects.filter(participant=ana).count() == 2


def test_over_the_allowance_or_per_option_cap_is_refused_and_changes_nothing(client, vote_room):
    _cafe, _topic, (a, b, c), (ana, *_), ballot = vote_room
    _dots(client, ana, ballot, a, 2)
    _dots(client, ana, ballot, b, 1)

    assert _dots(client, ana, ballot, c, 1) == (409, {"error": "Sie haben 3 Punkte; 0 sind noch frei."})
    assert _dots(client, ana, ballot, a, 3) == (409, {"error": "Auf einen Eintrag passen höchstens 2 Punkte."})
    assert _dots(client, ana, ballot, a, -1)[0] == 409
    assert vote_counts.dots_of(ballot, ana) == {a.pk: 2, b.pk: 1}


def test_a_closed_ballot_refuses_new_dots_with_a_message(client, vote_room):
    _cafe, _topic, (a, *_), (ana, *_), ballot = vote_room
    voting.close_ballot(ballot=ballot)

    assert _dots(client, ana, ballot, a, 1) == (
        409,
        {"error": "Die Abstimmung ist geschlossen – Punkte werden nicht mehr angenommen."},
    )
    assert not Vote.objects.exists()


def test_hidden_themes_other_cafes_and_bad_bodies_are_refused(client, vote_room):
    _cafe, topic, (a, b, _c), (ana, *_), ballot = vote_room
    editing.set_theme_hidden(topic=topic, theme_id=b.pk, hidden=True)
    foreign = ParticipantFactory()  # another event: their link does not reach this café's ballot
    foreign_cafe = CafeFactory(event=foreign.event)

    assert _dots(client, ana, ballot, b, 1) == (409, {"error": "Dieses Themencluster steht nicht zur Wahl."})
    assert foreign_cafe.pk != ballot.topic.cafe_id
    assert _dots(client, foreign, ballot, a, 1) == (409, {"error": "Diese Abstimmung gibt es in diesem Café nicht."})
    response = client.post(reverse("live:dots", kwargs={"token": ana.access_token}), data="{}",
                           content_type="application/json")
    assert response.status_code == 400
    assert client.post(reverse("live:dots", kwargs={"token": "nope"}), data="{}",
                       content_type="application/json").status_code == 404
    assert not Vote.objects.exists()


def test_one_open_ballot_per_topic_and_sensible_settings(vote_room):
    _cafe, topic, *_ = vote_room
    with pytest.raises(ValidationError, match="schon eine Abstimmung"):
        voting.open_ballot(topic=topic)
    other = TopicFactory(cafe=topic.cafe, title="Leer")
    with pytest.raises(ValidationError, match="mindestens zwei"):
        voting.open_ballot(topic=other)
    with pytest.raises(ValidationError):
        voting.open_ballot(topic=other, dots_per_person=0)
    with pytest.raises(ValidationError):
        voting.open_ballot(topic=other, dots_per_person=3, max_per_option=4)
    assert Ballot.objects.count() == 1


def test_voting_on_ideas(client, vote_room):
    _cafe, topic, _themes, (ana, *_), _ballot = vote_room
    voting.close_ballot(ballot=_ballot)
    table = topic.tables.get()
    round_ = topic.cafe.rounds.create(index=1, planned_minutes=20)
    first, second = (Idea.objects.create(table=table, round=round_, text=t) for t in ("Kita", "Azubis"))
    ballot = voting.open_ballot(topic=topic, kind=Ballot.Kind.IDEAS, dots_per_person=2)

    assert _dots(client, ana, ballot, first, 2)[0] == 200
    assert vote_counts.idea_votes(topic) == {first.pk: 2}
    assert [o["label"] for o in snapshot.cafe_state(topic.cafe)["ballots"][str(ballot.pk)]["options"]] == [
        "Kita", "Azubis"
    ]
    assert second.pk not in vote_counts.idea_votes(topic)


def test_merging_themes_carries_the_dots_over(client, vote_room):
    _cafe, topic, (a, b, _c), (ana, ben, _cem), ballot = vote_room
    _dots(client, ana, ballot, a, 1)
    _dots(client, ana, ballot, b, 2)
    _dots(client, ben, ballot, b, 1)

    editing.merge_themes(topic=topic, keep_id=a.pk, merge_ids=[b.pk])

    assert vote_counts.theme_votes(topic) == {a.pk: 4}
    assert vote_counts.dots_of(ballot, ana) == {a.pk: 3}


def test_the_phone_snapshot_carries_my_dots_and_no_running_totals(client, vote_room):
    cafe, _topic, (a, *_), (ana, ben, _cem), ballot = vote_room
    _dots(client, ana, ballot, a, 2)
    _dots(client, ben, ballot, a, 1)

    phone = snapshot.participant_snapshot(cafe, ana)
    wall = snapshot.wall_snapshot(cafe)

    assert phone["my_dots"] == {str(ballot.pk): {str(a.pk): 2}}
    assert "tallies" not in phone["state"]
    assert wall["state"]["tallies"][str(ballot.pk)] == {"ballot": ballot.pk, "dots": {str(a.pk): 3}, "voters": 2}


def test_voters_can_open_what_people_wrote_under_a_theme(vote_room):
    cafe, topic, themes, _people, ballot = vote_room
    table = topic.tables.get()
    round_ = cafe.rounds.get_or_create(index=1, defaults={"planned_minutes": 20})[0]
    for text in ("Ausbildungsverbund", "Wohnheim für Azubis", "Gemeinsame Messe", "Vierte Idee"):
        Idea.objects.create(table=table, round=round_, text=text, theme=themes[0])
    Idea.objects.create(table=table, round=round_, text="Ausgeblendet", theme=themes[0], status=Idea.Status.HIDDEN)

    options = snapshot.cafe_state(cafe)["ballots"][str(ballot.pk)]["options"]

    first = next(option for option in options if option["id"] == themes[0].pk)
    assert first["examples"] == ["Ausbildungsverbund", "Wohnheim für Azubis", "Gemeinsame Messe"]  # three, shown only


def test_a_merge_is_undone_with_its_ideas_labels_and_dots(client, vote_room):
    cafe, topic, (a, b, _c), (ana, ben, _cem), ballot = vote_room
    round_ = cafe.rounds.get_or_create(index=1, defaults={"planned_minutes": 20})[0]
    table = topic.tables.get()
    in_a = Idea.objects.create(table=table, round=round_, text="Kita", theme=a)
    in_b = Idea.objects.create(table=table, round=round_, text="Azubis", theme=b, theme_pinned=False)
    Theme.objects.filter(pk=b.pk).update(label="Ausbildung", machine_label="Azubi")
    b.refresh_from_db()
    _dots(client, ana, ballot, a, 1)
    _dots(client, ana, ballot, b, 2)
    _dots(client, ben, ballot, b, 1)

    record = editing.merge_record(topic=topic, keep_id=a.pk, merge_ids=[b.pk])
    editing.merge_themes(topic=topic, keep_id=a.pk, merge_ids=[b.pk])
    (restored,) = editing.undo_merge(topic=topic, record=record)

    assert (restored.label, restored.machine_label, restored.position) == ("Ausbildung", "Azubi", b.position)
    assert list(restored.ideas.values_list("pk", "theme_pinned")) == [(in_b.pk, False)]
    assert list(Theme.objects.get(pk=a.pk).ideas.values_list("pk", flat=True)) == [in_a.pk]
    assert vote_counts.theme_votes(topic) == {a.pk: 1, restored.pk: 3}
    assert vote_counts.dots_of(ballot, ana) == {a.pk: 1, restored.pk: 2}


def test_a_merge_changed_since_cannot_be_undone_and_nothing_changes(client, vote_room):
    cafe, topic, (a, b, _c), (_ana, _ben, cem), ballot = vote_room
    round_ = cafe.rounds.get_or_create(index=1, defaults={"planned_minutes": 20})[0]
    Idea.objects.create(table=topic.tables.get(), round=round_, text="Azubis", theme=b)
    record = editing.merge_record(topic=topic, keep_id=a.pk, merge_ids=[b.pk])
    editing.merge_themes(topic=topic, keep_id=a.pk, merge_ids=[b.pk])
    _dots(client, cem, ballot, a, 1)  # a dot on the merged cluster after the merge
    themes = list(Theme.objects.filter(topic=topic).values_list("pk", flat=True))

    with pytest.raises(ValidationError, match="geändert"):
        editing.undo_merge(topic=topic, record=record)
    assert list(Theme.objects.filter(topic=topic).values_list("pk", flat=True)) == themes
    assert vote_counts.dots_of(ballot, cem) == {a.pk: 1}


def test_the_topic_page_offers_to_undo_the_last_merge_once(client, vote_room):
    from tests.factories import OrganiserFactory

    cafe, topic, (a, b, _c), _people, _ballot = vote_room
    organiser = OrganiserFactory(username="undo-orga")
    cafe.event.organisers.add(organiser)
    client.force_login(organiser)
    edit = reverse("orga:harvest_edit", kwargs={"slug": cafe.event.slug, "topic_id": topic.pk})
    page = reverse("orga:harvest_topic", kwargs={"slug": cafe.event.slug, "topic_id": topic.pk})

    client.post(edit, {"action": "merge", "theme": a.pk, "merge": [b.pk]})
    offered = client.get(page).content.decode()
    undone = client.post(edit, {"action": "undo_merge"}, follow=True).content.decode()
    again = client.post(edit, {"action": "undo_merge"}, follow=True).content.decode()

    assert 'data-state="undo-merge"' in offered
    assert "Zusammengeführt: „B“." in offered
    assert "Zusammenführen rückgängig gemacht." in undone
    assert Theme.objects.filter(topic=topic, label="B").exists()
    assert 'data-state="undo-merge"' not in undone
    assert "kein Zusammenführen" in again
