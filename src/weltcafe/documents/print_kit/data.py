"""What the print kit shows, read from the database in a fixed number of queries and turned into plain data.

Everything here is text in the kit's language: the Typst templates only lay it out. Times are in the event's
time zone; links are absolute (a base URL such as ``settings.WELTCAFE_BASE_URL`` plus the token path).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

import segno
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from weltcafe.cafe.live import links
from weltcafe.cafe.models import Cafe, Seat
from weltcafe.events.models import AgendaItem, Event, Participant
from weltcafe.events.vocabulary import ParticipantRole

DOCUMENTS = ("run_sheet", "signs", "host_sheets", "badges")
# Documents that make no sense without a seating plan (names and routes come from the Seat rows).
NEED_SEATS = frozenset({"run_sheet", "host_sheets", "badges"})
BADGE_LAYOUTS = ("a6", "a4")
LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class KitOptions:
    documents: tuple[str, ...] = DOCUMENTS
    badge_layout: str = "a6"
    language: str = "de"

    def __post_init__(self) -> None:
        if not self.documents or any(document not in DOCUMENTS for document in self.documents):
            raise ValueError(f"documents must be among {DOCUMENTS}: {self.documents}")
        if self.badge_layout not in BADGE_LAYOUTS:
            raise ValueError(f"badge_layout must be one of {BADGE_LAYOUTS}: {self.badge_layout}")
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}: {self.language}")


def document_titles() -> dict[str, str]:
    """The documents' names in the active language (file names, buttons, the PDF outline)."""
    return {
        "run_sheet": _("Ablaufplan"),
        "signs": _("Tischaufsteller"),
        "host_sheets": _("Gastgeberbögen"),
        "badges": _("Namensschilder"),
    }


# segno normally tries all eight QR masks and keeps the one with the fewest penalty patterns: about 20 ms a code in
# pure Python, 4.5 s of a 200-person kit. Any mask gives a valid code (the decoder reads it from the format
# information); a fixed one costs 4 ms. The tests decode every printed code with zxing-cpp.
QR_MASK = 2


@functools.lru_cache(maxsize=4096)
def qr_svg(url: str) -> str:
    """A QR code (error correction M) as a small SVG: one path, four modules of quiet zone, vector in the PDF.

    The links are stable, so a process keeps the codes it made for the next download (ZIP, one document, reprint).
    """
    buffer = io.BytesIO()
    segno.make(url, error="m", mask=QR_MASK).save(
        buffer, kind="svg", xmldecl=False, svgclass=None, lineclass=None, border=4
    )
    return buffer.getvalue().decode("ascii")


@dataclass(frozen=True)
class _Rows:
    """The café's rows, each read once."""

    event: Event
    cafe: Cafe
    rounds: list
    tables: list
    topics: list
    seats: list
    participants: list
    cafe_item: AgendaItem | None
    agenda: list


def _rows(event: Event, cafe: Cafe) -> _Rows:
    agenda = list(event.agenda_items.order_by("starts_at", "id"))
    return _Rows(
        event=event,
        cafe=cafe,
        rounds=list(cafe.rounds.order_by("index")),
        tables=list(cafe.tables.select_related("topic", "host").order_by("number")),
        topics=list(cafe.topics.order_by("position", "id")),
        seats=list(
            Seat.objects.filter(round__cafe=cafe)
            .select_related("participant__organisation")
            .order_by("participant__sort_name", "participant_id")
        ),
        participants=list(
            Participant.objects.filter(event=event).select_related("organisation").order_by("sort_name", "id")
        ),
        cafe_item=next((item for item in agenda if item.kind == AgendaItem.Kind.CAFE), None),
        agenda=agenda,
    )


def _clock(moment: datetime, event: Event) -> str:
    return formats.time_format(moment.astimezone(event.tzinfo), "H:i")


def _host_first(people: list[Participant], host: Participant | None) -> None:
    people.sort(key=lambda person: host is None or person.pk != host.pk)


def _round_times(rows: _Rows) -> dict[int, dict]:
    """Round id → label, planned start and end (when the agenda has a World Café item), minutes."""
    start = rows.cafe_item.starts_at if rows.cafe_item else None
    times = {}
    for round_ in rows.rounds:
        entry = {
            "index": round_.index,
            "label": pgettext("cafe", "Runde %(index)s") % {"index": round_.index},
            "minutes": _("%(minutes)s Min.") % {"minutes": round_.planned_minutes},
            "start": None,
            "end": None,
        }
        if start is not None:
            end = start + timedelta(minutes=round_.planned_minutes)
            entry["start"], entry["end"] = _clock(start, rows.event), _clock(end, rows.event)
            start = end
        times[round_.pk] = entry
    return times


def _person(participant: Participant) -> dict:
    organisation = participant.organisation
    return {"name": participant.name, "organisation": organisation.name if organisation else ""}


def build_kit_data(*, event: Event, cafe: Cafe, base_url: str, options: KitOptions) -> dict:
    """The kit as JSON-ready data, in ``options.language``."""
    base_url = base_url.rstrip("/")
    with translation.override(options.language):
        rows = _rows(event, cafe)
        return _build(rows, base_url, options)


def _build(rows: _Rows, base_url: str, options: KitOptions) -> dict:
    event = rows.event
    times = _round_times(rows)
    tables = {table.pk: table for table in rows.tables}
    topics = {topic.pk: topic for topic in rows.topics}
    host_at: dict[int, Participant] = {table.pk: table.host for table in rows.tables if table.host is not None}
    hosting = {host.pk: table_id for table_id, host in host_at.items()}
    round_order = [round_.pk for round_ in rows.rounds]
    # seats per (round, table), names in alphabetical order (the query's order), the host first
    at_table: dict[tuple[int, int], list[Participant]] = {}
    route: dict[int, dict[int, int]] = {}
    for seat in rows.seats:
        at_table.setdefault((seat.round_id, seat.table_id), []).append(seat.participant)
        route.setdefault(seat.participant_id, {})[seat.round_id] = seat.table_id
    for (_round_id, table_id), people in at_table.items():
        host = host_at.get(table_id)
        _host_first(people, host)

    local_start = event.starts_at.astimezone(event.tzinfo)
    labels = {
        "cafe_title": rows.cafe.title,
        "round": pgettext("cafe", "Runde"),
        "table": pgettext("cafe", "Tisch"),
        "topic": _("Thema"),
        "time": _("Zeit"),
        "host": pgettext("cafe", "Gastgebende"),
        "host_line": _("Gastgebend: %(name)s"),
        "no_host": _("Gastgebend:"),
        "route_title": _("Ihr Weg durch das World Café"),
        "no_route": _("Kein fester Platz im World Café."),
        "badge_qr": _("Scannen: Ihr Platz, Ihre Runden, Ihre Ideen"),
        "no_photos": _("Bitte keine Fotos"),
        "sign_qr": _("Tischdecke: Ideen digital festhalten"),
        "fold": _("hier falten"),
        "host_sheet": _("Gastgeberbogen"),
        "guiding_question": _("Leitfrage"),
        "timing": _("Ablauf der Runden"),
        "etiquette_title": _("World-Café-Etikette"),
        "etiquette": [
            _("Fokus auf das Wesentliche"),
            _("Eigene Sichtweise einbringen"),
            _("Zuhören, um zu verstehen"),
            _("Ideen verknüpfen"),
            _("Gemeinsam auf Muster achten"),
            _("Zeichnen und Kritzeln erwünscht"),
        ],
        "who_comes": _("Wer kommt wann an Ihren Tisch"),
        "notes": _("Notizen"),
        "nobody": _("noch niemand eingeplant"),
        "run_sheet": _("Ablaufplan für die Moderation"),
        "agenda": _("Programm"),
        "rounds": pgettext("cafe", "Runden"),
        "tables": pgettext("cafe", "Tische"),
        "plan": _("Tischplan je Runde"),
        "time_zone": _("Zeiten in %(zone)s") % {"zone": event.time_zone},
        "mode": rows.cafe.get_mode_display(),
        "draft": "" if rows.cafe.plan_locked else _("Entwurf: Der Sitzplan ist noch nicht festgeschrieben."),
        "people_count": _("%(count)s Personen") % {"count": len({seat.participant_id for seat in rows.seats})},
    }

    data: dict = {
        "lang": translation.get_language() or options.language,
        "documents": list(options.documents),
        "badge_layout": options.badge_layout,
        "titles": document_titles(),
        "labels": labels,
        "event": {
            "title": event.title,
            "date": formats.date_format(local_start.date(), "DATE_FORMAT"),
            "venue": event.venue,
            "hashtag": f"#{event.hashtag}" if event.hashtag else "",
        },
        "rounds": [times[pk] for pk in round_order],
    }
    if "badges" in options.documents:
        data["badges"] = [
            _badge(person, route.get(person.pk, {}), rows, times, tables, base_url, hosting)
            for person in rows.participants
        ]
    if "signs" in options.documents:
        data["signs"] = [
            {
                "number": str(table.number),
                "topic": topics[table.topic_id].title,
                "question": topics[table.topic_id].guiding_question,
                "host": host_at[table.pk].name if table.pk in host_at else "",
                "qr": qr_svg(base_url + links.table_path(table)),
            }
            for table in rows.tables
        ]
    if "host_sheets" in options.documents:
        data["host_sheets"] = [
            {
                "topic": topic.title,
                "question": topic.guiding_question,
                "host": ", ".join(
                    host_at[table.pk].name
                    for table in rows.tables
                    if table.topic_id == topic.pk and table.pk in host_at
                ),
                "tables": [
                    {
                        "number": str(table.number),
                        "host": host_at[table.pk].name if table.pk in host_at else "",
                        "rounds": [
                            {
                                "label": times[round_pk]["label"],
                                "people": [_person(person) for person in at_table.get((round_pk, table.pk), [])],
                            }
                            for round_pk in round_order
                        ],
                    }
                    for table in rows.tables
                    if table.topic_id == topic.pk
                ],
            }
            for topic in rows.topics
        ]
    if "run_sheet" in options.documents:
        data["run_sheet"] = {
            "agenda": [
                {
                    "start": _clock(item.starts_at, event),
                    "end": _clock(item.ends_at, event),
                    "kind": item.get_kind_display(),
                    "title": item.title,
                    "speakers": item.speakers,
                    "is_cafe": item.kind == AgendaItem.Kind.CAFE,
                }
                for item in rows.agenda
            ],
            "tables": [
                {
                    "number": str(table.number),
                    "topic": topics[table.topic_id].title,
                    "host": host_at[table.pk].name if table.pk in host_at else "",
                }
                for table in rows.tables
            ],
            "plan": [
                {
                    "round": times[round_pk],
                    "tables": [
                        {
                            "number": str(table.number),
                            "topic": topics[table.topic_id].title,
                            "host": host_at[table.pk].name if table.pk in host_at else "",
                            "people": [person.name for person in at_table.get((round_pk, table.pk), [])],
                        }
                        for table in rows.tables
                    ],
                }
                for round_pk in round_order
            ],
        }
    return data


def _badge(
    person: Participant, route: dict[int, int], rows: _Rows, times: dict, tables: dict, base_url: str,
    hosting: dict[int, int] | None = None,
) -> dict:
    steps = []
    for round_ in rows.rounds:
        table_id = route.get(round_.pk)
        if table_id is None:
            continue
        table = tables[table_id]
        timing = times[round_.pk]
        steps.append(
            {
                "round": timing["label"],
                "time": timing["start"] or "",
                "table": pgettext("cafe", "Tisch %(number)s") % {"number": table.number},
                "topic": table.topic.title,
            }
        )
    role = "" if person.role == ParticipantRole.PARTICIPANT else str(person.get_role_display())
    hosted = tables.get((hosting or {}).get(person.pk))
    if hosted is not None:
        # The badge says it first: this person stays at one table the whole café.
        role = pgettext("cafe", "Gastgeber*in an Tisch %(number)s") % {"number": hosted.number}
    organisation = person.organisation
    return {
        "name": person.name,
        "organisation": organisation.name if organisation else "",
        "job_title": person.job_title,
        "role": role,
        "route": steps,
        "no_photos": person.no_photos,
        # The badge link, never the personal link: a photographed badge opens only a contact prompt.
        "qr": qr_svg(base_url + links.badge_path(person)),
    }
