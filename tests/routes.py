"""The URLconf as a list, for tests that check a rule on every route (a route added later is covered without
touching them): tests/events/test_personal_link_gate.py, tests/config/test_every_route.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import LocalePrefixPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "orga/events/<slug:slug>/agenda/<id:item_id>/" (the language prefix is "")
    name: str  # "namespace:name"
    callback: Callable

    @property
    def namespace(self) -> str:
        return self.name.partition(":")[0] if ":" in self.name else ""


def all_routes(patterns=None, prefix: str = "", namespace: str = "") -> list[Route]:
    """Every named URL pattern, resolvers walked recursively."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + ("" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern))
        if isinstance(entry, URLResolver):
            found += all_routes(entry.url_patterns, route, entry.namespace or namespace)
        elif entry.name:
            found.append(Route(route, f"{namespace}:{entry.name}" if namespace else entry.name, entry.callback))
    return found
