"""Factories of networking: profiles, contact requests and notes, speed-networking sessions, rounds and seats.

A profile from the factory has both consents given, as the networking tests mostly need; pass `visible=False` or
`contactable=False` for the other cases.
"""

from __future__ import annotations

import factory

from tests.factories.events import EventFactory, ParticipantFactory
from weltcafe.networking.models import ContactNote, ContactRequest, Profile
from weltcafe.networking.speed.models import SpeedRound, SpeedSeat, SpeedSession


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    offers = "Beratung zu Fördermitteln"
    seeks = "Partner für ein Pilotprojekt"
    visible = True
    contactable = True

    @factory.post_generation
    def topics(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.topics.set(extracted)


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    event = factory.SubFactory(EventFactory)
    sender = factory.SubFactory(ParticipantFactory, event=factory.SelfAttribute("..event"))
    recipient = factory.SubFactory(ParticipantFactory, event=factory.SelfAttribute("..event"))
    status = ContactRequest.Status.PENDING


class ContactNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactNote

    contact = factory.SubFactory(ContactRequestFactory, status=ContactRequest.Status.ACCEPTED)
    author = factory.SelfAttribute("contact.sender")
    text = "Nach der Messe anrufen."


class SpeedSessionFactory(factory.django.DjangoModelFactory):
    """A planned session without rounds; `speed.create_session` plans real ones from consenting participants."""

    class Meta:
        model = SpeedSession

    event = factory.SubFactory(EventFactory)
    group_size = 2
    round_count = 1
    round_minutes = 5


class SpeedRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeedRound

    session = factory.SubFactory(SpeedSessionFactory)
    index = factory.Sequence(lambda n: n + 1)
    planned_minutes = factory.SelfAttribute("session.round_minutes")


class SpeedSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeedSeat

    round = factory.SubFactory(SpeedRoundFactory)
    group = 1
    participant = factory.SubFactory(ParticipantFactory, event=factory.SelfAttribute("..round.session.event"))
