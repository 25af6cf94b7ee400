"""The one way a live event leaves the server: to the café's group, after the transaction commits."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction


def cafe_group(cafe_id: int) -> str:
    return f"cafe-{cafe_id}"


def send_event(cafe_id: int, event_type: str, payload: dict) -> None:
    """Queue `payload` for every screen of the café once the current transaction has committed.

    A rolled-back write sends nothing, so no screen ever shows what the database does not hold.
    """
    message = {"type": "cafe.event", "event": {"type": event_type, **payload}}

    def send() -> None:
        async_to_sync(get_channel_layer().group_send)(cafe_group(cafe_id), message)

    transaction.on_commit(send)
