"""`weltcafe export-event SLUG [--out FILE]` and `weltcafe import-event FILE --organiser NAME`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path


def export_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="weltcafe export-event", description="Veranstaltung als JSON exportieren")
    parser.add_argument("slug")
    parser.add_argument("--out", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    from weltcafe.documents.exchange.export import export_event
    from weltcafe.events.models import Event

    event = Event.objects.filter(slug=args.slug).first()
    if event is None:
        print(f"weltcafe export-event: Veranstaltung „{args.slug}“ gibt es nicht.", file=sys.stderr)
        return 2
    text = json.dumps(export_event(event), ensure_ascii=False, indent=1)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0


def import_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="weltcafe import-event", description="Exportierte Veranstaltung importieren")
    parser.add_argument("file")
    parser.add_argument("--organiser", required=True, help="username of the organiser who will own the event")
    args = parser.parse_args(argv)
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from weltcafe.documents.exchange import restore

    organiser = get_user_model().objects.filter(username=args.organiser).first()
    if organiser is None:
        print(f"weltcafe import-event: Konto „{args.organiser}“ gibt es nicht.", file=sys.stderr)
        return 2
    try:
        path = Path(args.file)
        restore.check_size(path.stat().st_size)
        result = restore.import_file(path.read_bytes(), organiser=organiser)
    except OSError as error:
        print(f"weltcafe import-event: {error.strerror or error}: {args.file}", file=sys.stderr)
        return 2
    except ValidationError as error:
        for message in error.messages:
            print(f"weltcafe import-event: {message}", file=sys.stderr)
        return 2
    for note in result.notes:
        print(note)
    print(f"„{result.event.title}“ importiert: /orga/events/{result.event.slug}/")
    return 0
