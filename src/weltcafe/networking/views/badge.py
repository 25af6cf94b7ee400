"""The page a badge's QR code opens (/live/b/<badge token>/). The badge carries a contact-only token, so a
photographed badge opens nothing private (docs/decisions/0023-badge-token-and-device-binding.md):

- the owner's own phone goes on to their personal page;
- a phone bound to someone else at this meeting gets the contact prompt (`views/contacts.py`, `scan`);
- any other phone: the badge's first scan asks "Ist das Ihr Namensschild?" and binds only on a POST (link previews
  and QR apps that prefetch never claim it); once claimed, the page says so and shows nothing private.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from weltcafe.events.access import bind_device, bound_participant
from weltcafe.events.models import Participant
from weltcafe.events.personal_links import claim_link
from weltcafe.events.queries import participant_by_badge_token
from weltcafe.networking.access import private
from weltcafe.networking.queries.profiles import profile_of


def _personal_page(person: Participant) -> HttpResponse:
    return redirect(reverse("live:page", kwargs={"kind": "p", "token": person.access_token}))


def _claimed(request: HttpRequest, person: Participant, *, status: int = 200) -> HttpResponse:
    shown = person if profile_of(person).visible else None  # without consent: not even the name
    context = {"event": person.event, "person": shown}
    return private(render(request, "networking/badge_claimed.html", context, status=status))


@never_cache
@require_GET
def badge(request: HttpRequest, token: str) -> HttpResponse:
    person = participant_by_badge_token(token)
    owner = bound_participant(request)
    if owner is not None and owner.pk == person.pk:
        return private(_personal_page(person))
    if owner is not None and owner.event_id == person.event_id:
        return private(redirect("live:network_scan", token=token))
    # Unbound here (a phone bound at another meeting counts as unbound: it may become this meeting's phone).
    if person.link_claimed_at is None:
        context = {"event": person.event, "person": person, "token": token}
        return private(render(request, "networking/badge_claim.html", context))
    return _claimed(request, person)


@never_cache
@require_POST
def claim(request: HttpRequest, token: str) -> HttpResponse:
    """ "Ja, das ist meins": the first phone binds; a second one (or a later scan) gets the claimed page."""
    person = participant_by_badge_token(token)
    owner = bound_participant(request)
    if owner is not None and owner.pk == person.pk:
        return private(_personal_page(person))
    if owner is not None and owner.event_id == person.event_id:
        return _claimed(request, person, status=403)  # bound to someone else here: a badge never moves a phone
    if not claim_link(participant=person):
        return _claimed(request, person, status=409)
    response = _personal_page(person)
    bind_device(response, person.access_token)
    return private(response)
