"""Pages and JSON endpoints of the live café for phones, table devices and the wall (token links, no login)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from weltcafe.cafe.access import remember_table_device, resolve, table_device
from weltcafe.cafe.forms import IdeaPostForm, KeyInsightForm
from weltcafe.cafe.live.payloads import idea_payload
from weltcafe.cafe.models import MAX_IDEA_LENGTH, Ballot, ViewerKind
from weltcafe.cafe.queries import snapshot
from weltcafe.cafe.services import ideas as services
from weltcafe.common.choices import state_names
from weltcafe.common.json_body import JsonBodyError, json_error, read_json_form
from weltcafe.common.timed_rounds import RoundStatus
from weltcafe.events.access import personal_link_view


def live_texts() -> dict[str, str]:
    """The phrases live.js shows, in the page's language (the browser script has no gettext of its own)."""
    return {
        "round": pgettext("cafe", "Runde"),
        "table": pgettext("cafe", "Tisch"),
        "of": _("von"),
        "before": _("Das Café beginnt gleich."),
        "paused": _("pausiert"),
        "ended": _("beendet"),
        "host": pgettext("cafe", "Gastgebende"),
        "no_seat": _("Für diese Runde haben Sie keinen Platz. Bitte wenden Sie sich an das Orga-Team."),
        "next": _("Als Nächstes"),
        "go_to": _("Gehen Sie zu"),
        "finished": _("Das World Café ist zu Ende. Danke für Ihre Ideen!"),
        "sending": _("wird gesendet …"),
        "offline": _("Offline – Ihre Ideen werden gesendet, sobald die Verbindung zurück ist."),
        "interrupted": _(
            "Verbindung unterbrochen – Ihre Ideen werden gespeichert und gesendet, sobald sie zurück ist."
        ),
        "wall_interrupted": _("Verbindung unterbrochen – die Wand holt alles nach, sobald sie zurück ist."),
        "polling": _("Live-Verbindung blockiert – die Seite fragt regelmäßig nach."),
        "online": "",
        "link_gone": _("Dieser Link gilt nicht mehr. Bitte wenden Sie sich an das Orga-Team."),
        "empty": _("Noch keine Ideen an diesem Tisch."),
        "key": _("Kernerkenntnis"),
        "mark_key": _("als Kernerkenntnis markieren"),
        "unmark_key": _("Markierung entfernen"),
        "no_briefing": _("Sie begrüßen die erste Gruppe – noch keine früheren Ideen."),
        "ideas": _("Ideen"),
        "people": _("Personen"),
        "write_first": _("Bitte schreiben Sie Ihre Idee auf."),
        "too_long": _("Höchstens %(max)s Zeichen.") % {"max": MAX_IDEA_LENGTH},
        "refused": _("Die Idee wurde nicht angenommen. Bitte laden Sie die Seite neu."),
        "not_running": _("Ideen können Sie schreiben, sobald die Runde läuft."),
        "starts_soon": _("Die Runde beginnt gleich – dann können Sie Ihre Idee senden."),
        "round_over": _("Die Runde ist beendet. In der nächsten Runde können Sie wieder Ideen senden."),
        "cafe_over": _("Das Café ist zu Ende – danke für Ihre Ideen!"),
        "no_dots_left": _("Alle Punkte sind verteilt. Nehmen Sie einen Punkt weg, um ihn woanders zu setzen."),
        "max_per_option": _("Höchstens %(max)s Punkte auf ein Cluster."),
        "vote_title": _("Punktabstimmung"),
        "dots_left": _("Noch frei: %(left)s von %(total)s Punkten"),
        "add_dot": _("Punkt setzen"),
        "remove_dot": _("Punkt wegnehmen"),
        "vote_closed": _("Die Abstimmung ist geschlossen. Danke!"),
        "vote_saving": _("wird gespeichert …"),
        "results": _("Ergebnis der Abstimmung"),
        "voters": _("abgestimmt"),
        "dot": _("Punkt"),
        "dots": _("Punkte"),
        "themes_briefing": _("Themen bisher"),
        "more": _("weitere"),
        "show_ideas": _("Ideen dazu"),
        "you_host": _("Sie sind Gastgeber*in an Tisch %(number)s · %(topic)s: Sie bleiben hier, die Gruppen wechseln."),
        "new_idea": _("Neue Idee"),
        "five_minutes_left": _("Noch 5 Minuten in dieser Runde."),
        "one_minute_left": _("Noch 1 Minute in dieser Runde."),
        "time_up": _("Die Zeit dieser Runde ist um."),
        "page": _("Seite"),
        "edit_themes": _("Themen ansehen und bearbeiten"),
    }


def _config(request: HttpRequest, kind: str, token: str) -> dict:
    return {
        "kind": kind,
        "socket": f"/ws/cafe/{kind}/{token}/",
        "state_url": reverse("live:state", kwargs={"kind": kind, "token": token}),
        "post_url": reverse("live:post_idea", kwargs={"kind": kind, "token": token}) if kind != "w" else "",
        "insight_url": reverse("live:key_insight", kwargs={"token": token}) if kind == "p" else "",
        "dots_url": reverse("live:dots", kwargs={"token": token}) if kind == "p" else "",
        "harvest_url": reverse("live:harvest", kwargs={"token": token}) if kind == "p" else "",
        "outbox_key": f"weltcafe-outbox-{kind}-{token[:12]}",
        "limits": {"idea": MAX_IDEA_LENGTH},
        # The states the screen compares against, from the enums (live.js has no literals of its own).
        "states": {"round": state_names(RoundStatus), "ballot": state_names(Ballot.Status)},
    }


@never_cache
@require_GET
@personal_link_view(page=True)  # binds the phone to a personal link; a phone bound to someone else goes elsewhere
def live_page(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    viewer = resolve(kind, token, request=request)
    template = "live/wall.html" if viewer.kind == ViewerKind.WALL else "live/phone.html"
    context = {
        "viewer": viewer,
        "config": _config(request, kind, token),
        "event": viewer.cafe.event,
        "texts": live_texts(),
        "max_idea_length": MAX_IDEA_LENGTH,
    }
    response = render(request, template, context)
    if viewer.kind == ViewerKind.TABLE:
        remember_table_device(request, response)  # ideas from a table's link count per device
    response["X-Robots-Tag"] = "noindex"
    # The token is in the URL: never send it to other sites. "same-origin", not "no-referrer": with no referrer
    # Chrome posts forms with "Origin: null", which the CSRF check rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_GET
@personal_link_view(json=True)
def live_state(request: HttpRequest, kind: str, token: str) -> JsonResponse:
    """The same snapshot the socket sends on connect: catch-up after a reconnect, and the polling fallback."""
    return JsonResponse(snapshot.snapshot_for(resolve(kind, token, request=request)))


@require_POST
@personal_link_view(json=True)
def post_idea(request: HttpRequest, kind: str, token: str) -> JsonResponse:
    viewer = resolve(kind, token, request=request)
    if viewer.kind == ViewerKind.WALL:
        return json_error(_("Die Wand zeigt nur an."), 403)
    try:
        body = read_json_form(request, IdeaPostForm).cleaned_data
    except JsonBodyError as error:
        return json_error(error.message, 400)
    poster = services.Poster(
        cafe=viewer.cafe,
        participant=viewer.participant,
        table=viewer.table,
        device=table_device(request) if viewer.kind == ViewerKind.TABLE else "",
    )
    try:
        result = services.capture_idea(
            poster=poster,
            client_uuid=body["client_uuid"],
            text=body["text"],
            table_id=body["table"],
            round_id=body["round"],
            show_author=body["show_author"],
        )
    except services.RateLimitedError as error:
        return json_error(str(error.args[0]), 429)
    except PermissionDenied as error:
        return json_error(str(error.args[0]) if error.args else _("Nicht erlaubt."), 403)
    except ValidationError as error:
        return json_error(" ".join(error.messages), 400)
    return JsonResponse(idea_payload(result.idea), status=201 if result.created else 200)


@require_POST
@personal_link_view(json=True)
def key_insight(request: HttpRequest, token: str) -> JsonResponse:
    viewer = resolve("p", token, request=request)
    try:
        body = read_json_form(request, KeyInsightForm).cleaned_data
        services.mark_key_insight(cafe=viewer.cafe, idea_id=body["idea"], host=viewer.person, value=body["value"])
    except JsonBodyError as error:
        return json_error(error.message, 400)
    except PermissionDenied as error:
        return json_error(str(error.args[0]), 403)
    except ValidationError as error:
        return json_error(" ".join(error.messages), 400)
    return JsonResponse({"ok": True})
