"""The channel-layer watch against a real Redis of its own that is stopped and started again: the screens catch up
within moments of Redis being back, and after a broadcast that did not reach the layer (cafe/live/layer_watch.py)."""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import subprocess
import time

import pytest
from channels_redis.pubsub import RedisPubSubChannelLayer

from weltcafe.cafe.live import layer_watch

pytestmark = pytest.mark.integration

REDIS_SERVER = shutil.which("redis-server")
BEAT, GAP = 0.2, 0.6  # seconds; the product's are 1 and 3


class OwnRedis:
    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        assert REDIS_SERVER is not None
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)


class Screen:
    def __init__(self) -> None:
        self.resynced: list[float] = []

    async def resync(self) -> None:
        self.resynced.append(time.monotonic())


async def _until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.02)
    return condition()


@pytest.fixture
def redis_server():
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


def test_screens_catch_up_within_a_second_of_redis_being_back(redis_server, caplog):
    caplog.set_level(logging.WARNING, logger=layer_watch.__name__)
    screen = Screen()

    async def scenario() -> tuple[bool, float | None, list[float]]:
        layer = RedisPubSubChannelLayer(hosts=[f"redis://127.0.0.1:{redis_server.port}/0"])
        layer_watch._screens.add(screen)
        watcher = asyncio.create_task(layer_watch._watch(layer, beat=BEAT, gap=GAP))
        try:
            await asyncio.sleep(3 * BEAT)  # heartbeats flow
            quiet_before = list(screen.resynced)
            redis_server.stop()
            noticed = await _until(lambda: "silent" in caplog.text, 10 * GAP)
            redis_server.start()
            back = time.monotonic()
            await _until(lambda: len(screen.resynced) > len(quiet_before), 10)
            caught_up = screen.resynced[-1] - back if len(screen.resynced) > len(quiet_before) else None
            return noticed, caught_up, quiet_before
        finally:
            watcher.cancel()
            layer_watch._screens.discard(screen)
            await layer.flush()

    noticed, caught_up, quiet_before = asyncio.run(scenario())

    assert quiet_before == []  # no catch-up while nothing was lost
    assert noticed
    # Before the heartbeat's receive stopped being cancelled, this took up to 34 s (channels_redis dropped it).
    assert caught_up is not None
    assert caught_up < 1.0


def test_a_broadcast_that_missed_the_layer_makes_every_screen_catch_up_once(redis_server):
    screen = Screen()

    async def scenario() -> int:
        layer = RedisPubSubChannelLayer(hosts=[f"redis://127.0.0.1:{redis_server.port}/0"])
        layer_watch._screens.add(screen)
        watcher = asyncio.create_task(layer_watch._watch(layer, beat=BEAT, gap=GAP))
        try:
            await asyncio.sleep(3 * BEAT)
            layer_watch.note_lost_publish()
            await _until(lambda: screen.resynced, 3)
            await asyncio.sleep(5 * BEAT)  # and only once
            return len(screen.resynced)
        finally:
            watcher.cancel()
            layer_watch._screens.discard(screen)
            await layer.flush()

    assert asyncio.run(scenario()) == 1


def test_a_worker_that_starts_makes_the_other_workers_screens_catch_up_once(redis_server):
    # A worker that replaces a killed one: the dead one may have committed an idea and died before broadcasting it.
    async def scenario() -> list[dict]:
        layer = RedisPubSubChannelLayer(hosts=[f"redis://127.0.0.1:{redis_server.port}/0"])
        other_screen = await layer.new_channel()
        await layer.group_add(layer_watch.EVERY_SCREEN, other_screen)
        watcher = asyncio.create_task(layer_watch._watch(layer, beat=BEAT, gap=GAP))
        heard: list[dict] = []
        try:
            deadline = time.monotonic() + 10 * BEAT
            while time.monotonic() < deadline:
                try:
                    heard.append(await asyncio.wait_for(layer.receive(other_screen), deadline - time.monotonic()))
                except TimeoutError:
                    break
            return heard
        finally:
            watcher.cancel()
            await layer.flush()

    assert asyncio.run(scenario()) == [{"type": "cafe.resync"}]
