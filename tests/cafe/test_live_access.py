"""Who may post what where, idempotency of resent ideas, and the live events, at the edges a phone really uses.

HTTP: Django's test client against live:page/state/post_idea, JSON in and out as live.js sends it. Websocket: the real
ASGI application (origin check, router, consumer) through asgiref's ApplicationCommunicator, driven from sync tests
with async_to_sync (no pytest-asyncio). channels.testing.WebsocketCommunicator is not used: importing anything from
channels.testing imports its live-server module, which needs daphne, which is not a dependency.

The replay tests follow Zulip: every action's events, applied with `snapshot.apply_event` to the state taken before
the action, must give exactly the state fetched afresh after it.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from asgiref.testing import ApplicationCommunicator
from channels.layers import get_channel_layer
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CafeFactory,
    EventFactory,
    ParticipantFactory,
    RoundFactory,
    TableFactory,
    TopicFactory,
)
from weltcafe.cafe.consumers import CLOSE_UNKNOWN_LINK
from weltcafe.cafe.live import event_schemas
from weltcafe.cafe.live.broadcast import all_ideas_group, cafe_group, event_of
from weltcafe.cafe.models import Ballot, Cafe, Idea, Round, Seat, Table, Theme
from weltcafe.cafe.queries import snapshot
from weltcafe.cafe.services import attendance, voting
from weltcafe.cafe.services import ideas as services
from weltcafe.cafe.services import rounds as cafe_rounds
from weltcafe.cafe.services import themes as editing
from weltcafe.config.asgi import application
from weltcafe.events.models import Participant

pytestmark = pytest.mark.integration


# ---------------------------------------------------------------------------------------------------------- arrange
@dataclass(frozen=True)
class Room:
    """A café with two topics at tables 1 and 2 and two rounds; round 1 runs.

    Ana sits at table 1 in round 1 and at table 2 in round 2, Ben the other way round; Hanna hosts table 1's topic
    and has no seat. `elsewhere` is a table of another event's café.
    """

    cafe: Cafe
    table_one: Table
    table_two: Table
    first: Round
    second: Round
    ana: Participant
    ben: Participant
    hanna: Participant
    elsewhere: Table


@pytest.fixture
def room(db) -> Room:
    event = EventFactory()
    cafe = CafeFactory(event=event, grace_seconds=120)
    ana, ben, hanna = (ParticipantFactory(event=event, name=name) for name in ("Ana", "Ben", "Hanna"))
    table_one = TableFactory(topic=TopicFactory(cafe=cafe, title="Fachkräfte"), number=1, host=hanna)
    table_two = TableFactory(topic=TopicFactory(cafe=cafe, title="Energie"), number=2)
    first, second = RoundFactory(cafe=cafe, index=1), RoundFactory(cafe=cafe, index=2)
    for person, tables in ((ana, (table_one, table_two)), (ben, (table_two, table_one))):
        for round_, table in zip((first, second), tables, strict=True):
            Seat.objects.create(participant=person, round=round_, table=table)
    elsewhere = TableFactory(topic=TopicFactory(cafe=CafeFactory()), number=1)
    RoundFactory(cafe=elsewhere.cafe, index=1)
    first = cafe_rounds.start_round(cafe=cafe, index=1)
    return Room(cafe, table_one, table_two, first, second, ana, ben, hanna, elsewhere)



def _url(name: str, kind: str, token: str) -> str:
    return reverse(f"live:{name}", kwargs={"kind": kind, "token": token})


def _post(client: Client, kind: str, token: str, **body) -> tuple[int, dict]:
    response = client.post(_url("post_idea", kind, token), data=json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def _body(table: Table, round_: Round, text: str = "Ausbildung im Verbund") -> dict:
    """What live.js sends: a fresh client UUID per idea, the place, the text."""
    return {"client_uuid": str(uuid.uuid4()), "table": table.pk, "round": round_.pk, "text": text}


# ------------------------------------------------------------------------------------------------ HTTP: who posts
NOT_AT_TABLE_TWO = "Sie sitzen in Runde 1 nicht an Tisch 2."


def _case(case: str, who: str, where: tuple[str, str], status: int, error: str | None = None, text: str = "Idee"):
    """One row of the table: whose link posts to which (table, round) of the `room`, and the answer the phone gets."""
    return pytest.param(who, where, text, status, error, id=case)


# The error is what live.js shows on the phone, so it is asserted word for word, in German.
POSTING = [
    _case("own-table", "ana", ("table_one", "first"), 201),
    _case("host-of-the-topic-without-seat", "hanna", ("table_one", "first"), 201),
    _case("table-link-own-table", "table_one", ("table_one", "first"), 201),
    _case("other-table", "ana", ("table_two", "first"), 403, NOT_AT_TABLE_TWO),
    _case("host-at-another-topic", "hanna", ("table_two", "first"), 403, NOT_AT_TABLE_TWO),
    _case(
        "table-link-other-table", "table_one", ("table_two", "first"), 403, "Dieser Tisch-Link gilt nur für Tisch 1."
    ),
    _case("round-not-started", "ana", ("table_two", "second"), 400, "Runde 2 hat noch nicht begonnen."),
    _case(
        "other-cafe", "ana", ("elsewhere", "first"), 403, "Dieser Tisch oder diese Runde gehört nicht zu Ihrem Café."
    ),
    _case("wall-link", "wall", ("table_one", "first"), 403, "Die Wand zeigt nur an."),
    _case("empty-text", "ana", ("table_one", "first"), 400, "Bitte schreiben Sie Ihre Idee auf.", text=" \n "),
    _case(
        "501-characters",
        "ana",
        ("table_one", "first"),
        400,
        "Eine Idee hat höchstens 500 Zeichen (Ihre hat 501).",
        text="x" * 501,
    ),
]


def _link(room: Room, who: str) -> tuple[str, str]:
    if who == "wall":
        return "w", room.cafe.wall_token
    if who.startswith("table"):
        return "t", getattr(room, who).access_token
    return "p", getattr(room, who).access_token


@pytest.mark.parametrize(("who", "where", "text", "status", "error"), POSTING)
def test_post_idea_is_scoped_to_the_posters_place(client, room, who, where, text, status, error):
    table, round_ = getattr(room, where[0]), getattr(room, where[1])

    answer_status, answer = _post(client, *_link(room, who), **_body(table, round_, text))

    assert (answer_status, answer.get("error")) == (status, error)
    assert Idea.objects.count() == (1 if status == 201 else 0)


def test_post_idea_from_a_table_link_is_anonymous(client, room):
    status, answer = _post(client, "t", room.table_one.access_token, **_body(room.table_one, room.first, "Tischidee"))

    assert status == 201
    assert Idea.objects.get().author is None
    assert (answer["idea"]["text"], answer["idea"]["author"]) == ("Tischidee", "")


INCOMPLETE = "Die Anfrage ist unvollständig."


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({}, INCOMPLETE),
        ({"text": "Idee"}, INCOMPLETE),
        ({"client_uuid": "kein-uuid", "table": 1, "round": 1}, INCOMPLETE),
        ([], "Die Anfrage muss ein JSON-Objekt sein."),
    ],
    ids=["empty", "no-place", "bad-uuid", "a-list"],
)
def test_post_idea_incomplete_request_is_400(client, room, body, error):
    response = client.post(
        _url("post_idea", "p", room.ana.access_token), data=json.dumps(body), content_type="application/json"
    )

    assert (response.status_code, response.json()) == (400, {"error": error})


# ------------------------------------------------------------------------------------------ HTTP: exactly once
def test_post_idea_same_uuid_twice_stores_one_idea(client, room):
    body = _body(room.table_one, room.first, "Werkbank teilen")

    first_status, first = _post(client, "p", room.ana.access_token, **body)
    second_status, second = _post(client, "p", room.ana.access_token, **body)

    assert (first_status, second_status) == (201, 200)
    assert second == first
    assert list(Idea.objects.values_list("pk", "text")) == [(first["idea"]["id"], "Werkbank teilen")]


def test_post_idea_same_uuid_from_another_participant_is_refused(client, room):
    body = _body(room.table_one, room.first, "Werkbank teilen")
    _post(client, "p", room.ana.access_token, **body)

    status, answer = _post(client, "p", room.ben.access_token, **{**body, "table": room.table_two.pk, "text": "Mein"})

    assert (status, answer) == (403, {"error": "Diese Kennung gehört zu einer anderen Idee."})
    assert list(Idea.objects.values_list("text", "author", "table")) == [
        ("Werkbank teilen", room.ana.pk, room.table_one.pk)
    ]


def test_post_idea_resend_after_the_round_closed_still_answers_200(client, room):
    body = _body(room.table_one, room.first)
    _, first = _post(client, "p", room.ana.access_token, **body)
    cafe_rounds.start_round(cafe=room.cafe, index=2)
    Round.objects.filter(pk=room.first.pk).update(ended_at=timezone.now() - timedelta(hours=1))

    status, again = _post(client, "p", room.ana.access_token, **body)

    assert (status, again) == (200, first)


@pytest.mark.parametrize(("ended_seconds_ago", "status"), [(60, 201), (121, 400)], ids=["within-grace", "beyond"])
def test_post_idea_after_the_round_ended_depends_on_the_grace_period(client, room, ended_seconds_ago, status):
    cafe_rounds.end_round(cafe=room.cafe)
    Round.objects.filter(pk=room.first.pk).update(ended_at=timezone.now() - timedelta(seconds=ended_seconds_ago))

    answer_status, answer = _post(client, "p", room.ana.access_token, **_body(room.table_one, room.first))

    assert (answer_status, answer.get("error")) == (
        status,
        None if status == 201 else "Runde 1 ist beendet; Ideen werden nicht mehr angenommen.",
    )


def test_post_idea_13th_within_a_minute_is_429_and_a_resend_still_works(client, room):
    bodies = [_body(room.table_one, room.first, f"Idee {n}") for n in range(13)]
    statuses = [_post(client, "p", room.ana.access_token, **body)[0] for body in bodies[:12]]

    status, answer = _post(client, "p", room.ana.access_token, **bodies[12])
    resend_status, _ = _post(client, "p", room.ana.access_token, **bodies[0])

    assert statuses == [201] * 12
    assert (status, answer) == (429, {"error": "Sehr viele Ideen in kurzer Zeit – bitte warten Sie einen Moment."})
    assert resend_status == 200  # a resend is no new idea and never counts against the limit
    assert Idea.objects.count() == 12


def test_rate_limit_counts_per_phone(client, room):
    for n in range(12):
        _post(client, "p", room.ana.access_token, **_body(room.table_one, room.first, f"Ana {n}"))

    status, _ = _post(client, "p", room.ben.access_token, **_body(room.table_two, room.first, "Ben"))

    assert status == 201


# ----------------------------------------------------------------------------------------- HTTP: text is text
def test_script_markup_is_stored_and_returned_as_plain_text(client, organiser, room):
    room.cafe.event.organisers.add(organiser)
    markup = '<script>alert("Tisch 1")</script><img src=x onerror=alert(1)>'

    status, answer = _post(client, "p", room.ana.access_token, **_body(room.table_one, room.first, markup))
    state = client.get(_url("state", "p", room.ana.access_token))
    client.force_login(organiser)
    control = client.get(reverse("orga:live", kwargs={"slug": room.cafe.event.slug})).content.decode()

    assert status == 201
    assert Idea.objects.get().text == markup
    assert answer["idea"]["text"] == markup  # data in JSON; live.js puts it into textContent, never innerHTML
    assert state["Content-Type"] == "application/json"
    assert state.json()["state"]["ideas"][str(answer["idea"]["id"])]["text"] == markup
    assert "&lt;script&gt;alert(&quot;Tisch 1&quot;)&lt;/script&gt;" in control  # the control room escapes it
    assert "<script>alert" not in control
    assert "<img src=x" not in control


def test_phone_page_sets_the_csrf_cookie_live_js_sends(room):
    phone = Client(enforce_csrf_checks=True)
    phone.get(_url("page", "p", room.ana.access_token))
    url = _url("post_idea", "p", room.ana.access_token)
    body = json.dumps(_body(room.table_one, room.first))

    refused = phone.post(url, data=body, content_type="application/json")
    accepted = phone.post(
        url, data=body, content_type="application/json", headers={"X-CSRFToken": phone.cookies["csrftoken"].value}
    )

    assert (refused.status_code, accepted.status_code) == (403, 201)


# -------------------------------------------------------------------------------------------- HTTP: dead links
@pytest.mark.parametrize("kind", ["p", "t", "w", "x"])
def test_unknown_token_is_404_everywhere(client, room, kind):
    token = "A" * 43

    page = client.get(_url("page", kind, token))
    state = client.get(_url("state", kind, token))
    post = client.post(_url("post_idea", kind, token), data="{}", content_type="application/json")

    assert (page.status_code, state.status_code, post.status_code) == (404, 404, 404)


def test_revoked_link_is_404_on_page_state_post_and_socket(transactional_db, client, room):
    old = room.ana.access_token
    attendance.revoke_access(participant=room.ana)

    page = client.get(_url("page", "p", old))
    state = client.get(_url("state", "p", old))
    post = client.post(
        _url("post_idea", "p", old), data=json.dumps(_body(room.table_one, room.first)), content_type="application/json"
    )
    socket_close = async_to_sync(_refused_socket)(f"/ws/cafe/p/{old}/")
    new_page = client.get(_url("page", "p", room.ana.access_token))

    assert (page.status_code, state.status_code, post.status_code) == (404, 404, 404)
    assert socket_close == {"type": "websocket.close", "code": CLOSE_UNKNOWN_LINK}
    assert new_page.status_code == 200
    assert Idea.objects.count() == 0


# ------------------------------------------------------------------------------------------------- websocket
class Socket(ApplicationCommunicator):
    """A browser's websocket to the real ASGI application, with the Origin header a browser sends.

    127.0.0.1, not Django's "testserver": the origin check took ALLOWED_HOSTS when weltcafe.config.asgi was imported.
    """

    def __init__(self, path: str) -> None:
        super().__init__(
            application,
            {
                "type": "websocket",
                "path": path,
                "query_string": b"",
                "headers": [(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1")],
                "subprotocols": [],
            },
        )

    async def connect(self) -> dict:
        await self.send_input({"type": "websocket.connect"})
        return await self.receive_output(timeout=2)

    async def receive_json(self) -> dict:
        message = await self.receive_output(timeout=2)
        assert message["type"] == "websocket.send", message
        return json.loads(message["text"])

    async def nothing_more(self) -> bool:
        await asyncio.sleep(0.1)
        return self.output_queue.empty()

    async def close(self) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(timeout=2)


async def _refused_socket(path: str) -> dict:
    return await Socket(path).connect()


def test_socket_unknown_token_is_closed_with_4404(transactional_db):
    for kind in ("p", "t", "w"):
        assert async_to_sync(_refused_socket)(f"/ws/cafe/{kind}/{'B' * 43}/") == {
            "type": "websocket.close",
            "code": CLOSE_UNKNOWN_LINK,
        }


@pytest.mark.parametrize("who", ["ana", "table_one", "wall"])
def test_socket_first_message_is_the_viewers_snapshot(transactional_db, room, who):
    kind, token = _link(room, who)

    async def scenario():
        socket = Socket(f"/ws/cafe/{kind}/{token}/")
        accepted = await socket.connect()
        first = await socket.receive_json()
        await socket.close()
        return accepted, first

    accepted, first = async_to_sync(scenario)()

    viewer = {"p": "participant", "t": "table", "w": "wall"}[kind]
    assert accepted["type"] == "websocket.accept"
    event_schemas.check_message(first)
    assert (first["type"], first["snapshot"]["viewer"]["kind"]) == ("snapshot", viewer)
    assert first["snapshot"]["state"]["round"]["id"] == room.first.pk
    if kind == "p":
        assert first["snapshot"]["route"] == {
            str(room.first.pk): room.table_one.pk,
            str(room.second.pk): room.table_two.pk,
        }


def test_socket_receives_idea_saved_and_round_changed(transactional_db, room):
    def capture():
        return services.capture_idea(
            poster=services.Poster(cafe=room.cafe, participant=room.ana),
            client_uuid=uuid.uuid4(),
            text="Wärmenetz gemeinsam planen",
            table_id=room.table_one.pk,
            round_id=room.first.pk,
        ).idea

    async def scenario():
        socket = Socket(f"/ws/cafe/w/{room.cafe.wall_token}/")
        await socket.connect()
        await socket.receive_json()  # the snapshot
        idea = await sync_to_async(capture)()
        saved = await socket.receive_json()
        round_two = await sync_to_async(cafe_rounds.start_round)(cafe=room.cafe, index=2)
        changed = await socket.receive_json()
        quiet = await socket.nothing_more()
        await socket.close()
        return idea, saved, round_two, changed, quiet

    idea, saved, round_two, changed, quiet = async_to_sync(scenario)()

    assert saved["type"] == "idea.saved"
    assert (saved["idea"]["id"], saved["idea"]["text"]) == (idea.pk, "Wärmenetz gemeinsam planen")
    assert changed["type"] == "round.changed"
    assert (changed["round"]["id"], changed["round"]["status"]) == (round_two.pk, "running")
    assert quiet


def test_socket_receives_an_idea_posted_over_http(transactional_db, room):
    client = Client()

    async def scenario():
        socket = Socket(f"/ws/cafe/p/{room.ben.access_token}/")
        await socket.connect()
        await socket.receive_json()
        status, answer = await sync_to_async(_post)(
            client, "p", room.ana.access_token, **_body(room.table_one, room.first, "Per HTTP")
        )
        event = await socket.receive_json()
        await socket.close()
        return status, answer, event

    status, answer, event = async_to_sync(scenario)()

    assert status == 201
    assert event == {"type": "idea.saved", **answer}


def test_socket_hears_nothing_from_another_cafe(transactional_db, room):
    other_cafe = room.elsewhere.cafe
    stranger = ParticipantFactory(event=other_cafe.event)
    other_round = cafe_rounds.start_round(cafe=other_cafe, index=1)
    Seat.objects.create(participant=stranger, round=other_round, table=room.elsewhere)

    async def scenario():
        socket = Socket(f"/ws/cafe/p/{room.ana.access_token}/")
        await socket.connect()
        await socket.receive_json()
        await sync_to_async(services.capture_idea)(
            poster=services.Poster(cafe=other_cafe, participant=stranger),
            client_uuid=uuid.uuid4(),
            text="Nur für das andere Café",
            table_id=room.elsewhere.pk,
            round_id=other_round.pk,
        )
        await sync_to_async(cafe_rounds.set_broadcast_message)(cafe=other_cafe, text="Bitte zum Plenum")
        quiet = await socket.nothing_more()
        await socket.close()
        return quiet

    assert async_to_sync(scenario)()


def test_socket_of_a_phone_hears_only_its_tables_ideas_the_wall_hears_all(transactional_db, room):
    cem = ParticipantFactory(event=room.cafe.event, name="Cem")
    for round_ in (room.first, room.second):
        Seat.objects.create(participant=cem, round=round_, table=room.table_two)
    _capture(room, "Am Tisch 1 gesagt")

    async def scenario():
        phone, wall = Socket(f"/ws/cafe/p/{cem.access_token}/"), Socket(f"/ws/cafe/w/{room.cafe.wall_token}/")
        await phone.connect()
        await wall.connect()
        phone_snapshot, wall_snapshot = await phone.receive_json(), await wall.receive_json()
        await sync_to_async(_capture)(room, "Noch mehr von Tisch 1")
        on_wall = await wall.receive_json()
        quiet = await phone.nothing_more()
        await phone.close()
        await wall.close()
        return phone_snapshot, wall_snapshot, on_wall, quiet

    phone_snapshot, wall_snapshot, on_wall, quiet = async_to_sync(scenario)()

    def texts(first):
        return [idea["text"] for idea in first["snapshot"]["state"]["ideas"].values()]

    assert (texts(phone_snapshot), texts(wall_snapshot)) == ([], ["Am Tisch 1 gesagt"])
    assert (on_wall["type"], on_wall["idea"]["text"]) == ("idea.saved", "Noch mehr von Tisch 1")
    assert quiet  # Cem sits at table 2 in every round and hosts nothing


def test_socket_answers_ping_with_pong(transactional_db, room):
    async def scenario():
        socket = Socket(f"/ws/cafe/w/{room.cafe.wall_token}/")
        await socket.connect()
        await socket.receive_json()
        await socket.send_input({"type": "websocket.receive", "text": json.dumps({"type": "ping"})})
        pong = await socket.receive_json()
        await socket.close()
        return pong

    assert async_to_sync(scenario)() == {"type": "pong"}


# ---------------------------------------------------------------------------------------------------- replay
def _events_of(cafe: Cafe, action, *, expected: int) -> list[dict]:
    """Run `action` (it owns its transaction; transactional_db lets it commit) and return what a wall heard.

    Subscribing a fresh channel to the wall's groups is what its consumer does; nothing is patched.
    """

    async def run() -> list[dict]:
        layer = get_channel_layer()
        channel = await layer.new_channel()
        # A wall's groups: the whole café, and every idea of every table.
        for group in (cafe_group(cafe.pk), all_ideas_group(cafe.pk)):
            await layer.group_add(group, channel)
        try:
            await sync_to_async(action)()
            # As many as expected, however long Redis takes; then nothing more within a moment.
            events = [event_of(await asyncio.wait_for(layer.receive(channel), timeout=5)) for _ in range(expected)]
            try:
                extra = await asyncio.wait_for(layer.receive(channel), timeout=0.1)
            except TimeoutError:
                return events
            return [*events, event_of(extra)]
        finally:
            for group in (cafe_group(cafe.pk), all_ideas_group(cafe.pk)):
                await layer.group_discard(group, channel)

    return async_to_sync(run)()


def _capture(room: Room, text: str = "Wärmenetz gemeinsam planen") -> Idea:
    return services.capture_idea(
        poster=services.Poster(cafe=room.cafe, participant=room.ana),
        client_uuid=uuid.uuid4(),
        text=text,
        table_id=room.table_one.pk,
        round_id=room.first.pk,
    ).idea


def _idea(room: Room) -> int:
    return Idea.objects.get(table__cafe=room.cafe, text="Schon da").pk


def _resend(r: Room):
    known = Idea.objects.get(text="Schon da")
    poster = services.Poster(cafe=r.cafe, participant=r.ana)
    return services.capture_idea(
        poster=poster, client_uuid=known.client_uuid, text=known.text, table_id=r.table_one.pk, round_id=r.first.pk
    )


def _unstarted(r: Room) -> None:
    Round.objects.filter(cafe=r.cafe).update(started_at=None, deadline=None)


def _merge(r: Room):
    return services.merge_ideas(cafe=r.cafe, keep_id=_idea(r), merge_id=Idea.objects.get(text="Doppelt").pk, user=None)


def _pause(r: Room):
    return cafe_rounds.pause_round(cafe=r.cafe)


def _themes(r: Room) -> list[Theme]:
    topic = r.table_one.topic
    return [Theme.objects.create(topic=topic, label=label, position=i) for i, label in enumerate(("Azubis", "Kita"))]


def _open_ballot(r: Room) -> Ballot:
    _themes(r)
    return voting.open_ballot(topic=r.table_one.topic, dots_per_person=3)


def _dot(r: Room, count: int = 2):
    ballot = Ballot.objects.get(topic=r.table_one.topic)
    theme = Theme.objects.get(topic=r.table_one.topic, label="Azubis")
    return voting.set_dots(cafe=r.cafe, participant=r.ana, ballot_id=ballot.pk, option_id=theme.pk, count=count)


def _replay(case: str, action, types: list[str], before=None):
    """What happened before (besides the idea "Schon da" in round 1), the action under test, the events it sends."""
    return pytest.param(before, action, types, id=case)


ROUND, IDEA, MESSAGE = ["round.changed"], ["idea.saved"], ["message.changed"]
BALLOT, TALLY = ["ballot.changed", "ballot.tally"], ["ballot.tally"]
REPLAY = [
    _replay("open_ballot", _open_ballot, BALLOT),
    _replay("set_dots", _dot, TALLY, before=_open_ballot),
    _replay("set_dots-remove", lambda r: _dot(r, 0), TALLY, before=lambda r: (_open_ballot(r), _dot(r))),
    _replay(
        "close_ballot",
        lambda r: voting.close_ballot(ballot=Ballot.objects.get()),
        BALLOT,
        before=lambda r: (_open_ballot(r), _dot(r)),
    ),
    _replay(
        "rename_theme-during-a-vote",
        lambda r: editing.rename_theme(
            topic=r.table_one.topic, theme_id=Theme.objects.get(label="Kita").pk, label="Betriebskita"
        ),
        ["themes.changed", *BALLOT],
        before=_open_ballot,
    ),
    _replay("start_round-first", lambda r: cafe_rounds.start_round(cafe=r.cafe, index=1), ROUND, before=_unstarted),
    _replay("start_round-ends-the-running-one", lambda r: cafe_rounds.start_round(cafe=r.cafe, index=2), ROUND),
    _replay("next_round", lambda r: cafe_rounds.next_round(cafe=r.cafe), ROUND),
    _replay("pause_round", lambda r: cafe_rounds.pause_round(cafe=r.cafe), ROUND),
    _replay("resume_round", lambda r: cafe_rounds.resume_round(cafe=r.cafe), ROUND, before=_pause),
    _replay("extend_round-running", lambda r: cafe_rounds.extend_round(cafe=r.cafe, minutes=5), ROUND),
    _replay("extend_round-paused", lambda r: cafe_rounds.extend_round(cafe=r.cafe, minutes=1), ROUND, before=_pause),
    _replay("end_round", lambda r: cafe_rounds.end_round(cafe=r.cafe), ROUND),
    _replay("capture_idea", lambda r: _capture(r), IDEA),
    _replay("hide_idea", lambda r: services.hide_idea(cafe=r.cafe, idea_id=_idea(r), user=None), IDEA),
    _replay("edit_idea", lambda r: services.edit_idea(cafe=r.cafe, idea_id=_idea(r), text="Neu", user=None), IDEA),
    _replay(
        "restore_idea",
        lambda r: services.restore_idea(cafe=r.cafe, idea_id=_idea(r), user=None),
        IDEA,
        before=lambda r: services.hide_idea(cafe=r.cafe, idea_id=_idea(r), user=None),
    ),
    _replay("merge_ideas", _merge, IDEA, before=lambda r: _capture(r, "Doppelt")),
    _replay("mark_key_insight", lambda r: services.mark_key_insight(cafe=r.cafe, idea_id=_idea(r), host=r.hanna), IDEA),
    _replay(
        "set_broadcast_message", lambda r: cafe_rounds.set_broadcast_message(cafe=r.cafe, text="Zum Plenum"), MESSAGE
    ),
    _replay(
        "clear_broadcast_message",
        lambda r: cafe_rounds.set_broadcast_message(cafe=r.cafe, text=""),
        MESSAGE,
        before=lambda r: cafe_rounds.set_broadcast_message(cafe=r.cafe, text="Zum Plenum"),
    ),
]


@pytest.mark.parametrize(("before", "action", "types"), REPLAY)
def test_replaying_an_actions_events_gives_a_fresh_state(transactional_db, room, before, action, types):
    _capture(room, "Schon da")
    if before is not None:
        before(room)
    earlier = snapshot.cafe_state(room.cafe)

    events = _events_of(room.cafe, lambda: action(room), expected=len(types))

    for event in events:
        event_schemas.check_message(event)  # raises naming the field that does not fit
    replayed = reduce(snapshot.apply_event, events, earlier)
    fresh = snapshot.cafe_state(room.cafe)
    assert [event["type"] for event in events] == types
    assert replayed == fresh
    assert (fresh != earlier) == bool(types)  # the action changed what screens show, or sent nothing
    assert reduce(snapshot.apply_event, events, replayed) == replayed  # events may arrive twice


def test_a_resend_sends_the_stored_ideas_event_again_and_changes_nothing(transactional_db, room):
    # Its first event may have died with a worker between the commit and the broadcast (bench/live_faults.py).
    _capture(room, "Schon da")
    earlier = snapshot.cafe_state(room.cafe)

    events = _events_of(room.cafe, lambda: _resend(room), expected=1)

    assert [event["type"] for event in events] == IDEA
    assert reduce(snapshot.apply_event, events, earlier) == earlier == snapshot.cafe_state(room.cafe)


def test_replay_end_round_after_rounds_started_out_of_order(transactional_db, room):
    RoundFactory(cafe=room.cafe, index=3)
    cafe_rounds.start_round(cafe=room.cafe, index=3)  # ends round 1
    cafe_rounds.start_round(cafe=room.cafe, index=2)  # ends round 3
    earlier = snapshot.cafe_state(room.cafe)

    events = _events_of(room.cafe, lambda: cafe_rounds.end_round(cafe=room.cafe), expected=1)
    event_schemas.check_message(events[0])

    # The event says "round 2 ended"; a fresh state says round 3 (ended before round 2) is the current one.
    assert reduce(snapshot.apply_event, events, earlier) == snapshot.cafe_state(room.cafe)
