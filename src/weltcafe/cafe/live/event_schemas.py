"""The shape of every message a live socket sends, one schema per type (Zulip's `verify_action` idea).

The browser (static/weltcafe/live.js, speed.js) reads these fields by name; a payload builder that renames or drops
one breaks the screens without a failing server test. The replay tests check every event an action sends against
its schema here, and a test scans the code for every type sent, so a new event type needs a schema first.

A shape is written in plain Python:
- a type (`str`, `int`, `bool`, `dict`): the value is an instance (`int` refuses `True`; `dict` is any mapping),
- `Nullable(shape)`: None or that shape,
- `{key: shape, ...}`: a mapping with exactly these keys,
- `ListOf(shape)`: a list whose every item has that shape,
- `MapOf(shape)`: a mapping with string keys (ids) whose every value has that shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True)
class Nullable:
    shape: Shape


@dataclass(frozen=True)
class ListOf:
    shape: Shape


@dataclass(frozen=True)
class MapOf:
    shape: Shape


Shape: TypeAlias = type | Nullable | ListOf | MapOf | Mapping[str, "Shape"]

_TIMED_ROUND: dict[str, Shape] = {
    "index": int,
    "status": str,  # "planned" | "running" | "paused" | "ended"
    "deadline": Nullable(str),  # ISO 8601, only while running
    "remaining": Nullable(int),  # seconds, only while paused
    "planned_minutes": int,
}

_IDEA: dict[str, Shape] = {
    "id": int,
    "client_uuid": str,
    "table": int,
    "round": int,
    "status": str,
    "text": str,  # empty unless visible
    "author": str,  # empty unless the author chose to be named
    "key_insight": bool,
    "created": str,
}

_BALLOT: dict[str, Shape] = {
    "id": int,
    "topic_id": int,
    "topic": str,
    "kind": str,
    "status": str,
    "dots_per_person": int,
    "max_per_option": int,
    "opened": Nullable(str),
    "options": ListOf({"id": int, "label": str, "examples": ListOf(str)}),
}

# Type → payload shape (the payload is the event without its "type" key).
SCHEMAS: dict[str, dict[str, Shape]] = {
    # Sent through cafe.live.broadcast.send_event / close_link_sockets:
    "round.changed": {"round": Nullable({"id": int, **_TIMED_ROUND})},
    "idea.saved": {"idea": _IDEA},
    "message.changed": {"message": str, "message_at": Nullable(str), "message_until": Nullable(str)},
    "seats.changed": {"cafe": int},
    "link.closed": {"reconnect": bool},
    "themes.changed": {"topic": int},
    "ballot.changed": {"ballot": _BALLOT},
    "ballot.tally": {"tally": {"ballot": int, "dots": MapOf(int), "voters": int}},
    "speed.changed": {"session": int, "status": str, "round_count": int, "round": Nullable(_TIMED_ROUND)},
    # Sent by the consumer itself to one socket: the snapshot's content is checked by the replay tests' equality.
    "snapshot": {"snapshot": dict},
    "pong": {},
}


def check_event(event_type: str, payload: Mapping[str, object]) -> None:
    """Raise ValueError naming the first field that does not fit, e.g. "idea.saved.idea.text: expected str"."""
    schema = SCHEMAS.get(event_type)
    if schema is None:
        raise ValueError(f"{event_type}: no schema for this live event type")
    _check(payload, schema, event_type)


def check_message(event: Mapping[str, object]) -> None:
    """A whole event as a socket sends it: its "type" plus the payload."""
    event_type = event.get("type")
    if not isinstance(event_type, str):
        raise ValueError("type: expected str")
    check_event(event_type, {key: value for key, value in event.items() if key != "type"})


def _check(value: object, shape: Shape, path: str) -> None:
    if isinstance(shape, Nullable):
        if value is not None:
            _check(value, shape.shape, path)
        return
    if isinstance(shape, ListOf):
        if not isinstance(value, list):
            raise ValueError(f"{path}: expected a list")
        for index, item in enumerate(value):
            _check(item, shape.shape, f"{path}[{index}]")
        return
    if isinstance(shape, MapOf):
        if not isinstance(value, Mapping):
            raise ValueError(f"{path}: expected a mapping")
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{path}: expected str keys, got {key!r}")
            _check(item, shape.shape, f"{path}.{key}")
        return
    if isinstance(shape, Mapping):
        if not isinstance(value, Mapping):
            raise ValueError(f"{path}: expected a mapping")
        for key in shape:
            if key not in value:
                raise ValueError(f"{path}.{key}: missing")
        for key in value:
            if key not in shape:
                raise ValueError(f"{path}.{key}: not in the schema")
        for key, item_shape in shape.items():
            _check(value[key], item_shape, f"{path}.{key}")
        return
    # A bool is an int to Python, never to a screen that shows a number.
    if not isinstance(value, shape) or (shape is int and isinstance(value, bool)):
        raise ValueError(f"{path}: expected {shape.__name__}, got {type(value).__name__}")
