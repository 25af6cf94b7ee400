"""The live socket: authenticate the link, subscribe to the viewer's groups, send its snapshot, forward events.

Close codes the phone acts on (static/weltcafe/live.js, docs/security.md "Live sockets"): 4404 the link is unknown,
revoked, renewed or erased — stop; 4403 this device belongs to another person's link — stop; 4429 too many sockets
on this link — back off.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.db import DatabaseError
from django.http import Http404
from django.http.cookie import parse_cookie

from weltcafe.cafe.access import groups_for, resolve, socket_device_allowed
from weltcafe.cafe.live import layer_watch, socket_slots
from weltcafe.cafe.models import ViewerKind
from weltcafe.cafe.queries.snapshot import snapshot_for
from weltcafe.cafe.queries.viewers import Viewer, viewer_tables

CLOSE_UNKNOWN_LINK = 4404
CLOSE_OTHER_DEVICE = 4403
CLOSE_TOO_MANY = 4429
RESYNC_ATTEMPTS = 5  # 1 + 2 + 4 + 8 s (× 0.5–1.5) of retries: a PostgreSQL restart, not an outage

logger = logging.getLogger(__name__)


def _cookies(scope: Mapping[str, Any]) -> dict[str, str]:
    header = b"; ".join(value for name, value in scope.get("headers", ()) if name == b"cookie")
    return parse_cookie(header.decode("latin-1"))


@dataclass(frozen=True)
class _Admission:
    """What a connecting socket learns in one trip to the database: who it is, or why it is refused."""

    viewer: Viewer | None
    refusal: int = 0
    tables: set[int] | None = None
    groups: tuple[str, ...] = ()


def _admit(kind: str, token: str, cookies: Mapping[str, str]) -> _Admission:
    # One thread hop for all of it: when the hall's Wi-Fi comes back, hundreds of sockets connect at once and each
    # hop waits its turn on the worker's one database thread.
    try:
        viewer = resolve(kind, token)
    except Http404:
        return _Admission(None, CLOSE_UNKNOWN_LINK)
    if viewer.kind == ViewerKind.PARTICIPANT and not socket_device_allowed(cookies, viewer.person):
        return _Admission(None, CLOSE_OTHER_DEVICE)
    return _following(viewer)


def _following(viewer: Viewer) -> _Admission:
    tables = viewer_tables(viewer)
    # Every screen also hears `cafe.resync`: the layer lost events somewhere, fetch a fresh snapshot.
    return _Admission(viewer, tables=tables, groups=(*groups_for(viewer, tables), layer_watch.EVERY_SCREEN))


class CafeConsumer(AsyncJsonWebsocketConsumer):
    viewer: Viewer | None = None
    tables: set[int] | None = None  # the viewer's tables (None: all, a wall), as last subscribed
    joined: tuple[str, ...] = ()
    slot: str = ""

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        kind, token = kwargs["kind"], kwargs["token"]
        admission = await database_sync_to_async(_admit)(kind, token, _cookies(self.scope))
        if admission.viewer is None:
            await self.close(code=admission.refusal)
            return
        # Keyed by the token itself: a renewed link starts with a fresh count, the old one's sockets are closed.
        slot = f"{kind}:{token}"
        if not socket_slots.take(slot, socket_slots.cap_for(kind)):
            await self.close(code=CLOSE_TOO_MANY)
            return
        self.slot, self.viewer = slot, admission.viewer
        # Subscribe before taking the snapshot: an event in between arrives twice at worst, never not at all,
        # and the reducer is idempotent.
        await self._subscribe(admission)
        await self.accept()
        layer_watch.watch(self)
        await self.resync()

    async def resync(self) -> None:
        """Send this screen its current snapshot: on connect, and after the channel layer had a gap. With the
        database away for a moment the socket stays open and tries again, a little later each time."""
        for attempt in range(RESYNC_ATTEMPTS):
            if self.viewer is None:
                return
            # Asked now, after the subscriptions: a café-wide part read from here on is as good as one of its own.
            asked_at = time.monotonic()
            try:
                snapshot = await database_sync_to_async(snapshot_for)(
                    self.viewer, tables=self.tables, asked_at=asked_at
                )
            except DatabaseError:
                if attempt == RESYNC_ATTEMPTS - 1:
                    raise
                logger.warning("snapshot failed (database away?); trying again", exc_info=True)
                await asyncio.sleep(2**attempt * (0.5 + random.random()))  # noqa: S311 - spreading load
                continue
            await self.send_json({"type": "snapshot", "snapshot": snapshot})
            return

    async def _subscribe(self, admission: _Admission | None = None) -> None:
        if self.viewer is None:
            return
        if admission is None:  # the seats changed: the viewer's tables may have
            admission = await database_sync_to_async(_following)(self.viewer)
        self.tables, wanted = admission.tables, admission.groups
        for group in set(self.joined) - set(wanted):
            await self.channel_layer.group_discard(group, self.channel_name)
        for group in set(wanted) - set(self.joined):
            await self.channel_layer.group_add(group, self.channel_name)
        self.joined = wanted

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # However the socket ended — also by an error — its slot and its subscriptions go with it; otherwise a
            # phone whose dead sockets ended that way would find its link full, and the layer would keep feeding
            # channels nobody reads.
            await self._leave()

    async def dispatch(self, message: dict) -> None:
        # Channels' dispatch hands `close_old_connections` to a thread before every message, for every socket: with
        # twenty sockets per idea that was twenty thread hops per idea, for handlers that mostly touch no database.
        # The ones that do go through `database_sync_to_async`, which tidies the connections itself.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        try:
            await handler(message)
        except (OSError, RuntimeError) as error:  # uvicorn's ClientDisconnected is an OSError
            # uvicorn closes a socket whose pings go unanswered (a phone gone with the hall's Wi-Fi) before the
            # consumer hears `websocket.disconnect`; an event sent in that moment raises. The socket is gone:
            # end quietly, not with an error in the log for every phone that lost its Wi-Fi.
            if isinstance(error, RuntimeError) and "after sending 'websocket.close'" not in str(error):
                raise
            raise StopConsumer from error

    async def disconnect(self, code: int) -> None:
        await self._leave()

    async def _leave(self) -> None:
        if self.slot:
            socket_slots.give_back(self.slot)
            self.slot = ""
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.joined = ()

    async def receive_json(self, content: dict, **kwargs: object) -> None:
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def cafe_resync(self, message: dict) -> None:
        # Spread over a second: every screen of every worker hears this at once, and each builds a snapshot.
        await asyncio.sleep(random.random())  # noqa: S311 - spreading load, not a secret
        await self.resync()

    async def cafe_event(self, message: dict) -> None:
        # The event's JSON was encoded once by the sender (`broadcast.event_message`); it is passed on as it is.
        if message["kind"] == "link.closed":
            # Leave at once: nothing sent after the revocation may still reach this socket.
            await self._leave()
            await self.send(text_data=message["text"])
            await self.close(code=CLOSE_UNKNOWN_LINK)
            return
        if message["kind"] == "seats.changed":
            # New seats, new tables: follow them before the phone fetches its new view.
            await self._subscribe()
        await self.send(text_data=message["text"])
