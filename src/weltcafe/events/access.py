"""The one gate of the organiser area: login, the organiser role, and the event scoped to the user."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from weltcafe.common.json_body import json_error
from weltcafe.common.private_cookies import set_private_cookie
from weltcafe.events.models import Participant
from weltcafe.events.personal_links import claim_link
from weltcafe.events.queries import event_for_organiser, participant_by_access_token


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
    set_private_cookie(response, DEVICE_COOKIE, token, max_age=DEVICE_MAX_AGE)


def forget_device(response: HttpResponse) -> None:
    response.delete_cookie(DEVICE_COOKIE, samesite="Lax")


def device_owner(request: HttpRequest) -> str:
    """The token of the personal link this device is bound to; "" if none (or the cookie was tampered with)."""
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_COOKIE, max_age=DEVICE_MAX_AGE) or ""


def device_owner_from_cookies(cookies: Mapping[str, str]) -> str:
    """The same answer for a websocket, whose scope carries the cookies but is no HttpRequest."""
    # Through a bare HttpRequest: get_signed_cookie knows Django's salt scheme (which changed in 5.x).
    request = HttpRequest()
    request.COOKIES = dict(cookies)
    return device_owner(request)


# --- The one device rule ------------------------------------------------------------------------------------------
# Every endpoint under /live/p/<token>/ goes through `personal_link_view` (or `personal_link_participant`): a device
# bound to another existing participant never reads or writes anything of the link's owner. A test walks the
# URLconf, so a route added later without the gate fails (tests/events/test_personal_link_gate.py).
class ForeignDeviceError(PermissionDenied):
    """This device belongs to someone else; `participant` is the owner of the link that was asked for."""

    def __init__(self, participant: Participant) -> None:
        super().__init__(_("Dieses Telefon ist einer anderen Person zugeordnet."))
        self.participant = participant


def bound_participant(request: HttpRequest) -> Participant | None:
    """The participant this device is bound to; None if unbound, tampered with, or the link is revoked."""
    return participant_by_access_token(device_owner(request))


def _same_person(first: Participant, second: Participant) -> bool:
    return bool(first.email) and first.email.casefold() == second.email.casefold()


def device_may_use(owner_token: str, participant: Participant) -> bool:
    """The rule, for the device bound to `owner_token` (from `device_owner` or, for sockets,
    `device_owner_from_cookies`): an unbound device, the owner's own device, or the owner's device from another of
    their meetings (same e-mail; whoever holds this access token could open it in a private window anyway)."""
    if not owner_token or owner_token == participant.access_token:
        return True
    owner = participant_by_access_token(owner_token)
    if owner is None:
        return True  # bound to a link that was revoked or erased: the binding is void
    return owner.event_id != participant.event_id and _same_person(owner, participant)


def personal_link_participant(request: HttpRequest, token: str) -> Participant:
    """The gate as a plain function: the owner of `token` (404 for unknown or revoked, no hint which), or
    ForeignDeviceError (a 403) when this device is bound to somebody else."""
    participant = participant_by_access_token(token)
    if participant is None:
        raise Http404("link")
    if not device_may_use(device_owner(request), participant):
        raise ForeignDeviceError(participant)
    return participant


def _private(response: HttpResponse) -> HttpResponse:
    response.headers.setdefault("X-Robots-Tag", "noindex")
    # The token is in the URL: never send it to other sites. "same-origin", not "no-referrer": with no referrer
    # Chrome posts forms with "Origin: null", which the CSRF check rightly refuses.
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _refused(request: HttpRequest, error: ForeignDeviceError, *, page: bool, json: bool) -> HttpResponse:
    if json:
        return json_error(error.args[0], 403)
    if page and request.method in ("GET", "HEAD"):
        # Someone else's link on a bound phone: the contact prompt of that person, never their page.
        return redirect(reverse("live:badge", kwargs={"token": error.participant.badge_token}))
    return render(request, "live/not_your_link.html", status=403)


def personal_link_view(*, page: bool = False, json: bool = False) -> Callable:
    """Put a view under the one device rule. `page`: an HTML page that binds the device to the link (and so claims
    the link, spending the badge's first scan); otherwise JSON (`json`, refused with {"error": …}), a form post or a
    download, refused with 403. Views with a `kind` argument (/live/<kind>/<token>/) are gated for kind "p" only."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @never_cache
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if kwargs.get("kind", "p") != "p":
                return view(request, *args, **kwargs)
            token = str(kwargs["token"])
            try:
                participant = personal_link_participant(request, token)
            except ForeignDeviceError as error:
                return _private(_refused(request, error, page=page, json=json))
            # The view finds the link's participant here instead of asking the database a second time.
            request.personal_link = participant  # type: ignore[attr-defined]
            response = view(request, *args, **kwargs)
            if page and response.status_code < 400 and DEVICE_COOKIE not in response.cookies:
                bind_device(response, token)  # unless the view itself just dropped the binding (erasure, sign-off)
                if participant.link_claimed_at is None:
                    claim_link(participant=participant)
            return _private(response)

        return wrapper

    return decorate
