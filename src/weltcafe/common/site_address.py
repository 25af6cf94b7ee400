"""The address printed and shown in QR codes: one a phone can reach (badges, table signs, the re-binding desk)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104 - compared with, never bound


def is_loopback(url: str) -> bool:
    return (urlsplit(url).hostname or "") in LOOPBACK


def base_url_for(request: HttpRequest) -> str:
    """WELTCAFE_BASE_URL; if that is still a loopback address but the organiser reached the server under another
    name (a laptop's address in the venue network), that name, which phones can reach."""
    configured = settings.WELTCAFE_BASE_URL.rstrip("/")
    reached = f"{request.scheme}://{request.get_host()}"
    if is_loopback(configured) and not is_loopback(reached):
        return reached
    return configured
