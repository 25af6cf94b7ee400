"""Benchmark the print kit: the whole kit (run sheet, table signs, host sheets, badges) for 40 and 200 people.

    .venv/bin/python bench/print_kit.py [--repeat N]

Builds the demo meeting (40 people, 6 tables, 3 rounds) in a fresh SQLite database in a temporary data folder,
then a second event with 200 people (27 tables, groups of 8, 3 rounds, plan computed). Each measurement runs in a
fresh process (QR codes are cached and Typst memoises within a process, which would hide the cost of a first
print): reading the data and making the QR codes, compiling with Typst, the total, as one PDF and as a ZIP, with
A6 and A4 badges. Results go to bench/results/print_kit.md. Target (decision 0022): 200 people in under 10 s.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "print_kit.md"
TARGET_SECONDS = 10.0
DEMO_SLUG = "netzwerktreffen-2022-resiliente-regionen"
LARGE_SLUG = "gross-200"

FIRST = [
    "Anna",
    "Ben",
    "Clara",
    "Deniz",
    "Emil",
    "Fatma",
    "Greta",
    "Hannes",
    "Ilse",
    "Jonas",
    "Katarzyna",
    "Luca",
    "Mia",
    "Noah",
    "Olga",
    "Paul",
    "Queenie",
    "Rafael",
    "Sophie",
    "Tobias",
    "Ute",
    "Viktor",
    "Wiebke",
    "Yusuf",
]
LAST = [
    "Schmidt",
    "Müller",
    "Yılmaz",
    "Nowak",
    "Hoffmann",
    "Becker",
    "Schäfer",
    "Koch",
    "Richter",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
]
ORGANISATIONS = [
    ("IHK Region {n}", "chamber", "SN"),
    ("Maschinenbau {n} GmbH & Co. KG", "company", "BW"),
    ("Fraunhofer-Institut für Werkzeugmaschinen und Umformtechnik IWU, Außenstelle {n}", "research", "SN"),
    ("Ministerium für Wirtschaft, Arbeit, Energie und Klimaschutz des Landes {n}", "ministry", "BB"),
    ("Initiative Industrie {n} e. V.", "initiative", "NW"),
    ("IG Metall Bezirk {n}", "union", "BY"),
]


def _django() -> None:
    os.environ.setdefault("WELTCAFE_SECRET_KEY", "bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weltcafe.config.settings")
    import django

    django.setup()


def _setup() -> None:
    """A fresh data folder with the demo and the 200-person event (the measurements run in other processes)."""
    os.environ["WELTCAFE_DATA_DIR"] = tempfile.mkdtemp(prefix="weltcafe-bench-print-")
    _django()
    from django.core.management import call_command

    from weltcafe.demo.loading import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    start = time.perf_counter()
    _large_event(200)
    print(f"set-up of the 200-person event: {time.perf_counter() - start:.1f} s", file=sys.stderr)


def _large_event(size: int):
    """A copy of the demo's shape with `size` people: 9 tables per topic (groups of 8), a computed plan."""
    from weltcafe.cafe.models import Cafe
    from weltcafe.cafe.services import seating
    from weltcafe.cafe.services import setup as cafe_services
    from weltcafe.events import services as event_services
    from weltcafe.events.models import Event

    demo = Event.objects.get(slug="netzwerktreffen-2022-resiliente-regionen")
    event = event_services.create_event(
        organiser=demo.organisers.first(),
        title=f"Großes Netzwerktreffen mit {size} Personen",
        slug=f"gross-{size}",
        starts_at=demo.starts_at,
        ends_at=demo.ends_at,
        time_zone=demo.time_zone,
        venue=demo.venue,
    )
    for item in demo.agenda_items.all():
        event_services.add_agenda_item(
            event=event,
            starts_at=item.starts_at,
            duration_minutes=item.duration_minutes,
            kind=item.kind,
            title=item.title,
            speakers=item.speakers,
        )
    people = []
    for number in range(size):
        name = f"{FIRST[number % len(FIRST)]} {LAST[(number * 7) % len(LAST)]}"
        organisation, kind, region = ORGANISATIONS[number % len(ORGANISATIONS)]
        people.append(
            event_services.add_participant(
                event=event,
                data=event_services.ParticipantData(
                    name=name,
                    email=f"person{number}@example.org",
                    organisation=organisation.format(n=number // len(ORGANISATIONS)),
                    organisation_type=kind,
                    region=region,
                    role="host" if number < 3 else "participant",
                ),
            )
        )
    tables_per_topic = -(-size // (3 * 8))  # three topics, groups of about eight
    # Fixed groups of 8 wander the topics; every table also seats its host (when the topic's host sits there).
    cafe = cafe_services.configure_cafe(event=event, tables_per_topic=tables_per_topic, table_capacity=9)
    for position, topic in enumerate(Cafe.objects.get(event=demo).topics.order_by("position")):
        cafe_services.add_topic(
            cafe=cafe, title=topic.title, guiding_question=topic.guiding_question, host=people[position]
        )
    seating.plan_seating(cafe=cafe, seed=0, time_limit=2.0)
    return event, cafe


def measure(slug: str, layout: str, kind: str) -> dict:
    """One cold measurement in this (fresh) process: no QR code made and nothing compiled yet, but the URL
    configuration loaded, as in a running server. Then the same again, warm (a reprint)."""
    _django()
    from django.conf import settings
    from django.urls import reverse

    from weltcafe.cafe.models import Cafe
    from weltcafe.documents.print_kit import render
    from weltcafe.documents.print_kit.data import KitOptions, build_kit_data

    reverse("home")
    cafe = Cafe.objects.select_related("event").get(event__slug=slug)
    kit = {"event": cafe.event, "cafe": cafe, "base_url": settings.WELTCAFE_BASE_URL}
    options = KitOptions(badge_layout=layout)
    start = time.perf_counter()
    if kind == "zip":
        content = render.render_kit_zip(**kit, options=options)
        data_s = typst_s = None
    else:
        render.check_printable(cafe=cafe, documents=options.documents)
        data = build_kit_data(**kit, options=options)
        data_s = time.perf_counter() - start
        content = render.compile_pdf(data)
        typst_s = time.perf_counter() - start - data_s
    total_s = time.perf_counter() - start
    start = time.perf_counter()
    (render.render_kit_zip if kind == "zip" else render.render_kit)(**kit, options=options)
    warm_s = time.perf_counter() - start
    pages = None
    if kind == "pdf":
        from pypdf import PdfReader  # a dev dependency, only to count the pages

        pages = len(PdfReader(io.BytesIO(content)).pages)
    people = cafe.event.participants.count()
    return {
        "people": people,
        "layout": layout,
        "kind": kind,
        "data_s": data_s,
        "typst_s": typst_s,
        "total_s": total_s,
        "warm_s": warm_s,
        "pages": pages,
        "bytes": len(content),
    }


def _median(runs: list[dict], key: str) -> float | None:
    values = [run[key] for run in runs if run[key] is not None]
    return statistics.median(values) if values else None


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per measurement (median reported)")
    parser.add_argument("--measure", nargs=3, metavar=("SLUG", "LAYOUT", "KIND"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return 0
    _setup()
    try:
        rows = _measure_all(args.repeat)
    finally:
        shutil.rmtree(os.environ["WELTCAFE_DATA_DIR"], ignore_errors=True)
    return _write(rows, args.repeat)


def _measure_all(repeat: int) -> list[dict]:
    rows = []
    for slug in (DEMO_SLUG, LARGE_SLUG):
        for layout in ("a6", "a4"):
            for kind in ("pdf", "zip"):
                runs = []
                for _ in range(repeat):
                    result = subprocess.run(  # noqa: S603 - this very script
                        [sys.executable, __file__, "--measure", slug, layout, kind],
                        capture_output=True,
                        text=True,
                        check=False,
                        env=os.environ.copy(),
                    )
                    if result.returncode != 0:
                        raise SystemExit(f"measurement {slug} {layout} {kind} failed:\n{result.stderr}")
                    runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
                row = {key: _median(runs, key) for key in ("data_s", "typst_s", "total_s", "warm_s")}
                row.update(
                    people=runs[0]["people"],
                    layout=layout,
                    kind=kind,
                    pages=runs[0]["pages"],
                    bytes=runs[0]["bytes"],
                    worst_s=max(run["total_s"] for run in runs),
                )
                rows.append(row)
                print(
                    f"{row['people']:>4} people, {layout}, {kind}: data+QR {_seconds(row['data_s'])} s, Typst "
                    f"{_seconds(row['typst_s'])} s, total {row['total_s']:.2f} s (worst {row['worst_s']:.2f}), "
                    f"reprint {row['warm_s']:.2f} s",
                    file=sys.stderr,
                )
    return rows


def _write(rows: list[dict], repeat: int) -> int:
    worst = max(row["worst_s"] for row in rows if row["people"] >= 200)
    lines = [
        "# Print kit benchmark",
        "",
        f"`.venv/bin/python bench/print_kit.py --repeat {repeat}` · median of {repeat} fresh processes per "
        f"row · Python {platform.python_version()} · {platform.machine()} · {os.cpu_count()} CPUs (shared with other "
        "work while measured)",
        "",
        "The whole kit: run sheet, table signs, host sheets and a badge for every participant (team and press",
        "included). Each measurement runs in a new process with the URL configuration loaded (as in a running server)",
        "but no QR code made and nothing compiled yet: *data + QR* reads the rows and makes one segno QR code per",
        "badge and table, *Typst* compiles that to the PDF, *total* is both (the ZIP compiles each document on its",
        "own). *Reprint*: the same request again in that process (QR codes cached, Typst's memoisation warm).",
        "",
        "| people | badges | output | data + QR (s) | Typst (s) | total (s) | worst of runs (s) | reprint (s) | pages "
        "| size |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {row['people']} | {row['layout'].upper()} | {row['kind'].upper()} | {_seconds(row['data_s'])} | "
        f"{_seconds(row['typst_s'])} | {row['total_s']:.2f} | {row['worst_s']:.2f} | {row['warm_s']:.2f} | "
        f"{row['pages'] or '–'} | {row['bytes'] / 1e6:.1f} MB |"
        for row in rows
    ]
    lines += [
        "",
        f"Target (decision 0022): 200 people in under {TARGET_SECONDS:.0f} s → slowest 200-person run "
        f"{worst:.2f} s ({'met' if worst < TARGET_SECONDS else 'MISSED'}).",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS}", file=sys.stderr)
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
