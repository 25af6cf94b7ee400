"""Every live event type has a schema (cafe/live/event_schemas.py), and the checker refuses what does not fit.

The replay tests (test_live_access.py) and the speed networking test check the events their actions send; this
file finds every type the code can send by reading the source, so a new `send_event(..., "x.y", ...)` without a
schema fails here before a screen meets it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import weltcafe
from weltcafe.cafe.live import event_schemas, payloads
from weltcafe.cafe.models import Cafe

pytestmark = pytest.mark.unit

SOURCE = Path(weltcafe.__file__).parent


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level `NAME = "text"` assignments (speed networking names its event type so)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _called(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def _dict_type(node: ast.AST) -> str | None:
    """The constant "type" of a dict literal, if it has one."""
    if not isinstance(node, ast.Dict):
        return None
    for key, value in zip(node.keys, node.values, strict=True):
        if isinstance(key, ast.Constant) and key.value == "type" and isinstance(value, ast.Constant):
            return value.value
    return None


def _sent_types() -> tuple[set[str], list[str]]:
    """Types passed to send_event, sent by a consumer's send_json, put into a channel message by event_message,
    or in a dict's "event"."""
    sent: set[str] = set()
    unreadable: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node) == "send_event" and len(node.args) >= 2:
                argument = node.args[1]
                if isinstance(argument, ast.Constant):
                    sent.add(argument.value)
                elif isinstance(argument, ast.Name) and argument.id in constants:
                    sent.add(constants[argument.id])
                elif not (isinstance(argument, ast.Name) and argument.id == "event_type"):  # send_event's own body
                    unreadable.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
            elif isinstance(node, ast.Call) and _called(node) in ("send_json", "event_message") and node.args:
                if (found := _dict_type(node.args[0])) is not None:
                    sent.add(found)
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "event" and (found := _dict_type(value)):
                        sent.add(found)
    return sent, unreadable


def test_every_sent_event_type_has_a_schema_and_every_schema_is_sent():
    sent, unreadable = _sent_types()

    assert unreadable == []  # a type the scan cannot read: pass a literal or a module constant
    assert sent - set(event_schemas.SCHEMAS) == set()
    assert set(event_schemas.SCHEMAS) - sent == set()


def test_scan_finds_the_known_types():
    sent, _ = _sent_types()

    assert {"round.changed", "idea.saved", "speed.changed", "link.closed", "pong", "snapshot"} <= sent


@pytest.mark.parametrize(
    ("event_type", "payload", "message"),
    [
        pytest.param("idea.saved", {"idea": {}}, "idea.saved.idea.id: missing", id="missing-key"),
        pytest.param(
            "message.changed",
            {"message": 3, "message_at": None, "message_until": None},
            "message.changed.message: expected str, got int",
            id="wrong-type",
        ),
        pytest.param("seats.changed", {"cafe": True}, "seats.changed.cafe: expected int, got bool", id="bool-for-int"),
        pytest.param(
            "link.closed", {"reconnect": False, "token": "x"}, "link.closed.token: not in the schema", id="extra-key"
        ),
        pytest.param(
            "ballot.tally",
            {"tally": {"ballot": 1, "dots": {"7": "3"}, "voters": 1}},
            "ballot.tally.tally.dots.7: expected int, got str",
            id="map-value",
        ),
        pytest.param(
            "ballot.changed",
            {"ballot": {**dict.fromkeys(("id", "topic_id", "dots_per_person", "max_per_option"), 1),
                        **dict.fromkeys(("topic", "kind", "status"), "x"), "opened": None,
                        "options": [{"id": 1, "label": "A", "examples": []}, {"id": 2}]}},
            "ballot.changed.ballot.options[1].label: missing",
            id="list-item",
        ),
        pytest.param("round.changed", {"round": "1"}, "round.changed.round: expected a mapping", id="nullable-shape"),
        pytest.param("idea.created", {}, "idea.created: no schema for this live event type", id="unknown-type"),
    ],
)
def test_check_event_refuses_a_wrong_payload_naming_the_field(event_type, payload, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        event_schemas.check_event(event_type, payload)


def test_check_message_takes_the_event_as_a_socket_sends_it():
    event_schemas.check_message({"type": "round.changed", "round": None})

    with pytest.raises(ValueError, match=r"^round\.changed\.round: missing$"):
        event_schemas.check_message({"type": "round.changed"})


def test_builders_without_a_replay_case_fit_their_schemas():
    # seats.changed and link.closed change no café state, so the replay tests do not send them.
    event_schemas.check_event("seats.changed", payloads.seats_payload(Cafe(pk=3)))
    event_schemas.check_event("link.closed", payloads.link_closed_payload())
