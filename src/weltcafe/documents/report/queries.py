"""Reads of the report: the organiser's (through the event) and the public one (published report and event)."""

from __future__ import annotations

from django.http import Http404

from weltcafe.documents.models import Report
from weltcafe.events.models import Event


def report_of(event: Event) -> Report | None:
    return Report.objects.filter(event=event).select_related("event").first()


def report_for_organiser(event: Event) -> Report:
    report = report_of(event)
    if report is None:
        raise Http404("report")
    return report


def public_report(slug: str) -> Report:
    """The published report of a published event, else 404 (drafts are not confirmed to exist)."""
    try:
        return Report.objects.published().select_related("event").get(event__slug=slug)
    except Report.DoesNotExist as error:
        raise Http404("report") from error
