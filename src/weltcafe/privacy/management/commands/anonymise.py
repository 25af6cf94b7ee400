"""`weltcafe anonymise`: anonymise every event whose retention period is over (run it daily from cron/systemd)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from weltcafe.events.models import Event
from weltcafe.privacy import retention


class Command(BaseCommand):
    help = "Personenbezogene Daten von Veranstaltungen anonymisieren, deren Aufbewahrungsfrist abgelaufen ist."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only list what would be anonymised")
        parser.add_argument("--event", help="anonymise this event now, whatever its retention period")
        parser.add_argument("--now", help="pretend it is this time (ISO 8601), for checks and tests")

    def handle(self, *args, dry_run: bool = False, event: str | None = None, now: str | None = None, **options):
        moment = parse_datetime(now) if now else None
        if now and moment is None:
            raise CommandError(f"--now: not an ISO 8601 time: {now!r}")
        if event:
            found = Event.objects.filter(slug=event).first()
            if found is None:
                raise CommandError(f"Veranstaltung „{event}“ gibt es nicht.")
            outcomes = [retention.Outcome(found.slug, found.participants.count())] if dry_run else [
                retention.anonymise_event(found)
            ]
        else:
            outcomes = retention.anonymise_due(moment, dry_run=dry_run)
        verb = "würde anonymisiert" if dry_run else "anonymisiert"
        for outcome in outcomes:
            self.stdout.write(f"{outcome.event}: {outcome.participants} Teilnehmende {verb}")
        if not outcomes:
            self.stdout.write("Nichts zu tun: keine Veranstaltung hat ihre Aufbewahrungsfrist überschritten.")
