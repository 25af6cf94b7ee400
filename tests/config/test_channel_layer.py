"""The configured channel layer delivers a group message: in-process by default, Redis when WELTCAFE_REDIS_URL."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

pytestmark = pytest.mark.integration


def test_group_message_reaches_a_subscriber():
    async def roundtrip() -> dict:
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("weltcafe-test", channel)
        await layer.group_send("weltcafe-test", {"type": "probe.message", "text": "Hallo Tisch 4"})
        message = await asyncio.wait_for(layer.receive(channel), timeout=5)
        await layer.group_discard("weltcafe-test", channel)
        return message

    # async_to_sync, not asyncio.run: in a worker that ran a browser test first, Playwright's loop is running.
    message = async_to_sync(roundtrip)()

    assert message == {"type": "probe.message", "text": "Hallo Tisch 4"}


def test_layer_backend_follows_the_environment():
    expected = "RedisPubSubChannelLayer" if settings.REDIS_URL else "InMemoryChannelLayer"

    assert settings.CHANNEL_LAYERS["default"]["BACKEND"].endswith(expected)
