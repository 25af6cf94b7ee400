"""Reads of the café set-up, scoped to one event."""

from __future__ import annotations

from django.db.models import QuerySet

from weltcafe.cafe.models import Cafe, Table, Topic
from weltcafe.events.models import Event


def cafe_of(event: Event) -> Cafe | None:
    return Cafe.objects.filter(event=event).first()


def topics(cafe: Cafe) -> QuerySet[Topic]:
    return (
        cafe.topics.select_related("host", "host__organisation").prefetch_related("tables").order_by("position", "id")
    )


def topic_for_cafe(cafe: Cafe, topic_id: int) -> Topic:
    from django.http import Http404

    try:
        return cafe.topics.select_related("host").get(pk=topic_id)
    except Topic.DoesNotExist as error:
        raise Http404("topic") from error


def tables(cafe: Cafe) -> QuerySet[Table]:
    return cafe.tables.select_related("topic").order_by("number")
