"""The live socket: authenticate the link, subscribe to the viewer's groups, send its snapshot, forward events."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404

from weltcafe.cafe.live.access import Viewer, groups_for, resolve
from weltcafe.cafe.live.views import snapshot_for

CLOSE_UNKNOWN_LINK = 4404


class CafeConsumer(AsyncJsonWebsocketConsumer):
    viewer: Viewer | None = None
    joined: tuple[str, ...] = ()

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        try:
            self.viewer = await database_sync_to_async(resolve)(kwargs["kind"], kwargs["token"])
        except Http404:
            await self.close(code=CLOSE_UNKNOWN_LINK)
            return
        # Subscribe before taking the snapshot: an event in between arrives twice at worst, never not at all,
        # and the reducer is idempotent.
        await self._subscribe()
        await self.accept()
        snapshot = await database_sync_to_async(snapshot_for)(self.viewer)
        await self.send_json({"type": "snapshot", "snapshot": snapshot})

    async def _subscribe(self) -> None:
        wanted = tuple(await database_sync_to_async(groups_for)(self.viewer))
        for group in set(self.joined) - set(wanted):
            await self.channel_layer.group_discard(group, self.channel_name)
        for group in set(wanted) - set(self.joined):
            await self.channel_layer.group_add(group, self.channel_name)
        self.joined = wanted

    async def disconnect(self, code: int) -> None:
        for group in self.joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: dict, **kwargs: object) -> None:
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def cafe_event(self, message: dict) -> None:
        event = message["event"]
        if event["type"] == "seats.changed":
            # New seats, new tables: follow them before the phone fetches its new view.
            await self._subscribe()
        await self.send_json(event)
