"""The gate of the speed wall: its link is the café's wall token (the phones go through `networking.access`)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from weltcafe.cafe.models import Cafe


def cafe_by_wall_token(token: str) -> Cafe:
    """The café of a wall link; 404 for an unknown or renewed one."""
    return get_object_or_404(Cafe.objects.select_related("event"), wall_token=token)


def wall_private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
