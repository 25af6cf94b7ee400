"""Who may do what with an event. Views ask these predicates; querysets are scoped in events/queries.py."""

from __future__ import annotations

import rules

from weltcafe.events.accounts import ORGANISERS_GROUP


@rules.predicate
def is_organiser(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.groups.filter(name=ORGANISERS_GROUP).exists()))


@rules.predicate
def organises_event(user, event) -> bool:
    if not user.is_authenticated or event is None:
        return False
    if user.is_superuser:
        return True
    return event.organisers.filter(pk=user.pk).exists()


rules.add_perm("events.use_organiser_area", is_organiser)
rules.add_perm("events.create_event", is_organiser)
rules.add_perm("events.manage_event", is_organiser & organises_event)
