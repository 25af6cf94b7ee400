"""The event as JSON (export → import on an emptied database → export gives the same document) and as CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from weltcafe.cafe.models import Cafe, HarvestRun, Idea, Theme, Vote
from weltcafe.cafe.services import harvest as runs
from weltcafe.cafe.services import ideas as services
from weltcafe.cafe.services import voting
from weltcafe.demo.loading import add_demo_ideas, load_demo
from weltcafe.documents.exchange import export, restore
from weltcafe.documents.report.services import generate_report
from weltcafe.events.models import Event, Participant
from weltcafe.networking.services import contacts, notes, profiles
from weltcafe.networking.speed import services as speed
from weltcafe.networking.speed.models import SpeedSeat

pytestmark = pytest.mark.integration


@pytest.fixture
def full_event(db, tmp_path, settings):
    """The demo played through: ideas, a harvest with edits, a vote, moderation, a model draft."""
    settings.DATA_DIR = tmp_path
    settings.WELTCAFE_HARVEST_EMBEDDING = "lexical"
    result = load_demo()
    cafe = Cafe.objects.get()
    add_demo_ideas(cafe)
    runs.run_harvest(cafe=cafe)
    topic = cafe.topics.get(title="Fachkräfte")
    theme = Theme.objects.filter(topic=topic).first()
    theme.label, theme.edited_by_person = "Nachwuchs gewinnen", True
    theme.save()
    ballot = voting.open_ballot(topic=topic, dots_per_person=3)
    people = list(Participant.objects.filter(event=cafe.event).order_by("pk")[:3])
    for person in people:
        voting.set_dots(cafe=cafe, participant=person, ballot_id=ballot.pk, option_id=theme.pk, count=1)
    organiser = get_user_model().objects.get(username=result.username)
    first, second = Idea.objects.filter(table__topic=topic).order_by("pk")[:2]
    services.merge_ideas(cafe=cafe, keep_id=second.pk, merge_id=first.pk, user=organiser)  # a self-reference forward
    Idea.objects.filter(pk=second.pk).update(is_key_insight=True, author=people[0], show_author=True)
    for person in people[:2]:
        profiles.save_profile(participant=person, data=profiles.ProfileData(
            topic_ids=(topic.pk,), tags=("Wasserstoff",), offers="Elektrolyse", seeks="Pilotkunden",
            phone="+49 30 1", visible=True, contactable=True))
    contact = contacts.request_contact(sender=people[0], recipient=people[1]).request
    contacts.answer_request(recipient=people[1], request_id=contact.pk, accept=True)
    notes.save_note(author=people[0], contact=contact, text="Mai")
    for person in Participant.objects.filter(event=cafe.event).order_by("pk")[3:8]:
        profiles.save_profile(participant=person, data=profiles.ProfileData(
            topic_ids=(), tags=("Robotik",), offers="Greifer", seeks="Daten", phone="", visible=True,
            contactable=False))
    speed.create_session(event=cafe.event, group_size=2, rounds=2, minutes=5)
    report, _warnings = generate_report(event=cafe.event)
    report.intro = "Von Hand geschrieben."
    report.save()
    run = HarvestRun.objects.get()
    run.drafts = {str(topic.pk): {"text": f"Entwurf [#{second.pk}]", "sources": [second.pk], "cited": [second.pk],
                                  "model": "m", "at": "2026-11-25T10:00:00+00:00"}}
    run.save()
    return Event.objects.get(slug=result.event_slug), organiser


def _wipe(event: Event) -> None:
    """An empty instance again (organisations are protected while people belong to them)."""
    Participant.objects.filter(event=event).delete()
    event.delete()
    assert not Idea.objects.exists()
    assert not Vote.objects.exists()


def test_an_export_from_before_hosts_per_table_is_read_with_the_host_at_the_first_table(full_event):
    # Exports of the older shape (one host per topic) still restore: the host goes to the topic's first table.
    event, organiser = full_event
    document = export.export_event(event)
    first_tables = {}
    for table in sorted(document["table"], key=lambda table: table["number"]):
        first_tables.setdefault(table["topic"], table)
    for topic in document["topic"]:
        topic["host"] = first_tables[topic["key"]]["host"]
    for table in document["table"]:
        table["host"] = None
    _wipe(event)

    restored = restore.import_event(document, organiser=organiser).event

    cafe = restored.cafe
    assert all(len(topic.hosts) == 1 for topic in cafe.topics.all())
    assert all(table.host is not None for table in cafe.tables.all() if table.number % 2 == 1)
    assert all(table.host is None for table in cafe.tables.all() if table.number % 2 == 0)


def test_export_import_export_gives_the_same_document(full_event):
    event, organiser = full_event
    first = export.export_event(event)
    text = json.dumps(first, ensure_ascii=False)  # serialisable as it stands
    tokens = sorted(Participant.objects.values_list("access_token", flat=True))
    _wipe(event)

    restored = restore.import_event(json.loads(text), organiser=organiser).event
    second = export.export_event(restored)

    assert second == first
    assert sorted(Participant.objects.values_list("access_token", flat=True)) == tokens  # printed badges still work
    assert organiser in restored.organisers.all()
    assert len(first["idea"]) == 39
    assert len(first["vote"]) == 3
    merged = next(i for i in first["idea"] if i["status"] == "merged")
    assert merged["merged_into"].startswith("idea:")
    assert first["report"][0]["intro"] == "Von Hand geschrieben."
    assert [p["topics"] for p in first["profile"]][:2] == [["topic:2"], ["topic:2"]]
    assert first["contact_note"][0]["contact"] == "contact_request:1"
    assert all(key.startswith("topic:") for key in first["report"][0]["topic_texts"])
    draft = next(iter(first["harvest_run"][0]["drafts"].values()))
    assert draft["sources"][0].startswith("idea:")
    assert len(first["speed_session"]) == 1
    assert len(first["speed_round"]) == 2
    assert len(first["speed_seat"]) == SpeedSeat.objects.count() > 0
    reasons = [other for seat in first["speed_seat"] for other in seat["reasons"]]
    assert reasons
    assert all(other.startswith("participant:") for other in reasons)
    assert all(entry["actor_user"] is None for entry in first["moderation_entry"])  # accounts are not exported


def test_restored_links_open_the_phone_page(client, full_event):
    event, organiser = full_event
    document = export.export_event(event)
    token = Participant.objects.filter(event=event).first().access_token
    _wipe(event)
    restore.import_event(document, organiser=organiser)

    assert client.get(reverse("live:page", kwargs={"kind": "p", "token": token})).status_code == 200


def test_importing_next_to_the_original_gets_a_free_slug_and_fresh_links(full_event):
    # Before: refused with "…gibt es hier schon" and the raw constraint name; both told of other tenants' data.
    event, organiser = full_event
    document = export.export_event(event)
    tokens = set(Participant.objects.values_list("access_token", flat=True))

    result = restore.import_event(document, organiser=organiser)

    copy = result.event
    assert copy.slug == f"{event.slug}-2"
    assert result.notes[0] == f"Importiert als „{event.slug}-2“."
    assert "Links wurden neu erzeugt" in result.notes[1]
    copied = set(Participant.objects.filter(event=copy).values_list("access_token", flat=True))
    assert len(copied) == 40
    assert not copied & tokens
    assert Idea.objects.filter(table__cafe__event=copy).count() == 39


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"format": "other"}, "keine Weltcafé-Exportdatei"),
        ({"format": "weltcafe-event", "version": 99, "event": [{}]}, "Version 99"),
        ({"format": "weltcafe-event", "version": 1, "event": []}, "keine Veranstaltung"),
        ([1, 2], "keine Weltcafé-Exportdatei"),
    ],
)
def test_broken_documents_say_why(db, organiser, document, message):
    with pytest.raises(ValidationError, match=message):
        restore.import_event(document, organiser=organiser)
    assert not Event.objects.exists()


def test_a_truncated_document_rolls_back_completely(full_event):
    event, organiser = full_event
    document = export.export_event(event)
    _wipe(event)
    document["seat"][5]["participant"] = "participant:9999"  # a reference to nothing

    with pytest.raises(ValidationError, match="participant:9999"):
        restore.import_event(document, organiser=organiser)

    assert not Event.objects.exists()
    assert not Participant.objects.exists()


def _rows(content: bytes) -> list[dict]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_organiser_downloads_json_and_csv_files(client, full_event):
    event, organiser = full_event
    client.force_login(organiser)

    page = client.get(reverse("orga:export", kwargs={"slug": event.slug}))
    as_json = client.get(reverse("orga:export_file", kwargs={"slug": event.slug, "what": "json"}))
    people = _rows(client.get(reverse("orga:export_file", kwargs={"slug": event.slug, "what": "participants"})).content)
    ideas = _rows(client.get(reverse("orga:export_file", kwargs={"slug": event.slug, "what": "ideas"})).content)
    themes = _rows(client.get(reverse("orga:export_file", kwargs={"slug": event.slug, "what": "themes"})).content)
    seating = client.get(reverse("orga:export_file", kwargs={"slug": event.slug, "what": "seating"}))

    assert page.status_code == seating.status_code == 200
    assert json.loads(as_json.content)["format"] == "weltcafe-event"
    assert as_json["Content-Disposition"] == f'attachment; filename="{event.slug}.weltcafe.json"'
    assert len(people) == 40
    assert len(ideas) == 39
    named = [row for row in ideas if row["author"]]
    assert len(named) == 1  # only the idea whose author chose to be named
    nachwuchs = next(row for row in themes if row["label"] == "Nachwuchs gewinnen")
    assert nachwuchs["dots"] == "3"
    assert nachwuchs["edited_by_person"] == "ja"
    assert client.get(reverse("orga:export_file", kwargs={"slug": event.slug, "what": "nope"})).status_code == 404


def test_other_organisers_cannot_export(client, full_event, other_organiser):
    event, _ = full_event
    client.force_login(other_organiser)
    assert client.get(reverse("orga:export_file", kwargs={"slug": event.slug, "what": "json"})).status_code == 404


def test_import_page_restores_an_uploaded_export(client, full_event):
    event, organiser = full_event
    content = json.dumps(export.export_event(event)).encode()
    _wipe(event)
    client.force_login(organiser)

    bad = client.post(reverse("orga:event_import"), {"file": SimpleUploadedFile("x.json", b"{nope")})
    response = client.post(reverse("orga:event_import"), {"file": SimpleUploadedFile("e.json", content)}, follow=True)

    assert "Die Datei ist kein gültiges JSON." in bad.content.decode()
    assert response.redirect_chain[-1][0].endswith(f"/orga/events/{event.slug}/")
    assert Idea.objects.count() == 39
