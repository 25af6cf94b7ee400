"""Which rows make up an event, in which order they can be restored, and where ids hide inside JSON fields.

Every row gets a key made of its kind and its position ("participant:12") in primary-key order, so an export does
not depend on the database's ids: export → import on another instance → export gives the same document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Field, Model, Q


@dataclass(frozen=True)
class Part:
    kind: str              # key prefix and the name of the list in the document
    model: str             # app_label.ModelName
    scope: str             # lookup from this model to the event, e.g. "table__cafe__event"
    # JSON fields holding ids of other rows: field name → a function (value, map id→key) → value with keys.
    json_refs: dict[str, Callable] = field(default_factory=dict)

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def rows(self, event) -> list[Model]:
        target = event.pk if self.scope == "pk" else event
        return list(self.model_class._default_manager.filter(Q(**{self.scope: target})).order_by("pk"))


def _ids(values, keys) -> list:
    return [keys[value] for value in values if value in keys]


def _representatives(value, keys: dict) -> list:
    return _ids(value or [], keys["idea"])


def _duplicates(value, keys: dict) -> list:
    return [_ids(group, keys["idea"]) for group in value or []]


def _cross_topic(value, keys: dict) -> list:
    return [{**link, "themes": _ids(link.get("themes", []), keys["theme"])} for link in value or []]


def _topic_key(topic_id: str, keys: dict) -> str:
    """Exported: "17" (a topic id) → "topic:3"; imported: "topic:3" → the new id; anything else ("cafe") stays."""
    lookup = int(topic_id) if str(topic_id).isdigit() else topic_id
    return str(keys["topic"].get(lookup, topic_id))


def _reasons(value, keys: dict) -> dict:
    """Speed networking's reasons per group mate: keyed by the mate's participant id, like topic texts by topic."""
    return {
        str(keys["participant"].get(int(other) if str(other).isdigit() else other, other)): reason
        for other, reason in (value or {}).items()
    }


def _topic_texts(value, keys: dict) -> dict:
    return {_topic_key(topic_id, keys): text for topic_id, text in (value or {}).items()}


def _drafts(value, keys: dict) -> dict:
    result = {}
    for topic_id, draft in (value or {}).items():
        result[_topic_key(topic_id, keys)] = {
            **draft,
            "sources": _ids(draft.get("sources", []), keys["idea"]),
            "cited": _ids(draft.get("cited", []), keys["idea"]),
        }
    return result


def _summary(value, keys: dict) -> dict:
    """A stored plenary summary: each sentence carries the ids of the ideas it quotes."""
    if not value:
        return {}
    return {
        **value,
        "sentences": [
            {**sentence, "idea_ids": _ids(sentence.get("idea_ids", []), keys["idea"])}
            for sentence in value.get("sentences", [])
        ],
    }


PARTS = [
    Part("event", "events.Event", "pk"),  # scope "pk": the event itself
    Part("agenda_item", "events.AgendaItem", "event"),
    Part("organisation", "events.Organisation", "event"),
    Part("participant", "events.Participant", "event"),
    Part("cafe", "cafe.Cafe", "event", {"summary": _summary}),
    Part("topic", "cafe.Topic", "cafe__event", {"summary": _summary}),
    Part("table", "cafe.Table", "cafe__event"),
    Part("round", "cafe.Round", "cafe__event"),
    Part("seat", "cafe.Seat", "round__cafe__event"),
    Part("theme", "cafe.Theme", "topic__cafe__event",
         {"representatives": _representatives, "duplicates": _duplicates}),
    Part("idea", "cafe.Idea", "table__cafe__event"),
    Part("harvest_run", "cafe.HarvestRun", "cafe__event", {"cross_topic": _cross_topic, "drafts": _drafts}),
    Part("ballot", "cafe.Ballot", "topic__cafe__event"),
    Part("vote", "cafe.Vote", "ballot__topic__cafe__event"),
    Part("moderation_entry", "cafe.ModerationEntry", "cafe__event"),
    Part("report", "documents.Report", "event", {"topic_texts": _topic_texts}),
    Part("profile", "networking.Profile", "participant__event"),
    Part("contact_request", "networking.ContactRequest", "event"),
    Part("contact_note", "networking.ContactNote", "contact__event"),
    Part("speed_session", "networking.SpeedSession", "event"),
    Part("speed_round", "networking.SpeedRound", "session__event"),
    Part("speed_seat", "networking.SpeedSeat", "round__session__event", {"reasons": _reasons}),
]

KIND_OF_MODEL = {part.model.lower(): part.kind for part in PARTS}
FORMAT = "weltcafe-event"
VERSION = 1


def related_kind(relation: Field[Any, Any]) -> str:
    """The kind of the rows a foreign key or many-to-many field points to."""
    target = relation.related_model
    # None for a plain field; "self" only in a class body (the app registry resolves it before we get here).
    if target is None or isinstance(target, str):
        raise LookupError(relation.name)
    return KIND_OF_MODEL[target._meta.label_lower]
