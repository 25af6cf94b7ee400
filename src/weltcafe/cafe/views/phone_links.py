"""The organiser's desk for a lost or new phone: the person's personal link as a QR code to scan at the desk, and
freeing the badge so that its next scan binds a phone again (docs/security.md, "Tokens")."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from weltcafe.cafe.access import cafe_view
from weltcafe.cafe.live import links
from weltcafe.cafe.models import Cafe
from weltcafe.common.site_address import base_url_for
from weltcafe.events.models import Event
from weltcafe.events.personal_links import release_badge
from weltcafe.events.queries import participant_for_event


def _qr_svg(url: str) -> str:
    # Our own URL, drawn by segno: no user text reaches the markup, so it is safe to inline (no script, no style).
    return mark_safe(segno.make(url, error="m").svg_inline(scale=5, border=4, title=""))  # noqa: S308


@never_cache
@require_GET
@cafe_view
def phone_link(request: HttpRequest, event: Event, cafe: Cafe, participant_id: int) -> HttpResponse:
    """ "Neues Telefon verbinden": the person scans this QR code with the new phone, which binds to the link."""
    person = participant_for_event(event, participant_id)
    url = base_url_for(request) + links.personal_path(person)
    context = {"event": event, "person": person, "url": url, "qr": _qr_svg(url)}
    response = render(request, "live/phone_link.html", context)
    response["Referrer-Policy"] = "same-origin"
    return response


@require_POST
@cafe_view
def free_badge(request: HttpRequest, event: Event, cafe: Cafe, participant_id: int) -> HttpResponse:
    person = participant_for_event(event, participant_id)
    release_badge(participant=person)
    messages.success(
        request, _("Das Namensschild von %(name)s verbindet beim nächsten Scannen ein Telefon.") % {"name": person.name}
    )
    return redirect("orga:live_phone", slug=event.slug, participant_id=person.pk)
