"""The shape of every JSON field of an exported event, checked before anything is written.

The pages read these fields without looking (`report.topic_texts.items()`, `cafe.plan_summary.get(...)`), so a
list where an object belongs, or a key that names no topic, would break them later. One checker per field: a
function (value, keys of the document by kind) → the first problem found, or None. Keys inside JSON fields
("idea:3", "topic:2", "participant:7") must name rows of the same document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set

from django.utils.translation import gettext as _

Keys = Mapping[str, Set[str]]
Checker = Callable[[object, Keys], str | None]

MAX_ITEMS = 10_000


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def text(value: object, keys: Keys) -> str | None:
    return None if isinstance(value, str) else _("erwartet einen Text")


def number(value: object, keys: Keys) -> str | None:
    return None if _is_number(value) else _("erwartet eine Zahl")


def whole_number(value: object, keys: Keys) -> str | None:
    return None if isinstance(value, int) and not isinstance(value, bool) else _("erwartet eine ganze Zahl")


def flag(value: object, keys: Keys) -> str | None:
    return None if isinstance(value, bool) else _("erwartet wahr oder falsch")


def anything(value: object, keys: Keys) -> str | None:
    return None


def optional(check: Checker) -> Checker:
    def checked(value: object, keys: Keys) -> str | None:
        return None if value is None else check(value, keys)

    return checked


def key_of(kind: str) -> Checker:
    def checked(value: object, keys: Keys) -> str | None:
        if not isinstance(value, str) or value not in keys.get(kind, ()):
            return _("„%(value)s“ ist kein Eintrag der Art „%(kind)s“ in dieser Datei") % {
                "value": str(value)[:40], "kind": kind}
        return None

    return checked


def list_of(check: Checker) -> Checker:
    def checked(value: object, keys: Keys) -> str | None:
        if not isinstance(value, list):
            return _("erwartet eine Liste")
        if len(value) > MAX_ITEMS:
            return _("zu viele Einträge")
        return next((problem for item in value if (problem := check(item, keys))), None)

    return checked


def object_of(key: Checker, value_check: Checker) -> Checker:
    """An object whose keys all pass `key` and whose values all pass `value_check`."""

    def checked(value: object, keys: Keys) -> str | None:
        if not isinstance(value, dict):
            return _("erwartet ein Objekt")
        if len(value) > MAX_ITEMS:
            return _("zu viele Einträge")
        for name, item in value.items():
            if problem := key(name, keys) or value_check(item, keys):
                return f"{name[:40]}: {problem}"
        return None

    return checked


def fields(known: Mapping[str, Checker], *, required: Set[str] = frozenset()) -> Checker:
    """An object with these fields (each optional unless required); other fields are left as they are."""

    def checked(value: object, keys: Keys) -> str | None:
        if not isinstance(value, dict):
            return _("erwartet ein Objekt")
        if missing := sorted(required - value.keys()):
            return _("„%(name)s“ fehlt") % {"name": missing[0]}
        for name, check in known.items():
            if name in value and (problem := check(value[name], keys)):
                return f"{name}: {problem}"
        return None

    return checked


def either(*checks: Checker) -> Checker:
    def checked(value: object, keys: Keys) -> str | None:
        problems = [check(value, keys) for check in checks]
        return None if None in problems else problems[0]

    return checked


def literal(expected: str) -> Checker:
    def checked(value: object, keys: Keys) -> str | None:
        return None if value == expected else _("erwartet „%(expected)s“") % {"expected": expected}

    return checked


texts = list_of(text)
numbers_grid = list_of(list_of(number))

CAFE_PLAN_SUMMARY = fields({
    "repeats": whole_number, "max_meetings_per_pair": whole_number, "pairs_met": whole_number,
    "mean_diversity": number, "diversity_per_table": numbers_grid, "violations": whole_number,
    "violation_details": texts, "lower_bound": whole_number, "gap_to_bound": whole_number,
    "zero_repeats_possible": flag, "max_zero_repeat_rounds": whole_number, "bound_reasons": texts,
    "seconds": number, "method": text, "seed": optional(whole_number), "unsplittable": texts,
    "unseated": whole_number,
})
SPEED_PLAN_SUMMARY = fields({
    "people": whole_number, "groups": whole_number, "repeats": whole_number, "met_before": whole_number,
    "pinned_pairs": whole_number, "violations": whole_number, "unsplittable": texts, "method": text,
    "seconds": number,
})
HARVEST_METHOD = fields({
    "embedding": text, "reduction": text, "clustering": text, "seconds": number, "ideas": whole_number,
    "k_by_topic": list_of(list_of(anything)), "k_bounds": list_of(whole_number), "k_fixed": optional(whole_number),
    "random_state": optional(whole_number), "cache_hits": whole_number, "cache_misses": whole_number,
})
CROSS_TOPIC = list_of(fields({"label": text, "themes": list_of(key_of("theme"))}, required={"label", "themes"}))
DRAFT = fields(
    {"text": text, "sources": list_of(key_of("idea")), "cited": list_of(key_of("idea")), "model": text, "at": text},
    required={"text"},
)
DRAFTS = object_of(either(key_of("topic"), literal("cafe")), DRAFT)
def _nothing_yet(value: object, keys: Keys) -> str | None:
    return None if value == {} else _("erwartet ein leeres Objekt")


SUMMARY = either(
    _nothing_yet,
    fields(
        {
            "topic": optional(text),
            "language": text,
            "sentences": list_of(fields({"text": text, "idea_ids": list_of(key_of("idea"))}, required={"text"})),
        },
        required={"language", "sentences"},
    ),
)
TOPIC_TEXTS = object_of(key_of("topic"), fields({"text": text, "generated": text}))
SPEED_REASONS = object_of(key_of("participant"), object_of(text, text))

# (app_label.model, field) → checker. tests/documents/test_exchange_checks.py fails when a JSONField has none.
JSON_FIELDS: dict[tuple[str, str], Checker] = {
    ("events.participant", "interests"): texts,
    ("cafe.cafe", "plan_summary"): CAFE_PLAN_SUMMARY,
    ("cafe.cafe", "summary"): SUMMARY,
    ("cafe.topic", "summary"): SUMMARY,
    ("cafe.theme", "keywords"): texts,
    ("cafe.theme", "representatives"): list_of(key_of("idea")),
    ("cafe.theme", "duplicates"): list_of(list_of(key_of("idea"))),
    ("cafe.harvestrun", "method"): HARVEST_METHOD,
    ("cafe.harvestrun", "cross_topic"): CROSS_TOPIC,
    ("cafe.harvestrun", "drafts"): DRAFTS,
    ("documents.report", "topic_texts"): TOPIC_TEXTS,
    ("documents.report", "generated"): object_of(text, text),
    ("networking.profile", "tags"): texts,
    ("networking.speedsession", "plan_summary"): SPEED_PLAN_SUMMARY,
    ("networking.speedseat", "reasons"): SPEED_REASONS,
}
