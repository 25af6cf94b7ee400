"""Factories of the documents app: the event report."""

from __future__ import annotations

import factory

from tests.factories.events import EventFactory
from weltcafe.documents.models import Report


class ReportFactory(factory.django.DjangoModelFactory):
    """An unpublished report; `documents.report.services` generates one from the event's content instead."""

    class Meta:
        model = Report

    event = factory.SubFactory(EventFactory)
    title = factory.LazyAttribute(lambda report: f"Bericht: {report.event.title}")
    intro = "Rund vierzig Menschen aus der Region haben gemeinsam an drei Themen gearbeitet."
