"""Factories of the events app: accounts, events, agenda, organisations, participants."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from weltcafe.events.accounts import organisers_group
from weltcafe.events.models import AgendaItem, Event, ImportColumnChoice, Organisation, Participant
from weltcafe.events.search import search_text, sort_key

BERLIN = dt.timezone(dt.timedelta(hours=2))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("Kaffeetisch-2026!")


class OrganiserFactory(UserFactory):
    @factory.post_generation
    def organiser_group(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.groups.add(organisers_group())


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Netzwerktreffen {n}")
    slug = factory.Sequence(lambda n: f"netzwerktreffen-{n}")
    starts_at = dt.datetime(2026, 9, 21, 10, 0, tzinfo=BERLIN)
    ends_at = dt.datetime(2026, 9, 21, 12, 30, tzinfo=BERLIN)
    venue = "Messe Leipzig"
    status = Event.Status.PUBLISHED

    @factory.post_generation
    def organisers(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.organisers.add(*extracted)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda item: item.event.starts_at)
    duration_minutes = 15
    kind = AgendaItem.Kind.TALK
    title = factory.Sequence(lambda n: f"Vortrag {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "company"
    region = "SN"
    sector = "Maschinenbau"
    sort_name = factory.LazyAttribute(lambda organisation: sort_key(organisation.name))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    job_title = ""
    organisation = factory.SubFactory(OrganisationFactory, event=factory.SelfAttribute("..event"))
    sort_name = factory.LazyAttribute(lambda person: sort_key(person.name))
    search_text = factory.LazyAttribute(
        lambda person: search_text(
            person.name,
            person.email,
            person.job_title,
            person.organisation.name if person.organisation else "",
            person.organisation.sector if person.organisation else "",
        )
    )


class ImportColumnChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportColumnChoice

    organiser = factory.SubFactory(OrganiserFactory)
    heading = factory.Sequence(lambda n: f"spalte{n}")
    field = "job_title"
