"""The one gate of the organiser area: login, the organiser role, and the event scoped to the user."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from weltcafe.events.queries import event_for_organiser


def organiser_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("events.use_organiser_area"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def event_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve `slug` to an event the user organises (404 otherwise) and pass it on as `event`."""

    @organiser_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: object, **kwargs: object) -> HttpResponse:
        event = event_for_organiser(request.user, slug)
        return view(request, event, *args, **kwargs)

    return wrapper


# --- Personal links and the device they are bound to -----------------------------------------------------------
# The phone that opens a personal link first keeps a signed, HttpOnly cookie with that link's token (docs/security.md,
# "Tokens"). Every endpoint under a personal link — pages, JSON, the socket — asks `device_owner*` and refuses a
# device bound to somebody else.
DEVICE_COOKIE = "weltcafe_device"
DEVICE_MAX_AGE = 60 * 60 * 24 * 180


def bind_device(response: HttpResponse, token: str) -> None:
    response.set_signed_cookie(
        DEVICE_COOKIE,
        token,
        salt=DEVICE_COOKIE,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def forget_device(response: HttpResponse) -> None:
    response.delete_cookie(DEVICE_COOKIE, samesite="Lax")


def device_owner(request: HttpRequest) -> str:
    """The token of the personal link this device is bound to; "" if none (or the cookie was tampered with)."""
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_COOKIE, max_age=DEVICE_MAX_AGE)


def device_owner_from_cookies(cookies: Mapping[str, str]) -> str:
    """The same answer for a websocket, whose scope carries the cookies but is no HttpRequest."""
    value = cookies.get(DEVICE_COOKIE, "")
    if not value:
        return ""
    try:
        return signing.get_cookie_signer(salt=DEVICE_COOKIE + DEVICE_COOKIE).unsign(value, max_age=DEVICE_MAX_AGE)
    except signing.BadSignature:
        return ""
