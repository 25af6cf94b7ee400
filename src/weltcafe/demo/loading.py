"""Put the demo meeting into the database through the same services the organiser area uses. Idempotent."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from weltcafe.cafe.services import seating
from weltcafe.cafe.services import setup as cafe_services
from weltcafe.common.forms import in_zone
from weltcafe.config.environment import data_dir
from weltcafe.demo import content
from weltcafe.events import services as event_services
from weltcafe.events.accounts import create_organiser
from weltcafe.events.models import Event, Participant

PASSWORD_FILE = "demo_password"  # noqa: S105 - a file name, not a password


@dataclass(frozen=True)
class DemoResult:
    event_slug: str
    username: str
    password: str
    created: bool


def _demo_password() -> str:
    """Random per installation, kept beside the secret key so the printed login stays valid across restarts."""
    path = data_dir() / PASSWORD_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password, encoding="utf-8")
    path.chmod(0o600)
    return password


def _organiser(password: str):
    user_model = get_user_model()
    user = user_model.objects.filter(username=content.DEMO_USERNAME).first()
    if user is None:
        return create_organiser(username=content.DEMO_USERNAME, email="orga@example.org", password=password)
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _local(day_time: str, zone: str) -> datetime:
    return in_zone(datetime.fromisoformat(day_time), zone)


@transaction.atomic
def load_demo() -> DemoResult:
    password = _demo_password()
    organiser = _organiser(password)
    spec = content.EVENT
    existing = Event.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        existing.organisers.add(organiser)
        return DemoResult(spec["slug"], content.DEMO_USERNAME, password, created=False)

    zone = spec["time_zone"]
    event = event_services.create_event(
        organiser=organiser,
        title=spec["title"],
        slug=spec["slug"],
        starts_at=_local(spec["starts"], zone),
        ends_at=_local(spec["ends"], zone),
        time_zone=zone,
        venue=spec["venue"],
        hashtag=spec["hashtag"],
        description=spec["description"],
        status=Event.Status.PUBLISHED,
    )
    day = spec["starts"][:10]
    for start, minutes, kind, title, speakers in content.AGENDA:
        event_services.add_agenda_item(
            event=event,
            starts_at=_local(f"{day}T{start}", zone),
            duration_minutes=minutes,
            kind=kind,
            title=title,
            speakers=speakers,
        )
    for name, email, organisation, kind, region, sector, role, interests, language in content.PARTICIPANTS:
        event_services.add_participant(
            event=event,
            data=event_services.ParticipantData(
                name=name,
                email=email,
                organisation=organisation,
                organisation_type=kind,
                region=region,
                sector=sector,
                role=role,
                interests=tuple(part.strip() for part in interests.split(",") if part.strip()),
                language=language,
                consent_visible=True,
            ),
        )
    cafe = cafe_services.configure_cafe(event=event, **content.CAFE)
    for title, question, host_emails in content.TOPICS:
        hosts = [Participant.objects.get(event=event, email=email) for email in host_emails]
        cafe_services.add_topic(cafe=cafe, title=title, guiding_question=question, hosts=list(hosts))
    # A computed but unlocked plan, so the organiser can look at it, swap people and lock it.
    seating.plan_seating(cafe=cafe, seed=0, time_limit=2.0)
    return DemoResult(event.slug, content.DEMO_USERNAME, password, created=True)


def play_demo_cafe(event_slug: str) -> int:
    """`weltcafe demo --played`: the demo café with its rounds over and its ideas written (once; idempotent)."""
    from weltcafe.cafe.models import Cafe, Idea

    cafe = Cafe.objects.get(event__slug=event_slug)
    existing = Idea.objects.filter(table__cafe=cafe).count()
    return existing or add_demo_ideas(cafe)


def add_demo_ideas(cafe) -> int:
    """Play the demo café through: every round ended, the demo ideas on the tables of their topics."""
    from datetime import timedelta

    from django.utils import timezone

    from weltcafe.cafe.models import Idea
    from weltcafe.demo.ideas import IDEAS

    start = timezone.now() - timedelta(minutes=20 * cafe.rounds.count() + 5)
    rounds = {}
    for round_ in cafe.rounds.order_by("index"):
        round_.started_at = start + timedelta(minutes=20 * (round_.index - 1))
        round_.ended_at = round_.started_at + timedelta(minutes=20)
        round_.deadline = round_.ended_at
        round_.save(update_fields=["started_at", "ended_at", "deadline"])
        rounds[round_.index] = round_
    count = 0
    for topic in cafe.topics.prefetch_related("tables"):
        tables = sorted(topic.tables.all(), key=lambda table: table.number)
        for number, (round_index, text) in enumerate(IDEAS.get(topic.title, [])):
            Idea.objects.create(table=tables[number % len(tables)], round=rounds[round_index], text=text)
            count += 1
    return count
