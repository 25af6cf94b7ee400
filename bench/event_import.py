"""Benchmark the JSON event import on SQLite: how long its write transaction holds the database's write lock, and
what another event's idea posts notice meanwhile.

    .venv/bin/python bench/event_import.py [--megabytes 8] [--smoke] [--database FILE] [--no-results]

Builds an event in a fresh SQLite database (WAL, the production settings) in a temporary data folder (or in FILE,
already migrated: the test suite passes a copy of its database), sized to the largest file the import accepts
(`restore.MAX_BYTES`): people with their seats, ideas, votes and speed-networking seats. It exports the event, then
imports that file (its slug and links are taken, so a free slug and fresh links are made, as for a copy) while a
second thread writes an idea into another event every 20 ms, as `capture_idea` does. Reports the file size, the
time to read and check the file (no transaction), the write transaction, the longest wait of an idea write and
whether any failed with "database is locked". Results go to bench/results/event_import.md.
Target (decision 0027): the write transaction holds the lock for under 1 s. Exit code 1 when an idea write failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "event_import.md"
TARGET_SECONDS = 1.0
SMOKE_MEGABYTES = 0.3


def _django(database: str | None) -> None:
    os.environ.setdefault("WELTCAFE_SECRET_KEY", "bench")
    os.environ["WELTCAFE_DATA_DIR"] = tempfile.mkdtemp(prefix="weltcafe-bench-import-")
    if database:
        os.environ["WELTCAFE_DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weltcafe.config.settings")
    sys.path.insert(0, str(ROOT.parent / "src"))
    import django

    django.setup()
    if not database:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


def _build(people: int, slug: str):
    """An event with `people` participants, 3 rounds at 10-seat tables, 2 ideas and 3 dots each, speed networking."""
    from django.contrib.auth import get_user_model

    from weltcafe.cafe.models import Ballot, Cafe, Idea, Round, Seat, Table, Theme, Topic, Vote
    from weltcafe.events.models import Event, Organisation, Participant
    from weltcafe.networking.speed.models import SpeedRound, SpeedSeat, SpeedSession

    start = datetime(2026, 9, 21, 8, 0, tzinfo=UTC)
    event = Event.objects.create(title=f"Großes Treffen {people}", slug=slug, starts_at=start,
                                 ends_at=start + timedelta(hours=8), status=Event.Status.PUBLISHED)
    event.organisers.add(get_user_model().objects.get_or_create(username="bench")[0])
    organisations = Organisation.objects.bulk_create(
        Organisation(event=event, name=f"Organisation {n:05d} GmbH", kind="company", region="SN",
                     sector="Maschinenbau", sort_name=f"organisation {n:05d} gmbh") for n in range(people // 2 + 1))
    persons = Participant.objects.bulk_create(
        Participant(event=event, name=f"Person {n:05d}", email=f"person{n}@example.org",
                    organisation=organisations[n // 2], interests=["Robotik", "Wasserstoff"],
                    sort_name=f"person {n:05d}", search_text=f"person {n:05d} organisation")
        for n in range(people))
    cafe = Cafe.objects.create(event=event, tables_per_topic=max(1, people // 30), table_capacity=10)
    topics = [Topic.objects.create(cafe=cafe, title=f"Thema {n}", position=n) for n in range(3)]
    tables = Table.objects.bulk_create(
        Table(cafe=cafe, topic=topics[n % 3], number=n + 1, capacity=10) for n in range(max(3, people // 10)))
    rounds = [Round.objects.create(cafe=cafe, index=n + 1, planned_minutes=20) for n in range(3)]
    Seat.objects.bulk_create(
        Seat(participant=person, round=round_, table=tables[(n + r * 7) % len(tables)])
        for n, person in enumerate(persons) for r, round_ in enumerate(rounds))
    themes = [Theme.objects.create(topic=topic, label=f"Cluster {topic.position}", keywords=["a", "b"])
              for topic in topics]
    Idea.objects.bulk_create(
        Idea(table=tables[n % len(tables)], round=rounds[n % 3], author=person, theme=themes[n % 3],
             text=f"Idee {n}: gemeinsame Ausbildungsverbünde, geteilte Lager für kritische Bauteile und "
                  f"ein Netzwerk für Wasserstoff in der Region – Vorschlag {n} vom Tisch {n % len(tables) + 1}")
        for n, person in enumerate(persons * 2))
    ballot = Ballot.objects.create(topic=topics[0], opened_at=start, closed_at=start + timedelta(hours=1))
    Vote.objects.bulk_create(Vote(ballot=ballot, participant=person, theme=themes[0], dots=3) for person in persons)
    session = SpeedSession.objects.create(event=event, plan_summary={"people": people, "method": "bench"})
    for index in (1, 2):
        round_ = SpeedRound.objects.create(session=session, index=index, planned_minutes=5)
        SpeedSeat.objects.bulk_create(
            SpeedSeat(round=round_, group=n // 2 + 1, participant=person,
                      reasons={str(persons[n ^ 1].pk): {"de": "gemeinsame Interessen: Robotik",
                                                        "en": "shared interests: Robotik"}}
                      if n ^ 1 < people else {})
            for n, person in enumerate(persons))
    return event


def _document(megabytes: float) -> bytes:
    from weltcafe.documents.exchange.export import export_event
    from weltcafe.events.models import Event, Participant

    def exported(people: int, slug: str) -> bytes:
        event = _build(people, slug)
        content = json.dumps(export_event(event), ensure_ascii=False, indent=1).encode()
        return content, event

    trial, event = exported(100, "probe")
    Participant.objects.filter(event=event).delete()
    Event.objects.filter(pk=event.pk).delete()
    people = max(20, int(100 * megabytes * 1024 * 1024 / len(trial) * 0.98))
    content, _event = exported(people, "gross")  # stays: the import makes a copy beside it
    return content


class IdeaWriter(threading.Thread):
    """Writes one idea every 20 ms into another event, recording how long each write waited and what failed."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        from weltcafe.cafe.models import Idea, Round, Table

        self.table = Table.objects.filter(cafe__event__slug="probe-2").first() or self._other_event()
        self.round = Round.objects.filter(cafe=self.table.cafe).first()
        self.idea = Idea
        self.stop = threading.Event()
        self.waits: list[float] = []
        self.errors: list[str] = []

    @staticmethod
    def _other_event():
        from weltcafe.cafe.models import Table

        _build(10, "nebenan")
        return Table.objects.filter(cafe__event__slug="nebenan").first()

    def run(self) -> None:
        from django.db import OperationalError, connection, transaction

        try:
            while not self.stop.is_set():
                started = time.perf_counter()
                try:
                    with transaction.atomic():
                        self.idea.objects.create(table=self.table, round=self.round, client_uuid=uuid.uuid4(),
                                                 text="Idee während des Imports")
                except OperationalError as error:
                    self.errors.append(str(error))
                self.waits.append(time.perf_counter() - started)
                time.sleep(0.02)
        finally:
            connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=None, help="file size (default: the import's limit)")
    parser.add_argument("--smoke", action="store_true", help=f"a {SMOKE_MEGABYTES} MB file, no results written")
    parser.add_argument("--database", help="an already migrated SQLite file to use")
    parser.add_argument("--no-results", action="store_true")
    args = parser.parse_args(argv)
    _django(args.database)
    from django.contrib.auth import get_user_model
    from django.db import connection

    from weltcafe.documents.exchange import reading, restore, validation

    megabytes = SMOKE_MEGABYTES if args.smoke else (args.megabytes or restore.MAX_BYTES / 2**20)
    content = _document(megabytes)
    organiser = get_user_model().objects.get_or_create(username="importer")[0]
    writer = IdeaWriter()
    writer.start()
    time.sleep(0.1)
    started = time.perf_counter()
    document = reading.read_document(content)
    read_seconds = time.perf_counter() - started
    prepared_at = time.perf_counter()
    rows = validation.row_count(validation.prepare_import(document))
    check_seconds = time.perf_counter() - prepared_at
    result = restore.import_event(document, organiser=organiser)
    total = time.perf_counter() - started
    time.sleep(0.2)
    writer.stop.set()
    writer.join()
    connection.close()
    figures = {
        "file_mb": round(len(content) / 2**20, 2), "rows": rows, "read_s": round(read_seconds, 2),
        "check_s": round(check_seconds, 2), "write_s": round(result.write_seconds, 3), "total_s": round(total, 2),
        "idea_writes": len(writer.waits), "longest_idea_wait_s": round(max(writer.waits, default=0), 3),
        "locked_errors": len(writer.errors),
    }
    print(json.dumps(figures))
    for error in writer.errors[:3]:
        print(f"idea write failed: {error}", file=sys.stderr)
    if not (args.smoke or args.no_results):
        _write_results(figures)
    shutil.rmtree(os.environ["WELTCAFE_DATA_DIR"], ignore_errors=True)
    return 1 if writer.errors else 0


def _write_results(figures: dict) -> None:
    verdict = "under" if figures["write_s"] < TARGET_SECONDS else "OVER"
    lines = [
        "# JSON event import on SQLite: write-lock time",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {platform.machine()} · {os.cpu_count()} cores · "
        f"Python {platform.python_version()} · `bench/event_import.py`",
        "",
        "A file of the largest accepted size (`restore.MAX_BYTES`), imported beside its original (free slug, fresh",
        "links) while another thread writes an idea into another event every 20 ms.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| file size | {figures['file_mb']} MB |",
        f"| rows | {figures['rows']} |",
        f"| read (strict JSON, no transaction) | {figures['read_s']} s |",
        f"| check every row (no transaction) | {figures['check_s']} s |",
        f"| **write transaction (holds the lock)** | **{figures['write_s']} s** ({verdict} the 1 s target) |",
        f"| whole import (read, check twice here, write) | {figures['total_s']} s |",
        f"| idea writes meanwhile | {figures['idea_writes']} |",
        f"| longest idea write | {figures['longest_idea_wait_s']} s |",
        f"| \"database is locked\" | {figures['locked_errors']} |",
        "",
        "Before (issue #11): an 18 MB file held the lock ~70 s; ideas posted meanwhile failed with 500.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
