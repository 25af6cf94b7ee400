"""The import checks a whole file before writing: strict reading, types, full_clean, JSON field shapes, keys and
references; its reasons name the row and reveal nothing of other organisers' events; nothing is written on refusal."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from tests.factories import (
    CafeFactory,
    EventFactory,
    OrganiserFactory,
    ParticipantFactory,
    RoundFactory,
    TableFactory,
    TopicFactory,
)
from weltcafe.cafe.models import Idea, ModerationEntry
from weltcafe.documents.exchange import checks, cli, export, reading, restore, schema
from weltcafe.documents.models import Report
from weltcafe.events.models import Event, Participant

pytestmark = pytest.mark.integration
BENCH = Path(__file__).resolve().parents[2] / "bench" / "event_import.py"


@pytest.fixture
def small_document(organiser):
    """A small event exported and removed again: two people, a café with one table, an idea, a report."""
    event = EventFactory(organisers=[organiser], slug="fruehjahr")
    people = ParticipantFactory.create_batch(2, event=event)
    cafe = CafeFactory(event=event)
    topic = TopicFactory(cafe=cafe)
    table = TableFactory(topic=topic)
    round_ = RoundFactory(cafe=cafe, index=1)
    idea = Idea.objects.create(table=table, round=round_, text="Mehr Azubis", author=people[0])
    ModerationEntry.objects.create(cafe=cafe, idea=idea, action="hide", actor_user=organiser)
    Report.objects.create(event=event, title="Bericht", topic_texts={str(topic.pk): {"text": "a", "generated": "a"}})
    document = export.export_event(event)
    Participant.objects.filter(event=event).delete()
    event.delete()
    return document


def _counts() -> tuple[int, int, int]:
    return Event.objects.count(), Participant.objects.count(), Idea.objects.count()


def _refused(document, organiser) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        restore.import_event(document, organiser=organiser)
    assert _counts() == (0, 0, 0)
    return refused.value.messages


def test_import_small_document_restores_it(small_document, organiser):
    result = restore.import_event(small_document, organiser=organiser)

    assert result.event.slug == "fruehjahr"
    assert result.notes == []
    assert Idea.objects.get().author.event == result.event


@pytest.mark.parametrize(
    ("kind", "name", "value", "reason"),
    [
        ("event", "slug", "x y", "gültiges Kürzel"),  # Django's slug validator
        ("event", "time_zone", "Mars/Olympus", "unbekannte Zeitzone „Mars/Olympus“"),
        ("event", "status", "weg", "keine gültige Option"),
        ("event", "hashtag", "zwei worte", "Hashtag"),
        ("event", "title", 42, "erwartet einen Text"),
        ("event", "starts_at", "morgen", "erwartet Datum und Uhrzeit"),
        ("participant", "email", "keine-adresse", "E-Mail"),
        ("participant", "interests", "Robotik", "erwartet eine Liste"),
        ("participant", "consent_visible", "ja", "erwartet wahr oder falsch"),
        ("cafe", "plan_summary", "gut", "erwartet ein Objekt"),
        ("cafe", "round_count", "3", "erwartet eine ganze Zahl"),
        ("cafe", "round_count", 99, "cafe_round_count_range"),
        ("report", "topic_texts", ["a"], "erwartet ein Objekt"),
        ("report", "topic_texts", {"topic:9": {"text": "a"}}, "topic:9"),
        ("idea", "author", "participant:9", "participant:9"),
        ("idea", "text", "x" * 501, "500"),
    ],
)
def test_import_refuses_a_bad_value_and_names_the_row(small_document, organiser, kind, name, value, reason):
    small_document[kind][0][name] = value

    messages = _refused(small_document, organiser)

    assert any(message.startswith(f"{kind}:1") and reason in message for message in messages), messages


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda document: document.update(event=document["event"][0]), "keine Veranstaltung"),
        (lambda document: document["participant"].append(copy.deepcopy(document["participant"][0])),
         "Schlüssel kommt mehrfach vor"),
        (lambda document: document["participant"][1].update(email=document["participant"][0]["email"].upper()),
         "dieselben Angaben wie participant:1"),
        (lambda document: document.update(guests=[]), "unbekannte Teile: guests"),
        (lambda document: document["idea"][0].update(colour="rot"), "unbekanntes Feld „colour“"),
    ],
)
def test_import_refuses_a_broken_structure(small_document, organiser, change, reason):
    change(small_document)

    messages = _refused(small_document, organiser)

    assert any(reason in message for message in messages), messages


def test_import_collects_every_problem_at_once(small_document, organiser):
    small_document["event"][0]["time_zone"] = "Mars/Olympus"
    small_document["participant"][0]["email"] = "nope"
    small_document["participant"][1]["role"] = "king"

    messages = _refused(small_document, organiser)

    assert len(messages) == 3


def test_import_beside_another_organisers_event_reveals_nothing(small_document, organiser):
    other = EventFactory(organisers=[OrganiserFactory(username="fremd")], slug="fruehjahr")
    stranger = ParticipantFactory(event=other)
    small_document["participant"][0]["access_token"] = stranger.access_token

    result = restore.import_event(small_document, organiser=organiser)

    assert result.event.slug == "fruehjahr-2"
    assert result.notes[0] == "Importiert als „fruehjahr-2“."
    assert result.notes[1].startswith("1 Link wurde neu erzeugt")
    assert not any("schon" in note and "Veranstaltung" in note for note in result.notes)
    assert Participant.objects.filter(access_token=stranger.access_token).get() == stranger


def test_import_never_names_an_account(small_document, organiser):
    OrganiserFactory(username="chefin")
    small_document["moderation_entry"][0]["actor_user"] = "chefin"

    restore.import_event(small_document, organiser=organiser)

    assert ModerationEntry.objects.get().actor_user is None


def test_import_page_lists_reasons_in_english_under_en(client, small_document, organiser):
    small_document["participant"][0]["email"] = "keine-adresse"
    client.force_login(organiser)
    upload = SimpleUploadedFile("e.json", json.dumps(small_document).encode())

    page = client.post("/en/orga/import/", {"file": upload}).content.decode()

    assert "participant:1 · email: Enter a valid email address." in page
    assert not Event.objects.exists()


def test_import_page_says_what_changed(client, small_document, organiser):
    EventFactory(slug="fruehjahr")
    client.force_login(organiser)
    upload = SimpleUploadedFile("e.json", json.dumps(small_document).encode())

    response = client.post(reverse("orga:event_import"), {"file": upload}, follow=True)

    assert response.redirect_chain[-1][0].endswith("/orga/events/fruehjahr-2/")
    assert "Importiert als „fruehjahr-2“." in response.content.decode()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"format": "weltcafe-event", "format": "x"}', "„format“ doppelt"),
        (b"[" * 100_000 + b"]" * 100_000, "zu tief verschachtelt"),
        (b'{"a": ' * 40 + b"1" + b"}" * 40, "zu tief verschachtelt"),
        ("{\"a\": \"Stra\xdfe\"}".encode("latin-1"), "UTF-8"),
        (b'{"a": "\\ud800"}', "ungültige Unicode-Zeichen"),
        (b'{"a": "x\\u0000y"}', "Steuerzeichen"),
        (b"{nope", "kein gültiges JSON"),
    ],
)
def test_reading_refuses_hostile_files(content, reason):
    with pytest.raises(ValidationError) as refused:
        reading.read_document(content)

    assert reason in refused.value.messages[0]


def test_cli_import_of_a_deeply_nested_file_prints_a_reason_without_traceback(db, organiser, tmp_path, capsys):
    path = tmp_path / "deep.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)

    code = cli.import_main([str(path), "--organiser", organiser.username])

    assert code == 2
    err = capsys.readouterr().err
    assert "zu tief verschachtelt" in err
    assert "Traceback" not in err


def test_size_limit_is_below_the_request_body_cap(settings):
    cap = getattr(settings, "WELTCAFE_MAX_REQUEST_BYTES", 12 * 1024 * 1024)
    assert cap > restore.MAX_BYTES


def test_every_json_field_has_a_checker():
    fields = {
        (part.model_class._meta.label_lower, field.name)
        for part in schema.PARTS
        for field in part.model_class._meta.concrete_fields
        if isinstance(field, models.JSONField)
    }
    assert fields == set(checks.JSON_FIELDS)


# Rows of an organiser's account, not of an event: an event's export must not carry them to another installation.
ACCOUNT_DATA = {"ImportColumnChoice"}  # the column headings an organiser mapped once (events/participant_import.py)


def test_every_model_with_event_data_is_exported():
    exported = {part.model_class for part in schema.PARTS}
    ours = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("weltcafe.") and model.__name__ not in ACCOUNT_DATA
    ]

    assert set(ours) == exported


@pytest.mark.embedded
def test_import_while_another_event_posts_ideas_never_locks_the_database(transactional_db, tmp_path):
    # A copy of the migrated test database as a file: SQLite's real write lock, WAL and busy timeout. (No open
    # transaction here, or the copy would wait for it.)
    from django.db import connection

    connection.ensure_connection()
    copy_path = tmp_path / "weltcafe.sqlite3"
    target = sqlite3.connect(copy_path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    env = {key: value for key, value in os.environ.items() if not key.startswith("WELTCAFE_")}
    env["WELTCAFE_SECRET_KEY"] = "test"

    run = subprocess.run(
        [sys.executable, str(BENCH), "--smoke", "--database", str(copy_path)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )

    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert figures["locked_errors"] == 0
    assert figures["idea_writes"] > 0
