"""The one gate of the organiser area: login, the organiser role, and the event scoped to the user."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
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
