"""Speed networking pages: the organiser's control page, the participant's phone page and the wall, each with a
JSON state the shared script (`static/weltcafe/speed.js`) re-fetches on `speed.changed` and every 5 s without a
socket. Names appear only of people whose profile is visible at the moment of the request (`speed/payloads.py`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from weltcafe.common.choices import state_names
from weltcafe.common.timed_rounds import RoundStatus
from weltcafe.events.access import event_view, personal_link_view
from weltcafe.events.models import Event, Participant
from weltcafe.networking.access import own_page, participant_by_token
from weltcafe.networking.queries.profiles import visible_ids
from weltcafe.networking.speed import services
from weltcafe.networking.speed.access import cafe_by_wall_token, wall_private
from weltcafe.networking.speed.forms import SpeedSessionForm
from weltcafe.networking.speed.models import SpeedSession
from weltcafe.networking.speed.payloads import phone_state, wall_state
from weltcafe.networking.speed.queries import (
    cafe_of,
    current_round,
    current_session,
    has_cafe,
    rounds_with_groups,
    taking_part,
)


def _language() -> str:
    return (get_language() or "de")[:2]


# --------------------------------------------------------------------------------------------------- organiser
def _back(event: Event) -> HttpResponse:
    return redirect(reverse("orga:network_speed", kwargs={"slug": event.slug}))


@require_GET
@event_view
def control(request: HttpRequest, event: Event) -> HttpResponse:
    session = current_session(event)
    visible = visible_ids(event.pk)
    cafe = cafe_of(event)
    context = {
        "event": event,
        "session": session,
        "Status": SpeedSession.Status,
        "current": current_round(session) if session else None,
        "rounds": rounds_with_groups(session, visible) if session else [],
        "form": SpeedSessionForm(),
        "taking_part": taking_part(event).count(),
        "wall_url": request.build_absolute_uri(reverse("live:speed_wall", kwargs={"token": cafe.wall_token}))
        if cafe
        else "",
    }
    return render(request, "networking/speed_control.html", context)


@require_POST
@event_view
def create(request: HttpRequest, event: Event) -> HttpResponse:
    form = SpeedSessionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(event)
    try:
        services.create_session(
            event=event,
            group_size=form.cleaned_data["group_size"],
            rounds=form.cleaned_data["rounds"],
            minutes=form.cleaned_data["minutes"],
            seed=form.cleaned_data["seed"] or 0,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Das Speed-Networking ist geplant."))
    return _back(event)


ACTIONS = {
    "start": lambda session: services.start_session(session=session),
    "pause": lambda session: services.pause_round(session=session),
    "resume": lambda session: services.resume_round(session=session),
    "extend": lambda session: services.extend_round(session=session, minutes=1),
    "end_round": lambda session: services.end_round(session=session),
    "next": lambda session: services.next_round(session=session),
    "end": lambda session: services.end_session(session=session),
}


@require_POST
@event_view
def action(request: HttpRequest, event: Event) -> HttpResponse:
    session = current_session(event)
    run = ACTIONS.get(request.POST.get("action", ""))
    if session is None or run is None:
        messages.error(request, _("Planen Sie zuerst ein Speed-Networking."))
        return _back(event)
    try:
        run(session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(event)


# ------------------------------------------------------------------------------------------------- phone, wall
def texts() -> dict:
    return {
        "round": _("Runde %(index)s von %(count)s"),
        "before": _("Das Speed-Networking beginnt gleich."),
        "none": _("Gerade ist kein Speed-Networking geplant."),
        "paused": _("pausiert"),
        "ended": _("Runde beendet"),
        "finished": _("Das Speed-Networking ist zu Ende. Danke!"),
        "partner": _("Ihr Gegenüber"),
        "partners": _("Ihre Gruppe"),
        "meeting_point": _("Treffpunkt: Gruppe %(group)s"),
        "group": _("Gruppe %(group)s"),
        "now": _("Jetzt"),
        "next": _("Als Nächstes"),
        "no_seat": _("Für diese Runde sind Sie nicht eingeplant."),
        "not_visible": _(
            "Sie nehmen am Speed-Networking teil, wenn Sie im Networking-Profil zustimmen, dass andere Sie sehen."
        ),
        "not_planned": _(
            "Sie sind in diesem Speed-Networking nicht eingeplant. Bitte wenden Sie sich an das Orga-Team."
        ),
        "nobody": _("Ihr Gegenüber ist nicht mehr sichtbar."),
        "polling": _("Live-Verbindung blockiert – die Seite fragt regelmäßig nach."),
    }


def _config(state_url: str, socket: str) -> dict:
    return {
        "state_url": state_url,
        "socket": socket,
        "poll_ms": 5000,
        "states": {"round": state_names(RoundStatus), "session": state_names(SpeedSession.Status)},
    }


@require_GET
@own_page
def phone(request: HttpRequest, me: Participant) -> HttpResponse:
    config = _config(
        reverse("live:speed_state", kwargs={"token": me.access_token}),
        f"/ws/cafe/p/{me.access_token}/" if has_cafe(me.event_id) else "",
    )
    context = {"me": me, "event": me.event, "config": config, "texts": texts()}
    return render(request, "networking/speed_phone.html", context)


@never_cache
@require_GET
@personal_link_view(json=True)
def phone_state_view(request: HttpRequest, token: str) -> JsonResponse:
    return JsonResponse(phone_state(participant_by_token(token), language=_language()))


@never_cache
@require_GET
def wall(request: HttpRequest, token: str) -> HttpResponse:
    cafe = cafe_by_wall_token(token)
    config = _config(reverse("live:speed_wall_state", kwargs={"token": token}), f"/ws/cafe/w/{token}/")
    context = {"event": cafe.event, "config": config, "texts": texts()}
    return wall_private(render(request, "networking/speed_wall.html", context))


@never_cache
@require_GET
def wall_state_view(request: HttpRequest, token: str) -> HttpResponse:
    cafe = cafe_by_wall_token(token)
    return wall_private(JsonResponse(wall_state(cafe)))
