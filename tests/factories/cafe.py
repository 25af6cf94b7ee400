"""Factories of the café: topics, tables, rounds, seats, ideas, moderation, harvest (themes, runs) and dot votes.

Objects below a café take the café of the object they hang on (a seat's round and participant follow its table), so
a factory never builds rows of two events by accident.
"""

from __future__ import annotations

import factory
from django.utils import timezone

from tests.factories.events import EventFactory, ParticipantFactory
from weltcafe.cafe.models import Ballot, Cafe, HarvestRun, Idea, ModerationEntry, Round, Seat, Table, Theme, Topic, Vote


class CafeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cafe

    event = factory.SubFactory(EventFactory)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    cafe = factory.SubFactory(CafeFactory)
    title = factory.Sequence(lambda n: f"Thema {n}")
    guiding_question = "Was brauchen wir?"
    position = factory.Sequence(int)


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    topic = factory.SubFactory(TopicFactory)
    cafe = factory.SelfAttribute("topic.cafe")
    number = factory.Sequence(lambda n: n + 1)
    capacity = 8


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    cafe = factory.SubFactory(CafeFactory)
    index = factory.Sequence(lambda n: n + 1)
    planned_minutes = 20


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    table = factory.SubFactory(TableFactory)
    round = factory.SubFactory(RoundFactory, cafe=factory.SelfAttribute("..table.cafe"))
    participant = factory.SubFactory(ParticipantFactory, event=factory.SelfAttribute("..table.cafe.event"))


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    table = factory.SubFactory(TableFactory)
    round = factory.SubFactory(RoundFactory, cafe=factory.SelfAttribute("..table.cafe"))
    text = factory.Sequence(lambda n: f"Idee {n}: gemeinsam mehr Ausbildungsplätze schaffen")


class ModerationEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModerationEntry

    idea = factory.SubFactory(IdeaFactory)
    cafe = factory.SelfAttribute("idea.table.cafe")
    action = ModerationEntry.Action.HIDE
    before = factory.SelfAttribute("idea.text")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    topic = factory.SubFactory(TopicFactory)
    label = factory.Sequence(lambda n: f"Themencluster {n}")
    machine_label = factory.SelfAttribute("label")
    position = factory.Sequence(int)


class HarvestRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HarvestRun

    cafe = factory.SubFactory(CafeFactory)
    ran_at = factory.LazyFunction(timezone.now)
    # The shape `cafe.services.harvest.apply_harvest` stores: synthesis.model.Method as a dict, plus the idea count.
    method = factory.LazyFunction(
        lambda: {
            "embedding": "lexical",
            "reduction": "centre+knn10-mean",
            "clustering": "kmeans, k by silhouette",
            "k_by_topic": [],
            "k_bounds": [2, 6],
            "k_fixed": None,
            "random_state": 0,
            "cache_hits": 0,
            "cache_misses": 0,
            "seconds": 0.1,
            "ideas": 0,
        }
    )


class BallotFactory(factory.django.DjangoModelFactory):
    """An open vote on the themes of a topic (pass `opened_at=None` for a draft)."""

    class Meta:
        model = Ballot

    topic = factory.SubFactory(TopicFactory)
    kind = Ballot.Kind.THEMES
    opened_at = factory.LazyFunction(timezone.now)


class VoteFactory(factory.django.DjangoModelFactory):
    """Dots on a theme of the ballot's topic; for a vote on ideas pass `theme=None, idea=...`."""

    class Meta:
        model = Vote

    ballot = factory.SubFactory(BallotFactory)
    participant = factory.SubFactory(ParticipantFactory, event=factory.SelfAttribute("..ballot.topic.cafe.event"))
    theme = factory.SubFactory(ThemeFactory, topic=factory.SelfAttribute("..ballot.topic"))
    dots = 1
