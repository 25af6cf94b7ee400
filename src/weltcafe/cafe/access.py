"""The café's gates, the one place views and the consumer ask who may see what.

`cafe_view`: an organiser's page that needs the café (on top of `events.access.event_view`). `resolve`: a personal
link, a table's QR link or the wall link, each to one café (the personal links' device rule is
`events.access.personal_link_view` / `device_may_use`). `groups_for`: the socket groups a viewer joins.
`HarvestAccess`: which topics an organiser or a table host may edit in the harvest.

The table device cookie: which device posts through a table's link, a signed random id set by the table's page —
the link is printed on the sign, so anyone with a photo of it holds it, and ideas are counted per device (and
against a ceiling for the whole table); without the cookie (a script that never loaded the page) the client
address counts.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from weltcafe.cafe.models import Cafe, Table, Topic, ViewerKind
from weltcafe.cafe.queries.setup import cafe_of, hosted_topic_ids, topic_for_cafe, topic_ids
from weltcafe.cafe.queries.viewers import Viewer, link_of
from weltcafe.common.private_cookies import set_private_cookie
from weltcafe.events.access import device_may_use, device_owner_from_cookies, event_view
from weltcafe.events.models import Event, Participant
from weltcafe.events.queries import participant_by_access_token


def resolve(kind: str, token: str, *, request: HttpRequest | None = None) -> Viewer:
    """404 for an unknown or revoked token, never a hint which part was wrong. With the `request` of a view behind
    `events.access.personal_link_view`, the participant the gate found is used (one lookup per request)."""
    if kind == "p":
        known = getattr(request, "personal_link", None)
        participant = (
            known
            if known is not None and known.access_token == token
            else participant_by_access_token(token)
        )
        if participant is None:
            raise Http404("link")
        try:
            cafe = Cafe.objects.get(event_id=participant.event_id)
        except Cafe.DoesNotExist as error:
            raise Http404("link") from error
        cafe.event = participant.event  # fetched with the participant; the snapshot shows its title
        return Viewer(ViewerKind.PARTICIPANT, cafe, participant=participant)
    # Tokens are unique: get(), as first() would order every lookup by id for nothing.
    if kind == "t":
        try:
            table = Table.objects.select_related("cafe", "topic").get(access_token=token)
        except Table.DoesNotExist as error:
            raise Http404("link") from error
        return Viewer(ViewerKind.TABLE, table.cafe, table=table)
    if kind == "w":
        try:
            return Viewer(ViewerKind.WALL, Cafe.objects.get(wall_token=token))
        except Cafe.DoesNotExist as error:
            raise Http404("link") from error
    raise Http404("link")


def socket_device_allowed(cookies: Mapping[str, str], participant: Participant) -> bool:
    """The personal links' one device rule (`events.access.device_may_use`), for a socket's cookies."""
    return device_may_use(device_owner_from_cookies(cookies), participant)


def groups_for(viewer: Viewer, tables: set[int] | None) -> list[str]:
    """The groups of a viewer whose `viewer_tables` are `tables` (asked once by the caller, who needs them too)."""
    from weltcafe.cafe.live.broadcast import all_ideas_group, cafe_group, link_group, table_group

    own_link = link_group(*link_of(viewer))
    if tables is None:
        return [cafe_group(viewer.cafe.pk), all_ideas_group(viewer.cafe.pk), own_link]
    return [cafe_group(viewer.cafe.pk), *(table_group(table) for table in sorted(tables)), own_link]


def cafe_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An organiser's event view that needs the café; without one it sends the organiser to set it up."""

    @event_view
    @wraps(view)
    def wrapper(request: HttpRequest, event: Event, *args: object, **kwargs: object) -> HttpResponse:
        cafe = cafe_of(event)
        if cafe is None:
            messages.error(request, _("Bitte richten Sie zuerst das Café ein."))
            return redirect("orga:cafe", slug=event.slug)
        return view(request, event, cafe, *args, **kwargs)

    return wrapper


TABLE_DEVICE_COOKIE = "weltcafe_table_device"
TABLE_DEVICE_MAX_AGE = 60 * 60 * 24 * 30


def _device_id(request: HttpRequest) -> str:
    return (
        request.get_signed_cookie(
            TABLE_DEVICE_COOKIE, default="", salt=TABLE_DEVICE_COOKIE, max_age=TABLE_DEVICE_MAX_AGE
        )
        or ""
    )


def remember_table_device(request: HttpRequest, response: HttpResponse) -> None:
    """Give this device an id, unless it has a valid one already (a reload keeps its count)."""
    if _device_id(request):
        return
    set_private_cookie(response, TABLE_DEVICE_COOKIE, secrets.token_urlsafe(16), max_age=TABLE_DEVICE_MAX_AGE)


def table_device(request: HttpRequest) -> str:
    """The key ideas from this device count under: its cookie id, else its address."""
    device_id = _device_id(request)
    return f"device:{device_id}" if device_id else f"address:{request.META.get('REMOTE_ADDR', '')}"


@dataclass(frozen=True)
class HarvestAccess:
    """The harvest's gate: who edits which topics, and where their forms post — an organiser (slug) or a table
    host (personal token, only the topics they host; 404 for any other)."""

    cafe: Cafe
    topic_ids: frozenset[int]
    slug: str = ""
    token: str = ""
    host_id: int = 0

    @property
    def is_organiser(self) -> bool:
        return bool(self.slug)

    def topic_url(self, topic_id: int) -> str:
        if self.is_organiser:
            return reverse("orga:harvest_topic", kwargs={"slug": self.slug, "topic_id": topic_id})
        return reverse("live:harvest_topic", kwargs={"token": self.token, "topic_id": topic_id})

    def edit_url(self, topic_id: int) -> str:
        if self.is_organiser:
            return reverse("orga:harvest_edit", kwargs={"slug": self.slug, "topic_id": topic_id})
        return reverse("live:harvest_edit", kwargs={"token": self.token, "topic_id": topic_id})

    def run_url(self) -> str:
        if self.is_organiser:
            return reverse("orga:harvest_run", kwargs={"slug": self.slug})
        return reverse("live:harvest_run", kwargs={"token": self.token})

    def overview_url(self) -> str:
        if self.is_organiser:
            return reverse("orga:harvest", kwargs={"slug": self.slug})
        return reverse("live:harvest", kwargs={"token": self.token})

    def topic(self, topic_id: int) -> Topic:
        if topic_id not in self.topic_ids:
            raise Http404("topic")
        return topic_for_cafe(self.cafe, topic_id)


def harvest_access_for_host(token: str) -> HarvestAccess:
    viewer = resolve("p", token)
    hosted = hosted_topic_ids(viewer.cafe, viewer.person)
    if not hosted:
        raise Http404("host")
    return HarvestAccess(cafe=viewer.cafe, topic_ids=hosted, token=token, host_id=viewer.person.pk)


def harvest_access_for_organiser(event: Event, cafe: Cafe) -> HarvestAccess:
    return HarvestAccess(cafe=cafe, topic_ids=topic_ids(cafe), slug=event.slug)
