"""Speed networking: the plan (no repeats, colleagues apart, consent, café encounters, scores first), the round
lifecycle with refusals that change nothing, live events, and who may see which page (real rows, test client)."""

from __future__ import annotations

import json
from itertools import combinations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cafe.test_live_access import _events_of
from tests.factories import (
    CafeFactory,
    EventFactory,
    OrganisationFactory,
    ParticipantFactory,
    RoundFactory,
    TableFactory,
    TopicFactory,
)
from tests.networking.conftest import set_profile
from weltcafe.cafe.live import event_schemas
from weltcafe.cafe.models import Seat
from weltcafe.events.models import Participant
from weltcafe.networking.speed import services as speed
from weltcafe.networking.speed.models import SpeedRound, SpeedSeat, SpeedSession

pytestmark = pytest.mark.integration


def _room(organiser, people: int = 8, *, cafe: bool = True):
    event = EventFactory(organisers=[organiser])
    if cafe:
        CafeFactory(event=event)
    participants = []
    for number in range(people):
        person = ParticipantFactory(event=event, name=f"Person {number:02d}")
        set_profile(person, contactable=False)
        participants.append(person)
    return event, participants


def _pairs(session: SpeedSession) -> list[tuple[int, int]]:
    groups: dict[tuple[int, int], list[int]] = {}
    for round_id, group, participant_id in SpeedSeat.objects.filter(round__session=session).values_list(
        "round_id", "group", "participant_id"
    ):
        groups.setdefault((round_id, group), []).append(participant_id)
    return [pair for members in groups.values() for pair in combinations(sorted(members), 2)]


def _round_groups(session: SpeedSession, index: int) -> list[set[int]]:
    groups: dict[int, set[int]] = {}
    for group, participant_id in SpeedSeat.objects.filter(round__session=session, round__index=index).values_list(
        "group", "participant_id"
    ):
        groups.setdefault(group, set()).add(participant_id)
    return list(groups.values())


def _state(session: SpeedSession) -> list[tuple]:
    session.refresh_from_db()
    rounds = list(
        SpeedRound.objects.filter(session=session)
        .order_by("index")
        .values_list("index", "started_at", "ended_at", "deadline", "paused_remaining")
    )
    return [(session.started_at, session.ended_at), *rounds]


# ----------------------------------------------------------------------------------------------------- the plan
def test_plan_no_repeated_pair_across_rounds(organiser):
    event, people = _room(organiser, 10)

    session = speed.create_session(event=event, group_size=2, rounds=5, minutes=5)

    pairs = _pairs(session)
    assert len(pairs) == 25
    assert len(set(pairs)) == len(pairs)
    assert session.plan_summary["repeats"] == 0
    for index in range(1, 6):  # everyone once per round
        assert sorted(p for g in _round_groups(session, index) for p in g) == sorted(p.pk for p in people)


def test_plan_groups_of_three_balanced_and_no_repeats(organiser):
    event, _people = _room(organiser, 13)

    session = speed.create_session(event=event, group_size=3, rounds=3, minutes=5)

    assert sorted(len(group) for group in _round_groups(session, 1)) == [3, 3, 3, 4]
    pairs = _pairs(session)
    assert len(set(pairs)) == len(pairs)


def test_plan_colleagues_never_together(organiser):
    event, people = _room(organiser, 8)
    company = OrganisationFactory(event=event, name="Gleiche GmbH")
    colleagues = people[:3]
    Participant.objects.filter(pk__in=[p.pk for p in colleagues]).update(organisation=company)

    session = speed.create_session(event=event, group_size=2, rounds=5, minutes=5)

    ids = {p.pk for p in colleagues}
    assert [pair for pair in _pairs(session) if set(pair) <= ids] == []


def test_plan_without_consent_nobody_left_out_only_them(organiser):
    event, people = _room(organiser, 6)
    silent = ParticipantFactory(event=event, name="Ohne Zustimmung")
    withdrawn = ParticipantFactory(event=event, name="Zurückgezogen")
    set_profile(withdrawn, visible=False)

    session = speed.create_session(event=event, group_size=2, rounds=3, minutes=5)

    seated = set(SpeedSeat.objects.filter(round__session=session).values_list("participant_id", flat=True))
    assert seated == {p.pk for p in people}
    assert silent.pk not in seated
    assert withdrawn.pk not in seated


def test_plan_only_checked_in_once_check_in_began(organiser):
    event, people = _room(organiser, 6)
    Participant.objects.filter(pk__in=[p.pk for p in people[:4]]).update(checked_in_at=timezone.now())

    session = speed.create_session(event=event, group_size=2, rounds=2, minutes=5)

    seated = set(SpeedSeat.objects.filter(round__session=session).values_list("participant_id", flat=True))
    assert seated == {p.pk for p in people[:4]}


def test_plan_cafe_tablemates_not_paired_while_unmet_pairs_exist(organiser):
    event, people = _room(organiser, 8)
    topic = TopicFactory(cafe=event.cafe)
    cafe_round = RoundFactory(cafe=event.cafe, index=1, started_at=timezone.now())
    tables = [TableFactory(topic=topic, number=n) for n in (1, 2)]
    for position, person in enumerate(people):  # two tables of four
        Seat.objects.create(participant=person, round=cafe_round, table=tables[position % 2])
    met = {pair for group in (people[0::2], people[1::2]) for pair in combinations(sorted(p.pk for p in group), 2)}

    # 4 rounds of pairs: 16 pairs, and there are exactly 16 pairs across the two tables.
    session = speed.create_session(event=event, group_size=2, rounds=4, minutes=5)

    assert [pair for pair in _pairs(session) if pair in met] == []
    assert session.plan_summary["met_before"] == 0


def test_plan_higher_scored_pair_meets_first(organiser, settings):
    event, people = _room(organiser, 6)
    ana, ben = people[4], people[1]
    set_profile(ana, seeks="Fördermittel für Wasserstoff", offers="Elektrolyseure")
    set_profile(ben, offers="Beratung zu Fördermitteln für Wasserstoffprojekte", seeks="Pilotkunden")

    session = speed.create_session(event=event, group_size=2, rounds=3, minutes=5)

    assert {ana.pk, ben.pk} in _round_groups(session, 1)
    seat = SpeedSeat.objects.get(round__session=session, round__index=1, participant=ana)
    assert seat.reasons[str(ben.pk)]["de"].startswith("bietet „Beratung zu Fördermitteln")
    assert seat.reasons[str(ben.pk)]["en"].startswith("offers “Beratung zu Fördermitteln")
    assert session.plan_summary["pinned_pairs"] == 1


def test_plan_same_seed_same_plan(organiser):
    event, _people = _room(organiser, 12)

    first = speed.create_session(event=event, group_size=2, rounds=4, minutes=5, seed=7)
    first_pairs = sorted(_pairs(first))
    second = speed.create_session(event=event, group_size=2, rounds=4, minutes=5, seed=7)

    assert sorted(_pairs(second)) == first_pairs
    assert not SpeedSession.objects.filter(pk=first.pk).exists()  # an unstarted plan is replaced


# ----------------------------------------------------------------------------------------------- lifecycle
def test_round_lifecycle(organiser):
    event, _people = _room(organiser, 4)
    session = speed.create_session(event=event, group_size=2, rounds=2, minutes=5)

    first = speed.start_session(session=session)
    assert first.status == "running"
    paused = speed.pause_round(session=session)
    assert paused.status == "paused"
    assert 290 <= paused.paused_remaining <= 300
    extended = speed.extend_round(session=session)
    assert extended.paused_remaining == paused.paused_remaining + 60
    resumed = speed.resume_round(session=session)
    assert resumed.status == "running"
    second = speed.next_round(session=session)
    assert (second.index, second.status) == (2, "running")
    assert SpeedRound.objects.get(session=session, index=1).status == "ended"
    assert speed.end_round(session=session).status == "ended"
    ended = speed.end_session(session=session)
    assert ended.status == "ended"


@pytest.mark.parametrize(
    ("prepare", "act", "message"),
    [
        (speed.start_session, speed.start_session, "Das Speed-Networking wurde schon gestartet."),
        (
            lambda session: speed.next_round(session=speed.start_session(session=session).session),
            speed.next_round,
            "Alle Runden wurden schon gespielt.",
        ),
        (None, speed.pause_round, "Es läuft gerade keine Runde."),
        (speed.end_session, speed.start_session, "Dieses Speed-Networking ist schon beendet."),
    ],
    ids=["start-twice", "next-after-last", "pause-before-start", "after-end"],
)
def test_round_bad_input_refused_nothing_changed(organiser, prepare, act, message):
    event, _people = _room(organiser, 4)
    session = speed.create_session(event=event, group_size=2, rounds=2, minutes=5)
    if prepare is not None:
        prepare(session=session)
    before = _state(session)

    with pytest.raises(ValidationError) as refused:
        act(session=session)

    assert refused.value.messages == [message]
    assert _state(session) == before


@pytest.mark.parametrize(
    ("group_size", "rounds", "minutes", "message"),
    [
        (2, 4, 0, "Eine Runde dauert 1 bis 30 Minuten."),
        (2, 4, 31, "Eine Runde dauert 1 bis 30 Minuten."),
        (5, 4, 5, "Eine Gruppe hat 2 bis 4 Personen."),
        (2, 13, 5, "Planen Sie 1 bis 12 Runden."),
    ],
)
def test_create_out_of_range_refused_nothing_written(organiser, group_size, rounds, minutes, message):
    event, _people = _room(organiser, 4)

    with pytest.raises(ValidationError) as refused:
        speed.create_session(event=event, group_size=group_size, rounds=rounds, minutes=minutes)

    assert refused.value.messages == [message]
    assert SpeedSession.objects.count() == 0


def test_create_too_few_people_refused(organiser):
    event, _people = _room(organiser, 1)

    with pytest.raises(ValidationError) as refused:
        speed.create_session(event=event, group_size=2, rounds=2, minutes=5)

    assert "mindestens zwei Teilnehmende" in refused.value.messages[0]
    assert SpeedSession.objects.count() == 0


def test_create_while_running_refused(organiser):
    event, _people = _room(organiser, 4)
    session = speed.create_session(event=event, group_size=2, rounds=2, minutes=5)
    speed.start_session(session=session)

    with pytest.raises(ValidationError) as refused:
        speed.create_session(event=event, group_size=2, rounds=2, minutes=5)

    assert refused.value.messages == ["Ein Speed-Networking läuft gerade. Beenden Sie es, bevor Sie ein neues planen."]
    assert list(SpeedSession.objects.values_list("pk", flat=True)) == [session.pk]


# ------------------------------------------------------------------------------------------------- live events
def test_live_events_sent_after_each_change(transactional_db, organiser, settings):
    settings.WELTCAFE_HARVEST_EMBEDDING = "lexical"
    event, _people = _room(organiser, 4)
    session = speed.create_session(event=event, group_size=2, rounds=2, minutes=5)

    started = _events_of(event.cafe, lambda: speed.start_session(session=session), expected=1)
    paused = _events_of(event.cafe, lambda: speed.pause_round(session=session), expected=1)
    following = _events_of(event.cafe, lambda: speed.next_round(session=session), expected=1)

    assert [e["type"] for e in started + paused + following] == ["speed.changed"] * 3
    for sent in started + paused + following:
        event_schemas.check_message(sent)
    assert started[0]["round"]["index"] == 1
    assert started[0]["round"]["status"] == "running"
    assert paused[0]["round"]["status"] == "paused"
    assert paused[0]["round"]["deadline"] is None
    assert following[0]["round"]["index"] == 2


def test_live_refusal_sends_nothing(transactional_db, organiser):
    event, _people = _room(organiser, 4)
    session = speed.create_session(event=event, group_size=2, rounds=1, minutes=5)

    def refused():
        with pytest.raises(ValidationError):
            speed.pause_round(session=session)

    assert _events_of(event.cafe, refused, expected=0) == []


# ------------------------------------------------------------------------------------------------- pages
def _orga_url(name: str, event) -> str:
    return reverse(f"orga:{name}", kwargs={"slug": event.slug})


def test_orga_creates_and_runs_through_the_page(organiser, organiser_client):
    event, people = _room(organiser, 6)

    organiser_client.post(
        _orga_url("network_speed_create", event), {"group_size": 2, "rounds": 3, "minutes": 4, "seed": 0}
    )
    organiser_client.post(_orga_url("network_speed_action", event), {"action": "start"})
    page = organiser_client.get(_orga_url("network_speed", event)).content.decode()

    session = SpeedSession.objects.get(event=event)
    assert (session.round_count, session.round_minutes, session.status) == (3, 4, "running")
    assert "Runde 1 von 3" in page
    assert people[0].name in page


def test_orga_minutes_out_of_range_message_nothing_written(organiser, organiser_client):
    event, _people = _room(organiser, 4)

    response = organiser_client.post(
        _orga_url("network_speed_create", event), {"group_size": 2, "rounds": 3, "minutes": 45, "seed": 0}, follow=True
    )

    assert "kleiner oder gleich 30" in response.content.decode()
    assert SpeedSession.objects.count() == 0


def test_orga_next_after_last_shows_message(organiser, organiser_client):
    event, _people = _room(organiser, 4)
    session = speed.create_session(event=event, group_size=2, rounds=1, minutes=5)
    speed.start_session(session=session)

    response = organiser_client.post(_orga_url("network_speed_action", event), {"action": "next"}, follow=True)

    assert "Alle Runden wurden schon gespielt." in response.content.decode()


def test_orga_other_organiser_404_anonymous_redirect(organiser, other_organiser):
    event, _people = _room(organiser, 4)
    other = Client()
    other.force_login(other_organiser)

    assert other.get(_orga_url("network_speed", event)).status_code == 404
    assert other.post(_orga_url("network_speed_action", event), {"action": "start"}).status_code == 404
    anonymous = Client().get(_orga_url("network_speed", event))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))


def _phone_state(participant) -> dict:
    client = Client()
    response = client.get(reverse("live:speed_state", kwargs={"token": participant.access_token}))
    assert response.status_code == 200
    return json.loads(response.content)


def test_phone_state_shows_partner_with_reason_and_next(organiser):
    event, people = _room(organiser, 6)
    ana, ben = people[0], people[3]
    set_profile(ana, seeks="Fördermittel für Wasserstoff")
    set_profile(ben, offers="Beratung zu Fördermitteln für Wasserstoffprojekte")
    session = speed.create_session(event=event, group_size=2, rounds=3, minutes=5)
    speed.start_session(session=session)

    state = _phone_state(ana)

    assert state["round"]["index"] == 1
    assert state["round"]["status"] == "running"
    assert [p["name"] for p in state["now"]["partners"]] == [ben.name]
    assert state["now"]["partners"][0]["reason"].startswith("bietet „Beratung")
    assert state["next"]["round"] == 2
    assert len(state["next"]["partners"]) == 1
    assert state["server_now"]


def test_phone_state_hides_partner_who_withdrew(organiser):
    event, people = _room(organiser, 4)
    session = speed.create_session(event=event, group_size=2, rounds=1, minutes=5)
    speed.start_session(session=session)
    me = people[0]
    partner_id = next(
        s.participant_id
        for s in SpeedSeat.objects.filter(round__session=session, group=SpeedSeat.objects.get(participant=me).group)
        if s.participant_id != me.pk
    )
    set_profile(Participant.objects.get(pk=partner_id), visible=False)

    assert _phone_state(me)["now"]["partners"] == []


def test_phone_pages_unknown_token_404_and_other_event_sees_nothing(organiser):
    event, _people = _room(organiser, 4)
    session = speed.create_session(event=event, group_size=2, rounds=1, minutes=5)
    speed.start_session(session=session)
    stranger = ParticipantFactory(name="Fremde Person")  # another event
    set_profile(stranger)

    client = Client()
    assert client.get(reverse("live:network_speed", kwargs={"token": "nope"})).status_code == 404
    assert client.get(reverse("live:speed_state", kwargs={"token": "nope"})).status_code == 404
    assert client.get(reverse("live:speed_wall", kwargs={"token": "nope"})).status_code == 404
    state = _phone_state(stranger)
    assert state["session"] is None
    assert state["now"] is None


def test_phone_page_renders_with_socket_and_state_url(organiser):
    _event, people = _room(organiser, 4)
    me = people[0]

    page = Client().get(reverse("live:network_speed", kwargs={"token": me.access_token})).content.decode()

    assert f"/ws/cafe/p/{me.access_token}/" in page
    assert reverse("live:speed_state", kwargs={"token": me.access_token}) in page
    assert "speed.js" in page


def test_wall_state_lists_groups_of_current_round(organiser):
    event, people = _room(organiser, 6)
    session = speed.create_session(event=event, group_size=2, rounds=2, minutes=5)
    speed.start_session(session=session)

    response = Client().get(reverse("live:speed_wall_state", kwargs={"token": event.cafe.wall_token}))

    state = json.loads(response.content)
    assert response["X-Robots-Tag"] == "noindex"
    assert [g["number"] for g in state["groups"]] == [1, 2, 3]
    assert sorted(m["name"] for g in state["groups"] for m in g["members"]) == sorted(p.name for p in people)


def test_hub_links_to_speed_page(organiser):
    _event, people = _room(organiser, 2)
    me = people[0]

    page = Client().get(reverse("live:network", kwargs={"token": me.access_token})).content.decode()

    assert reverse("live:network_speed", kwargs={"token": me.access_token}) in page


@pytest.mark.parametrize("name", ["control", "wall"])
def test_list_pages_query_count_independent_of_people(organiser, organiser_client, name):
    counts = []
    for people in (4, 12):
        event, _people = _room(organiser, people)
        session = speed.create_session(event=event, group_size=2, rounds=3, minutes=5)
        speed.start_session(session=session)
        path = (
            _orga_url("network_speed", event)
            if name == "control"
            else reverse("live:speed_wall_state", kwargs={"token": event.cafe.wall_token})
        )
        with CaptureQueriesContext(connection) as queries:
            assert organiser_client.get(path).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
