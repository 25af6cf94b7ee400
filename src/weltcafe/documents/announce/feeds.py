"""Atom and RSS feeds of what the network publishes: reports of past meetings and announcements of coming ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from weltcafe.common.listing import rendered_rows
from weltcafe.documents.models import Report
from weltcafe.events.models import Event

MAX_ENTRIES = 50


@dataclass(frozen=True)
class Entry:
    kind: str  # "report" | "announcement"
    title: str
    link: str
    description: str
    published: datetime
    updated: datetime


def _announcement(event: Event) -> Entry:
    return Entry(
        kind="announcement",
        title=_("Save the Date: %(title)s") % {"title": event.title},
        link=reverse("public:save_the_date", kwargs={"slug": event.slug}),
        description=event.description[:300] or event.title,
        published=event.created_at,
        updated=event.updated_at,
    )


def _announcements() -> list[Entry]:
    upcoming = Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__gte=timezone.now()).order_by("starts_at")
    # Entries are built here, not while the feed is written: a damaged event is left out instead of a 500.
    return rendered_rows(upcoming[:MAX_ENTRIES], _announcement, page="feed")


def _report_entry(report: Report) -> Entry:
    if report.published_at is None:  # only published reports are listed; a feed entry needs its date
        raise ValueError("unpublished report")
    return Entry(
        kind="report",
        title=report.title,
        link=report.get_absolute_url(),
        description=report.summary_text(),
        published=report.published_at,
        updated=report.updated_at,
    )


def _reports() -> list[Entry]:
    reports = Report.objects.published().select_related("event").order_by("-published_at")[:MAX_ENTRIES]
    return rendered_rows(reports, _report_entry, page="feed")


def entries() -> list[Entry]:
    found = _reports() + _announcements()
    return sorted(found, key=lambda entry: entry.published, reverse=True)[:MAX_ENTRIES]


class NetworkFeed(Feed):
    title = gettext_lazy("Weltcafé – Berichte und Ankündigungen")
    description = gettext_lazy("Berichte vergangener Netzwerktreffen und Ankündigungen der nächsten.")

    def link(self) -> str:
        return reverse("home")

    def items(self) -> list[Entry]:
        return entries()

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.description

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return f"{item.kind}:{item.link}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry) -> datetime:
        return item.published

    def item_updateddate(self, item: Entry) -> datetime:
        return item.updated

    def item_categories(self, item: Entry) -> tuple[str, ...]:
        return (_("Bericht") if item.kind == "report" else _("Ankündigung"),)


class NetworkAtomFeed(NetworkFeed):
    feed_type = Atom1Feed
    subtitle = NetworkFeed.description
