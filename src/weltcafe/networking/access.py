"""The gates of networking's phone pages: a personal link resolved to its owner, on the owner's own device.

Every phone page goes through the one device rule (`events.access.personal_link_view`): a device bound to someone
else never sees another participant's page (GET goes to the contact prompt, POST is 403).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse

from weltcafe.events.access import personal_link_view
from weltcafe.events.models import Participant


def participant_by_token(token: str) -> Participant:
    """The owner of a personal link; 404 for an unknown or revoked one (no hint which)."""
    participant = (
        Participant.objects.select_related("event", "organisation").filter(access_token=token).first()
        if token
        else None
    )
    if participant is None:
        raise Http404("link")
    return participant


def _as_owner(view: Callable[..., HttpResponse], *, page: bool) -> Callable[..., HttpResponse]:
    @personal_link_view(page=page)
    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: object, **kwargs: object) -> HttpResponse:
        return view(request, participant_by_token(token), *args, **kwargs)

    return wrapper


def own_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The owner of `token` on their own (or a not yet bound) device, passed on as `me`; binds the device."""
    return _as_owner(view, page=True)


def own_download(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The same for a file: refused with 403 on a device bound to someone else, and it binds nothing."""
    return _as_owner(view, page=False)


def private(response: HttpResponse) -> HttpResponse:
    """Headers of the pages a badge's QR code leads to: not indexed, the token never sent to another site."""
    response["X-Robots-Tag"] = "noindex"
    # "same-origin", not "no-referrer" as on the live page: with "no-referrer" browsers send `Origin: null` with
    # form POSTs, which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response
