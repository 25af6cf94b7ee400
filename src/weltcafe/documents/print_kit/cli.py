"""`weltcafe print-kit EVENT_SLUG --out kit.pdf [--zip] [--badges a6|a4] [--language de|en]`.

The whole print kit of an event as one PDF (or a ZIP of one PDF per document), from the command line. Links in
the QR codes start with WELTCAFE_BASE_URL. Exit codes: 0 written, 2 unknown event, no café or no seating plan.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="weltcafe print-kit",
        description="Druckunterlagen einer Veranstaltung: Ablaufplan, Tischaufsteller, Gastgeberbögen, "
        "Namensschilder (ein PDF oder ein ZIP mit einzelnen PDFs).",
    )
    parser.add_argument("event_slug", metavar="EVENT_SLUG", help="Kurzname der Veranstaltung (aus der URL)")
    parser.add_argument("--out", required=True, type=Path, help="Zieldatei, z. B. kit.pdf (mit --zip: kit.zip)")
    parser.add_argument("--zip", action="store_true", help="ein ZIP mit einem PDF je Dokument statt eines PDFs")
    parser.add_argument(
        "--badges", choices=("a6", "a4"), default="a6", help="A6 je Seite (Standard) oder vier je A4 mit Schnittmarken"
    )
    parser.add_argument("--language", choices=("de", "en"), default="de", help="Sprache der Unterlagen")
    return parser


def _ensure_django() -> None:
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weltcafe.config.settings")
        import django

        django.setup()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _ensure_django()
    from django.conf import settings
    from django.core.exceptions import ValidationError

    from weltcafe.cafe.models import Cafe
    from weltcafe.documents.print_kit import render
    from weltcafe.documents.print_kit.data import KitOptions
    from weltcafe.events.models import Event

    event = Event.objects.filter(slug=args.event_slug).first()
    if event is None:
        print(f"weltcafe print-kit: Keine Veranstaltung mit dem Kurznamen „{args.event_slug}“.", file=sys.stderr)
        return 2
    cafe = Cafe.objects.filter(event=event).first()
    if cafe is None:
        print(f"weltcafe print-kit: „{event.slug}“ hat noch kein World Café.", file=sys.stderr)
        return 2
    options = KitOptions(badge_layout=args.badges, language=args.language)
    make = render.render_kit_zip if args.zip else render.render_kit
    try:
        content = make(event=event, cafe=cafe, base_url=settings.WELTCAFE_BASE_URL, options=options)
    except ValidationError as error:
        print(f"weltcafe print-kit: {' '.join(error.messages)}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(content)
    print(f"{args.out}: {len(content) // 1024} KiB", file=sys.stderr)
    return 0
