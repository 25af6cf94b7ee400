"""The facilitator's control room: rounds and countdown, broadcast, check-in and re-seating, moderation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from weltcafe.cafe.access import cafe_view
from weltcafe.cafe.live import links, payloads
from weltcafe.cafe.models import DEFAULT_MESSAGE_MINUTES, MAX_IDEA_LENGTH, MAX_MESSAGE_LENGTH, MESSAGE_MINUTES, Cafe
from weltcafe.cafe.queries import setup as cafe_queries
from weltcafe.cafe.services import attendance
from weltcafe.cafe.services import ideas as services
from weltcafe.cafe.services import links as link_rotation
from weltcafe.cafe.services import rounds as cafe_rounds
from weltcafe.common.choices import state_names
from weltcafe.common.timed_rounds import RoundStatus
from weltcafe.events.models import Event
from weltcafe.events.queries import participant_for_event


def _back(event: Event, anchor: str = "") -> HttpResponse:
    return redirect(reverse("orga:live", kwargs={"slug": event.slug}) + (f"#{anchor}" if anchor else ""))


@never_cache
@cafe_view
def control_room(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    room = cafe_queries.control_room(cafe)
    current = cafe_queries.current_round(cafe)
    next_round = next((round_ for round_ in room.rounds if round_.started_at is None), None)
    context = {
        "event": event,
        "cafe": cafe,
        "current": current,
        "next_round": next_round,
        "all_played": bool(room.rounds) and next_round is None and current is not None
        and current.status == RoundStatus.ENDED,
        # control.js: the countdown, and the wall's socket, which hears every change the control room shows.
        "control_config": {
            "socket": f"/ws/cafe/w/{cafe.wall_token}/",
            "round": payloads.round_payload(current)["round"],
            "server_now": timezone.now().isoformat(),
            "states": {"round": state_names(RoundStatus)},
            "texts": {
                "offline": _("Keine Verbindung zum Server – bitte versuchen Sie es gleich noch einmal."),
                "found": _("%(count)s gefunden"),
            },
        },
        "rounds": room.rounds,
        "participants": room.participants,
        "checked_in": room.checked_in,
        "ideas": room.ideas,
        "trail": room.trail,
        "wall_url": request.build_absolute_uri(links.wall_path(cafe)),
        "tables": room.tables,
        "max_idea_length": MAX_IDEA_LENGTH,
        "max_message_length": MAX_MESSAGE_LENGTH,
        "message_minutes": MESSAGE_MINUTES,
        "default_message_minutes": DEFAULT_MESSAGE_MINUTES,
        "message_live": payloads.message_payload(cafe)["message"],
    }
    return render(request, "live/control.html", context)


ROUND_ACTIONS = {
    "start": lambda cafe, form: cafe_rounds.next_round(cafe=cafe),
    "pause": lambda cafe, form: cafe_rounds.pause_round(cafe=cafe),
    "resume": lambda cafe, form: cafe_rounds.resume_round(cafe=cafe),
    "extend1": lambda cafe, form: cafe_rounds.extend_round(cafe=cafe, minutes=1),
    "extend5": lambda cafe, form: cafe_rounds.extend_round(cafe=cafe, minutes=5),
    "end": lambda cafe, form: cafe_rounds.end_round(cafe=cafe),
}


@require_POST
@cafe_view
def round_action(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    action = ROUND_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Unbekannte Aktion."))
        return _back(event)
    try:
        action(cafe, request.POST)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(event, "rounds")


@require_POST
@cafe_view
def broadcast(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    text = "" if request.POST.get("clear") else request.POST.get("message", "")
    chosen = request.POST.get("minutes", str(DEFAULT_MESSAGE_MINUTES))
    try:
        # "": until removed; anything but a number of the list is refused by the service with a message.
        minutes = int(chosen) if chosen else None
    except ValueError:
        minutes = -1
    try:
        cafe_rounds.set_broadcast_message(cafe=cafe, text=text, minutes=minutes)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Durchsage gesendet.") if text.strip() else _("Durchsage entfernt."))
    return _back(event, "broadcast")


@require_POST
@cafe_view
def check_in(request: HttpRequest, event: Event, cafe: Cafe, participant_id: int) -> HttpResponse:
    participant = participant_for_event(event, participant_id)
    attendance.set_checked_in(participant=participant, present=request.POST.get("present") == "1")
    return _back(event, "attendance")


@require_POST
@cafe_view
def revoke_link(request: HttpRequest, event: Event, cafe: Cafe, participant_id: int) -> HttpResponse:
    participant = participant_for_event(event, participant_id)
    attendance.revoke_access(participant=participant)
    messages.success(request, _("Der alte Link von %(name)s gilt nicht mehr.") % {"name": participant.name})
    # Straight to the desk page: the new link as a QR code for the person's new phone.
    return redirect("orga:live_phone", slug=event.slug, participant_id=participant.pk)


@require_POST
@cafe_view
def renew_wall_link(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    link_rotation.renew_wall_link(cafe=cafe)
    messages.success(
        request, _("Neuer Link für die Wand. Der alte zeigt nichts mehr – öffnen Sie die Wand mit dem neuen Link.")
    )
    return _back(event)


@require_POST
@cafe_view
def renew_table_link(request: HttpRequest, event: Event, cafe: Cafe, table_id: int) -> HttpResponse:
    table = get_object_or_404(cafe.tables, pk=table_id)
    link_rotation.renew_table_link(table=table)
    messages.success(
        request,
        _(
            "Neuer Link für Tisch %(number)s. Der QR-Code auf dem gedruckten Tischschild gilt nicht mehr – "
            "bitte drucken Sie das Tischschild neu."
        )
        % {"number": table.number},
    )
    return _back(event, "table-links")


@require_POST
@cafe_view
def reseat(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    try:
        result = attendance.reseat_present(cafe=cafe)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Ab Runde %(round)s neu gesetzt: %(absent)s fehlen, %(arrived)s neu dabei.")
            % {"round": result.from_round, "absent": len(result.absent), "arrived": len(result.arrived)},
        )
    return _back(event, "attendance")


MODERATION = {
    "hide": lambda cafe, form, user: services.hide_idea(cafe=cafe, idea_id=int(form["idea"]), user=user),
    "restore": lambda cafe, form, user: services.restore_idea(cafe=cafe, idea_id=int(form["idea"]), user=user),
    "edit": lambda cafe, form, user: services.edit_idea(
        cafe=cafe, idea_id=int(form["idea"]), text=form.get("text", ""), user=user
    ),
    "merge": lambda cafe, form, user: services.merge_ideas(
        cafe=cafe, keep_id=int(form["keep"]), merge_id=int(form["idea"]), user=user
    ),
}


@require_POST
@cafe_view
def moderate(request: HttpRequest, event: Event, cafe: Cafe) -> HttpResponse:
    action = MODERATION.get(request.POST.get("action", ""))
    try:
        if action is None:
            raise ValidationError(_("Unbekannte Aktion."))
        action(cafe, request.POST, request.user)
    except (ValueError, KeyError):
        messages.error(request, _("Bitte wählen Sie die Ideen aus."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back(event, "moderation")
