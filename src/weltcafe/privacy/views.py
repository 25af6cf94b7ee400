"""A participant's own data on the phone: download it as JSON, or have it deleted."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from weltcafe.cafe.access import resolve
from weltcafe.events.access import forget_device, personal_link_view
from weltcafe.events.models import Participant
from weltcafe.privacy import own_data


def _participant(token: str) -> Participant:
    """The person of a personal link (404 for an unknown or revoked one)."""
    participant = resolve("p", token).participant
    if participant is None:  # a personal link always resolves to its person; this only tells the type checker
        raise Http404("link")
    return participant


@never_cache
@require_GET
@personal_link_view()  # a download: refused (403) on a phone bound to someone else
def my_data(request: HttpRequest, token: str) -> HttpResponse:
    participant = _participant(token)
    content = json.dumps(own_data.export_own(participant), ensure_ascii=False, indent=1)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meine-daten-weltcafe.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@personal_link_view(page=True)
def forget_me(request: HttpRequest, token: str) -> HttpResponse:
    participant = _participant(token)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        event = participant.event
        own_data.forget(participant)
        response = render(request, "privacy/forgotten.html", {"event": event})
        forget_device(response)
        return response
    return render(request, "privacy/forget.html", {"participant": participant, "token": token})
