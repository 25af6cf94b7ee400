"""Notice when this worker lost its channel layer for a while, and let its sockets catch up.

Redis pub/sub keeps nothing: events published while a worker's subscription was down (Redis restarted, the network
hiccuped) never reach that worker's sockets, and the sockets themselves stay open, so no screen would reconnect and
fetch a snapshot. Each worker therefore sends itself a heartbeat through the layer every second. When heartbeats
have been missing for `GAP_SECONDS` — or a broadcast of this worker failed (`note_lost_publish`) — and the layer
answers again, the worker has each of its own sockets send a fresh snapshot at once (its own subscriptions may
be the ones that were down), and sends `cafe.resync` to every screen on every worker (the group `EVERY_SCREEN`)
for the events its failed broadcasts took away from the others; a worker that starts does the same once, for
what a worker it replaces may have committed and never broadcast before it died. A snapshot is the same catch-up
a reconnect gives (`CafeConsumer.resync`); the screens' reducers are idempotent, so nothing shows twice. The
in-process layer of the embedded default cannot lose messages this way and is not watched.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
import weakref
from typing import Any, Protocol

from channels.layers import InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0
GAP_SECONDS = 3.0


EVERY_SCREEN = "live-every-screen"
RESYNC_AT_ONCE = 20  # snapshots built at once by one worker: a catch-up must not empty the database pool


class Screen(Protocol):
    async def resync(self) -> None: ...


_screens: weakref.WeakSet[Any] = weakref.WeakSet()

_watcher: asyncio.Task | None = None
_lost_publish = False


def note_lost_publish() -> None:
    """A broadcast of this worker did not reach the layer: screens everywhere catch up once it is back."""
    global _lost_publish
    _lost_publish = True


def watch(screen: Screen) -> None:
    """Called by every socket once it is accepted; starts this worker's watcher with the first one."""
    global _watcher
    _screens.add(screen)
    layer = get_channel_layer()
    if layer is None or isinstance(layer, InMemoryChannelLayer):
        return
    if _watcher is None or _watcher.done():
        _watcher = asyncio.get_running_loop().create_task(_watch(layer))


async def _watch(layer: Any, *, beat: float = HEARTBEAT_SECONDS, gap: float = GAP_SECONDS) -> None:
    global _lost_publish
    group = f"weltcafe-heartbeat-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    heard = _Heard()
    listener: asyncio.Task | None = None
    last_beat = time.monotonic()
    in_gap = started = False
    try:
        while True:
            try:
                if listener is None:
                    channel = await layer.new_channel()
                    await layer.group_add(group, channel)
                    listener = asyncio.create_task(_listen(layer, channel, heard))
                await layer.group_send(group, {"type": "heartbeat"})
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis away is what this watches for; it is said once, below
                logger.debug("heartbeat failed", exc_info=True)
            await asyncio.sleep(beat)
            if heard.at > last_beat:
                if not started:
                    # This worker is new. If it replaces one that died (uvicorn restarts a killed worker), the dead
                    # one may have committed an idea and died before broadcasting it: every screen catches up once.
                    try:
                        await layer.group_send(EVERY_SCREEN, {"type": "cafe.resync"})
                    except Exception:
                        logger.debug("start-up resync broadcast failed", exc_info=True)
                        continue
                    started = True
                if in_gap or _lost_publish:
                    logger.warning("channel layer back after %.1f s; every screen catches up", heard.at - last_beat)
                    try:
                        await layer.group_send(EVERY_SCREEN, {"type": "cafe.resync"})
                    except Exception:  # gone again: the next heartbeat that arrives tries once more
                        logger.debug("resync broadcast failed", exc_info=True)
                        continue
                    in_gap = _lost_publish = False
                    await resync_own_screens()
                last_beat = heard.at
            elif not in_gap and time.monotonic() - last_beat > gap:
                in_gap = True
                logger.warning("channel layer silent for %.1f s; sockets will catch up when it is back", gap)
    finally:
        if listener is not None:
            listener.cancel()


class _Heard:
    at = 0.0


async def _listen(layer: Any, channel: str, heard: _Heard) -> None:
    # One receive that is never cancelled: channels_redis takes a cancelled `receive` for a consumer that left and
    # drops the channel, so a heartbeat read with a timeout would lose its own subscription in every gap — and
    # find it again only by chance, up to half a minute after Redis is back.
    while True:
        try:
            await layer.receive(channel)
            heard.at = time.monotonic()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.debug("heartbeat receive failed", exc_info=True)
            await asyncio.sleep(HEARTBEAT_SECONDS)


async def resync_own_screens() -> None:
    gate = asyncio.Semaphore(RESYNC_AT_ONCE)

    async def one(screen: Screen) -> None:
        async with gate:
            try:
                await screen.resync()
            except Exception:  # a socket that closed meanwhile
                logger.debug("resync of a socket failed", exc_info=True)

    await asyncio.gather(*(one(screen) for screen in list(_screens)))
