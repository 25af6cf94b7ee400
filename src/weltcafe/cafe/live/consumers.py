"""The live socket: authenticate the link, subscribe to the café, send the viewer's snapshot, forward events."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404

from weltcafe.cafe.live.access import resolve
from weltcafe.cafe.live.broadcast import cafe_group
from weltcafe.cafe.live.views import snapshot_for

CLOSE_UNKNOWN_LINK = 4404


class CafeConsumer(AsyncJsonWebsocketConsumer):
    group: str | None = None

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        try:
            viewer = await database_sync_to_async(resolve)(kwargs["kind"], kwargs["token"])
        except Http404:
            await self.close(code=CLOSE_UNKNOWN_LINK)
            return
        self.group = cafe_group(viewer.cafe.pk)
        # Subscribe before taking the snapshot: an event in between arrives twice at worst, never not at all,
        # and the reducer is idempotent.
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        snapshot = await database_sync_to_async(snapshot_for)(viewer)
        await self.send_json({"type": "snapshot", "snapshot": snapshot})

    async def disconnect(self, code: int) -> None:
        if self.group:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: dict, **kwargs: object) -> None:
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def cafe_event(self, message: dict) -> None:
        await self.send_json(message["event"])
