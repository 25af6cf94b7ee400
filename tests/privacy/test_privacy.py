"""Data protection: nothing personal remains after an event is anonymised, reports stay intact; a participant's
own export and erasure on request."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from weltcafe.cafe.models import Cafe, Idea, Theme, Vote
from weltcafe.cafe.services import harvest as runs
from weltcafe.cafe.services import ideas as live_services
from weltcafe.cafe.services import voting
from weltcafe.demo.loading import add_demo_ideas, load_demo
from weltcafe.documents.report.content import _people, report_content
from weltcafe.documents.report.render import render_markdown
from weltcafe.documents.report.services import generate_report, publish_report
from weltcafe.events.models import Event, Organisation, Participant
from weltcafe.networking.services import contacts, notes, profiles
from weltcafe.networking.speed import services as speed
from weltcafe.networking.speed.models import SpeedSeat
from weltcafe.privacy import own_data, retention

pytestmark = pytest.mark.integration

# Public by design: the programme names its speakers (published before the event). Everything else is scanned.
PUBLIC_FIELDS = {("events", "agendaitem", "speakers")}


@pytest.fixture
def lived_event(db, tmp_path, settings):
    """The demo as it happened: café, harvest, a vote, profiles, contacts, notes, a named idea, speed networking
    (whose reasons quote the profiles), a report."""
    settings.DATA_DIR = tmp_path
    settings.WELTCAFE_HARVEST_EMBEDDING = "lexical"
    load_demo()
    cafe = Cafe.objects.get()
    event = cafe.event
    add_demo_ideas(cafe)
    runs.run_harvest(cafe=cafe)
    people = list(Participant.objects.filter(event=event).order_by("pk"))
    ana, ben = people[5], people[6]
    for person, offers, seeks in ((ana, "Elektrolyseure bauen", "Pilotkunden"), (ben, "Pilotanlage", "Technik")):
        profiles.save_profile(participant=person, data=profiles.ProfileData(
            topic_ids=(), tags=("Wasserstoff",), offers=offers, seeks=seeks, phone="+49 341 555 0100",
            visible=True, contactable=True))
    for person, offers, seeks in ((people[7], "Pilotkunden", "Elektrolyseure bauen"), (people[8], "Technik", "")):
        profiles.save_profile(participant=person, data=profiles.ProfileData(
            tags=("Wasserstoff",), offers=offers, seeks=seeks, visible=True, contactable=True))
    speed.start_session(session=speed.create_session(event=event, group_size=2, rounds=2, minutes=5))
    request = contacts.request_contact(sender=ana, recipient=ben).request
    contacts.answer_request(recipient=ben, request_id=request.pk, accept=True)
    notes.save_note(author=ana, contact=request, text="Treffen im Mai wegen Pilotanlage")
    topic = cafe.topics.get(title="Fachkräfte")
    theme = Theme.objects.filter(topic=topic).first()
    ballot = voting.open_ballot(topic=topic, dots_per_person=3)
    voting.set_dots(cafe=cafe, participant=ana, ballot_id=ballot.pk, option_id=theme.pk, count=2)
    named = Idea.objects.filter(table__topic=topic).first()
    Idea.objects.filter(pk=named.pk).update(author=ana, show_author=True)
    live_services.mark_key_insight(cafe=cafe, idea_id=named.pk, host=topic.hosts[0])
    report, _ = generate_report(event=event)
    publish_report(report=report)
    Event.objects.filter(pk=event.pk).update(status=Event.Status.PUBLISHED)
    return Event.objects.get(pk=event.pk), people


def _personal_strings(people) -> set[str]:
    found = set()
    for person in people:
        found |= {person.name, person.email, person.access_token, person.badge_token}
    found |= {"Elektrolyseure bauen", "Pilotkunden", "+49 341 555 0100", "Treffen im Mai wegen Pilotanlage"}
    # Speed networking: why two people were put together, quoting their profiles.
    found |= {text for seat in SpeedSeat.objects.all() for why in seat.reasons.values() for text in why.values()}
    return {text for text in found if text}


def _alone_in_an_organisation(event) -> list[str]:
    """Participants linked to an organisation that nobody else belongs to and that is not an anonymous pool."""
    alone = Organisation.objects.filter(event=event, pooled_organisations__isnull=True).annotate(
        people=models.Count("participants")).filter(people=1)
    return sorted(Participant.objects.filter(organisation__in=alone).values_list("name", flat=True))


def _stored_text():
    """Every text, char and JSON value in every Weltcafé table, with where it was found."""
    for model in apps.get_models():
        if not model.__module__.startswith("weltcafe."):
            continue
        fields = [f for f in model._meta.concrete_fields
                  if isinstance(f, models.CharField | models.TextField | models.JSONField)
                  and (model._meta.app_label, model._meta.model_name, f.name) not in PUBLIC_FIELDS]
        for row in model.objects.values_list(*[f.attname for f in fields]) if fields else []:
            for field, value in zip(fields, row, strict=True):
                yield f"{model._meta.label}.{field.name}", json.dumps(value, ensure_ascii=False)


def _report_markdown(event) -> str:
    return render_markdown(report_content(event.report))


def test_after_the_retention_period_nothing_personal_remains_and_the_report_stays(
    lived_event, settings, django_capture_on_commit_callbacks
):
    event, people = lived_event
    secrets = _personal_strings(people)
    named_author = people[5].name
    before = _report_markdown(event)
    figures = _people(event)
    organisation_names = set(Organisation.objects.filter(event=event).values_list("name", flat=True))
    assert _alone_in_an_organisation(event) != []  # the demo has one-person organisations: the case that matters
    assert SpeedSeat.objects.exists()
    ideas, dots, themes = Idea.objects.count(), sum(Vote.objects.values_list("dots", flat=True)), Theme.objects.count()
    cache = settings.DATA_DIR / "networking" / f"event-{event.pk}.npz"
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(b"vectors of profile texts")
    later = (event.ends_at + timedelta(days=event.retention_days, minutes=1)).isoformat()
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):  # the cache file goes once the transaction commits
        call_command("anonymise", "--now", later, stdout=out)

    assert f"{event.slug}: 40 Teilnehmende anonymisiert" in out.getvalue()
    leaks = [(where, text) for where, value in _stored_text() for text in secrets if text in value]
    assert leaks == []
    assert not cache.exists()
    assert Participant.objects.filter(event=event).count() == 40  # counts stay right
    assert _people(event) == figures  # participants per Bundesland, organisations and their kinds
    assert _alone_in_an_organisation(event) == []
    assert set(Organisation.objects.filter(event=event).values_list("name", flat=True)) & organisation_names == set()
    assert not SpeedSeat.objects.exists()
    assert not Participant.objects.filter(event=event, link_claimed_at__isnull=False).exists()
    assert (Idea.objects.count(), sum(Vote.objects.values_list("dots", flat=True)), Theme.objects.count()) == (
        ideas, dots, themes
    )
    after = _report_markdown(Event.objects.get(pk=event.pk))
    # Line for line the same report, except that the named idea has lost its author (agenda speakers stay).
    named_text = Idea.objects.filter(is_key_insight=True).first().text[:30]

    def other_lines(text: str) -> list[str]:
        return [line for line in text.splitlines() if named_author not in line and named_text not in line]

    assert other_lines(before) == other_lines(after)
    assert any(named_text in line and named_author in line for line in before.splitlines())
    assert any(named_text in line for line in after.splitlines())
    assert not any(named_text in line and named_author in line for line in after.splitlines())
    assert Event.objects.get(pk=event.pk).anonymised_at is not None


def test_nothing_is_anonymised_before_its_time_and_dry_runs_change_nothing(lived_event):
    event, _people = lived_event
    just_before = (event.ends_at + timedelta(days=event.retention_days - 1)).isoformat()
    after = (event.ends_at + timedelta(days=event.retention_days + 1)).isoformat()
    out = StringIO()

    call_command("anonymise", "--now", just_before, stdout=out)
    call_command("anonymise", "--now", after, "--dry-run", stdout=out)

    assert "Nichts zu tun" in out.getvalue()
    assert "würde anonymisiert" in out.getvalue()
    assert Event.objects.get(pk=event.pk).anonymised_at is None
    assert retention.due(event.ends_at + timedelta(days=event.retention_days + 1)) == [event]
    call_command("anonymise", "--now", after, stdout=StringIO())
    assert retention.due(event.ends_at + timedelta(days=event.retention_days + 2)) == []  # once only


def test_a_participant_downloads_their_own_data(client, lived_event):
    _event, people = lived_event
    ana, ben = people[5], people[6]

    response = client.get(reverse("live:my_data", kwargs={"token": ana.access_token}))
    data = json.loads(response.content)

    assert response["Content-Disposition"] == 'attachment; filename="meine-daten-weltcafe.json"'
    assert data["participant"]["email"] == ana.email
    assert data["profile"]["offers"] == "Elektrolyseure bauen"
    assert data["contacts"] == [{"with": ben.name, "direction": "sent", "status": "accepted",
                                 "created_at": data["contacts"][0]["created_at"]}]
    assert data["notes"][0]["text"] == "Treffen im Mai wegen Pilotanlage"
    assert len(data["ideas"]) == 1
    assert data["dots"][0]["dots"] == 2
    assert len(data["seats"]) == 3
    assert ben.email not in response.content.decode()  # other people's contact data is theirs


def test_erasure_on_request_from_the_phone(client, lived_event):
    event, people = lived_event
    ana = people[5]
    url = reverse("live:forget_me", kwargs={"token": ana.access_token})
    dots = sum(Vote.objects.values_list("dots", flat=True))

    confirm = client.get(url)
    client.post(url, {})  # no confirmation: nothing happens
    assert Participant.objects.get(pk=ana.pk).name == ana.name
    done = client.post(url, {"confirm": "1"})

    assert "Endgültig löschen" in confirm.content.decode()
    assert "Ihre Daten sind gelöscht" in done.content.decode()
    gone = Participant.objects.get(pk=ana.pk)
    assert (gone.name, gone.email) == ("Teilnehmende", "")
    assert client.get(reverse("live:page", kwargs={"kind": "p", "token": ana.access_token})).status_code == 404
    assert not Idea.objects.filter(author=gone).exists()
    assert sum(Vote.objects.values_list("dots", flat=True)) == dots  # the vote still counts
    leaks = [where for where, value in _stored_text() for text in (ana.name, ana.email) if text in value]
    assert leaks == []
    assert Participant.objects.filter(event=event).exclude(pk=ana.pk).filter(name=people[6].name).exists()


def test_erasure_forgets_speed_networking_and_leaves_no_organisation_of_ones_own(lived_event):
    event, people = lived_event
    ana = people[5]
    reasons = {text for seat in SpeedSeat.objects.all() if str(ana.pk) in seat.reasons
               for text in seat.reasons[str(ana.pk)].values()}
    own = Organisation.objects.get(pk=ana.organisation_id)
    alone = own.participants.count() == 1
    figures = _people(event)

    own_data.forget(ana)

    gone = Participant.objects.select_related("organisation").get(pk=ana.pk)
    assert reasons != set()
    assert not SpeedSeat.objects.filter(participant=gone).exists()
    assert [seat for seat in SpeedSeat.objects.all() if str(ana.pk) in seat.reasons] == []
    assert gone.organisation.pooled_organisations is not None
    assert gone.organisation.name != own.name
    assert Organisation.objects.filter(pk=own.pk).exists() is not alone  # a one-person organisation goes
    assert _people(event) == figures
    assert (gone.badge_token != ana.badge_token, gone.link_claimed_at) == (True, None)


def test_own_data_lists_the_speed_networking_rounds_without_other_people(client, lived_event):
    _event, people = lived_event
    ana = people[5]

    data = own_data.export_own(ana)

    assert [(row["round"], row["group"] > 0) for row in data["speed_networking"]] == [(1, True), (2, True)]
    assert people[6].name not in json.dumps(data["speed_networking"])


def test_forget_service_directly(lived_event):
    _event, people = lived_event
    own_data.forget(people[6])
    assert Participant.objects.get(pk=people[6].pk).email == ""
