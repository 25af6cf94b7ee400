"""The one way a live event leaves the server: to the right groups, after the transaction commits.

Groups: `cafe-<id>` reaches every screen of a café (round, announcement, re-seating); `cafe-<id>-ideas` reaches
the screens that show every idea (walls); `table-<id>` reaches the phones and devices of one table. An idea
therefore goes to the walls and one table's phones, not to every phone in the room: with 200 phones and 50 ideas
a second that is the difference between ~1,000 and ~10,000 socket messages a second.

`link-<kind>-<id>` holds every socket opened with one link (a person's, a table's, the wall's): revoking, rotating
or erasing that link closes them (`close_link_sockets`), so a socket never outlives the token it was opened with.
"""

from __future__ import annotations

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from weltcafe.cafe.live import layer_watch
from weltcafe.cafe.live.payloads import link_closed_payload

logger = logging.getLogger(__name__)


def event_message(event: dict) -> dict:
    """The channel message of one live event, its JSON encoded once here: every socket that receives it sends the
    same text on (`CafeConsumer.cafe_event`) instead of encoding it again per socket."""
    return {"type": "cafe.event", "kind": event["type"], "text": json.dumps(event)}


def event_of(message: dict) -> dict:
    """The live event a channel message carries (what the screens receive)."""
    return json.loads(message["text"])


def cafe_group(cafe_id: int) -> str:
    return f"cafe-{cafe_id}"


def all_ideas_group(cafe_id: int) -> str:
    return f"cafe-{cafe_id}-ideas"


def table_group(table_id: int) -> str:
    return f"table-{table_id}"


def link_group(kind: str, object_id: int) -> str:
    """`kind` is the link's letter in the URL: p (a participant), t (a table), w (a café's wall)."""
    return f"link-{kind}-{object_id}"


def send_event(
    cafe_id: int, event_type: str, payload: dict, *, table_id: int | None = None, walls_only: bool = False
) -> None:
    """Queue `payload` for its screens once the current transaction has committed.

    A rolled-back write sends nothing, so no screen ever shows what the database does not hold. With `table_id`
    the event goes to that table's group and to the screens that show every idea; with `walls_only`, to those
    screens alone; otherwise to the whole café.
    """
    message = event_message({"type": event_type, **payload})
    if walls_only:
        groups = [all_ideas_group(cafe_id)]
    elif table_id:
        groups = [table_group(table_id), all_ideas_group(cafe_id)]
    else:
        groups = [cafe_group(cafe_id)]
    _send_after_commit(groups, message)


def close_link_sockets(kind: str, object_id: int) -> None:
    """After commit, every socket opened with this link hears `link.closed` and is closed (4404)."""
    message = event_message({"type": "link.closed", **link_closed_payload()})
    _send_after_commit([link_group(kind, object_id)], message)


def _send_after_commit(groups: list[str], message: dict) -> None:
    def send() -> None:
        layer = get_channel_layer()
        if layer is None:  # settings always name a layer; without one there is nobody to tell
            return

        async def send_to_all() -> None:
            for group in groups:
                await layer.group_send(group, message)

        # One hand-over to the event loop for all groups; it returns once the layer has the event, so the POST's
        # answer never overtakes its event.
        try:
            async_to_sync(send_to_all)()
        except Exception:
            # The write is committed whatever happens here: the request still answers OK, and once the layer is
            # back every screen catches up from a fresh snapshot (layer_watch).
            logger.exception("live event %s not sent", message.get("kind"))
            layer_watch.note_lost_publish()

    transaction.on_commit(send)
