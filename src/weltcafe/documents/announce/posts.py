"""Social-media drafts for "save the date": a short post that fits the strictest common limit, and a long one.

The short post must fit X (280 characters, every link counted as 23), Bluesky (300) and Mastodon (500); counting the
link at full length and staying at 280 satisfies all three. The long post is for LinkedIn (3,000) and newsletters.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from weltcafe.events.models import Event

SHORT_LIMIT = 280
LONG_LIMIT = 3000
AGENDA_LINES = 6


@dataclass(frozen=True)
class PostDraft:
    key: str
    label: str
    text: str
    limit: int

    @property
    def length(self) -> int:
        return len(self.text)


def _when(event: Event) -> str:
    start = event.starts_at.astimezone(event.tzinfo)
    end = event.ends_at.astimezone(event.tzinfo)
    day = formats.date_format(start, "l, j. F Y")
    return f"{day}, {formats.time_format(start, 'H:i')}–{formats.time_format(end, 'H:i')}"


def _hashtag(event: Event) -> str:
    return f"#{event.hashtag.lstrip('#')}" if event.hashtag else ""


def short_post(event: Event, url: str) -> str:
    day = formats.date_format(event.starts_at.astimezone(event.tzinfo), "j. F Y")
    tail = " ".join(part for part in (_hashtag(event), url) if part)
    place = f", {event.venue}" if event.venue else ""
    title = event.title
    text = _("Save the Date: %(title)s – %(day)s%(place)s. %(tail)s") % {
        "title": title, "day": day, "place": place, "tail": tail,
    }
    while len(text) > SHORT_LIMIT and len(title) > 20:
        title = title[: max(20, len(title) - (len(text) - SHORT_LIMIT) - 1)].rstrip() + "…"
        text = _("Save the Date: %(title)s – %(day)s%(place)s. %(tail)s") % {
            "title": title, "day": day, "place": place, "tail": tail,
        }
    if len(text) > SHORT_LIMIT and place:  # a very long venue: leave it to the page behind the link
        text = _("Save the Date: %(title)s – %(day)s%(place)s. %(tail)s") % {
            "title": title, "day": day, "place": "", "tail": tail,
        }
    return text


def long_post(event: Event, url: str) -> str:
    parts = [_("Save the Date!"), event.title, _when(event)]
    if event.venue:
        parts.append(event.venue)
    text = "\n".join(parts)
    if event.description.strip():
        text += "\n\n" + event.description.strip()[:800]
    items = list(event.agenda_items.order_by("starts_at", "id")[:AGENDA_LINES])
    if items:
        lines = [
            f"• {item.starts_at.astimezone(event.tzinfo):%H:%M} {item.title}"
            + (f" ({item.speakers})" if item.speakers else "")
            for item in items
        ]
        text += "\n\n" + _("Aus dem Programm:") + "\n" + "\n".join(lines)
    text += "\n\n" + _("Programm, Anmeldung und Kalendereintrag: %(url)s") % {"url": url}
    if event.hashtag:
        text += "\n" + _hashtag(event)
    return text[:LONG_LIMIT]


def post_drafts(event: Event, url: str) -> list[PostDraft]:
    return [
        PostDraft("short", _("Kurz (X, Bluesky, Mastodon)"), short_post(event, url), SHORT_LIMIT),
        PostDraft("long", _("Lang (LinkedIn, Newsletter)"), long_post(event, url), LONG_LIMIT),
    ]
