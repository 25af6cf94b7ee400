"""The participant's networking pages under /live/p/<token>/netzwerk/…: no accounts; the device binding of the live
page decides whose phone it is (`networking.access.own_page`). Every page filters by consent through the queries.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from weltcafe.events.access import forget_device as drop_binding
from weltcafe.events.access import personal_link_view
from weltcafe.events.models import Participant
from weltcafe.networking.access import own_page
from weltcafe.networking.forms import NoteForm, ProfileForm
from weltcafe.networking.models import ContactState
from weltcafe.networking.queries.contacts import contact_states, contacts, incoming_requests, outgoing_requests
from weltcafe.networking.queries.history import history
from weltcafe.networking.queries.profiles import cafe_topics, is_visible, open_ids, profile_of
from weltcafe.networking.queries.who_to_meet import who_to_meet
from weltcafe.networking.services.profiles import save_profile, withdraw_visibility


def _language() -> str:
    return (get_language() or "de")[:2]


@require_GET
@own_page
def hub(request: HttpRequest, me: Participant) -> HttpResponse:
    profile = profile_of(me)
    is_open = profile.pk is not None and profile.open_for_contact
    meet = who_to_meet(me, language=_language())
    mine = contacts(me) if is_open else []
    status = contact_states(me)
    reachable = open_ids(me.event_id)
    context = {
        "me": me,
        "event": me.event,
        "profile": profile,
        "is_open": is_open,
        "ContactState": ContactState,
        "suggestions": [
            (item, status.get(item.participant.pk), item.participant.pk in reachable) for item in meet.suggestions
        ],
        "sat_with": [(person, status.get(person.pk), person.pk in reachable) for person in meet.sat_with],
        "incoming": incoming_requests(me),
        "outgoing": outgoing_requests(me),
        "contacts": [
            (contact, NoteForm(initial={"text": contact.note}, prefix=f"c{contact.other.pk}")) for contact in mine
        ],
    }
    return render(request, "networking/hub.html", context)


@require_http_methods(["GET", "POST"])
@own_page
def profile_page(request: HttpRequest, me: Participant) -> HttpResponse:
    profile = profile_of(me)
    topics = list(cafe_topics(me.event))
    form = ProfileForm(request.POST or None, topics=topics, initial=ProfileForm.initial_for(profile))
    if request.method == "POST" and form.is_valid():
        try:
            save_profile(participant=me, data=form.profile_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ihr Profil ist gespeichert."))
            return redirect("live:network", token=me.access_token)
    return render(request, "networking/profile.html", {"me": me, "event": me.event, "form": form})


@require_POST
@own_page
def withdraw(request: HttpRequest, me: Participant) -> HttpResponse:
    withdraw_visibility(participant=me)
    messages.success(request, _("Sie sind jetzt für niemanden mehr sichtbar."))
    return redirect("live:network", token=me.access_token)


@require_GET
@own_page
def meetings(request: HttpRequest, me: Participant) -> HttpResponse:
    context = {"me": me, "event": me.event, "history": history(me), "visible": is_visible(me)}
    return render(request, "networking/meetings.html", context)


@require_POST
@personal_link_view()
def forget_device(request: HttpRequest, token: str) -> HttpResponse:
    """ "Nicht Ihr Gerät?": drop the binding (as a private window would); the next personal link opened binds."""
    response = redirect("home")
    drop_binding(response)
    return response
