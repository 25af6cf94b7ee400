"""A participant's own data on the phone: download it as JSON, or have it deleted."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from weltcafe.cafe.access import resolve
from weltcafe.events.access import forget_device, personal_link_view
from weltcafe.privacy import own_data


@never_cache
@require_GET
@personal_link_view()  # a download: refused (403) on a phone bound to someone else
def my_data(request: HttpRequest, token: str) -> HttpResponse:
    viewer = resolve("p", token)
    content = json.dumps(own_data.export_own(viewer.participant), ensure_ascii=False, indent=1)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meine-daten-weltcafe.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@personal_link_view(page=True)
def forget_me(request: HttpRequest, token: str) -> HttpResponse:
    viewer = resolve("p", token)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        event = viewer.participant.event
        own_data.forget(viewer.participant)
        response = render(request, "privacy/forgotten.html", {"event": event})
        forget_device(response)
        return response
    return render(request, "privacy/forget.html", {"participant": viewer.participant, "token": token})
