"""Anonymised people leave their organisation for an anonymous pool of the same kind and Bundesland.

A one-person organisation names its person ("Teilnehmende 18 · Optronik Jena GmbH" is Anna Schmidt, and so are
the dots of that row). The report counts only participants per Bundesland and organisations per kind
(documents/report/content.py), so an anonymised person moves to the event's pool for (kind, Bundesland) and an
organisation left without people is deleted, its count carried by the pool (`pooled_organisations`): every
figure stays the same. The sector is not kept: the report does not count it and it makes small groups unique.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count
from django.utils import translation

from weltcafe.events.models import Event, Organisation, Participant
from weltcafe.events.search import sort_key
from weltcafe.events.vocabulary import OrganisationKind, Region


def pool_name(kind: str, region: str) -> str:
    with translation.override("de"):
        kind_label = str(OrganisationKind(kind).label) if kind else "ohne Angabe"
        region_label = str(Region(region).label) if region else "ohne Angabe"
    return f"Anonym ({kind_label}, {region_label})"


def _pool(event: Event, kind: str, region: str) -> Organisation:
    pool = (
        Organisation.objects.select_for_update()
        .filter(event=event, kind=kind, region=region, pooled_organisations__isnull=False)
        .first()
    )
    if pool is None:
        name = pool_name(kind, region)
        pool = Organisation.objects.create(
            event=event, name=name, kind=kind, region=region, sort_name=sort_key(name), pooled_organisations=0
        )
    return pool


def move_to_pools(participant_ids: Iterable[int]) -> None:
    """Move these (already anonymised) participants into their pools; delete the organisations left empty."""
    ids = list(participant_ids)
    # A subquery, not a join with DISTINCT: PostgreSQL refuses FOR UPDATE with DISTINCT; `of` locks only these rows.
    theirs = Participant.objects.filter(pk__in=ids, organisation__isnull=False).values("organisation_id")
    organisations = (
        Organisation.objects.select_for_update(of=("self",))
        .filter(pk__in=theirs, pooled_organisations__isnull=True)
        .select_related("event")
        .order_by("pk")
    )
    for organisation in organisations:
        pool = _pool(organisation.event, organisation.kind, organisation.region)
        Participant.objects.filter(pk__in=ids, organisation=organisation).update(organisation=pool)
        if not organisation.participants.exists():
            # Its people are all in pools now: the pool counts it, and its name (which pointed at them) goes.
            pool.pooled_organisations = (pool.pooled_organisations or 0) + 1  # a pool's count is never empty
            pool.save(update_fields=["pooled_organisations", "updated_at"])
            organisation.delete()


def drop_empty_organisations(event: Event) -> int:
    """After anonymising a whole event: organisations nobody belongs to (never counted) go as well."""
    empty = Organisation.objects.filter(event=event, pooled_organisations__isnull=True).annotate(
        people=Count("participants")
    ).filter(people=0)
    deleted, _by_model = empty.delete()
    return deleted
