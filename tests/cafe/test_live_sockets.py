"""A socket lives no longer than its link and stays on the device it belongs to: revocation, erasure, anonymisation and
new links close it (4404), a device bound to another person is refused (4403), and one link holds only a few (4429).

Driven through the real ASGI application (origin check, router, consumer) with asgiref's ApplicationCommunicator,
like tests/cafe/test_live_access.py and for the same reason (channels.testing needs daphne).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from asgiref.testing import ApplicationCommunicator
from channels.layers import get_channel_layer
from django.http import HttpResponse

from tests.factories import CafeFactory, EventFactory, ParticipantFactory, RoundFactory, TableFactory, TopicFactory
from weltcafe.cafe.consumers import CLOSE_OTHER_DEVICE, CLOSE_TOO_MANY, CLOSE_UNKNOWN_LINK
from weltcafe.cafe.live.broadcast import cafe_group, event_message
from weltcafe.cafe.models import Cafe, Table
from weltcafe.cafe.services import attendance
from weltcafe.cafe.services import links as link_rotation
from weltcafe.config.asgi import application
from weltcafe.events.access import DEVICE_COOKIE, bind_device
from weltcafe.events.models import Participant
from weltcafe.privacy import own_data, retention

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Room:
    cafe: Cafe
    table: Table
    ana: Participant
    ben: Participant


@pytest.fixture
def room(transactional_db) -> Room:
    event = EventFactory()
    cafe = CafeFactory(event=event)
    table = TableFactory(topic=TopicFactory(cafe=cafe), number=1)
    RoundFactory(cafe=cafe, index=1)
    ana, ben = ParticipantFactory(event=event, name="Ana"), ParticipantFactory(event=event, name="Ben")
    return Room(cafe, table, ana, ben)


def _device_cookie(token: str) -> bytes:
    """The cookie a phone keeps after opening `token`'s page, made by the real helper."""
    response = HttpResponse()
    bind_device(response, token)
    return f"{DEVICE_COOKIE}={response.cookies[DEVICE_COOKIE].coded_value}".encode()


class Socket(ApplicationCommunicator):
    def __init__(self, path: str, *, cookie: bytes = b"") -> None:
        headers = [(b"host", b"127.0.0.1"), (b"origin", b"http://127.0.0.1")]
        if cookie:
            headers.append((b"cookie", cookie))
        super().__init__(
            application,
            {"type": "websocket", "path": path, "query_string": b"", "headers": headers, "subprotocols": []},
        )

    async def connect(self) -> dict:
        await self.send_input({"type": "websocket.connect"})
        return await self.receive_output(timeout=2)

    async def opened(self) -> bool:
        """Connect and read the snapshot; False when the server closed instead."""
        answer = await self.connect()
        if answer["type"] != "websocket.accept":
            return False
        await self.receive_output(timeout=2)  # the snapshot
        return True

    async def receive(self) -> dict:
        return await self.receive_output(timeout=2)

    async def close(self) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(timeout=2)


def _closed_after(path: str, action, *, cookie: bytes = b"") -> tuple[dict, dict]:
    """Open a socket, run `action` (a sync service call), return the two messages that follow."""

    async def scenario():
        socket = Socket(path, cookie=cookie)
        assert await socket.opened()
        await sync_to_async(action)()
        notice, closing = await socket.receive(), await socket.receive()
        await socket.close()
        return notice, closing

    return async_to_sync(scenario)()


def _answer(path: str, *, cookie: bytes = b"") -> dict:
    async def scenario():
        socket = Socket(path, cookie=cookie)
        answer = await socket.connect()
        if answer["type"] == "websocket.accept":
            await socket.close()
        return answer

    return async_to_sync(scenario)()


LINK_CLOSED = {"type": "websocket.send", "text": json.dumps({"type": "link.closed", "reconnect": False})}
CLOSED_4404 = {"type": "websocket.close", "code": CLOSE_UNKNOWN_LINK}


# ------------------------------------------------------------------------------------- revocation and erasure
def test_socket_of_a_revoked_personal_link_is_closed_with_4404(room):
    path = f"/ws/cafe/p/{room.ana.access_token}/"

    notice, closing = _closed_after(path, lambda: attendance.revoke_access(participant=room.ana))

    assert (notice, closing) == (LINK_CLOSED, CLOSED_4404)


def test_socket_of_an_erased_participant_is_closed_with_4404(room):
    path = f"/ws/cafe/p/{room.ana.access_token}/"

    notice, closing = _closed_after(path, lambda: own_data.forget(room.ana))

    assert (notice, closing) == (LINK_CLOSED, CLOSED_4404)
    assert _answer(path) == CLOSED_4404


def test_socket_of_another_participant_stays_open_when_one_is_revoked(room):
    async def scenario():
        ben = Socket(f"/ws/cafe/p/{room.ben.access_token}/")
        assert await ben.opened()
        await sync_to_async(attendance.revoke_access)(participant=room.ana)
        quiet = await ben.receive_nothing(timeout=0.1)
        await ben.close()
        return quiet

    assert async_to_sync(scenario)() is True


@pytest.mark.parametrize("who", ["p", "t", "w"])
def test_socket_of_an_anonymised_event_is_closed_with_4404(room, who):
    token = {"p": room.ana.access_token, "t": room.table.access_token, "w": room.cafe.wall_token}[who]
    path = f"/ws/cafe/{who}/{token}/"

    notice, closing = _closed_after(path, lambda: retention.anonymise_event(room.cafe.event))

    assert (notice, closing) == (LINK_CLOSED, CLOSED_4404)
    assert _answer(path) == CLOSED_4404


# ------------------------------------------------------------------------------------------------- new links
def test_socket_of_a_renewed_table_link_is_closed_and_the_new_link_opens(room):
    old = room.table.access_token

    notice, closing = _closed_after(f"/ws/cafe/t/{old}/", lambda: link_rotation.renew_table_link(table=room.table))

    room.table.refresh_from_db()
    assert (notice, closing) == (LINK_CLOSED, CLOSED_4404)
    assert room.table.access_token != old
    assert _answer(f"/ws/cafe/t/{room.table.access_token}/") == {"type": "websocket.accept", "subprotocol": None}


def test_socket_of_a_renewed_wall_link_is_closed_with_4404(room):
    path = f"/ws/cafe/w/{room.cafe.wall_token}/"

    notice, closing = _closed_after(path, lambda: link_rotation.renew_wall_link(cafe=room.cafe))

    assert (notice, closing) == (LINK_CLOSED, CLOSED_4404)
    assert _answer(path) == CLOSED_4404


# ---------------------------------------------------------------------------------------------- device rule
def test_socket_from_a_device_bound_to_another_person_is_closed_with_4403(room):
    bens_phone = _device_cookie(room.ben.access_token)

    answer = _answer(f"/ws/cafe/p/{room.ana.access_token}/", cookie=bens_phone)

    assert answer == {"type": "websocket.close", "code": CLOSE_OTHER_DEVICE}


@pytest.mark.parametrize("device", ["own", "unbound", "tampered", "erased owner"])
def test_socket_from_the_owners_or_an_unbound_device_is_accepted(room, device):
    cookie = {
        "own": _device_cookie(room.ana.access_token),
        "unbound": b"",
        "tampered": f"{DEVICE_COOKIE}={room.ben.access_token}:forged".encode(),
        "erased owner": _device_cookie("gone-" + room.ben.access_token),
    }[device]

    answer = _answer(f"/ws/cafe/p/{room.ana.access_token}/", cookie=cookie)

    assert answer["type"] == "websocket.accept"


# ------------------------------------------------------------------------------------------------------ caps
def test_socket_sixth_on_one_personal_link_is_closed_with_4429_until_one_leaves(room):
    path = f"/ws/cafe/p/{room.ana.access_token}/"

    async def scenario():
        sockets = [Socket(path) for _ in range(5)]
        opened = [await socket.opened() for socket in sockets]
        sixth = await Socket(path).connect()
        other_link = Socket(f"/ws/cafe/p/{room.ben.access_token}/")
        other_opened = await other_link.opened()
        await sockets[0].close()
        again = Socket(path)
        reopened = await again.opened()
        for socket in [*sockets[1:], other_link, again]:
            await socket.close()
        return opened, sixth, other_opened, reopened

    opened, sixth, other_opened, reopened = async_to_sync(scenario)()

    assert opened == [True] * 5
    assert sixth == {"type": "websocket.close", "code": CLOSE_TOO_MANY}
    assert (other_opened, reopened) == (True, True)


def test_socket_cap_of_a_table_link_follows_its_setting(room, settings):
    settings.WELTCAFE_SOCKETS_PER_LINK = {"p": 5, "t": 2, "w": 20}
    path = f"/ws/cafe/t/{room.table.access_token}/"

    async def scenario():
        sockets = [Socket(path) for _ in range(2)]
        opened = [await socket.opened() for socket in sockets]
        third = await Socket(path).connect()
        for socket in sockets:
            await socket.close()
        return opened, third

    opened, third = async_to_sync(scenario)()

    assert (opened, third) == ([True, True], {"type": "websocket.close", "code": CLOSE_TOO_MANY})


class _DyingQueue(asyncio.Queue):
    """The server's side of a socket that uvicorn closed after unanswered pings (the phone went with the hall's
    Wi-Fi): from `die()` on, a send raises as uvicorn's does, before the consumer hears of the disconnect."""

    dead = False

    async def put(self, item):
        if self.dead and item["type"] == "websocket.send":
            raise RuntimeError("Unexpected ASGI message 'websocket.send', after sending 'websocket.close'.")
        await super().put(item)


class _DyingSocket(Socket):
    @property
    def output_queue(self) -> _DyingQueue:
        if self._output_queue is None:
            self._output_queue = _DyingQueue()
        return self._output_queue


def test_socket_closed_by_the_server_under_an_event_ends_quietly_and_frees_its_slot(room):
    path = f"/ws/cafe/p/{room.ana.access_token}/"

    async def scenario():
        sockets = [_DyingSocket(path) for _ in range(5)]
        opened = [await socket.opened() for socket in sockets]
        for socket in sockets:
            socket.output_queue.dead = True
        event = event_message(
            {"type": "message.changed", "message": "Bitte wechseln", "message_at": None, "message_until": None}
        )
        await get_channel_layer().group_send(cafe_group(room.cafe.pk), event)
        for socket in sockets:
            await socket.wait(timeout=2)  # ended, and without an exception (wait() re-raises it)
        again = Socket(path)
        reopened = await again.opened()
        await again.close()
        return opened, reopened

    opened, reopened = async_to_sync(scenario)()

    assert opened == [True] * 5
    assert reopened  # all five slots came back: the link is not full of dead sockets
