"""Speed networking pages: the organiser's control page, the participant's phone page and the wall, each with a
JSON state the shared script (`static/weltcafe/speed.js`) re-fetches on `speed.changed` and every 5 s without a
socket. Names appear only of people whose profile is visible at the moment of the request.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from weltcafe.cafe.models import Cafe
from weltcafe.events.access import event_view, personal_link_view
from weltcafe.events.models import Event, Participant
from weltcafe.networking import queries, speed
from weltcafe.networking.speed_models import (
    MINUTES_MAX,
    MINUTES_MIN,
    ROUNDS_MAX,
    ROUNDS_MIN,
    SpeedRound,
    SpeedSeat,
    SpeedSession,
)
from weltcafe.networking.speed_planning import taking_part
from weltcafe.networking.views import own_page


class SpeedSessionForm(forms.Form):
    group_size = forms.TypedChoiceField(
        label=gettext_lazy("Gruppengröße"),
        choices=[(2, gettext_lazy("1:1 (zu zweit)")), (3, gettext_lazy("zu dritt")), (4, gettext_lazy("zu viert"))],
        coerce=int,
        initial=2,
    )
    rounds = forms.IntegerField(label=gettext_lazy("Runden"), min_value=ROUNDS_MIN, max_value=ROUNDS_MAX, initial=4)
    minutes = forms.IntegerField(
        label=gettext_lazy("Minuten je Runde"), min_value=MINUTES_MIN, max_value=MINUTES_MAX, initial=5
    )
    seed = forms.IntegerField(
        label=gettext_lazy("Startwert"),
        min_value=0,
        max_value=1_000_000,
        initial=0,
        help_text=gettext_lazy("Gleicher Startwert, gleiche Teilnehmende: gleicher Plan."),
    )


def _language() -> str:
    return (get_language() or "de")[:2]


def _visible_ids(event_id: int) -> set[int]:
    return set(Participant.objects.filter(event_id=event_id).filter(queries.visible_q()).values_list("pk", flat=True))


def _rounds_with_groups(session: SpeedSession, visible: set[int]) -> list[tuple[SpeedRound, list[tuple[int, list]]]]:
    """Every round with its groups of visible people, in one query for the seats."""
    seats = SpeedSeat.objects.filter(round__session=session).select_related("participant__organisation")
    grid: dict[int, dict[int, list[SpeedSeat]]] = defaultdict(lambda: defaultdict(list))
    for seat in seats.order_by("round__index", "group", "participant__sort_name", "participant_id"):
        if seat.participant_id in visible:
            grid[seat.round_id][seat.group].append(seat)
    rounds = list(session.rounds.order_by("index"))
    return [(round_, sorted(grid[round_.pk].items())) for round_ in rounds]


def _person(participant: Participant) -> dict:
    return {
        "name": participant.name,
        "organisation": participant.organisation.name if participant.organisation else "",
    }


# --------------------------------------------------------------------------------------------------- organiser
def _back(event: Event) -> HttpResponse:
    return redirect(reverse("orga:network_speed", kwargs={"slug": event.slug}))


@require_GET
@event_view
def control(request: HttpRequest, event: Event) -> HttpResponse:
    session = speed.current_session(event)
    visible = _visible_ids(event.pk)
    cafe = Cafe.objects.filter(event=event).first()
    context = {
        "event": event,
        "session": session,
        "current": speed.current_round(session) if session else None,
        "rounds": _rounds_with_groups(session, visible) if session else [],
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
                messages.error(request, error)
        return _back(event)
    try:
        speed.create_session(
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
    "start": lambda session: speed.start_session(session=session),
    "pause": lambda session: speed.pause_round(session=session),
    "resume": lambda session: speed.resume_round(session=session),
    "extend": lambda session: speed.extend_round(session=session, minutes=1),
    "end_round": lambda session: speed.end_round(session=session),
    "next": lambda session: speed.next_round(session=session),
    "end": lambda session: speed.end_session(session=session),
}


@require_POST
@event_view
def action(request: HttpRequest, event: Event) -> HttpResponse:
    session = speed.current_session(event)
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
    return {"state_url": state_url, "socket": socket, "poll_ms": 5000}


def _meeting(seat: SpeedSeat | None, mates: list[SpeedSeat], visible: set[int], language: str) -> dict | None:
    if seat is None:
        return None
    partners = []
    for mate in mates:
        if mate.participant_id == seat.participant_id or mate.participant_id not in visible:
            continue
        reason = seat.reasons.get(str(mate.participant_id), {})
        partners.append({**_person(mate.participant), "reason": reason.get(language) or reason.get("de", "")})
    return {"round": seat.round.index, "group": seat.group, "partners": partners}


def _session_state(session: SpeedSession | None) -> dict:
    state = {"server_now": timezone.now().isoformat(), "session": None, "round": None}
    if session is not None:
        state["session"] = {
            "id": session.pk,
            "status": session.status,
            "round_count": session.round_count,
            "round_minutes": session.round_minutes,
        }
        state["round"] = speed.round_payload(speed.current_round(session))
    return state


def phone_state(me: Participant) -> dict:
    session = speed.current_session(me.event)
    state = _session_state(session)
    visible = _visible_ids(me.event_id)
    state.update({"visible": me.pk in visible, "planned": False, "now": None, "next": None})
    if session is None or me.pk not in visible:
        return state
    mine = {
        seat.round_id: seat
        for seat in SpeedSeat.objects.filter(round__session=session, participant=me).select_related("round")
    }
    state["planned"] = bool(mine)
    current = speed.current_round(session)
    upcoming = session.rounds.filter(started_at__isnull=True).order_by("index").first()
    wanted = [r for r in (current, upcoming) if r is not None and r.pk in mine]
    mates: dict[tuple[int, int], list[SpeedSeat]] = defaultdict(list)
    for seat in (
        SpeedSeat.objects.filter(round_id__in=[r.pk for r in wanted], group__in=[mine[r.pk].group for r in wanted])
        .select_related("participant__organisation")
        .order_by("participant__sort_name", "participant_id")
    ):
        mates[(seat.round_id, seat.group)].append(seat)
    language = _language()
    for key, round_ in (("now", current), ("next", upcoming)):
        if round_ is not None and round_.pk in mine:
            seat = mine[round_.pk]
            state[key] = _meeting(seat, mates[(round_.pk, seat.group)], visible, language)
    return state


def wall_state(cafe: Cafe) -> dict:
    session = speed.current_session(cafe.event)
    state = _session_state(session)
    state["groups"] = []
    if session is None:
        return state
    current = speed.current_round(session)
    upcoming = session.rounds.filter(started_at__isnull=True).order_by("index").first()
    # Before the first round and between rounds the wall shows where to go next.
    shown = upcoming if current is None or current.status == "ended" else current
    state["shown_round"] = shown.index if shown else None
    if shown is None:
        return state
    visible = _visible_ids(cafe.event_id)
    groups: dict[int, list[dict]] = defaultdict(list)
    for seat in (
        SpeedSeat.objects.filter(round=shown)
        .select_related("participant__organisation")
        .order_by("group", "participant__sort_name", "participant_id")
    ):
        if seat.participant_id in visible:
            groups[seat.group].append(_person(seat.participant))
    state["groups"] = [{"number": number, "members": members} for number, members in sorted(groups.items())]
    return state


@require_GET
@own_page
def phone(request: HttpRequest, me: Participant) -> HttpResponse:
    has_cafe = Cafe.objects.filter(event_id=me.event_id).exists()
    config = _config(
        reverse("live:speed_state", kwargs={"token": me.access_token}),
        f"/ws/cafe/p/{me.access_token}/" if has_cafe else "",
    )
    context = {"me": me, "event": me.event, "config": config, "texts": texts()}
    return render(request, "networking/speed_phone.html", context)


@never_cache
@require_GET
@personal_link_view(json=True)
def phone_state_view(request: HttpRequest, token: str) -> JsonResponse:
    return JsonResponse(phone_state(queries.participant_by_token(token)))


def _wall_private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_GET
def wall(request: HttpRequest, token: str) -> HttpResponse:
    cafe = get_object_or_404(Cafe.objects.select_related("event"), wall_token=token)
    config = _config(reverse("live:speed_wall_state", kwargs={"token": token}), f"/ws/cafe/w/{token}/")
    context = {"event": cafe.event, "config": config, "texts": texts()}
    return _wall_private(render(request, "networking/speed_wall.html", context))


@never_cache
@require_GET
def wall_state_view(request: HttpRequest, token: str) -> JsonResponse:
    cafe = get_object_or_404(Cafe.objects.select_related("event"), wall_token=token)
    return _wall_private(JsonResponse(wall_state(cafe)))
