"""What a harvest run reads: the café's visible ideas as the synthesis library takes them."""

from __future__ import annotations

from weltcafe.cafe.models import Cafe, Idea
from weltcafe.synthesis.model import IdeaInput


def harvest_inputs(cafe: Cafe, *, topic_ids: frozenset[int] | None = None) -> list[IdeaInput]:
    ideas = Idea.objects.filter(table__cafe=cafe, status=Idea.Status.VISIBLE)
    if topic_ids is not None:
        ideas = ideas.filter(table__topic_id__in=topic_ids)
    ideas = ideas.select_related("table__topic", "round").order_by("id")
    return [
        IdeaInput(
            id=idea.pk,
            text=idea.text,
            topic=str(idea.table.topic_id),
            topic_title=idea.table.topic.title,
            table=idea.table.number,
            round=idea.round.index,
        )
        for idea in ideas
    ]
