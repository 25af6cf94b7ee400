"""Signed cookies that name a device (a phone's binding, a table device's id): one set of flags for all of them."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse


def set_private_cookie(response: HttpResponse, name: str, value: str, *, max_age: int) -> None:
    """Signed (salted with its own name), HttpOnly, SameSite=Lax, Secure under TLS: never readable by scripts and
    never sent along by another site's form."""
    response.set_signed_cookie(
        name,
        value,
        salt=name,
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
